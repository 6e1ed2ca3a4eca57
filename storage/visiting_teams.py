"""The reviewer pool and the proposed visiting teams; each query takes the workspace."""

from __future__ import annotations

from collections import Counter
from typing import cast

from sqlalchemy import select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session, joinedload

from bot.rules.visiting_team import AcceptState, Candidate
from storage.models import Authority, Reviewer, TeamProposal


def reviewer_by_user(session: Session, team_id: str, user_id: str) -> Reviewer | None:
    return session.scalar(
        select(Reviewer)
        .where(Reviewer.team_id == team_id, Reviewer.user_id == user_id)
        .options(joinedload(Reviewer.authority))
    )


def reviewers(session: Session, team_id: str) -> list[Reviewer]:
    return list(
        session.scalars(
            select(Reviewer)
            .join(Reviewer.authority)
            .where(Reviewer.team_id == team_id)
            .order_by(Authority.name_key, Reviewer.id)
            .options(joinedload(Reviewer.authority))
        )
    )


def round_loads(session: Session, team_id: str, round_id: int) -> Counter[str]:
    """How many accepted teams of the round each person is on."""
    accepted = session.scalars(
        select(TeamProposal.members).where(
            TeamProposal.team_id == team_id, TeamProposal.round_id == round_id, TeamProposal.status == "accepted"
        )
    )
    return Counter(m["user_id"] for members in accepted for m in members)


def candidates(session: Session, team_id: str, round_id: int) -> list[Candidate]:
    loads = round_loads(session, team_id, round_id)
    return [
        Candidate(r.user_id, r.authority.name, r.seniority, tuple(r.expertise), loads[r.user_id])
        for r in reviewers(session, team_id)
    ]


def proposals_of(session: Session, triad_id: int, status: str) -> list[TeamProposal]:
    return list(
        session.scalars(
            select(TeamProposal)
            .where(TeamProposal.triad_id == triad_id, TeamProposal.status == status)
            .order_by(TeamProposal.id)
        )
    )


def proposal_by_id(
    session: Session, team_id: str, proposal_id: int, *, for_update: bool = False
) -> TeamProposal | None:
    query = select(TeamProposal).where(TeamProposal.team_id == team_id, TeamProposal.id == proposal_id)
    if for_update:  # the two DCSs accepting at the same moment must see each other's acceptance
        query = query.with_for_update().execution_options(populate_existing=True)
    return session.scalar(query)


def supersede(session: Session, proposal: TeamProposal) -> bool:
    """Mark one open proposal superseded unless someone did already (a double click of Suggest again)."""
    result = session.execute(
        update(TeamProposal)
        .where(TeamProposal.id == proposal.id, TeamProposal.status == "proposed")
        .values(status="superseded")
        .execution_options(synchronize_session=False)
    )
    session.refresh(proposal)
    return cast(CursorResult, result).rowcount > 0


def supersede_open(session: Session, triad_id: int) -> list[TeamProposal]:
    """Mark the triad's open proposals superseded; returns them (their messages are updated)."""
    open_ones = proposals_of(session, triad_id, "proposed")
    for proposal in open_ones:
        proposal.status = "superseded"
    return open_ones


def set_acceptance(session: Session, proposal: TeamProposal, seen: AcceptState, new: AcceptState) -> bool:
    """Move the proposal from ``seen`` to ``new`` unless it changed meanwhile (the check is in the UPDATE,
    so it holds on SQLite too); False means someone else's click landed first."""
    result = session.execute(
        update(TeamProposal)
        .where(
            TeamProposal.id == proposal.id,
            TeamProposal.status == seen.status,
            TeamProposal.host_accepted_by.is_(None)
            if seen.host_accepted_by is None
            else TeamProposal.host_accepted_by == seen.host_accepted_by,
            TeamProposal.visitor_accepted_by.is_(None)
            if seen.visitor_accepted_by is None
            else TeamProposal.visitor_accepted_by == seen.visitor_accepted_by,
        )
        .values(status=new.status, host_accepted_by=new.host_accepted_by, visitor_accepted_by=new.visitor_accepted_by)
        .execution_options(synchronize_session=False)
    )
    session.refresh(proposal)
    return cast(CursorResult, result).rowcount > 0
