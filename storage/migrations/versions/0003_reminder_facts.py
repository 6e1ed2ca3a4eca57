"""Planned reminders carry the plan's facts; the handlers word them when shown or sent

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: custom reminders have none, and rows planned before keep their stored text
    # until they are next re-planned.
    with op.batch_alter_table("reminders") as batch:
        batch.add_column(sa.Column("facts", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reminders") as batch:
        batch.drop_column("facts")
