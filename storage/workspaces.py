"""The workspaces the app serves (Add to Slack): their status, holding / resuming their reminders, and the names the
database knows for Slack ids (for the operator's tables; these need no token)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, union, update
from sqlalchemy.orm import Session

from storage.models import Authority, AuthorityMember, Coordinator, Reminder, Triad, Workspace
from storage.reminder_claims import HELD, ReminderStatus


def known_names(session: Session, team_ids: Iterable[str]) -> dict[tuple[str, str], str]:
    """(team id, Slack id) -> what the database calls it: "#pc-2018-oxfordshire", "Oxfordshire DCS"."""
    teams = sorted(set(team_ids))
    names: dict[tuple[str, str], str] = {}
    if not teams:
        return names
    for team, user in session.execute(
        select(Coordinator.team_id, Coordinator.user_id).where(Coordinator.team_id.in_(teams))
    ):
        names[(team, user)] = "coordinator"
    members = select(Authority.team_id, AuthorityMember.user_id, Authority.name).join(
        AuthorityMember, AuthorityMember.authority_id == Authority.id
    )
    for team, user, authority in session.execute(members.where(Authority.team_id.in_(teams))):
        names[(team, user)] = f"{authority} team"
    for team, user, authority in session.execute(
        select(Authority.team_id, Authority.dcs_user_id, Authority.name).where(Authority.team_id.in_(teams))
    ):
        names[(team, user)] = f"{authority} DCS"
    channels = select(Triad.team_id, Triad.channel_id, Triad.channel_name).where(
        Triad.team_id.in_(teams), Triad.channel_id.is_not(None)
    )
    for team, channel, channel_name in session.execute(channels):
        names[(team, str(channel))] = f"#{channel_name}" if channel_name else "triad channel"
    return names


class WorkspaceStatus:
    INSTALLED = "installed"
    UNINSTALLED = "uninstalled"  # app_uninstalled
    REVOKED = "revoked"  # tokens_revoked, or Slack refused its token
    TOKEN = "token"  # no Add to Slack record: served with SLACK_BOT_TOKEN


@dataclass(frozen=True)
class WorkspaceRow:
    team_id: str
    name: str | None
    installed_at: datetime | None
    status: str
    triads: int
    pending: int
    held: int


def record_status(
    session: Session,
    team_id: str,
    status: str,
    now: datetime,
    *,
    name: str | None = None,
    installed_at: datetime | None = None,
) -> Workspace:
    """Create or update the workspace's row (name and installed_at only when given)."""
    row = session.get(Workspace, team_id, with_for_update=True)
    if row is None:
        row = Workspace(team_id=team_id, status=status, changed_at=now)
        session.add(row)
    elif row.status != status:
        row.status, row.changed_at = status, now
    if name is not None:
        row.name = name
    if installed_at is not None:
        row.installed_at = installed_at
    session.flush()
    return row


def workspace_status(session: Session, team_id: str) -> str | None:
    return session.scalar(select(Workspace.status).where(Workspace.team_id == team_id))


def hold_reminders(session: Session, team_id: str) -> int:
    """The workspace's pending reminders -> held; returns how many."""
    result = session.execute(
        update(Reminder)
        .where(Reminder.team_id == team_id, Reminder.status == ReminderStatus.PENDING)
        .values(status=HELD)
        .execution_options(synchronize_session=False)
    )
    return max(result.rowcount or 0, 0)  # type: ignore[attr-defined]


def resume_reminders(session: Session, team_id: str) -> int:
    """The workspace's held reminders -> pending (the clock marks those now overdue late); returns how many."""
    result = session.execute(
        update(Reminder)
        .where(Reminder.team_id == team_id, Reminder.status == HELD)
        .values(status=ReminderStatus.PENDING, error=None)
        .execution_options(synchronize_session=False)
    )
    return max(result.rowcount or 0, 0)  # type: ignore[attr-defined]


def workspace_overview(session: Session) -> list[WorkspaceRow]:
    """Every workspace known (installed through Add to Slack, or with data), by team id."""
    teams = union(
        select(Workspace.team_id.label("team_id")),
        select(Triad.team_id.label("team_id")),
        select(Reminder.team_id.label("team_id")),
    ).subquery()
    triads = dict(session.execute(select(Triad.team_id, func.count()).group_by(Triad.team_id)).all())
    counts: dict[tuple[str, str], int] = {
        (team, status): n
        for team, status, n in session.execute(
            select(Reminder.team_id, Reminder.status, func.count())
            .where(Reminder.status.in_((ReminderStatus.PENDING, HELD)))
            .group_by(Reminder.team_id, Reminder.status)
        )
    }
    rows = session.execute(
        select(teams.c.team_id, Workspace.name, Workspace.installed_at, Workspace.status)
        .outerjoin(Workspace, Workspace.team_id == teams.c.team_id)
        .order_by(teams.c.team_id)
    )
    return [
        WorkspaceRow(
            team_id=team,
            name=name,
            installed_at=installed_at,
            status=status or WorkspaceStatus.TOKEN,
            triads=triads.get(team, 0),
            pending=counts.get((team, ReminderStatus.PENDING), 0),
            held=counts.get((team, HELD), 0),
        )
        for team, name, installed_at, status in rows
    ]
