"""Suggesting the triads of a whole round: an assignment problem solved with OR-Tools CP-SAT. Plain Python.

Every taking-part authority plays exactly one role (host, visitor, observer) or sits out; a count
not divisible by three gives one or two groups of four (two observers) or one or two sitting out.

Hard constraints: no host–visitor pair of an earlier round again, in either direction; nobody hosts
two rounds running; keep-apart pairs in different groups. One objective, lower is better: every pair
of authorities that shares a group again costs ``PAIR_AGAIN_WEIGHT``; each authority's role costs
how many more times it has played that role than its least-played one (the marginal growth of the
sum of squared role counts, so minimising it evens the roles out over the rounds).

Two models (see ``suggest``): the fast path solves the roles, then the groups for them, where a group
is named by its host (``visits[h, v]``, ``observes[h, o]``) so groups have no symmetry; the joint
model gives each authority a slot of a permutation and holds each hard-constraint family behind one
enforcement literal, so that an infeasible request is explained by the families that cannot all hold
(assumptions and ``sufficient_assumptions_for_infeasibility``, shrunk to a minimal set).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from difflib import get_close_matches
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from ortools.sat.python import cp_model

from bot.rules.refusals import Refused

if TYPE_CHECKING:
    import random

ROLES = ("host", "visitor", "observer")
PAIR_AGAIN_WEIGHT = 100
DEFAULT_TIME_LIMIT = 4.0
DEFAULT_SEED = 2019
HINT_RESTARTS = 5
JOINT_LIMIT = 60  # authorities: above this the joint model's encoding alone takes seconds


class Remainder(StrEnum):
    FOUR = "four"  # one or two groups of four: host, visitor and two observers
    SIT_OUT = "sit-out"  # one or two authorities sit this round out


class Constraint(StrEnum):
    """A family of hard constraints, named when it is why no proposal exists."""

    HOST_VISITOR_AGAIN = "host_visitor_again"
    HOST_TWICE_RUNNING = "host_twice_running"
    KEEP_APART = "keep_apart"


class SuggestionRefusal(StrEnum):
    TOO_FEW = "suggest_too_few"  # facts: count (authorities taking part)
    UNKNOWN_AUTHORITY = "suggest_unknown_authority"  # facts: name, option ("keep-apart" | "sit-out"), near
    KEEP_APART_SAME = "suggest_keep_apart_same"  # facts: name
    INFEASIBLE = "suggest_infeasible"  # facts: constraints (Constraint values), count
    NO_ANSWER_IN_TIME = "suggest_no_answer_in_time"  # facts: seconds


@dataclass(frozen=True)
class Group:
    """A triad (or a group of four) in a proposal or in history, by authority name."""

    host: str
    visitor: str
    observers: tuple[str, ...]

    @property
    def members(self) -> tuple[str, ...]:
        return (self.host, self.visitor, *self.observers)

    def roles(self) -> Iterable[tuple[str, str]]:
        yield self.host, "host"
        yield self.visitor, "visitor"
        for observer in self.observers:
            yield observer, "observer"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"host": self.host, "visitor": self.visitor, "observer": self.observers[0]}
        if len(self.observers) > 1:
            out["second_observer"] = self.observers[1]
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Group:
        observers = [data["observer"], *([data["second_observer"]] if data.get("second_observer") else [])]
        return cls(data["host"], data["visitor"], tuple(observers))


@dataclass(frozen=True)
class Violation:
    """A preference the proposal could not keep: two authorities sharing a group again."""

    kind: str
    authorities: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "authorities": list(self.authorities)}


@dataclass(frozen=True)
class Proposal:
    triads: tuple[Group, ...]
    sitting_out: tuple[str, ...]
    violations: tuple[Violation, ...]
    objective: int
    optimal: bool
    best_bound: int
    seconds: float

    def to_json(self) -> dict[str, Any]:
        return {
            "triads": [g.to_json() for g in self.triads],
            "sitting_out": list(self.sitting_out),
            "violations": [v.to_json() for v in self.violations],
            "objective": self.objective,
            "optimal": self.optimal,
            "best_bound": self.best_bound,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Proposal:
        return cls(
            tuple(Group.from_json(g) for g in data["triads"]),
            tuple(data["sitting_out"]),
            tuple(Violation(v["kind"], tuple(v["authorities"])) for v in data["violations"]),
            data["objective"], data["optimal"], data.get("best_bound", data["objective"]), 0.0,
        )  # fmt: skip

    def pairs(self) -> set[tuple[str, str]]:
        """(host, visitor) and (host, observer) of every group: what Reshuffle forbids all of at once."""
        return {(g.host, g.visitor) for g in self.triads} | {(g.host, o) for g in self.triads for o in g.observers}


@dataclass(frozen=True)
class Request:
    authorities: Sequence[str]  # taking part (explicit sit-outs already left out)
    history: Sequence[Sequence[Group]] = ()  # earlier rounds, oldest first
    keep_apart: Sequence[tuple[str, str]] = ()
    remainder: Remainder = Remainder.FOUR
    forbidden: Sequence[Proposal] = ()  # proposals already shown (Reshuffle)
    seed: int = DEFAULT_SEED
    time_limit: float = DEFAULT_TIME_LIMIT
    workers: int = 1  # one worker: the same request gives the same proposal (Slack and the CLI agree)
    extra_sitting_out: Sequence[str] = field(default=())  # named by the coordinator; shown in the proposal


# (host–visitor pairs, pairs that shared a group, role counts keyed by (authority, role))
HistoryFacts = tuple[set[frozenset[str]], set[frozenset[str]], Counter[tuple[str, str]]]


def history_facts(history: Sequence[Sequence[Group]]) -> HistoryFacts:
    """(host–visitor pairs, pairs that shared a group, role counts keyed by (authority, role))."""
    host_visitor: set[frozenset[str]] = set()
    together: set[frozenset[str]] = set()
    counts: Counter[tuple[str, str]] = Counter()
    for groups in history:
        for group in groups:
            host_visitor.add(frozenset((group.host, group.visitor)))
            members = group.members
            together |= {frozenset((a, b)) for i, a in enumerate(members) for b in members[i + 1 :]}
            for name, role in group.roles():
                counts[name, role] += 1
    return host_visitor, together, counts


def check_request(request: Request, known: Iterable[str]) -> None:
    """The request's names are authorities taking part; enough of them to form one triad."""
    taking_part = set(request.authorities)
    known_set = set(known)
    for name in request.extra_sitting_out:
        if name not in known_set:
            near = get_close_matches(name, known_set, n=1)
            raise Refused(SuggestionRefusal.UNKNOWN_AUTHORITY, name=name, option="sit-out", near=near)
    for a, b in request.keep_apart:
        for name in (a, b):
            if name not in known_set:
                near = get_close_matches(name, known_set, n=1)
                raise Refused(SuggestionRefusal.UNKNOWN_AUTHORITY, name=name, option="keep-apart", near=near)
        if a == b:
            raise Refused(SuggestionRefusal.KEEP_APART_SAME, name=a)
    if len(taking_part) < 3:
        raise Refused(SuggestionRefusal.TOO_FEW, count=len(taking_part))


