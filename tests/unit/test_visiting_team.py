"""The visiting-team model: hard constraints hold, preferences steer, infeasibility is explained."""

from __future__ import annotations

import itertools
import random

import pytest

from bot.rules.refusals import Refused
from bot.rules.visiting_team import (
    MAX_TEAMS_PER_ROUND,
    SENIOR,
    SENIORITIES,
    TEAM_MAX,
    TEAM_MIN,
    WEIGHT_AGAIN,
    WEIGHT_EXPERTISE,
    WEIGHT_LEVEL,
    WEIGHT_LOAD,
    WEIGHT_SENIOR,
    AcceptRefusal,
    AcceptState,
    Candidate,
    Constraint,
    ReviewerRefusal,
    TeamRefusal,
    TeamRequest,
    accept,
    expertise_score,
    parse_expertise,
    parse_seniority,
    suggest_team,
)

LINES = (
    "How well does our early help offer reach families before they need statutory services?",
    "How effective is the support for children with SEND moving into adulthood?",
)
REQUEST = TeamRequest("Oxfordshire", "UOXFDCS", "UMKDCS", LINES)


def c(user: str, authority: str, seniority: str, *expertise: str, load: int = 0) -> Candidate:
    return Candidate(user, authority, seniority, expertise or ("fostering",), load)


def ids(team) -> set[str]:
    return {m.candidate.user_id for m in team.members}


def test_a_team_is_three_or_four_reviewers_from_different_authorities():
    pool = [
        c("U1", "Kent", "director", "early help"),
        c("U2", "Kent", "manager", "early help", "SEND"),
        c("U3", "Surrey", "manager", "SEND"),
        c("U4", "Surrey", "practitioner", "early help"),
        c("U5", "Slough", "head of service", "adoption"),
        c("U6", "Reading", "practitioner", "SEND transitions"),
    ]
    team = suggest_team(REQUEST, pool)
    authorities = [m.candidate.authority for m in team.members]
    assert TEAM_MIN <= len(team.members) <= TEAM_MAX
    assert len(authorities) == len(set(authorities))
    assert team.optimal


def test_nobody_from_the_host_authority_even_the_best_match():
    pool = [
        c("UHOST1", "Oxfordshire", "director", "early help", "SEND", "statutory services"),
        c("UHOST2", "oxfordshire", "manager", "early help"),  # the authority's name in any case
        c("U1", "Kent", "manager", "adoption"),
        c("U2", "Surrey", "practitioner", "fostering"),
        c("U3", "Slough", "director", "youth justice"),
    ]
    team = suggest_team(REQUEST, pool)
    assert ids(team) == {"U1", "U2", "U3"}


def test_neither_dcs_of_the_triad_is_a_reviewer():
    pool = [
        c("UMKDCS", "Milton Keynes", "director", "early help", "SEND"),
        c("U1", "Kent", "manager"),
        c("U2", "Surrey", "practitioner"),
        c("U3", "Slough", "director"),
    ]
    assert "UMKDCS" not in ids(suggest_team(REQUEST, pool))


def test_at_least_two_seniority_levels_even_when_one_level_matches_better():
    pool = [
        c("U1", "Kent", "manager", "early help", "SEND"),
        c("U2", "Surrey", "manager", "early help", "SEND"),
        c("U3", "Slough", "manager", "early help", "SEND"),
        c("U4", "Reading", "manager", "early help", "SEND"),
        c("U5", "Luton", "practitioner", "archives"),
    ]
    team = suggest_team(REQUEST, pool)
    assert len({m.candidate.seniority for m in team.members}) >= 2
    assert "U5" in ids(team)


def test_a_director_or_head_of_service_is_preferred():
    pool = [
        c("U1", "Kent", "manager", "early help"),
        c("U2", "Surrey", "practitioner", "early help"),
        c("U3", "Slough", "manager", "early help"),
        c("U4", "Slough", "head of service", "archives"),  # weaker match, but senior
    ]
    team = suggest_team(REQUEST, pool)
    assert "U4" in ids(team) and any(m.candidate.seniority in SENIOR for m in team.members)


