"""Reading and writing reminder rows: the operator's listing, the triad's upcoming reminders,
custom reminders (`/peer remind`). Every query stays inside one workspace when given one."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Reminder, Triad

CUSTOM = "custom"
CUSTOM_PREFIX = "custom:"


def iso_z(value: datetime | None) -> str | None:
    """UTC, ISO 8601 with `Z`: "2018-11-26T09:00:00Z" (the stable JSON of `reminders list`)."""
    if value is None:
        return None
    return value.astimezone(timezone.utc).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def reminder_dict(reminder: Reminder, triad_number: int | None) -> dict:
    return {
        "id": reminder.id,
        "team_id": reminder.team_id,
        "triad": triad_number,
        "key": reminder.key,
        "kind": reminder.kind,
        "recipient": reminder.recipient,
        "due_at": iso_z(reminder.due_at),
        "status": reminder.status,
        "text": reminder.text,
        "sent_at": iso_z(reminder.sent_at),
        "error": reminder.error,
    }


def list_reminders(session: Session, team_id: str | None = None, status: str | None = None) -> list[dict]:
    """Every reminder of the plan, whatever its status, by due time: JSON-ready dicts."""
    query = select(Reminder, Triad.number).outerjoin(Triad, Triad.id == Reminder.triad_id)
    if team_id is not None:
        query = query.where(Reminder.team_id == team_id)
    if status is not None:
        query = query.where(Reminder.status == status)
    query = query.order_by(Reminder.due_at, Reminder.id)
    return [reminder_dict(reminder, number) for reminder, number in session.execute(query)]


def upcoming(session: Session, team_id: str, triad_ids: list[int] | tuple[int, ...], limit: int | None = None) -> list[Reminder]:
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
    tail = reminder.key[len(CUSTOM_PREFIX):]
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
