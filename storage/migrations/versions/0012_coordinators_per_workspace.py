"""Coordinators belong to one workspace: every stored coordinator names the workspace it coordinates

What this carries over. The `coordinators` table has had a NOT NULL `team_id` since 0001, and
`/peer coordinator add` has always written the workspace the command was typed in, so the rows a
running app wrote already belong to their team and stay exactly as they are (they now count in that
workspace only: bot.rules.coordinators). A row whose `team_id` is blank (written by hand or by a
tool, never by the app) is given the workspace it was added in as far as the database can tell: the
one workspace it knows (from `workspaces`, the rounds, the authorities and the other coordinators),
when there is exactly one. Such a row that repeats a coordinator already stored for that workspace
is dropped; with several workspaces (or none) a blank row is left as it is and names nobody.

Coordinators named by PEER_COORDINATORS were never stored; their entries now name their team
(`T0123:U0456`), and a bare ID counts only when the app serves one workspace (README).

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_KNOWN_TEAMS = sa.text(
    "SELECT team_id FROM workspaces UNION SELECT team_id FROM rounds UNION SELECT team_id FROM authorities "
    "UNION SELECT team_id FROM coordinators"
)


def upgrade() -> None:
    connection = op.get_bind()
    blank = connection.execute(
        sa.text("SELECT id, user_id FROM coordinators WHERE TRIM(team_id) = ''")
    ).fetchall()
    if not blank:
        return
    teams = {t for (t,) in connection.execute(_KNOWN_TEAMS) if t and t.strip()}
    if len(teams) != 1:
        return
    (team,) = teams
    for row_id, user_id in blank:
        taken = connection.execute(
            sa.text("SELECT 1 FROM coordinators WHERE team_id = :team AND user_id = :user"),
            {"team": team, "user": user_id},
        ).first()
        if taken:
            connection.execute(sa.text("DELETE FROM coordinators WHERE id = :id"), {"id": row_id})
        else:
            connection.execute(sa.text("UPDATE coordinators SET team_id = :team WHERE id = :id"), {"team": team, "id": row_id})


def downgrade() -> None:
    # The rows keep their team: 0011's schema is the same, and a row that names its workspace is valid there.
    pass
