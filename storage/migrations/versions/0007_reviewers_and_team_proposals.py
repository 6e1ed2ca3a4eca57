"""The reviewer pool and the proposed visiting teams

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reviewers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("authority_id", sa.Integer(), nullable=False),
        sa.Column("seniority", sa.String(length=20), nullable=False),
        sa.Column("expertise", sa.JSON(), nullable=False),
        sa.Column("added_by", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["authority_id"], ["authorities.id"], name=op.f("fk_reviewers_authority_id_authorities"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviewers")),
        sa.UniqueConstraint("team_id", "user_id", name=op.f("uq_reviewers_team_id_user_id")),
    )
    op.create_table(
        "team_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("triad_id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("members", sa.JSON(), nullable=False),
        sa.Column("optimal", sa.Boolean(), nullable=False),
        sa.Column("objective", sa.Integer(), nullable=False),
        sa.Column("host_accepted_by", sa.String(length=32), nullable=True),
        sa.Column("visitor_accepted_by", sa.String(length=32), nullable=True),
        sa.Column("message_channel", sa.String(length=32), nullable=True),
        sa.Column("message_ts", sa.String(length=32), nullable=True),
        sa.Column("created_by", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["triad_id"], ["triads.id"], name=op.f("fk_team_proposals_triad_id_triads"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_team_proposals_round_id_rounds"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_proposals")),
    )
    op.create_index("ix_team_proposals_triad_status", "team_proposals", ["triad_id", "status"])


def downgrade() -> None:
    op.drop_index("ix_team_proposals_triad_status", table_name="team_proposals")
    op.drop_table("team_proposals")
    op.drop_table("reviewers")
