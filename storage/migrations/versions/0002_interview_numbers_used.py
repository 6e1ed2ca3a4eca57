"""Remember the highest interview number given, so removed numbers are not reused

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("triads") as batch:
        batch.add_column(sa.Column("interview_numbers_used", sa.Integer(), nullable=False, server_default="0"))
    # Existing triads start from the highest number they have now.
    op.execute(
        "UPDATE triads SET interview_numbers_used = "
        "COALESCE((SELECT MAX(number) FROM interviews WHERE interviews.triad_id = triads.id), 0)"
    )


def downgrade() -> None:
    with op.batch_alter_table("triads") as batch:
        batch.drop_column("interview_numbers_used")