def group_sizes(count: int, remainder: Remainder) -> tuple[int, int, int]:
    """(groups, groups of four, authorities sitting out) for ``count`` taking part."""
    extra = count % 3
    if remainder is Remainder.SIT_OUT or count < 4 * extra:
        return count // 3, 0, extra
    return count // 3, extra, 0


def slot_layout(groups: int, fours: int, sitting: int) -> tuple[list[int], list[int]]:
    """(group, role index) of every slot: host, visitor, observer of each group, then the second
    observers of the first ``fours`` groups, then one group of its own for each authority sitting out."""
    slot_group = [s // 3 for s in range(3 * groups)] + list(range(fours))
    slot_role = [s % 3 for s in range(3 * groups)] + [2] * fours
    slot_group += [groups + k for k in range(sitting)]
    slot_role += [3] * sitting  # 3: sitting out
    return slot_group, slot_role


@dataclass
class _Model:
    """The joint model's variables by authority index: its slot, group and role, a boolean per role."""

    m: cp_model.CpModel
    names: list[str]
    groups: int
    fours: int
    index: dict[str, int]
    slot: list[cp_model.IntVar]
    group: list[cp_model.IntVar]
    role: list[cp_model.IntVar]
    plays: list[list[cp_model.IntVar]]
    enforce: dict[Constraint, cp_model.IntVar] = field(default_factory=dict)
    same: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)
    together: set[frozenset[str]] = field(default_factory=set)

    def together_now(self, a: int, b: int) -> cp_model.IntVar:
        """A literal true exactly when a and b are in one group."""
        a, b = min(a, b), max(a, b)
        if (a, b) not in self.same:
            lit = self.m.new_bool_var(f"same_{a}_{b}")
            self.m.add(self.group[a] == self.group[b]).only_enforce_if(lit)
            self.m.add(self.group[a] != self.group[b]).only_enforce_if(lit.Not())
            self.same[a, b] = lit
        return self.same[a, b]


