"""Suggest triads for a whole round: propose (the CP-SAT model fed from the database), reshuffle, edit, accept.

The proposal is stored so that the buttons act on what was shown; every step is a coordinator's,
and its status moves by compare-and-set (proposed -> accepting -> accepted, or -> superseded), so
Accept clicked twice forms the triads once and a stale proposal is explained, not acted on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy.orm import Session

from bot.rules import triad_suggestion as model
from bot.rules.refusals import Refused
from bot.rules.times import utcnow
from bot.rules.triad_suggestion import Group, Proposal, Remainder, Request
from bot.services.access import Actor, require_coordinator
from bot.services.rounds import find_round
from bot.services.triads import TriadPlan, check_host_free
from storage import authorities, rounds, suggestions, triads
from storage.models import Round, TriadSuggestion


class SuggestionStale(StrEnum):
    GONE = "suggestion_gone"  # a button names a proposal that is not (or no longer) here
    ACCEPTED = "suggestion_accepted"  # facts: round
    ACCEPTING = "suggestion_accepting"  # facts: round
    SUPERSEDED = "suggestion_superseded"  # facts: round
    NOT_IN_PROPOSAL = "suggestion_not_in_proposal"  # facts: name
    SAME_AUTHORITY = "suggestion_swap_same"  # facts: name
    ROUND_CHANGED = "suggestion_round_changed"  # facts: round, names (already in a triad of the round)


@dataclass(frozen=True)
class Options:
    keep_apart: tuple[tuple[str, str], ...] = ()
    sit_out: tuple[str, ...] = ()
    remainder: Remainder = Remainder.FOUR
    seed: int = model.DEFAULT_SEED
    time_limit: float = model.DEFAULT_TIME_LIMIT

    def to_json(self) -> dict:
        return {
            "keep_apart": [list(p) for p in self.keep_apart],
            "sit_out": list(self.sit_out),
            "remainder": self.remainder.value,
            "seed": self.seed,
        }

    @classmethod
    def from_json(cls, data: dict) -> Options:
        return cls(
            tuple((a, b) for a, b in data.get("keep_apart", [])),
            tuple(data.get("sit_out", [])),
            Remainder(data.get("remainder", Remainder.FOUR.value)),
            data.get("seed", model.DEFAULT_SEED),
        )


@dataclass(frozen=True)
class Suggested:
    id: int | None  # the stored proposal's id (None for the CLI, which stores nothing)
    round_name: str
    proposal: Proposal
    already_formed: int  # triads of the round formed before: their authorities are not suggested again

    def to_json(self) -> dict:
        return {"round": self.round_name, **self.proposal.to_json()}


def _canonical(session: Session, team_id: str, names: tuple[str, ...]) -> tuple[str, ...]:
    """Names as registered (any case); an unknown name is kept as typed, for the model's check to name it."""
    out = []
    for name in names:
        authority = authorities.authority_by_name(session, team_id, name)
        out.append(authority.name if authority else name)
    return tuple(out)


def _request(session: Session, team_id: str, round_: Round, options: Options, forbidden=()) -> tuple[Request, int]:
    registered = [a.name for a in authorities.authorities(session, team_id)]
    formed = suggestions.groups_of_round(session, team_id, round_.id)
    placed = {name for g in formed for name in g.members}
    sit_out = _canonical(session, team_id, options.sit_out)
    keep_apart = tuple((a, b) for a, b in (_canonical(session, team_id, pair) for pair in options.keep_apart))
    history = [
        suggestions.groups_of_round(session, team_id, r.id) for r in rounds.rounds_before(session, team_id, round_)
    ]
    request = Request(
        authorities=[n for n in registered if n not in placed and n not in sit_out],
        history=[groups for groups in history if groups],
        keep_apart=keep_apart,
        remainder=options.remainder,
        forbidden=tuple(forbidden),
        seed=options.seed,
        time_limit=options.time_limit,
        extra_sitting_out=sit_out,
    )
    model.check_request(request, registered)
    return request, len(formed)


def check_suggest(session: Session, who: Actor, round_name: str | None, options: Options) -> str:
    """What can be checked before the (seconds-long) solve, while Slack waits for the ack: returns the round's name."""
    require_coordinator(who, "suggest_triads")
    round_ = find_round(session, who, round_name)
    _request(session, who.team_id, round_, options)
    return round_.name


