"""A record of every change of an authority's DCS (who, when, by which route)

Revision ID: 0013
Revises: 0012
"""
import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dcs_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("authority_id", sa.Integer(), nullable=False),
        sa.Column("former_dcs", sa.String(length=32), nullable=False),
        sa.Column("new_dcs", sa.String(length=32), nullable=False),
        sa.Column("changed_by", sa.String(length=32), nullable=False),
        sa.Column("via", sa.String(length=20), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["authority_id"], ["authorities.id"], name=op.f("fk_dcs_changes_authority_id_authorities"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dcs_changes")),
    )
    op.create_index("ix_dcs_changes_team_authority", "dcs_changes", ["team_id", "authority_id"])


def downgrade() -> None:
    op.drop_index("ix_dcs_changes_team_authority", table_name="dcs_changes")
    op.drop_table("dcs_changes")