def _slots(names: list[str], groups: int, fours: int, sitting: int) -> _Model:
    """Each authority takes one slot (an inverse: a permutation); a slot fixes its group and role."""
    n = len(names)
    slot_group, slot_role = slot_layout(groups, fours, sitting)
    m = cp_model.CpModel()
    slot = [m.new_int_var(0, n - 1, f"slot_{a}") for a in range(n)]
    who = [m.new_int_var(0, n - 1, f"who_{s}") for s in range(n)]
    m.add_inverse(slot, who)
    group = [m.new_int_var(0, max(slot_group), f"group_{a}") for a in range(n)]
    role = [m.new_int_var(0, 3, f"role_{a}") for a in range(n)]
    plays = [[m.new_bool_var(f"plays_{a}_{r}") for r in range(4)] for a in range(n)]
    for a in range(n):
        m.add_element(slot[a], slot_group, group[a])
        m.add_element(slot[a], slot_role, role[a])
        m.add_exactly_one(plays[a])
        for r in range(4):
            m.add(role[a] == r).only_enforce_if(plays[a][r])
    for r, needed in enumerate((groups, groups, groups + fours, sitting)):
        m.add(sum(plays[a][r] for a in range(n)) == needed)
    # Groups of the same size are interchangeable: order them by their host.
    for g in range(groups - 1):
        if (g < fours) == (g + 1 < fours):
            m.add(who[3 * g] < who[3 * (g + 1)])
    for k in range(sitting - 1):
        m.add(who[3 * groups + fours + k] < who[3 * groups + fours + k + 1])
    return _Model(m, names, groups, fours, {name: i for i, name in enumerate(names)}, slot, group, role, plays)


def _joint_rules(j: _Model, request: Request, host_visitor: set[frozenset[str]]) -> None:
    """Each hard-constraint family behind its enforcement literal; not any proposal already shown."""
    m, index, enforce = j.m, j.index, j.enforce
    for pair in host_visitor:
        found = [index[x] for x in pair if x in index]
        if len(found) == 2:
            a, b = found
            # In one group, host and visitor would be roles 0 and 1: one of them must observe.
            both = [j.together_now(a, b), enforce[Constraint.HOST_VISITOR_AGAIN]]
            m.add(j.role[a] + j.role[b] != 1).only_enforce_if(both)
    last_hosts = {g.host for g in request.history[-1]} if request.history else set()
    for name in last_hosts:
        if name in index:
            m.add(j.plays[index[name]][0] == 0).only_enforce_if(enforce[Constraint.HOST_TWICE_RUNNING])
    for a_name, b_name in request.keep_apart:
        if a_name in index and b_name in index:
            m.add(j.group[index[a_name]] != j.group[index[b_name]]).only_enforce_if(enforce[Constraint.KEEP_APART])
    for shown in request.forbidden:  # Reshuffle: not the same groups again
        lits = [
            j.together_now(index[x], index[y])
            for g in shown.triads
            for i, x in enumerate(g.members)
            for y in g.members[i + 1 :]
            if x in index and y in index
        ]
        if lits:
            m.add(sum(lits) <= len(lits) - 1)


def _build(request: Request) -> _Model:
    """The joint model: slots of a permutation, role booleans channelled from the slot, so the role
    counts per round give the objective a strong bound.
    """
    names = sorted(set(request.authorities))
    groups, fours, sitting = group_sizes(len(names), request.remainder)
    host_visitor, together, counts = history_facts(request.history)
    j = _slots(names, groups, fours, sitting)
    j.enforce = {c: j.m.new_bool_var(c.value) for c in Constraint}
    _joint_rules(j, request, host_visitor)
    terms = []
    for pair in together:
        a, b = sorted(j.index.get(x, -1) for x in pair)
        if a >= 0:
            terms.append(PAIR_AGAIN_WEIGHT * j.together_now(a, b))
    for name, a in j.index.items():
        played = [counts[name, r] for r in ROLES]
        least = min(played)
        terms += [(p - least) * j.plays[a][r] for r, p in enumerate(played) if p > least]
    j.m.minimize(sum(terms))
    j.together = together
    return j


