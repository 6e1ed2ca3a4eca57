"""A triad's actions and their progress notes. Every function stays inside one workspace."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from storage.models import Action, Round, Triad


def triad_actions(session: Session, team_id: str, triad_id: int, limit: int | None = None) -> list[Action]:
    """The triad's actions by number (the first `limit` of them), each with its notes (oldest first)."""
    query = (
        select(Action)
        .where(Action.team_id == team_id, Action.triad_id == triad_id)
        .order_by(Action.number)
        .options(selectinload(Action.notes))
    )
    return list(session.scalars(query if limit is None else query.limit(limit)))


def action_counts(session: Session, team_id: str, triad_id: int) -> tuple[int, int]:
    """(open actions, all actions) of the triad, in one statement."""
    row = session.execute(
        select(func.count().filter(Action.status == "open"), func.count()).where(
            Action.team_id == team_id, Action.triad_id == triad_id
        )
    ).one()
    return row[0], row[1]


def triad_action(session: Session, team_id: str, triad_id: int, number: int) -> Action | None:
    return session.scalar(
        select(Action)
        .where(Action.team_id == team_id, Action.triad_id == triad_id, Action.number == number)
        .options(selectinload(Action.notes))
    )


def _owned_open(team_id: str, user_id: str):
    return (
        select(Action)
        .join(Triad, Action.triad_id == Triad.id)
        .where(
            Action.team_id == team_id,
            Triad.team_id == team_id,
            Action.owner_user_id == user_id,
            Action.status == "open",
        )
    )


def open_actions_owned_by(
    session: Session, team_id: str, user_id: str, limit: int | None = None
) -> list[tuple[Action, int, str | None]]:
    """(action, triad number, round's time zone) of the open actions the person owns (the first `limit`),
    soonest due first."""
    query = (
        _owned_open(team_id, user_id)
        .add_columns(Triad.number, Round.timezone)
        .join(Round, Triad.round_id == Round.id)
        .order_by(Action.due_date.is_(None), Action.due_date, Triad.number, Action.number)
        .options(selectinload(Action.notes))
    )
    rows = session.execute(query if limit is None else query.limit(limit)).all()
    return [(action, number, tz) for action, number, tz in rows]


def count_open_actions_owned_by(session: Session, team_id: str, user_id: str) -> int:
    return session.scalar(_owned_open(team_id, user_id).with_only_columns(func.count())) or 0
