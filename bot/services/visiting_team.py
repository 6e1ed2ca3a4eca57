"""Use cases of the visiting team: keep the reviewer pool, suggest a team, accept it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy.orm import Session

from bot.rules import visiting_team as rules
from bot.rules.refusals import Refused
from bot.rules.visiting_team import MAX_TEAMS_PER_ROUND, AcceptState
from bot.services.access import Actor, require_coordinator, triad_by_id
from storage import authorities, focus, rounds, triads, visiting_teams
from storage.models import Reviewer, TeamProposal, Triad

POOL_TASK = "keep_reviewer_pool"


class PoolRefusal(StrEnum):
    UNKNOWN_AUTHORITY = "reviewer_unknown_authority"  # facts: name, known (names)
    NOT_IN_POOL = "reviewer_not_in_pool"  # facts: user


class ProposalRefusal(StrEnum):
    ALREADY_HAS_TEAM = "team_already_accepted_for_triad"  # facts: members (user ids)
    GONE = "team_proposal_gone"
    STALE = "team_proposal_stale"  # facts: user, why ("removed" | "overloaded"), cap


@dataclass(frozen=True)
class PoolEntry:
    user_id: str
    authority: str
    seniority: str
    expertise: tuple[str, ...]
    load: int  # accepted teams in the latest round


@dataclass(frozen=True)
class Added:
    entry: PoolEntry
    updated: bool  # they were in the pool already; their details are replaced


def add_reviewer(
    session: Session, who: Actor, user_id: str, authority_name: str, seniority: str, expertise: str
) -> Added:
    require_coordinator(who, POOL_TASK)
    level = rules.parse_seniority(seniority)
    terms = rules.parse_expertise(expertise)
    authority = authorities.authority_by_name(session, who.team_id, authority_name)
    if authority is None:
        known = [a.name for a in authorities.authorities(session, who.team_id)]
        raise Refused(PoolRefusal.UNKNOWN_AUTHORITY, name=authority_name, known=known)
    row = visiting_teams.reviewer_by_user(session, who.team_id, user_id)
    updated = row is not None
    if row is None:
        row = Reviewer(team_id=who.team_id, user_id=user_id, added_by=who.user_id)
        session.add(row)
    row.authority_id, row.authority, row.seniority, row.expertise = authority.id, authority, level, list(terms)
    session.flush()
    return Added(PoolEntry(user_id, authority.name, level, terms, 0), updated)


def authority_names(session: Session, who: Actor) -> list[str]:
    return [a.name for a in authorities.authorities(session, who.team_id)]


def pool(session: Session, who: Actor) -> list[PoolEntry]:
    require_coordinator(who, POOL_TASK)
    latest = rounds.latest_round(session, who.team_id)
    loads = visiting_teams.round_loads(session, who.team_id, latest.id) if latest else {}
    return [
        PoolEntry(r.user_id, r.authority.name, r.seniority, tuple(r.expertise), loads.get(r.user_id, 0))
        for r in visiting_teams.reviewers(session, who.team_id)
    ]


def remove_reviewer(session: Session, who: Actor, user_id: str) -> PoolEntry:
    require_coordinator(who, POOL_TASK)
    row = visiting_teams.reviewer_by_user(session, who.team_id, user_id)
    if row is None:
        raise Refused(PoolRefusal.NOT_IN_POOL, user=user_id)
    entry = PoolEntry(user_id, row.authority.name, row.seniority, tuple(row.expertise), 0)
    session.delete(row)
    return entry


@dataclass(frozen=True)
class MessageRef:
    proposal_id: int
    channel: str | None
    ts: str | None


@dataclass(frozen=True)
class Suggested:
    proposal_id: int
    triad_number: int
    channel_id: str | None
    team: rules.Team
    lines: tuple[str, ...]
    host_dcs: str
    visitor_dcs: str
    replaced: tuple[MessageRef, ...]  # earlier suggestions this one supersedes


def _request(triad: Triad, session: Session) -> rules.TeamRequest:
    lines = tuple(line.text for line in focus.agreed_lines(session, triad.id))
    return rules.TeamRequest(triad.host.name, triad.host.dcs_user_id, triad.visitor.dcs_user_id, lines)


def suggest(session: Session, who: Actor, triad: Triad, replacing: tuple[TeamProposal, ...] = ()) -> Suggested:
    """Solve for the triad's visiting team and store it as the open proposal (an earlier open one is superseded).

    Refused(TeamRefusal.INFEASIBLE) says which constraint cannot hold; nothing is written then.
    """
    triads.lock_triad(session, triad.id)
    if accepted := visiting_teams.proposals_of(session, triad.id, "accepted"):
        raise Refused(ProposalRefusal.ALREADY_HAS_TEAM, members=accepted[-1].member_ids)
    request = _request(triad, session)
    previous = [*replacing, *visiting_teams.proposals_of(session, triad.id, "proposed")]
    again = frozenset(u for p in previous for u in p.member_ids)
    team = rules.suggest_team(request, visiting_teams.candidates(session, who.team_id, triad.round_id), again=again)
    visiting_teams.supersede_open(session, triad.id)
    replaced = tuple(MessageRef(p.id, p.message_channel, p.message_ts) for p in previous)
    proposal = TeamProposal(
        team_id=who.team_id,
        triad_id=triad.id,
        round_id=triad.round_id,
        status="proposed",
        members=team.stored_members(),
        optimal=team.optimal,
        objective=team.objective,
        created_by=who.user_id,
    )
    session.add(proposal)
    session.flush()
    return Suggested(
        proposal.id,
        triad.number,
        triad.channel_id,
        team,
        request.lines,
        request.host_dcs,
        request.visiting_dcs,
        replaced,
    )


def suggest_again(session: Session, who: Actor, proposal_id: int) -> Suggested:
    """The "Suggest again" button of a proposal: its triad, checked as for the command."""
    proposal = visiting_teams.proposal_by_id(session, who.team_id, proposal_id)
    if proposal is None:
        raise Refused(ProposalRefusal.GONE)
    triad = triad_by_id(session, who, proposal.triad_id)
    triads.lock_triad(session, triad.id)  # the triad before its proposals, as `suggest` takes them
    if not visiting_teams.supersede(session, proposal):  # checked in the UPDATE: a double click replaces it once
        if proposal.status == "accepted":
            raise Refused(ProposalRefusal.ALREADY_HAS_TEAM, members=proposal.member_ids)
        raise Refused(rules.AcceptRefusal.SUPERSEDED)
    return suggest(session, who, triad, replacing=(proposal,))


def record_message(session: Session, proposal_id: int, channel: str, ts: str) -> None:
    proposal = session.get(TeamProposal, proposal_id)
    if proposal is not None:
        proposal.message_channel, proposal.message_ts = channel, ts


@dataclass(frozen=True)
class Accepted:
    proposal: TeamProposal
    triad_number: int
    channel_id: str | None
    host_dcs: str
    visitor_dcs: str
    state: AcceptState
    newly_accepted: bool
    waiting_for: str | None
    lines: int  # agreed lines of enquiry, as the message says


ACCEPT_TRIES = 3  # a lost race is read again: the other DCS's click is then seen


def _check_still_good(session: Session, who: Actor, proposal: TeamProposal) -> None:
    """A proposal whose reviewers left the pool, or filled their round meanwhile, is stale."""
    loads = visiting_teams.round_loads(session, who.team_id, proposal.round_id)
    for user in proposal.member_ids:
        if visiting_teams.reviewer_by_user(session, who.team_id, user) is None:
            raise Refused(ProposalRefusal.STALE, user=user, why="removed", cap=MAX_TEAMS_PER_ROUND)
        if loads[user] >= MAX_TEAMS_PER_ROUND:
            raise Refused(ProposalRefusal.STALE, user=user, why="overloaded", cap=MAX_TEAMS_PER_ROUND)


def accept(session: Session, who: Actor, proposal_id: int, now: datetime) -> Accepted:
    """The host DCS's or the visiting DCS's acceptance; accepted when both have. A double click counts once."""
    for _ in range(ACCEPT_TRIES):
        proposal = visiting_teams.proposal_by_id(session, who.team_id, proposal_id, for_update=True)
        if proposal is None:
            raise Refused(ProposalRefusal.GONE)
        triad = triad_by_id(session, who, proposal.triad_id)
        host_dcs, visitor_dcs = triad.host.dcs_user_id, triad.visitor.dcs_user_id
        seen = AcceptState(proposal.status, proposal.host_accepted_by, proposal.visitor_accepted_by)
        result = rules.accept(seen, who.user_id, host_dcs, visitor_dcs)
        _check_still_good(session, who, proposal)
        if visiting_teams.set_acceptance(session, proposal, seen, result.state):
            break
    else:
        raise RuntimeError(f"team proposal {proposal_id} kept changing while it was accepted")
    if result.newly_accepted:
        proposal.accepted_at = now
    return Accepted(
        proposal,
        triad.number,
        triad.channel_id,
        host_dcs,
        visitor_dcs,
        result.state,
        result.newly_accepted,
        result.waiting_for,
        len(focus.agreed_lines(session, triad.id)),
    )