def suggest(request: Request) -> Proposal:
    """The best proposal CP-SAT finds in the time limit; ``optimal`` when it is proven so.

    First the fast path, in two small models: the roles (their cost is a lower bound of the whole
    objective, proven), then the groups for those roles. When the groups repeat no pair, the
    proposal meets the bound and is proven optimal for the whole problem. Otherwise a round of up
    to ``JOINT_LIMIT`` authorities is solved again as one joint model (exact, and the one that
    explains infeasibility); a larger one keeps the two-stage answer with its bound and gap.
    """
    started = time.monotonic()
    staged = _two_stage(request)
    if staged is not None and (staged.optimal or len(set(request.authorities)) > JOINT_LIMIT):
        return replace(staged, seconds=time.monotonic() - started)
    left = max(request.time_limit - (time.monotonic() - started), 1.0)
    try:
        joint = _suggest_joint(replace(request, time_limit=left), staged)
    except Refused as exc:
        if staged is None or exc.code is not SuggestionRefusal.NO_ANSWER_IN_TIME:
            raise
        return replace(staged, seconds=time.monotonic() - started)
    if staged is not None and staged.objective < joint.objective:  # both bounds are bounds of the whole problem
        bound = max(staged.best_bound, joint.best_bound)
        joint = replace(staged, best_bound=bound, optimal=staged.objective == bound)
    return replace(joint, seconds=time.monotonic() - started)


def _suggest_joint(request: Request, start: Proposal | None) -> Proposal:
    """The whole problem in one model. The hard constraints' literals are fixed true for the search
    (assumptions would force CP-SAT onto one thread); only when that is infeasible is the model solved
    again with them as assumptions, to name the families that cannot all hold."""
    built = _build(request)
    m, slot, names = built.m, built.slot, built.names
    n, groups, fours, index = len(names), built.groups, built.fours, built.index
    m.add_bool_and(list(built.enforce.values()))
    hint = (list(start.triads), [x for x in start.sitting_out if x in index]) if start else None
    _hint(m, slot, index, groups, fours, hint or greedy(request, restarts=HINT_RESTARTS))
    solver = _solver(request)
    status = solver.solve(m)
    if status == cp_model.INFEASIBLE:
        raise Refused(SuggestionRefusal.INFEASIBLE, constraints=explain_infeasible(request), count=n)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise Refused(SuggestionRefusal.NO_ANSWER_IN_TIME, seconds=request.time_limit)
    together = built.together

    in_slot = {solver.value(slot[a]): names[a] for a in range(n)}
    proposal_groups = []
    for g in range(groups):
        observers = [in_slot[3 * g + 2]] + ([in_slot[3 * groups + g]] if g < fours else [])
        proposal_groups.append(Group(in_slot[3 * g], in_slot[3 * g + 1], tuple(observers)))
    proposal_groups.sort(key=lambda g: g.host)
    again = sorted(tuple(sorted(pair)) for pair in pairs_in(proposal_groups) & together)
    return Proposal(
        triads=tuple(proposal_groups),
        sitting_out=tuple(sorted(request.extra_sitting_out)) + tuple(in_slot[s] for s in range(3 * groups + fours, n)),
        violations=tuple(Violation("together_again", pair) for pair in again),
        objective=round(solver.objective_value),
        optimal=status == cp_model.OPTIMAL,
        best_bound=round(solver.best_objective_bound),
        seconds=solver.wall_time,
    )


def _two_stage(request: Request) -> Proposal | None:
    """Roles first (proven optimal: a lower bound of the objective), then the groups for them; None
    when no grouping of those roles keeps the hard constraints."""
    roles = _best_roles(request)
    if roles is None:
        return None
    role_cost, by_role = roles
    return _best_groups(request, role_cost, by_role)


