"""What a person's App Home reads besides their triads and actions. Every query stays inside one workspace."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from storage.models import Action, FocusLine, Reminder, Round, Triad


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


def round_zone_names(session: Session, team_id: str, triad_ids: Collection[int]) -> dict[int, str | None]:
    """Triad id -> its round's time zone name."""
    if not triad_ids:
        return {}
    rows = session.execute(
        select(Triad.id, Round.timezone)
        .join(Round, Triad.round_id == Round.id)
        .where(Triad.team_id == team_id, Triad.id.in_(list(triad_ids)))
    ).all()
    return {triad_id: tz for triad_id, tz in rows}


def triad_counts(session: Session, triad_ids: Collection[int]) -> dict[int, tuple[int, int]]:
    """(agreed lines of enquiry, open actions) of each triad, in two grouped statements."""
    ids = list(triad_ids)
    if not ids:
        return {}
    agreed = dict(
        session.execute(
            select(FocusLine.triad_id, func.count())
            .where(FocusLine.triad_id.in_(ids), FocusLine.status == "agreed")
            .group_by(FocusLine.triad_id)
        ).all()
    )
    open_actions = dict(
        session.execute(
            select(Action.triad_id, func.count())
            .where(Action.triad_id.in_(ids), Action.status == "open")
            .group_by(Action.triad_id)
        ).all()
    )
    return {i: (agreed.get(i, 0), open_actions.get(i, 0)) for i in ids}