def test_expertise_matching_the_lines_is_chosen_over_none():
    pool = [
        c("U1", "Luton", "director", "archives"),
        c("U2", "Kent", "manager", "early help"),
        c("U3", "Surrey", "manager", "SEND"),
        c("U4", "Surrey", "manager", "libraries"),
        c("U5", "Slough", "practitioner", "transport"),
        c("U6", "Slough", "practitioner", "statutory services"),
    ]
    team = suggest_team(REQUEST, pool)
    assert {"U2", "U3", "U6"} <= ids(team) and not {"U4", "U5"} & ids(team)
    assert all(m.score > 0 for m in team.members if m.candidate.user_id != "U1")


def test_an_overloaded_reviewer_is_never_chosen_and_a_busy_one_is_avoided():
    pool = [
        c("U1", "Kent", "director", "early help", "SEND", load=MAX_TEAMS_PER_ROUND),  # at the cap
        c("U2", "Kent", "director", "early help", "SEND", load=1),
        c("U3", "Kent", "director", "early help", "SEND", load=0),
        c("U4", "Surrey", "manager", "SEND"),
        c("U5", "Slough", "practitioner", "early help"),
    ]
    team = suggest_team(REQUEST, pool)
    assert "U1" not in ids(team) and "U3" in ids(team) and "U2" not in ids(team)


def test_too_few_authorities_is_explained_with_the_counts():
    pool = [
        c("UHOST", "Oxfordshire", "director"),
        c("U1", "Kent", "director"),
        c("U2", "Kent", "manager"),
        c("U3", "Surrey", "manager"),
        c("U4", "Slough", "manager", load=MAX_TEAMS_PER_ROUND),
    ]
    with pytest.raises(Refused) as refused:
        suggest_team(REQUEST, pool)
    assert refused.value.code == TeamRefusal.INFEASIBLE
    facts = refused.value.facts
    assert facts["constraint"] == Constraint.TEAM_SIZE
    assert (facts["eligible"], facts["authorities"], facts["pool"], facts["from_host"], facts["overloaded"]) == (
        3,
        2,
        5,
        1,
        1,
    )


def test_one_seniority_only_is_explained():
    pool = [c("U1", "Kent", "manager"), c("U2", "Surrey", "manager"), c("U3", "Slough", "manager")]
    with pytest.raises(Refused) as refused:
        suggest_team(REQUEST, pool)
    assert refused.value.facts["constraint"] == Constraint.SENIORITY_MIX
    assert refused.value.facts["eligible"] == 3 and refused.value.facts["levels"] == 1


def test_suggest_again_looks_for_other_reviewers_where_it_can():
    pool = [
        c("U1", "Kent", "director", "early help"),
        c("U2", "Kent", "director", "early help"),
        c("U3", "Surrey", "manager", "SEND"),
        c("U4", "Surrey", "manager", "SEND"),
        c("U5", "Slough", "practitioner"),
        c("U6", "Luton", "practitioner"),
    ]
    first = suggest_team(REQUEST, pool)
    second = suggest_team(REQUEST, pool, again=frozenset(ids(first)))
    assert ids(first) != ids(second) and len(ids(first) & ids(second)) < len(ids(first))


def _objective(team: list[Candidate], again: frozenset[str]) -> int:
    scores = [expertise_score(m.expertise, REQUEST.lines) for m in team]
    levels = {m.seniority for m in team}
    return (
        WEIGHT_EXPERTISE * sum(scores)
        + WEIGHT_SENIOR * bool(levels & SENIOR)
        + WEIGHT_LEVEL * (len(levels) - 2)
        - WEIGHT_LOAD * sum(m.load for m in team)
        - WEIGHT_AGAIN * sum(m.user_id in again for m in team)
    )


