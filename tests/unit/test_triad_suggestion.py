"""The triad suggestion model (bot/rules/triad_suggestion.py): CP-SAT on plain values."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.rules.refusals import Refused
from bot.rules.triad_suggestion import (
    Constraint,
    Group,
    Remainder,
    Request,
    SuggestionRefusal,
    check_request,
    greedy,
    objective_of,
    repeats,
    suggest,
)

# SPEC's 2018 round.
SE_2018 = [
    Group("Oxfordshire", "Milton Keynes", ("Portsmouth",)),
    Group("Wokingham", "Southampton", ("East Sussex",)),
    Group("Hampshire", "Windsor and Maidenhead", ("Brighton and Hove",)),
]
NINE = [name for g in SE_2018 for name in g.members]


def names(count: int) -> list[str]:
    return [f"Council {i:02d}" for i in range(count)]


def assert_each_plays_once(proposal, taking_part):
    played = [name for g in proposal.triads for name in g.members] + list(proposal.sitting_out)
    assert sorted(played) == sorted(taking_part)


def host_visitor_pairs(groups):
    return {frozenset((g.host, g.visitor)) for g in groups}


def test_2019_after_the_2018_table_repeats_no_host_visitor_pair_and_no_host():
    proposal = suggest(Request(NINE, [SE_2018]))
    assert_each_plays_once(proposal, NINE)
    assert len(proposal.triads) == 3 and all(len(g.observers) == 1 for g in proposal.triads)
    assert not host_visitor_pairs(proposal.triads) & host_visitor_pairs(SE_2018)  # either direction
    assert not {g.host for g in proposal.triads} & {g.host for g in SE_2018}
    assert proposal.violations == () and proposal.optimal
    assert repeats(proposal.triads, [SE_2018]) == {
        "host_visitor_again": 0,
        "host_twice_running": 0,
        "together_again": 0,
    }
    assert proposal.objective == objective_of(Request(NINE, [SE_2018]), proposal.triads)


def test_over_three_rounds_roles_rotate_and_nobody_meets_twice():
    history: list[list[Group]] = [SE_2018]
    for _ in range(2):
        proposal = suggest(Request(NINE, history))
        assert proposal.violations == () and proposal.optimal
        assert not {g.host for g in proposal.triads} & {g.host for g in history[-1]}
        history.append(list(proposal.triads))
    first_two = Counter((name, role) for groups in history[:2] for g in groups for name, role in g.roles())
    assert max(first_two.values()) == 1  # in 2019 everyone plays a role they did not play in 2018
    hv = Counter(frozenset((g.host, g.visitor)) for groups in history for g in groups)
    assert max(hv.values()) == 1
    pairs = Counter(
        frozenset((a, b)) for groups in history for g in groups for a in g.members for b in g.members if a < b
    )
    assert max(pairs.values()) == 1


@pytest.mark.parametrize(
    ("count", "remainder", "sizes", "sitting"),
    [
        (10, Remainder.FOUR, [3, 3, 4], 0),
        (10, Remainder.SIT_OUT, [3, 3, 3], 1),
        (11, Remainder.FOUR, [3, 4, 4], 0),
        (11, Remainder.SIT_OUT, [3, 3, 3], 2),
        (19, Remainder.FOUR, [3, 3, 3, 3, 3, 4], 0),
        (19, Remainder.SIT_OUT, [3] * 6, 1),
    ],
)
def test_counts_not_divisible_by_three_get_groups_of_four_or_sit_outs(count, remainder, sizes, sitting):
    taking_part = names(count)
    earlier = [Group(taking_part[i], taking_part[i + 1], (taking_part[i + 2],)) for i in range(0, count - 2, 3)]
    proposal = suggest(Request(taking_part, [earlier], remainder=remainder))
    assert_each_plays_once(proposal, taking_part)
    assert sorted(len(g.members) for g in proposal.triads) == sizes
    assert len(proposal.sitting_out) == sitting
    assert not host_visitor_pairs(proposal.triads) & host_visitor_pairs(earlier)
    assert not {g.host for g in proposal.triads} & {g.host for g in earlier}
    assert proposal.violations == () and proposal.optimal


def test_a_keep_apart_pair_is_never_in_one_group():
    for seed in range(3):
        proposal = suggest(Request(NINE, [SE_2018], keep_apart=[("Oxfordshire", "Hampshire")], seed=seed))
        assert not any({"Oxfordshire", "Hampshire"} <= set(g.members) for g in proposal.triads)


def test_the_solver_keeps_apart_what_greedy_history_would_put_together():
    """Six authorities who have all met: one pair kept apart leaves one way to avoid it."""
    six = names(6)
    proposal = suggest(Request(six, [], keep_apart=[(six[0], six[1]), (six[0], six[2])]))
    group_of_first = next(g for g in proposal.triads if six[0] in g.members)
    assert not {six[1], six[2]} & set(group_of_first.members)


def test_an_impossible_keep_apart_is_explained():
    with pytest.raises(Refused) as refused:
        suggest(Request(NINE[:3], [], keep_apart=[(NINE[0], NINE[1])]))
    assert refused.value.code is SuggestionRefusal.INFEASIBLE
    assert refused.value.facts["constraints"] == [Constraint.KEEP_APART.value]


def test_three_authorities_who_have_all_hosted_each_other_are_told_which_rule_cannot_hold():
    a, b, c = "Alpha", "Beta", "Gamma"
    history = [[Group(a, b, (c,))], [Group(c, a, (b,))], [Group(b, c, (a,))]]
    with pytest.raises(Refused) as refused:
        suggest(Request([a, b, c], history))
    # Every pair has been host and visitor: that rule alone rules out every triad.
    assert refused.value.facts["constraints"] == [Constraint.HOST_VISITOR_AGAIN.value]


def test_reshuffle_gives_another_grouping_of_the_same_quality():
    first = suggest(Request(NINE, [SE_2018]))
    second = suggest(Request(NINE, [SE_2018], forbidden=[first]))
    assert {frozenset(g.members) for g in first.triads} != {frozenset(g.members) for g in second.triads} or (
        first.pairs() != second.pairs()
    )
    assert second.objective == first.objective and second.violations == ()


def test_roles_even_out_an_authority_that_has_only_observed_hosts_or_visits():
    history = [SE_2018, [Group("Wokingham", "Oxfordshire", ("Portsmouth",)),
                         Group("Hampshire", "Southampton", ("East Sussex",)),
                         Group("Milton Keynes", "Windsor and Maidenhead", ("Brighton and Hove",))]]  # fmt: skip
    proposal = suggest(Request(NINE, history))
    roles = {name: role for g in proposal.triads for name, role in g.roles()}
    assert roles["Portsmouth"] != "observer" and roles["Brighton and Hove"] != "observer"


def test_greedy_baseline_keeps_the_hard_constraints():
    taking_part = names(30)
    earlier = [Group(taking_part[i], taking_part[i + 1], (taking_part[i + 2],)) for i in range(0, 30, 3)]
    found = greedy(Request(taking_part, [earlier]))
    assert found is not None
    built, sitting_out = found
    assert not host_visitor_pairs(built) & host_visitor_pairs(earlier) and sitting_out == []


def test_names_are_checked_before_solving():
    with pytest.raises(Refused) as refused:
        check_request(Request(NINE, keep_apart=[("Oxfordshire", "Narnia")]), NINE)
    assert refused.value.facts == {"name": "Narnia", "option": "keep-apart", "near": []}
    with pytest.raises(Refused) as refused:
        check_request(Request(NINE[:2]), NINE)
    assert refused.value.code is SuggestionRefusal.TOO_FEW


def test_unavoidable_repeats_are_listed_and_the_joint_model_proves_the_fewest():
    six = ["A", "B", "C", "D", "E", "F"]
    history = [
        [Group("A", "B", ("C",)), Group("D", "E", ("F",))],
        [Group("B", "D", ("A",)), Group("E", "C", ("F",))],
        [Group("C", "A", ("E",)), Group("F", "B", ("D",))],
        [Group("A", "F", ("D",)), Group("B", "E", ("C",))],
    ]  # every pair but C–D has met: two triads of six hold six pairs, so at least five meet again
    proposal = suggest(Request(six, history))
    assert len(proposal.violations) == 5 and {"C", "D"} <= set(
        next(g for g in proposal.triads if "C" in g.members).members
    )
    assert proposal.optimal and proposal.objective == proposal.best_bound == 500
    assert repeats(proposal.triads, history)["host_visitor_again"] == 0


def test_an_edit_is_rescored_with_every_rule_it_breaks():
    from bot.rules.triad_suggestion import rescore, swap

    proposal = suggest(Request(NINE, [SE_2018]))
    host = proposal.triads[0].host
    edited = rescore(Request(NINE, [SE_2018]), swap(proposal, host, "Oxfordshire"))
    assert edited.triads[0].host == "Oxfordshire" and not edited.optimal
    assert ("host_twice_running", ("Oxfordshire",)) in [(v.kind, v.authorities) for v in edited.violations]
    assert sorted(n for g in edited.triads for n in g.members) == sorted(NINE)
