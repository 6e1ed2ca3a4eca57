"""Suggested triads: the stored proposal, and a second observer for a group of four

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "triad_suggestions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("proposal", sa.JSON(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("shown_before", sa.JSON(), nullable=False),
        sa.Column("message_channel", sa.String(length=32), nullable=True),
        sa.Column("message_ts", sa.String(length=32), nullable=True),
        sa.Column("created_by", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=32), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_triad_suggestions_round_id_rounds"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_triad_suggestions")),
    )
    op.create_index("ix_triad_suggestions_team_round", "triad_suggestions", ["team_id", "round_id"])
    with op.batch_alter_table("triads") as batch:
        batch.add_column(sa.Column("second_observer_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_triads_second_observer_id_authorities"), "authorities", ["second_observer_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("triads") as batch:
        batch.drop_constraint(op.f("fk_triads_second_observer_id_authorities"), type_="foreignkey")
        batch.drop_column("second_observer_id")
    op.drop_index("ix_triad_suggestions_team_round", table_name="triad_suggestions")
    op.drop_table("triad_suggestions")