@pytest.mark.parametrize("seed", range(8))
def test_the_solver_finds_the_best_team_a_brute_force_finds(seed):
    rng = random.Random(seed)
    terms = ["early help", "SEND", "adoption", "statutory services", "youth justice", "families"]
    authorities = ["Oxfordshire", "Kent", "Surrey", "Slough", "Luton", "Reading"]
    pool = [
        c(
            f"U{i}",
            rng.choice(authorities),
            rng.choice(SENIORITIES),
            *rng.sample(terms, rng.randint(1, 3)),
            load=rng.choice([0, 0, 1, 2]),
        )
        for i in range(9)
    ]
    again = frozenset(rng.sample([p.user_id for p in pool], 2))
    eligible = [p for p in pool if p.authority != "Oxfordshire" and p.load < MAX_TEAMS_PER_ROUND]
    teams = [
        list(t)
        for size in range(TEAM_MIN, TEAM_MAX + 1)
        for t in itertools.combinations(eligible, size)
        if len({m.authority for m in t}) == size and len({m.seniority for m in t}) >= 2
    ]
    if not teams:
        with pytest.raises(Refused):
            suggest_team(REQUEST, pool, again=again)
        return
    best = max(_objective(t, again) for t in teams)
    found = suggest_team(REQUEST, pool, again=again)
    assert found.optimal and found.objective == best
    assert _objective([m.candidate for m in found.members], again) == best


def test_expertise_score_matches_phrases_words_plurals_and_acronyms():
    assert expertise_score(["early help"], ["Is our early-help offer working?"]) == 2
    assert expertise_score(["help at home"], ["Is our early help offer working?"]) == 1  # a word, not the phrase
    assert expertise_score(["families"], ["How do we support each family?"]) == 2  # plural and singular
    assert expertise_score(["SEND"], ["Do we send plans on time?"]) == 0  # the acronym is not the verb
    assert expertise_score(["SEND"], ["Support for children with SEND"]) == 2
    assert expertise_score(["the"], ["the voice of the child"]) == 0  # stop words say nothing
    assert expertise_score(["adoption"], []) == 0


def test_seniority_and_expertise_are_read_or_refused():
    assert parse_seniority("Head of Service") == "head of service"
    assert parse_seniority(" head-of-service ") == "head of service"
    with pytest.raises(Refused) as refused:
        parse_seniority("boss")
    assert refused.value.code == ReviewerRefusal.UNKNOWN_SENIORITY and refused.value.facts["given"] == "boss"
    assert parse_expertise("early help, SEND; Early Help, ") == ("early help", "SEND")
    for empty in ("", " , ;", None):
        with pytest.raises(Refused) as refused:
            parse_expertise(empty)
        assert refused.value.code == ReviewerRefusal.EMPTY_EXPERTISE


def test_a_team_is_accepted_when_both_dcs_have_and_a_click_counts_once():
    start = AcceptState("proposed", None, None)
    first = accept(start, "UH", "UH", "UV")
    assert (first.newly_accepted, first.waiting_for) == (False, "visiting DCS")
    with pytest.raises(Refused) as again:
        accept(first.state, "UH", "UH", "UV")
    assert again.value.code == AcceptRefusal.YOU_ACCEPTED_ALREADY
    both = accept(first.state, "UV", "UH", "UV")
    assert both.newly_accepted and both.state == AcceptState("accepted", "UH", "UV")
    for state, user, code in (
        (start, "UOTHER", AcceptRefusal.NOT_HOST_OR_VISITING_DCS),
        (both.state, "UV", AcceptRefusal.ALREADY_ACCEPTED),
        (AcceptState("superseded", None, None), "UH", AcceptRefusal.SUPERSEDED),
    ):
        with pytest.raises(Refused) as refused:
            accept(state, user, "UH", "UV")
        assert refused.value.code == code
