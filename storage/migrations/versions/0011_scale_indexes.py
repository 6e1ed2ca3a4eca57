"""Indexes for national scale: an action's notes, a triad's actions, a person's open actions, a person's reminders

What EXPLAIN showed at 500,000 actions (benchmarks/national_scale.py, PostgreSQL): loading the notes
of a triad's actions read every note (no index on action_notes.action_id); a triad's actions and a
person's open actions were found by ANDing a bitmap of the whole workspace's actions; the Home's
pending reminders were filtered out of every reminder of the workspace.

Revision ID: 0011
Revises: 0010
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_action_notes_action_id", "action_notes", ["action_id"])
    op.create_index("ix_actions_team_triad_number", "actions", ["team_id", "triad_id", "number"])
    op.create_index("ix_actions_triad_status", "actions", ["triad_id", "status"])
    op.create_index("ix_actions_team_owner_status", "actions", ["team_id", "owner_user_id", "status"])
    op.create_index("ix_reminders_team_recipient_status_due", "reminders", ["team_id", "recipient", "status", "due_at"])


def downgrade() -> None:
    op.drop_index("ix_reminders_team_recipient_status_due", table_name="reminders")
    op.drop_index("ix_actions_team_owner_status", table_name="actions")
    op.drop_index("ix_actions_triad_status", table_name="actions")
    op.drop_index("ix_actions_team_triad_number", table_name="actions")
    op.drop_index("ix_action_notes_action_id", table_name="action_notes")
