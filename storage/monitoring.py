"""What an operator looks at (peerbot doctor, GET /metrics): the clock's passes, reminders by status, the Slack errors
recorded on reminders, reminders due and not sent.

These read across workspaces on purpose: they describe the installation, not one workspace."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from storage.models import ClockPass, Reminder


def record_clock_pass(session: Session, worker_id: str, finished_at: datetime, claimed: int, delivered: int) -> None:
    """Upsert this clock's last pass (an UPDATE, then an INSERT for a clock's first pass)."""
    values = {"finished_at": finished_at, "claimed": claimed, "delivered": delivered}
    result = session.execute(update(ClockPass).where(ClockPass.worker_id == worker_id).values(**values))
    if not result.rowcount:  # type: ignore[attr-defined]
        session.add(ClockPass(worker_id=worker_id, **values))


def last_clock_pass(session: Session) -> datetime | None:
    """When the latest pass of any clock finished; None when no clock ever ran."""
    return session.scalar(select(func.max(ClockPass.finished_at)))


def reminders_by_status(session: Session) -> dict[str, int]:
    rows = session.execute(select(Reminder.status, func.count()).group_by(Reminder.status)).all()
    return {status: count for status, count in rows}


def slack_errors_by_code(session: Session) -> dict[str, int]:
    """Failed reminders by the Slack error recorded on them (`not_in_channel`, `gave up after 5 attempts: …`
    counts under its last word)."""
    rows = session.execute(
        select(Reminder.error, func.count())
        .where(Reminder.status == "failed", Reminder.error.is_not(None))
        .group_by(Reminder.error)
    ).all()
    counts: dict[str, int] = {}
    for error, count in rows:
        code = error_code(error or "")
        counts[code] = counts.get(code, 0) + count
    return counts


def error_code(error: str) -> str:
    """`gave up after 5 attempts: channel_not_found` -> `channel_not_found`."""
    return error.rsplit(":", 1)[-1].strip().split()[0] if error.strip() else "unknown"


@dataclass(frozen=True)
class Overdue:
    count: int
    oldest_due_at: datetime | None


def due_and_not_sent(session: Session, *, due_before: datetime, claimed_before: datetime) -> Overdue:
    """Reminders pending though due before `due_before`, or claimed (`sending`) before `claimed_before`."""
    overdue = ((Reminder.status == "pending") & (Reminder.due_at < due_before)) | (
        (Reminder.status == "sending") & (Reminder.claimed_at < claimed_before)
    )
    count, oldest = session.execute(select(func.count(), func.min(Reminder.due_at)).where(overdue)).one()
    return Overdue(count, oldest)
