"""The stored suggestions of triads."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import or_, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session, joinedload

from bot.rules.times import utcnow
from bot.rules.triad_suggestion import Group
from storage.models import Triad, TriadSuggestion


def groups_of_round(session: Session, team_id: str, round_id: int) -> list[Group]:
    """The round's triads as the model's groups, by authority name."""
    triads = session.scalars(
        select(Triad)
        .where(Triad.team_id == team_id, Triad.round_id == round_id)
        .options(
            joinedload(Triad.host), joinedload(Triad.visitor), joinedload(Triad.observer),
            joinedload(Triad.second_observer),
        )
        .order_by(Triad.number)
    ).all()  # fmt: skip
    return [
        Group(
            t.host.name,
            t.visitor.name,
            (t.observer.name, *([t.second_observer.name] if t.second_observer else [])),
        )
        for t in triads
    ]


def suggestion(session: Session, team_id: str, suggestion_id: int) -> TriadSuggestion | None:
    row = session.get(TriadSuggestion, suggestion_id)
    return row if row is not None and row.team_id == team_id else None


def supersede_open(session: Session, team_id: str, round_id: int, decided_by: str) -> None:
    """Earlier open proposals for the round are superseded by a new one."""
    session.execute(
        update(TriadSuggestion)
        .where(
            TriadSuggestion.team_id == team_id,
            TriadSuggestion.round_id == round_id,
            TriadSuggestion.status == "proposed",
        )
        .values(status="superseded", decided_by=decided_by, decided_at=utcnow())
    )


def _set(session: Session, team_id: str, suggestion_id: int, *where, **values) -> bool:
    """Compare-and-set on one proposal: True only for the one request that changed it."""
    result = session.execute(
        update(TriadSuggestion)
        .where(TriadSuggestion.id == suggestion_id, TriadSuggestion.team_id == team_id, *where)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return cast(CursorResult, result).rowcount == 1


def _unclaimed(stale_before: datetime):
    return or_(TriadSuggestion.decided_at.is_(None), TriadSuggestion.decided_at < stale_before)


def move_status(
    session: Session, team_id: str, suggestion_id: int, old: str, new: str, by: str, at: datetime | None = None
) -> bool:
    """Compare-and-set on the proposal's status: True only for the one request that moved it."""
    return _set(
        session, team_id, suggestion_id, TriadSuggestion.status == old, status=new, decided_by=by,
        decided_at=at or utcnow(),
    )  # fmt: skip


# A proposal being accepted is "accepting"; ``decided_at`` is the claim's lease, renewed as each triad is
# formed and cleared (None) when forming stops on an error, so that Accept again or the clock takes over.
ACCEPTING = TriadSuggestion.status == "accepting"


def reclaim_accepting(
    session: Session, team_id: str, suggestion_id: int, by: str, now: datetime, stale_before: datetime
) -> bool:
    """Compare-and-set: take over an "accepting" proposal whose claim was released or has lapsed."""
    return _set(session, team_id, suggestion_id, ACCEPTING, _unclaimed(stale_before), decided_by=by, decided_at=now)


def set_accepting_lease(session: Session, team_id: str, suggestion_id: int, at: datetime | None) -> None:
    """Renew the claim (``at``: now) or release it (None) — only while the proposal is still "accepting"."""
    _set(session, team_id, suggestion_id, ACCEPTING, decided_at=at)


def stalled_accepting(session: Session, stale_before: datetime) -> list[tuple[str, int, str | None]]:
    """Every workspace's proposals left "accepting" with no live claim: (team_id, id, who accepted)."""
    rows = session.execute(
        select(TriadSuggestion.team_id, TriadSuggestion.id, TriadSuggestion.decided_by)
        .where(ACCEPTING, _unclaimed(stale_before))
        .order_by(TriadSuggestion.id)
    )
    return [(team_id, id_, by) for team_id, id_, by in rows]
