"""What the operator's command line reads beside the reminders: each reminder's round time zone and
the names the database knows for Slack ids (a triad's channel, an authority's DCS or team member, a
coordinator). Slack's own display names are Slack's to tell; these need no token."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Authority, AuthorityMember, Coordinator, Reminder, Round, Triad

REMINDER_STATUSES = ("pending", "sending", "sent", "late", "failed", "cancelled", "skipped", "held")


def reminder_time_zones(session: Session, reminder_ids: Iterable[int]) -> dict[int, str]:
    """Reminder id -> the time zone of its triad's round (reminders of no triad are absent)."""
    ids = list(reminder_ids)
    zones: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(Reminder.id, Round.timezone)
            .join(Triad, Triad.id == Reminder.triad_id)
            .join(Round, Round.id == Triad.round_id)
            .where(Reminder.id.in_(ids[start : start + 500]))
        )
        zones.update({reminder_id: zone for reminder_id, zone in rows})
    return zones


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
