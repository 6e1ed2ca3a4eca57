"""The fieldwork visit's interviews. Every function stays inside one workspace."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from bot.rules.fieldwork import Interview as InterviewSlot
from storage.models import Interview, Triad
from storage.models import Interview as InterviewRow


def to_interview(row: InterviewRow, triad_number: int | None) -> InterviewSlot:
    """A stored row as the domain's ``Interview`` (interviewers as a tuple of user ids)."""
    return InterviewSlot(
        number=row.number,
        day=row.day,
        start=row.start_time,
        end=row.end_time,
        stakeholder=row.stakeholder,
        role=row.role,
        place=row.place,
        interviewers=tuple(row.interviewers or ()),
        triad_number=triad_number,
    )


def triad_interview_rows(session: Session, triad_id: int) -> list[Interview]:
    """The triad's interviews in time order (then by number)."""
    return list(
        session.scalars(
            select(Interview)
            .where(Interview.triad_id == triad_id)
            .order_by(Interview.day, Interview.start_time, Interview.end_time, Interview.number)
        )
    )


def triad_interviews(session: Session, triad: Triad) -> list[InterviewSlot]:
    return [to_interview(row, triad.number) for row in triad_interview_rows(session, triad.id)]


def interviews_on_day(session: Session, team_id: str, day: date, *, for_booking: bool = False) -> list[InterviewSlot]:
    """Every triad's interviews on ``day`` in the workspace, for clash checks across triads.

    ``for_booking`` first takes a transaction-long lock on (workspace, day) on PostgreSQL, so two
    bookings of one interviewer at the same moment are checked one after the other. (SQLite lets
    one writer through at a time; the second booking's write then fails and nothing is saved.)
    """
    if for_booking and session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(hashtext(:key))"),
            {"key": f"peerbot-interviews:{team_id}:{day.isoformat()}"},
        )
    rows = session.execute(
        select(Interview, Triad.number)
        .join(Triad, Triad.id == Interview.triad_id)
        .where(Interview.team_id == team_id, Triad.team_id == team_id, Interview.day == day)
        .order_by(Interview.start_time, Triad.number, Interview.number)
    ).all()
    return [to_interview(row, number) for row, number in rows]


def interview_row(session: Session, triad_id: int, number: int) -> Interview | None:
    return session.scalar(select(Interview).where(Interview.triad_id == triad_id, Interview.number == number))


def next_interview_number(session: Session, triad: Triad) -> int:
    """One more than the highest number ever given: kept interviews keep theirs, removed ones are not reused."""
    current = session.scalar(select(func.max(Interview.number)).where(Interview.triad_id == triad.id))
    triad.interview_numbers_used = max(triad.interview_numbers_used or 0, current or 0) + 1
    return triad.interview_numbers_used
