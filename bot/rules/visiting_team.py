"""The visiting team: a few reviewers from different authorities, chosen by a CP-SAT model.

Hard constraints are constraints of the model (team size, one reviewer per authority, nobody from
the host, nobody past the round's load cap, at least two seniority levels); the preferences
(expertise matching the agreed lines of enquiry, a director or head of service, reviewers not yet on
another team this round) are one weighted objective. The visiting DCS leads the team (SPEC), so the
reviewers complement them and neither DCS of the triad is a reviewer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from ortools.sat.python import cp_model

from bot.rules.refusals import Refused

SENIORITIES = ("director", "head of service", "manager", "practitioner")
SENIOR = frozenset({"director", "head of service"})
TEAM_MIN, TEAM_MAX = 3, 4
MAX_TEAMS_PER_ROUND = 2  # a reviewer on this many accepted teams of the round is not asked again
MAX_EXPERTISE_TERMS = 12
MAX_TERM_LENGTH = 60
SOLVE_SECONDS = 5.0

# The objective's weights: what one unit of each preference is worth against the others.
WEIGHT_EXPERTISE = 10  # per point of expertise overlap
WEIGHT_SENIOR = 30  # the team has a director or a head of service
WEIGHT_LEVEL = 5  # per seniority level represented beyond the two required
WEIGHT_LOAD = 25  # per accepted team the reviewer is already on this round
WEIGHT_AGAIN = 15  # per reviewer of the suggestion being replaced ("Suggest again" looks for others)


class ReviewerRefusal(StrEnum):
    UNKNOWN_SENIORITY = "reviewer_unknown_seniority"  # facts: given, allowed
    EMPTY_EXPERTISE = "reviewer_empty_expertise"
    TERM_TOO_LONG = "reviewer_expertise_term_too_long"  # facts: term, limit
    TOO_MANY_TERMS = "reviewer_too_many_expertise_terms"  # facts: count, limit


class TeamRefusal(StrEnum):
    # facts: constraint (a Constraint), eligible, pool, from_host, overloaded, authorities, levels
    INFEASIBLE = "team_infeasible"


class Constraint(StrEnum):
    """The hard constraint that cannot hold, named in an infeasible answer."""

    TEAM_SIZE = "team_size"  # fewer eligible authorities than the smallest team
    SENIORITY_MIX = "seniority_mix"  # the eligible reviewers are all of one seniority
    ALL_TOGETHER = "all_together"  # each holds alone, not all at once (the solver proved it)


def parse_seniority(text: str | None) -> str:
    given = " ".join((text or "").replace("-", " ").split()).casefold()
    if given == "hos":
        given = "head of service"
    if given not in SENIORITIES:
        raise Refused(ReviewerRefusal.UNKNOWN_SENIORITY, given=text or "", allowed=SENIORITIES)
    return given


def parse_expertise(text: str | None) -> tuple[str, ...]:
    """ "early help, SEND; neglect" -> ("early help", "SEND", "neglect"): the terms as written, once each."""
    terms: dict[str, str] = {}
    for part in re.split(r"[,;\n]", text or ""):
        term = " ".join(part.split()).strip(" .")
        if term:
            terms.setdefault(term.casefold(), term)
    if not terms:
        raise Refused(ReviewerRefusal.EMPTY_EXPERTISE)
    if len(terms) > MAX_EXPERTISE_TERMS:
        raise Refused(ReviewerRefusal.TOO_MANY_TERMS, count=len(terms), limit=MAX_EXPERTISE_TERMS)
    for term in terms.values():
        if len(term) > MAX_TERM_LENGTH:
            raise Refused(ReviewerRefusal.TERM_TOO_LONG, term=term, limit=MAX_TERM_LENGTH)
    return tuple(terms.values())


# Words that say nothing about expertise when they appear in a line of enquiry.
STOP_WORDS = frozenset(
    "a an and are as at be by do does for from has have how in into is it of on or our so that the their "
    "them they this to we well what when where which who why with you your".split()
)
_WORD = re.compile(r"[A-Za-z0-9']+")


def _stem(word: str) -> str:
    word = word.removesuffix("'s").removesuffix("'")
    for suffix in ("ies", "es", "s"):
        if len(word) > 4 and word.endswith(suffix) and not word.endswith("ss"):
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def _words(text: str) -> list[str]:
    """Normalised words; an acronym written in capitals (SEND, CAMHS) keeps its capitals, so it
    matches only itself and not the verb "send"."""
    out = []
    for raw in _WORD.findall(text):
        if len(raw) > 1 and raw.isupper():
            out.append(raw)
        elif (word := _stem(raw.casefold())) not in STOP_WORDS:
            out.append(word)
    return out


def expertise_score(expertise: Iterable[str], lines: Iterable[str]) -> int:
    """How well a reviewer's expertise answers the lines of enquiry: per term, 2 if the whole term
    appears in a line (as consecutive words), else 1 if any of its words does, else 0."""
    line_words = [_words(line) for line in lines]
    vocabulary = {w for words in line_words for w in words}
    score = 0
    for term in expertise:
        words = _words(term)
        if not words:
            continue
        if any(_contains(words, lw) for lw in line_words):
            score += 2
        elif vocabulary.intersection(words):
            score += 1
    return score


def _contains(phrase: list[str], words: list[str]) -> bool:
    n = len(phrase)
    return any(words[i : i + n] == phrase for i in range(len(words) - n + 1))


@dataclass(frozen=True)
class Candidate:
    user_id: str
    authority: str
    seniority: str
    expertise: tuple[str, ...]
    load: int  # accepted teams of this round the reviewer is already on


@dataclass(frozen=True)
class TeamRequest:
    host: str  # the host authority's name
    host_dcs: str
    visiting_dcs: str
    lines: tuple[str, ...]  # the agreed lines of enquiry


@dataclass(frozen=True)
class Chosen:
    candidate: Candidate
    score: int  # expertise_score against the lines


@dataclass(frozen=True)
class Team:
    members: tuple[Chosen, ...]
    optimal: bool  # the solver proved no better team exists under the objective
    objective: int

    def stored_members(self) -> list[dict[str, object]]:
        """The members as a proposal stores them (and its message shows them)."""
        return [
            {
                "user_id": m.candidate.user_id,
                "authority": m.candidate.authority,
                "seniority": m.candidate.seniority,
                "expertise": list(m.candidate.expertise),
                "score": m.score,
                "load": m.candidate.load,
            }
            for m in self.members
        ]


@dataclass(frozen=True)
class Eligibility:
    eligible: tuple[Candidate, ...]
    pool: int
    from_host: int
    overloaded: int

    @property
    def authorities(self) -> int:
        return len({c.authority.casefold() for c in self.eligible})

    @property
    def levels(self) -> int:
        return len({c.seniority for c in self.eligible})


def eligibility(request: TeamRequest, pool: Sequence[Candidate]) -> Eligibility:
    """Who may be on the team at all; the counts say why the others may not."""
    host = request.host.casefold()
    candidates = [c for c in pool if c.user_id not in (request.host_dcs, request.visiting_dcs)]
    from_host = sum(1 for c in candidates if c.authority.casefold() == host)
    overloaded = sum(1 for c in candidates if c.authority.casefold() != host and c.load >= MAX_TEAMS_PER_ROUND)
    eligible = tuple(c for c in candidates if c.authority.casefold() != host and c.load < MAX_TEAMS_PER_ROUND)
    return Eligibility(eligible, len(pool), from_host, overloaded)


def _infeasible(constraint: Constraint, found: Eligibility) -> Refused:
    return Refused(
        TeamRefusal.INFEASIBLE,
        constraint=constraint,
        eligible=len(found.eligible),
        pool=found.pool,
        from_host=found.from_host,
        overloaded=found.overloaded,
        authorities=found.authorities,
        levels=found.levels,
        team_min=TEAM_MIN,
        cap=MAX_TEAMS_PER_ROUND,
    )


def suggest_team(request: TeamRequest, pool: Sequence[Candidate], *, again: frozenset[str] = frozenset()) -> Team:
    """The best team of TEAM_MIN..TEAM_MAX reviewers for the request, or Refused(INFEASIBLE) saying
    which constraint cannot hold. ``again``: the reviewers of the suggestion being replaced, chosen
    again only where no one else does as well."""
    found = eligibility(request, pool)
    if found.authorities < TEAM_MIN:
        raise _infeasible(Constraint.TEAM_SIZE, found)
    if found.levels < 2:
        raise _infeasible(Constraint.SENIORITY_MIX, found)

    # Every candidate gets a variable; the hard exclusions are constraints of the model too.
    candidates = [c for c in pool if c.user_id not in (request.host_dcs, request.visiting_dcs)]
    scores = [expertise_score(c.expertise, request.lines) for c in candidates]
    model = cp_model.CpModel()
    x = [model.new_bool_var(f"pick_{i}") for i in range(len(candidates))]
    model.add(sum(x) >= TEAM_MIN)
    model.add(sum(x) <= TEAM_MAX)
    host = request.host.casefold()
    by_authority: dict[str, list[cp_model.IntVar]] = {}
    for var, c in zip(x, candidates, strict=True):
        if c.authority.casefold() == host or c.load >= MAX_TEAMS_PER_ROUND:
            model.add(var == 0)
        by_authority.setdefault(c.authority.casefold(), []).append(var)
    for same in by_authority.values():
        model.add_at_most_one(same)
    level_vars = []
    for level in SENIORITIES:
        picked = [var for var, c in zip(x, candidates, strict=True) if c.seniority == level]
        has = model.new_bool_var(f"has_{level}")
        model.add(has <= sum(picked)) if picked else model.add(has == 0)
        level_vars.append(has)
    model.add(sum(level_vars) >= 2)
    has_senior = model.new_bool_var("has_senior")
    senior = [var for var, c in zip(x, candidates, strict=True) if c.seniority in SENIOR]
    model.add(has_senior <= sum(senior)) if senior else model.add(has_senior == 0)

    model.maximize(
        WEIGHT_EXPERTISE * sum(s * var for s, var in zip(scores, x, strict=True))
        + WEIGHT_SENIOR * has_senior
        + WEIGHT_LEVEL * (sum(level_vars) - 2)
        - WEIGHT_LOAD * sum(c.load * var for c, var in zip(candidates, x, strict=True))
        - WEIGHT_AGAIN * sum(var for c, var in zip(candidates, x, strict=True) if c.user_id in again)
    )
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = SOLVE_SECONDS
    solver.parameters.num_workers = 1  # deterministic, and the machine's cores are shared
    solver.parameters.random_seed = 0
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise _infeasible(Constraint.ALL_TOGETHER, found)
    members = tuple(Chosen(c, s) for c, s, var in zip(candidates, scores, x, strict=True) if solver.boolean_value(var))
    ordered = tuple(sorted(members, key=lambda m: (SENIORITIES.index(m.candidate.seniority), m.candidate.user_id)))
    return Team(ordered, status == cp_model.OPTIMAL, round(solver.objective_value))


# The acceptance of a proposed team: both the host DCS and the visiting DCS, like a line of enquiry.


class AcceptRefusal(StrEnum):
    NOT_HOST_OR_VISITING_DCS = "team_not_host_or_visiting_dcs"
    YOU_ACCEPTED_ALREADY = "team_you_accepted_already"  # facts: waiting_for
    ALREADY_ACCEPTED = "team_already_accepted"
    SUPERSEDED = "team_superseded"  # a newer suggestion replaced it


@dataclass(frozen=True)
class AcceptState:
    status: str  # proposed | accepted | superseded
    host_accepted_by: str | None
    visitor_accepted_by: str | None


@dataclass(frozen=True)
class Acceptance:
    state: AcceptState
    newly_accepted: bool
    waiting_for: str | None  # "host DCS" | "visiting DCS" while one is awaited


def accept(state: AcceptState, user: str, host_dcs: str, visitor_dcs: str) -> Acceptance:
    if state.status == "superseded":
        raise Refused(AcceptRefusal.SUPERSEDED)
    if state.status == "accepted":
        raise Refused(AcceptRefusal.ALREADY_ACCEPTED)
    host_by, visitor_by = state.host_accepted_by, state.visitor_accepted_by
    if user == host_dcs and not host_by:
        host_by = user
    elif user == visitor_dcs and not visitor_by:
        visitor_by = user
    elif user in (host_dcs, visitor_dcs):
        raise Refused(AcceptRefusal.YOU_ACCEPTED_ALREADY, waiting_for="visiting DCS" if host_by else "host DCS")
    else:
        raise Refused(AcceptRefusal.NOT_HOST_OR_VISITING_DCS)
    if host_by and visitor_by:
        return Acceptance(AcceptState("accepted", host_by, visitor_by), True, None)
    return Acceptance(AcceptState("proposed", host_by, visitor_by), False, "visiting DCS" if host_by else "host DCS")