def propose(session: Session, who: Actor, round_name: str | None, options: Options, *, store: bool = True) -> Suggested:
    """Solve the round's assignment and (for Slack) store it as the round's open proposal."""
    require_coordinator(who, "suggest_triads")
    round_ = find_round(session, who, round_name)
    request, formed = _request(session, who.team_id, round_, options)
    proposal = model.suggest(request)
    if not store:
        return Suggested(None, round_.name, proposal, formed)
    suggestions.supersede_open(session, who.team_id, round_.id, who.user_id)
    row = TriadSuggestion(
        team_id=who.team_id, round_id=round_.id, status="proposed", proposal=proposal.to_json(),
        options=options.to_json(), shown_before=[], created_by=who.user_id,
    )  # fmt: skip
    session.add(row)
    session.flush()
    return Suggested(row.id, round_.name, proposal, formed)


def _open(session: Session, who: Actor, suggestion_id: int) -> TriadSuggestion:
    require_coordinator(who, "suggest_triads")
    row = suggestions.suggestion(session, who.team_id, suggestion_id)
    if row is None:
        raise Refused(SuggestionStale.GONE)
    stale = {
        "accepted": SuggestionStale.ACCEPTED,
        "accepting": SuggestionStale.ACCEPTING,
        "superseded": SuggestionStale.SUPERSEDED,
    }
    if row.status in stale:
        raise Refused(stale[row.status], round=row.round.name)
    return row


def reshuffle(session: Session, who: Actor, suggestion_id: int) -> Suggested:
    """Another proposal for the same request, different from every one shown so far; this one is superseded."""
    row = _open(session, who, suggestion_id)
    options = Options.from_json(row.options)
    shown = [Proposal.from_json(p) for p in (*row.shown_before, row.proposal)]
    request, formed = _request(session, who.team_id, row.round, options, forbidden=shown)
    proposal = model.suggest(request)
    if not suggestions.move_status(session, who.team_id, row.id, "proposed", "superseded", who.user_id):
        raise Refused(SuggestionStale.SUPERSEDED, round=row.round.name)
    new = TriadSuggestion(
        team_id=who.team_id, round_id=row.round_id, status="proposed", proposal=proposal.to_json(),
        options=row.options, shown_before=[*row.shown_before, row.proposal], created_by=who.user_id,
    )  # fmt: skip
    session.add(new)
    session.flush()
    return Suggested(new.id, row.round.name, proposal, formed)


def swap(session: Session, who: Actor, suggestion_id: int, first: str, second: str) -> Suggested:
    """Edit: two authorities change places (roles and groups); the proposal is re-scored and stays open.
    The names may be typed in any case."""
    row = _open(session, who, suggestion_id)
    first, second = _canonical(session, who.team_id, (first, second))
    proposal = Proposal.from_json(row.proposal)
    names = {n for g in proposal.triads for n in g.members} | set(proposal.sitting_out)
    for name in (first, second):
        if name not in names:
            raise Refused(SuggestionStale.NOT_IN_PROPOSAL, name=name)
    if first == second:
        raise Refused(SuggestionStale.SAME_AUTHORITY, name=first)
    request, formed = _request(session, who.team_id, row.round, Options.from_json(row.options))
    edited = model.rescore(request, model.swap(proposal, first, second))
    row.proposal = edited.to_json()
    return Suggested(row.id, row.round.name, edited, formed)


def view(session: Session, who: Actor, suggestion_id: int) -> Suggested:
    row = _open(session, who, suggestion_id)
    return Suggested(row.id, row.round.name, Proposal.from_json(row.proposal), 0)


# How long a claim on forming a proposal's triads lasts without being renewed (it is renewed after each
# triad); past it, a claim whose forming died with its process is taken over by Accept again or the clock.
ACCEPT_LEASE = timedelta(minutes=2)


@dataclass(frozen=True)
class Accepting:
    round_name: str
    plans: tuple[TriadPlan, ...]  # the triads still to form
    sitting_out: tuple[str, ...]
    proposal: Proposal  # the whole proposal, as its message shows it
    resumed: bool = False  # taking over forming that stopped part-way
    # Resumed: the channels of the proposal's triads formed already, with their people, to invite again
    # (inviting someone already there changes nothing; forming may have stopped before the invitations).
    reinvite: tuple[tuple[str, tuple[str, ...]], ...] = ()