def _best_roles(request: Request) -> tuple[int, list[list[str]]] | None:
    """(the least role cost, the hosts, visitors, observers and those sitting out), proven optimal."""
    names = sorted(set(request.authorities))
    n = len(names)
    groups, fours, sitting = group_sizes(n, request.remainder)
    host_visitor, together, counts = history_facts(request.history)
    last_hosts = {g.host for g in request.history[-1]} if request.history else set()

    roles_model = cp_model.CpModel()
    plays = [[roles_model.new_bool_var(f"plays_{a}_{r}") for r in range(4)] for a in range(n)]
    for a, name in enumerate(names):
        roles_model.add_exactly_one(plays[a])
        if name in last_hosts:
            roles_model.add(plays[a][0] == 0)
    for r, needed in enumerate((groups, groups, groups + fours, sitting)):
        roles_model.add(sum(plays[a][r] for a in range(n)) == needed)
    costs = []
    for a, name in enumerate(names):
        played = [counts[name, r] for r in ROLES]
        costs += [(p - min(played)) * plays[a][r] for r, p in enumerate(played) if p > min(played)]
    roles_model.minimize(sum(costs))
    solver = _solver(request)
    if solver.solve(roles_model) != cp_model.OPTIMAL:
        return None
    role_cost = round(solver.objective_value)
    by_role: list[list[str]] = [[names[a] for a in range(n) if solver.boolean_value(plays[a][r])] for r in range(4)]
    return role_cost, by_role


@dataclass
class _GroupModel:
    """The groups for fixed roles, each named by its host: who visits and observes it, its group of four."""

    m: cp_model.CpModel
    hosts: list[str]
    visitors: list[str]
    observers: list[str]
    out: list[str]
    visits: dict[tuple[str, str], cp_model.IntVar]
    observes: dict[tuple[str, str], cp_model.IntVar]
    four: dict[str, cp_model.IntVar]
    host_index: dict[str, int]
    group_of: dict[str, int | cp_model.IntVar]
    pair_lits: dict[tuple[str, str], cp_model.IntVar] = field(default_factory=dict)

    def together_lit(self, a: str, b: str) -> cp_model.IntVar | None:
        """A literal that is true when a and b share a group (only forced one way: for costs and bans)."""
        for key in ((a, b), (b, a)):
            if key in self.visits:
                return self.visits[key]
            if key in self.observes:
                return self.observes[key]
        if a in self.host_index or b in self.host_index or a in self.out or b in self.out:
            return None  # two hosts, or one sitting out: never together
        if (a, b) not in self.pair_lits:
            lit = self.m.new_bool_var(f"t_{a}_{b}")
            self.m.add(self.group_of[a] != self.group_of[b]).only_enforce_if(lit.Not())
            self.pair_lits[a, b] = lit
        return self.pair_lits[a, b]

    def pair_lit(self, pair: frozenset[str]) -> cp_model.IntVar | None:
        """``together_lit`` of a pair, or None when either is not in this round."""
        a, b = sorted(pair)
        return self.together_lit(a, b) if a in self.group_of and b in self.group_of else None


def _group_model(by_role: list[list[str]], fours: int) -> _GroupModel:
    """Each host takes one visitor and one observer (two in ``fours`` groups); everyone's group number."""
    hosts, visitors, observers, out = by_role
    m = cp_model.CpModel()
    visits = {(h, v): m.new_bool_var(f"v_{h}_{v}") for h in hosts for v in visitors}
    observes = {(h, o): m.new_bool_var(f"o_{h}_{o}") for h in hosts for o in observers}
    four = {h: m.new_bool_var(f"four_{h}") for h in hosts}
    for h in hosts:
        m.add_exactly_one(visits[h, v] for v in visitors)
        m.add(sum(observes[h, o] for o in observers) == 1 + four[h])
    for v in visitors:
        m.add_exactly_one(visits[h, v] for h in hosts)
    for o in observers:
        m.add_exactly_one(observes[h, o] for h in hosts)
    m.add(sum(four.values()) == fours)
    host_index = {h: i for i, h in enumerate(hosts)}
    group_of: dict[str, int | cp_model.IntVar] = {h: host_index[h] for h in hosts}
    for x, lits in [(v, [(visits[h, v], host_index[h]) for h in hosts]) for v in visitors] + [
        (o, [(observes[h, o], host_index[h]) for h in hosts]) for o in observers
    ]:
        group_of[x] = m.new_int_var(0, len(hosts) - 1, f"g_{x}")
        m.add(group_of[x] == sum(i * lit for lit, i in lits))
    return _GroupModel(m, hosts, visitors, observers, out, visits, observes, four, host_index, group_of)


