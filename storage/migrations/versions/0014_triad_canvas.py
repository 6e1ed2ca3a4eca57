"""The triads' living record (issue 20): the canvas id per triad and whether it is behind the database,
the workspaces that cannot have channel canvases, and the documents posted with reminders.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op


revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "channel_canvases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("triad_id", sa.Integer(), nullable=True),
        sa.Column("round_id", sa.Integer(), nullable=True),
        sa.Column("channel_id", sa.String(length=32), nullable=True),
        sa.Column("canvas_id", sa.String(length=32), nullable=True),
        sa.Column("wanted", sa.Integer(), nullable=False),
        sa.Column("built", sa.Integer(), nullable=False),
        sa.Column("dirty_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claimed_by", sa.String(length=64), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.String(length=64), nullable=True),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["triad_id"], ["triads.id"], name=op.f("fk_channel_canvases_triad_id_triads"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_channel_canvases_round_id_rounds"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_channel_canvases")),
        sa.UniqueConstraint("triad_id", name=op.f("uq_channel_canvases_triad_id")),
        sa.UniqueConstraint("round_id", name=op.f("uq_channel_canvases_round_id")),
    )
    op.create_index("ix_channel_canvases_dirty", "channel_canvases", ["team_id", "built", "wanted"], unique=False)
    op.create_table(
        "canvas_unavailable",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("error", sa.String(length=64), nullable=False),
        sa.Column("told_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("team_id", name=op.f("pk_canvas_unavailable")),
    )
    op.create_table(
        "document_posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("reminder_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("file_id", sa.String(length=32), nullable=True),
        sa.Column("error", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["reminder_id"], ["reminders.id"], name=op.f("fk_document_posts_reminder_id_reminders"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_posts")),
        sa.UniqueConstraint("reminder_id", name=op.f("uq_document_posts_reminder_id")),
    )


def downgrade() -> None:
    op.drop_table("document_posts")
    op.drop_table("canvas_unavailable")
    op.drop_index("ix_channel_canvases_dirty", table_name="channel_canvases")
    op.drop_table("channel_canvases")
