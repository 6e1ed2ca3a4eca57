"""One host per round, held by the database: two identical `/peer triad new` at the same moment
could otherwise both pass the check and record two triads for one host.

Revision ID: 0015
Revises: 0014
"""

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("triads") as batch:
        batch.create_unique_constraint(op.f("uq_triads_round_id_host_id"), ["round_id", "host_id"])


def downgrade() -> None:
    with op.batch_alter_table("triads") as batch:
        batch.drop_constraint(op.f("uq_triads_round_id_host_id"), type_="unique")
