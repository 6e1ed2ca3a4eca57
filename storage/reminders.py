"""Reading and writing reminder rows: the operator's listing (with each reminder's round time zone), a triad's planned
reminders (for re-planning), a person's and a round's reminders, custom reminders (`/peer remind`). Every query
stays inside one workspace when given one.

Claiming due reminders for the clock is reminder_claims.py."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime, timezone

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from bot.rules.reminder_facts import REMINDER_FACTS
from bot.rules.reminder_reconciliation import ExistingReminder
from storage.models import Action, Reminder, Round, Triad


def existing_reminder(row: Reminder) -> ExistingReminder:
    return ExistingReminder(
        id=row.id,
        key=row.key,
        kind=row.kind,
        recipient=row.recipient,
        due_at=row.due_at,
        status=row.status,
        facts=REMINDER_FACTS.validate_python(row.facts) if row.facts else None,
    )


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


def pending_reminders_for(
    session: Session, team_id: str, user_id: str, triad_ids: Collection[int], channels: Collection[str], limit: int
) -> list[Reminder]:
    """The soonest pending reminders to the person, or to the channels of these triads."""
    return list(
        session.scalars(
            select(Reminder)
            .where(
                Reminder.team_id == team_id,
                Reminder.status == "pending",
                or_(
                    Reminder.recipient == user_id,
                    and_(Reminder.triad_id.in_(list(triad_ids)), Reminder.recipient.in_(list(channels))),
                ),
            )
            .order_by(Reminder.due_at, Reminder.id)
            .limit(limit)
        )
    )


def reminder_counts(session: Session, team_id: str, round_id: int) -> tuple[int, int]:
    """(pending, skipped) reminders of the round's triads."""
    rows = session.execute(
        select(Reminder.status, func.count())
        .join(Triad, Triad.id == Reminder.triad_id)
        .where(Reminder.team_id == team_id, Triad.round_id == round_id, Reminder.status.in_(("pending", "skipped")))
        .group_by(Reminder.status)
    ).all()
    counts = {status: count for status, count in rows}
    return counts.get("pending", 0), counts.get("skipped", 0)


CUSTOM = "custom"
CUSTOM_PREFIX = "custom:"


def iso_z(value: datetime | None) -> str | None:
    """UTC, ISO 8601 with `Z`: "2018-11-26T09:00:00Z" (the stable JSON of `reminders list`)."""
    if value is None:
        return None
    return value.astimezone(timezone.utc).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def list_reminders(
    session: Session, team_id: str | None = None, status: str | None = None
) -> list[tuple[Reminder, int | None]]:
    """Every reminder of the plan, whatever its status, by due time, each with its triad's number."""
    query = select(Reminder, Triad.number).outerjoin(Triad, Triad.id == Reminder.triad_id)
    if team_id is not None:
        query = query.where(Reminder.team_id == team_id)
    if status is not None:
        query = query.where(Reminder.status == status)
    query = query.order_by(Reminder.due_at, Reminder.id)
    return [(reminder, number) for reminder, number in session.execute(query)]


