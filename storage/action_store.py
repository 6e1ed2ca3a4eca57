"""Queries for a triad's actions and their progress notes. Every function stays inside one workspace."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from storage.models import Action, Round, Triad


def triad_actions(session: Session, team_id: str, triad_id: int) -> list[Action]:
    """The triad's actions by number, each with its notes (oldest first)."""
    return list(
        session.scalars(
            select(Action)
            .where(Action.team_id == team_id, Action.triad_id == triad_id)
            .order_by(Action.number)
            .options(selectinload(Action.notes))
        )
    )


def triad_action(session: Session, team_id: str, triad_id: int, number: int) -> Action | None:
    return session.scalar(
        select(Action)
        .where(Action.team_id == team_id, Action.triad_id == triad_id, Action.number == number)
        .options(selectinload(Action.notes))
    )


def open_actions_owned_by(session: Session, team_id: str, user_id: str) -> list[tuple[Action, int, str | None]]:
    """(action, triad number, round's time zone) of every open action the person owns, soonest due first."""
    rows = session.execute(
        select(Action, Triad.number, Round.timezone)
        .join(Triad, Action.triad_id == Triad.id)
        .join(Round, Triad.round_id == Round.id)
        .where(
            Action.team_id == team_id,
            Triad.team_id == team_id,
            Action.owner_user_id == user_id,
            Action.status == "open",
        )
        .order_by(Action.due_date.is_(None), Action.due_date, Triad.number, Action.number)
        .options(selectinload(Action.notes))
    ).all()
    return [(action, number, tz) for action, number, tz in rows]
