"""Use cases of a triad's reminders: set a custom one, cancel it, list what is coming.
No Slack here: results are facts, refusals are codes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.rules.custom_reminders import MAX_PENDING_CUSTOM, room_for_custom
from bot.rules.times import DEFAULT_ZONE_NAME, zone_of
from bot.services.access import Actor
from bot.services.errors import Refused
from storage import reminders as reminders_store
from storage import triads
from storage.models import Reminder, Triad


class ReminderRefusal(StrEnum):
    IN_THE_PAST = "reminder_in_the_past"  # facts: due_at, zone, tomorrow (the round's local date)
    NO_CHANNEL = "reminder_no_channel"  # facts: number
    NO_SUCH_REMINDER = "no_such_custom_reminder"  # facts: triad, number
    NOT_PENDING = "custom_reminder_not_pending"  # facts: number, status
    TOO_MANY = "too_many_custom_reminders"  # facts: triad, cap


@dataclass(frozen=True)
class ReminderSet:
    number: int
    due_at: datetime
    zone: ZoneInfo
    channel_id: str


def set_reminder(
    session: Session,
    who: Actor,
    triad: Triad,
    message: str,
    now: datetime,
    *,
    at: datetime | None = None,
    after: timedelta | None = None,
    fallback_zone: str = DEFAULT_ZONE_NAME,
) -> ReminderSet:
    """A custom reminder in the triad's channel, ``at`` a wall-clock time of the round's zone or ``after`` a while.

    ``message`` is what the channel will be sent, as the handler worded it.
    """
    zone = zone_of(triad.round.timezone, fallback_zone)
    if at is not None and after is None:
        due_at = at.replace(tzinfo=zone)
    elif after is not None and at is None:
        due_at = now + after
    else:
        raise ValueError("give exactly one of at= and after=")
    if due_at <= now:
        tomorrow: date = (now.astimezone(zone) + timedelta(days=1)).date()
        raise Refused(ReminderRefusal.IN_THE_PAST, due_at=due_at, zone=zone, tomorrow=tomorrow)
    if not triad.channel_id:
        raise Refused(ReminderRefusal.NO_CHANNEL, number=triad.number)
    triads.lock_triad(session, triad.id)  # two at once cannot both take the last place
    if not room_for_custom(reminders_store.pending_custom_count(session, who.team_id, triad.id)):
        raise Refused(ReminderRefusal.TOO_MANY, triad=triad.number, cap=MAX_PENDING_CUSTOM)
    reminder = reminders_store.add_custom_reminder(
        session,
        team_id=who.team_id,
        triad_id=triad.id,
        recipient=triad.channel_id,
        text=message,
        due_at=due_at,
        created_by=who.user_id,
    )
    number = reminders_store.custom_number(reminder)
    assert number is not None  # a custom reminder's key is "custom:N"
    return ReminderSet(number, due_at, zone, triad.channel_id)


@dataclass(frozen=True)
class Cancelled:
    number: int
    reminder: Reminder
    zone: ZoneInfo


def cancel_reminder(
    session: Session, who: Actor, triad: Triad, number: int, fallback_zone: str = DEFAULT_ZONE_NAME
) -> Cancelled:
    """Cancel custom reminder ``number`` if it is still waiting; planned reminders stop when their step is done."""
    reminder = reminders_store.custom_reminder(session, who.team_id, triad.id, number)
    if reminder is None:
        raise Refused(ReminderRefusal.NO_SUCH_REMINDER, triad=triad.number, number=number)
    if reminder.status != "pending":
        raise Refused(ReminderRefusal.NOT_PENDING, number=number, status=reminder.status)
    reminder.status = "cancelled"
    return Cancelled(number, reminder, zone_of(triad.round.timezone, fallback_zone))


@dataclass(frozen=True)
class Coming:
    triad_number: int
    zone: ZoneInfo
    reminders: list[tuple[Reminder, int | None]]  # pending, soonest first; a custom one with its number


def coming_reminders(session: Session, who: Actor, triad: Triad, fallback_zone: str = DEFAULT_ZONE_NAME) -> Coming:
    return Coming(
        triad.number,
        zone_of(triad.round.timezone, fallback_zone),
        [(r, reminders_store.custom_number(r)) for r in reminders_store.upcoming(session, who.team_id, [triad.id])],
    )