def planned_reminders(session: Session, team_id: str, triad_id: int) -> list[Reminder]:
    """The triad's planned (not custom) reminders, every status, locked for re-planning.

    Locked, and re-read once locked, so a row the clock claims meanwhile (PostgreSQL) is seen
    as `sending` and left alone rather than overwritten as cancelled."""
    return list(
        session.scalars(
            select(Reminder)
            .where(Reminder.team_id == team_id, Reminder.triad_id == triad_id, Reminder.kind != CUSTOM)
            .order_by(Reminder.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    )


def triad_actions(session: Session, triad_id: int) -> list[Action]:
    """The triad's actions by number (the plan reminds of them; the follow-up lists them)."""
    return list(session.scalars(select(Action).where(Action.triad_id == triad_id).order_by(Action.number)))


def round_planned_reminders(session: Session, team_id: str, key_prefix: str) -> list[Reminder]:
    """The round-level planned reminders (no triad; keys starting ``key_prefix``), locked for re-planning."""
    return list(
        session.scalars(
            select(Reminder)
            .where(
                Reminder.team_id == team_id,
                Reminder.triad_id.is_(None),
                Reminder.kind != CUSTOM,
                Reminder.key.startswith(key_prefix, autoescape=True),
            )
            .order_by(Reminder.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    )


def reminder_triad(session: Session, reminder: Reminder) -> Triad | None:
    """The triad a reminder belongs to, in its own workspace; None for a reminder of none."""
    if reminder.triad_id is None:
        return None
    triad = session.get(Triad, reminder.triad_id)
    return triad if triad is not None and triad.team_id == reminder.team_id else None


def upcoming(
    session: Session, team_id: str, triad_ids: list[int] | tuple[int, ...], limit: int | None = None
) -> list[Reminder]:
    """Pending reminders of these triads, soonest first."""
    if not triad_ids:
        return []
    query = (
        select(Reminder)
        .where(Reminder.team_id == team_id, Reminder.triad_id.in_(list(triad_ids)), Reminder.status == "pending")
        .order_by(Reminder.due_at, Reminder.id)
    )
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def custom_number(reminder: Reminder) -> int | None:
    """N of a custom reminder (key "custom:N"), as `/peer reminders cancel N` names it."""
    if reminder.kind != CUSTOM or not reminder.key.startswith(CUSTOM_PREFIX):
        return None
    tail = reminder.key[len(CUSTOM_PREFIX) :]
    return int(tail) if tail.isdigit() else None


def custom_reminders(session: Session, team_id: str, triad_id: int) -> list[Reminder]:
    return list(
        session.scalars(
            select(Reminder)
            .where(Reminder.team_id == team_id, Reminder.triad_id == triad_id, Reminder.kind == CUSTOM)
            .order_by(Reminder.id)
        )
    )


def custom_reminder(session: Session, team_id: str, triad_id: int, number: int) -> Reminder | None:
    return session.scalar(
        select(Reminder).where(
            Reminder.team_id == team_id,
            Reminder.triad_id == triad_id,
            Reminder.kind == CUSTOM,
            Reminder.key == f"{CUSTOM_PREFIX}{number}",
        )
    )


def pending_custom_count(session: Session, team_id: str, triad_id: int) -> int:
    """Custom reminders of the triad still waiting to be sent (pending, or held with their workspace)."""
    return (
        session.scalar(
            select(func.count())
            .select_from(Reminder)
            .where(
                Reminder.team_id == team_id,
                Reminder.triad_id == triad_id,
                Reminder.kind == CUSTOM,
                Reminder.status.in_(("pending", "held")),
            )
        )
        or 0
    )


def next_custom_number(session: Session, team_id: str, triad_id: int) -> int:
    """Numbers are never reused, so "cancel 2" can't hit a newer reminder."""
    numbers = [n for r in custom_reminders(session, team_id, triad_id) if (n := custom_number(r)) is not None]
    return max(numbers, default=0) + 1


def add_custom_reminder(
    session: Session, *, team_id: str, triad_id: int, recipient: str, text: str, due_at: datetime, created_by: str
) -> Reminder:
    number = next_custom_number(session, team_id, triad_id)
    reminder = Reminder(
        team_id=team_id,
        triad_id=triad_id,
        key=f"{CUSTOM_PREFIX}{number}",
        kind=CUSTOM,
        recipient=recipient,
        text=text,
        due_at=due_at,
        status="pending",
        created_by=created_by,
    )
    session.add(reminder)
    session.flush()
    return reminder


def sent_follow_ups(session: Session, team_id: str, triad_id: int) -> list[Reminder]:
    """Follow-up messages already posted (with the ts the clock recorded), to update after an answer."""
    return list(
        session.scalars(
            select(Reminder)
            .where(
                Reminder.team_id == team_id,
                Reminder.triad_id == triad_id,
                Reminder.kind == "follow_up",
                Reminder.status.in_(("sent", "late")),
                Reminder.message_ts.is_not(None),
            )
            .order_by(Reminder.id)
        )
    )