def _group_rules(gm: _GroupModel, request: Request, host_visitor: set[frozenset[str]]) -> None:
    """No host–visitor pair again, keep-apart pairs apart, not any proposal already shown."""
    for pair in host_visitor:
        a, b = sorted(pair)
        for h, v in ((a, b), (b, a)):
            if (h, v) in gm.visits:
                gm.m.add(gm.visits[h, v] == 0)
    for a, b in request.keep_apart:
        if a in gm.group_of and b in gm.group_of:
            lit = gm.together_lit(a, b)
            if lit is not None:
                gm.m.add(lit == 0)
    for shown in request.forbidden:
        chosen = [gm.visits[g.host, g.visitor] for g in shown.triads if (g.host, g.visitor) in gm.visits]
        chosen += [gm.observes[g.host, o] for g in shown.triads for o in g.observers if (g.host, o) in gm.observes]
        if chosen:
            gm.m.add(sum(chosen) <= len(chosen) - 1)


def _hint_groups(gm: _GroupModel, start: list[Group]) -> None:
    """A complete hint from the greedy grouping, or CP-SAT may not manage to finish it."""
    m = gm.m
    for g in start:
        for v in gm.visitors:
            m.add_hint(gm.visits[g.host, v], v == g.visitor)
        for o in gm.observers:
            m.add_hint(gm.observes[g.host, o], o in g.observers)
        m.add_hint(gm.four[g.host], len(g.observers) > 1)
        for x in (g.visitor, *g.observers):
            var = gm.group_of[x]
            assert not isinstance(var, int)
            m.add_hint(var, gm.host_index[g.host])
    now = pairs_in(start)
    for (a, b), lit in gm.pair_lits.items():
        m.add_hint(lit, frozenset((a, b)) in now)


def _best_groups(request: Request, role_cost: int, by_role: list[list[str]]) -> Proposal | None:
    """The hosts' visitors and observers that repeat the fewest pairs of earlier rounds."""
    _, fours, _ = group_sizes(len(set(request.authorities)), request.remainder)
    host_visitor, together, _ = history_facts(request.history)
    gm = _group_model(by_role, fours)
    _group_rules(gm, request, host_visitor)
    gm.m.minimize(sum(lit for pair in together if (lit := gm.pair_lit(pair)) is not None))
    start = _greedy_for_roles(request, by_role, fours, host_visitor, together)
    if start:
        _hint_groups(gm, start)
    solver = _solver(request)
    # The greedy hint usually meets the bound at once; a long presolve of this large but easy model would cost seconds.
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.max_presolve_iterations = 1
    status = solver.solve(gm.m)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    built = []
    for h in gm.hosts:
        visitor = next(v for v in gm.visitors if solver.boolean_value(gm.visits[h, v]))
        built.append(Group(h, visitor, tuple(o for o in gm.observers if solver.boolean_value(gm.observes[h, o]))))
    repeated = sorted(tuple(sorted(pair)) for pair in pairs_in(built) & together)
    return Proposal(
        triads=tuple(built),
        sitting_out=tuple(sorted(request.extra_sitting_out)) + tuple(gm.out),
        violations=tuple(Violation("together_again", pair) for pair in repeated),
        objective=role_cost + PAIR_AGAIN_WEIGHT * len(repeated),
        optimal=not repeated,
        best_bound=role_cost,
        seconds=0.0,
    )


def _greedy_for_roles(
    request: Request,
    by_role: list[list[str]],
    fours: int,
    host_visitor: set[frozenset[str]],
    together: set[frozenset[str]],
) -> list[Group] | None:
    """The best of a few greedy groupings of these roles, as the group model's starting point."""
    import random

    rng = random.Random(request.seed)
    roles = dict(zip(("host", "visitor", "observer", "out"), by_role, strict=True))
    apart = {frozenset(p) for p in request.keep_apart}
    banned = host_visitor | apart
    shown = [p.pairs() for p in request.forbidden]
    best: tuple[int, list[Group]] | None = None
    for _ in range(HINT_RESTARTS):
        built = _greedy_groups(roles, fours, banned, together, apart, rng)
        if built is None or any(Proposal(tuple(built), (), (), 0, False, 0, 0.0).pairs() == p for p in shown):
            continue
        score = len(pairs_in(built) & together)
        if best is None or score < best[0]:
            best = (score, built)
    return None if best is None else best[1]


