"""Queries of the CSV imports: which triad numbers are taken, and what became of a round's reminders."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Reminder, Triad


def triad_numbers_taken(session: Session, team_id: str, numbers: list[int]) -> bool:
    count = session.scalar(
        select(func.count()).select_from(Triad).where(Triad.team_id == team_id, Triad.number.in_(numbers))
    )
    return bool(count)


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
