"""The documents that go with reminders: which sent reminders still need theirs, claimed once."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.canvas_models import DocumentPost
from storage.models import Reminder, Triad

# reminder kind -> the document posted with it
DOCUMENT_FOR = {"fieldwork_agenda": "presentation", "report_due": "report", "follow_up": "follow_up"}
CHASE_KEY = "follow_up:chase"  # the host's one nudge: the review was posted with the follow-up itself
RECENT = timedelta(days=2)  # a reminder sent longer ago than this (an old round) gets no document now


def reminders_needing_documents(session: Session, now: datetime, limit: int = 50) -> list[tuple[int, int, str]]:
    """(reminder id, triad id, reminder kind) of reminders sent lately whose document is not posted."""
    taken = select(DocumentPost.reminder_id)
    rows = session.execute(
        select(Reminder.id, Reminder.triad_id, Reminder.kind)
        .where(
            Reminder.kind.in_(DOCUMENT_FOR),
            Reminder.status.in_(("sent", "late")),
            Reminder.sent_at >= now - RECENT,
            Reminder.triad_id.is_not(None),
            Reminder.id.not_in(taken),
            Reminder.key.not_like(f"{CHASE_KEY}%"),
        )
        .order_by(Reminder.sent_at, Reminder.id)
        .limit(limit)
    ).all()
    return [(r.id, r.triad_id, r.kind) for r in rows]


def claim_document(session: Session, reminder_id: int, kind: str, status: str = "posting") -> bool:
    """Take the reminder's document (in its own transaction); False if another clock has it."""
    team_id = session.scalar(
        select(Triad.team_id).join(Reminder, Reminder.triad_id == Triad.id).where(Reminder.id == reminder_id)
    )
    try:
        with session.begin_nested():
            session.add(DocumentPost(team_id=team_id or "", reminder_id=reminder_id, kind=kind, status=status))
    except IntegrityError:
        return False
    return True


def record_document(session: Session, reminder_id: int, status: str, file_id: str | None, error: str | None) -> None:
    session.execute(
        update(DocumentPost)
        .where(DocumentPost.reminder_id == reminder_id)
        .values(status=status, file_id=file_id, error=(error or "")[:64] or None)
    )