def _hint(
    m: cp_model.CpModel,
    slot: list[cp_model.IntVar],
    index: dict[str, int],
    groups: int,
    fours: int,
    start: tuple[list[Group], list[str]] | None,
) -> None:
    """Start the search from the greedy grouping, its groups ordered as the symmetry breaking wants."""
    if start is None:
        return
    built, sitting_out = start
    built = sorted(built, key=lambda g: (len(g.observers) == 1, index[g.host]))
    for g, group_ in enumerate(built):
        m.add_hint(slot[index[group_.host]], 3 * g)
        m.add_hint(slot[index[group_.visitor]], 3 * g + 1)
        m.add_hint(slot[index[group_.observers[0]]], 3 * g + 2)
        if len(group_.observers) > 1:
            m.add_hint(slot[index[group_.observers[1]]], 3 * groups + g)
    for k, name in enumerate(sorted(sitting_out, key=index.__getitem__)):
        m.add_hint(slot[index[name]], 3 * groups + fours + k)


def _solver(request: Request) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = request.time_limit
    solver.parameters.random_seed = request.seed
    solver.parameters.num_workers = request.workers
    return solver


def explain_infeasible(request: Request) -> list[str]:
    """The hard-constraint families that cannot all hold (a minimal set), or ["group_sizes"] if none can.

    The families' literals are assumptions; CP-SAT's ``sufficient_assumptions_for_infeasibility``
    gives a core, which is then shrunk by dropping each family whose absence leaves it infeasible.
    """
    built = _build(request)
    m, enforce = built.m, built.enforce
    m.add_assumptions(list(enforce.values()))
    solver = _solver(request)
    if solver.solve(m) != cp_model.INFEASIBLE:
        return []
    by_index = {lit.Index(): c for c, lit in enforce.items()}
    needed = [by_index[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in by_index]
    for family in list(needed):
        trial = [c for c in needed if c is not family]
        m.clear_assumptions()
        m.add_assumptions([enforce[c] for c in trial])
        check = _solver(request)
        check.parameters.stop_after_first_solution = True
        if check.solve(m) == cp_model.INFEASIBLE:
            needed = trial
    return sorted(c.value for c in needed) or ["group_sizes"]


def pairs_in(groups: Sequence[Group]) -> set[frozenset[str]]:
    """Every pair of authorities that shares a group."""
    return {frozenset((a, b)) for g in groups for i, a in enumerate(g.members) for b in g.members[i + 1 :]}


def repeats(proposal_groups: Sequence[Group], history: Sequence[Sequence[Group]]) -> dict[str, int]:
    """What a proposal repeats of history: host–visitor pairs (either way), hosts of the last round, pairs together."""
    host_visitor, together, _ = history_facts(history)
    last_hosts = {g.host for g in history[-1]} if history else set()
    return {
        "host_visitor_again": sum(frozenset((g.host, g.visitor)) in host_visitor for g in proposal_groups),
        "host_twice_running": sum(g.host in last_hosts for g in proposal_groups),
        "together_again": len(pairs_in(proposal_groups) & together),
    }


def objective_of(request: Request, proposal_groups: Sequence[Group], facts: HistoryFacts | None = None) -> int:
    """The model's objective for any grouping: pairs together again, then uneven roles."""
    _, together, counts = facts or history_facts(request.history)
    total = PAIR_AGAIN_WEIGHT * len(pairs_in(proposal_groups) & together)
    for g in proposal_groups:
        for name, played_role in g.roles():
            played = [counts[name, r] for r in ROLES]
            total += counts[name, played_role] - min(played)
    return total


def greedy(request: Request, restarts: int = 50) -> tuple[list[Group], list[str]] | None:
    """A random-restart greedy grouping that keeps the hard constraints: the baseline, and the solver's hint.

    Roles go to whoever has played them least; then each host takes the visitor and observers who
    met it least before. Returns (groups, sitting out) of the best restart, or None if none kept
    the hard constraints.
    """
    import random

    rng = random.Random(request.seed)
    names = sorted(set(request.authorities))
    groups, fours, sitting = group_sizes(len(names), request.remainder)
    facts = history_facts(request.history)
    host_visitor, together, counts = facts
    last_hosts = {g.host for g in request.history[-1]} if request.history else set()
    apart = {frozenset(p) for p in request.keep_apart}
    best: tuple[int, list[Group], list[str]] | None = None
    for _ in range(restarts):
        order = names[:]
        rng.shuffle(order)
        need = {"host": groups, "visitor": groups, "observer": groups + fours, "out": sitting}
        by_role: dict[str, list[str]] = {r: [] for r in need}
        # Those who may not host are placed first, so the hosts' places are left to the others.
        for name in sorted(order, key=lambda x: x not in last_hosts):
            least = min(counts[name, r] for r in ROLES)
            options = sorted(
                need, key=lambda r: (r == "out", counts[name, r] - least if r != "out" else 0, rng.random())
            )
            options = [r for r in options if need[r] and not (r == "host" and name in last_hosts)]
            if not options:
                break
            need[options[0]] -= 1
            by_role[options[0]].append(name)
        else:
            built = _greedy_groups(by_role, fours, host_visitor | apart, together, apart, rng)
            if built is not None:
                score = objective_of(request, built, facts)
                if best is None or score < best[0]:
                    best = (score, built, by_role["out"])
    return None if best is None else (best[1], best[2])


def _greedy_groups(
    by_role: Mapping[str, list[str]],
    fours: int,
    banned: set[frozenset[str]],
    together: set[frozenset[str]],
    apart: set[frozenset[str]],
    rng: random.Random,
) -> list[Group] | None:
    visitors, observers = by_role["visitor"][:], by_role["observer"][:]
    rng.shuffle(visitors)
    rng.shuffle(observers)
    built: list[Group] = []
    for k, host in enumerate(by_role["host"]):
        choices = [v for v in visitors if frozenset((host, v)) not in banned]
        if not choices:
            return None
        visitor = min(choices, key=lambda v: frozenset((host, v)) in together)
        visitors.remove(visitor)
        members = [host, visitor]
        for _ in range(2 if k < fours else 1):
            choices = [o for o in observers if not any(frozenset((m, o)) in apart for m in members)]
            if not choices:
                return None
            observer = min(choices, key=lambda o: sum(frozenset((m, o)) in together for m in members))
            observers.remove(observer)
            members.append(observer)
        built.append(Group(host, visitor, tuple(members[2:])))
    return built


def swap(proposal: Proposal, first: str, second: str) -> tuple[list[Group], list[str]]:
    """The proposal's groups and sit-outs with two authorities exchanging places (the Edit form)."""

    def other(name: str) -> str:
        return second if name == first else first if name == second else name

    groups = [Group(other(g.host), other(g.visitor), tuple(other(o) for o in g.observers)) for g in proposal.triads]
    return groups, [other(name) for name in proposal.sitting_out]


def rescore(request: Request, edited: tuple[list[Group], list[str]]) -> Proposal:
    """An edited proposal judged as the model would: every broken rule listed, no claim of optimality."""
    groups, sitting_out = edited
    facts = history_facts(request.history)
    host_visitor, together, _ = facts
    last_hosts = {g.host for g in request.history[-1]} if request.history else set()
    now = pairs_in(groups)
    violations = [
        Violation(Constraint.HOST_VISITOR_AGAIN.value, (g.host, g.visitor))
        for g in groups
        if frozenset((g.host, g.visitor)) in host_visitor
    ]
    violations += [Violation(Constraint.HOST_TWICE_RUNNING.value, (g.host,)) for g in groups if g.host in last_hosts]
    violations += [
        Violation(Constraint.KEEP_APART.value, tuple(sorted(p))) for p in request.keep_apart if frozenset(p) in now
    ]
    violations += [Violation("together_again", tuple(sorted(p))) for p in sorted(now & together, key=sorted)]
    score = objective_of(request, groups, facts)
    return Proposal(tuple(groups), tuple(sitting_out), tuple(violations), score, False, score, 0.0)