def start_accept(session: Session, who: Actor, suggestion_id: int, now: datetime | None = None) -> Accepting:
    """Claim the proposal for forming (compare-and-set proposed -> accepting) and plan each of its triads.

    A second click while the first is forming, or a click on a superseded proposal, is refused. A click
    on a proposal whose forming stopped part-way (a network error, a restart) finishes it instead.
    """
    require_coordinator(who, "suggest_triads")
    row = suggestions.suggestion(session, who.team_id, suggestion_id)
    if row is not None and row.status == "accepting":
        return resume_accept(session, who, suggestion_id, now or utcnow())
    row = _open(session, who, suggestion_id)
    proposal = Proposal.from_json(row.proposal)
    placed = {name for g in suggestions.groups_of_round(session, who.team_id, row.round_id) for name in g.members}
    if taken := sorted(placed & {name for g in proposal.triads for name in g.members}):
        raise Refused(SuggestionStale.ROUND_CHANGED, round=row.round.name, names=taken)
    plans = tuple(_plan(session, who, row.round, group) for group in proposal.triads)
    for plan in plans:
        check_host_free(session, who.team_id, plan)
    if not suggestions.move_status(session, who.team_id, row.id, "proposed", "accepting", who.user_id, now):
        raise Refused(SuggestionStale.ACCEPTING, round=row.round.name)
    return Accepting(row.round.name, plans, proposal.sitting_out, proposal)


def resume_accept(session: Session, who: Actor, suggestion_id: int, now: datetime) -> Accepting:
    """Take over a proposal left "accepting" whose claim was released or has lapsed (compare-and-set, so
    one taker only), and plan the triads not formed yet: a triad already formed is never formed again."""
    row = suggestions.suggestion(session, who.team_id, suggestion_id)
    if row is None or row.status != "accepting":
        raise Refused(SuggestionStale.GONE)
    if not suggestions.reclaim_accepting(session, who.team_id, row.id, who.user_id, now, now - ACCEPT_LEASE):
        raise Refused(SuggestionStale.ACCEPTING, round=row.round.name)
    proposal = Proposal.from_json(row.proposal)
    hosts = {g.host for g in suggestions.groups_of_round(session, who.team_id, row.round_id)}
    plans = tuple(_plan(session, who, row.round, g) for g in proposal.triads if g.host not in hosts)
    proposed_hosts = {g.host for g in proposal.triads}
    reinvite = tuple(
        (t.channel_id, tuple(who.people(t).channel_invitees()))
        for t in triads.triads(session, who.team_id, row.round_id)
        if t.channel_id and t.host.name in proposed_hosts
    )
    return Accepting(row.round.name, plans, proposal.sitting_out, proposal, resumed=True, reinvite=reinvite)


def renew_accept(session: Session, who: Actor, suggestion_id: int, now: datetime) -> None:
    """Forming goes on: the claim lasts another lease."""
    suggestions.set_accepting_lease(session, who.team_id, suggestion_id, now)


def release_accept(session: Session, who: Actor, suggestion_id: int) -> None:
    """Forming stopped on an error: release the claim, so Accept again or the next clock pass finishes it."""
    suggestions.set_accepting_lease(session, who.team_id, suggestion_id, None)


def stalled_accepts(session: Session, now: datetime) -> list[tuple[str, int, str | None]]:
    """For the clock: proposals of every workspace whose forming stopped part-way (team, id, who accepted)."""
    return suggestions.stalled_accepting(session, now - ACCEPT_LEASE)


def finish_accept(session: Session, who: Actor, suggestion_id: int, now: datetime | None = None) -> tuple[int, int]:
    """Mark the proposal accepted; returns (its triads now formed, its triads) — Slack may have refused a channel."""
    suggestions.move_status(session, who.team_id, suggestion_id, "accepting", "accepted", who.user_id, now)
    row = suggestions.suggestion(session, who.team_id, suggestion_id)
    assert row is not None
    hosts = {g.host for g in suggestions.groups_of_round(session, who.team_id, row.round_id)}
    proposal = Proposal.from_json(row.proposal)
    return sum(g.host in hosts for g in proposal.triads), len(proposal.triads)


def _plan(session: Session, who: Actor, round_: Round, group: Group) -> TriadPlan:
    found: dict[str, list] = {}
    for role, name in (("host", group.host), ("visitor", group.visitor), *(("observer", o) for o in group.observers)):
        authority = authorities.authority_by_name(session, who.team_id, name)
        if authority is None:
            raise Refused(SuggestionStale.NOT_IN_PROPOSAL, name=name)
        found.setdefault(role, []).append(authority)
    host, visitor, observers = found["host"][0], found["visitor"][0], found["observer"]
    second = observers[1].id if len(observers) > 1 else None
    return TriadPlan(
        round_.id, round_.name, round_.year, host.id, visitor.id, observers[0].id,
        host.name, visitor.name, observers[0].name, second,
    )  # fmt: skip
