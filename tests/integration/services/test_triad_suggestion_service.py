"""The suggest-triads use cases on a real database: history from stored rounds, the stored proposal, Accept's
compare-and-set."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from bot.rules.refusals import Refused
from bot.services import admin, triads
from bot.services import triad_suggestions as suggestions
from bot.services.triad_suggestions import Options, SuggestionStale
from storage import rounds
from storage.models import TriadSuggestion
from storage.rounds import round_by_name
from tests.integration.services.conftest import COORDINATOR, TEAM

SE_2018 = [
    ("Oxfordshire", "Milton Keynes", "Portsmouth"),
    ("Wokingham", "Southampton", "East Sussex"),
    ("Hampshire", "Windsor and Maidenhead", "Brighton and Hove"),
]


@pytest.fixture
def region(sessions, who, clock):
    coordinator = who(COORDINATOR)
    with sessions.begin() as session:
        admin.create_round(session, coordinator, "SE 2018", "Europe/London", 2018)
        for i, name in enumerate(n for t in SE_2018 for n in t):
            admin.add_authority(session, coordinator, name, f"UDCS{i}", [])
    for number, (host, visitor, observer) in enumerate(SE_2018, start=1):
        with sessions.begin() as session:
            plan = triads.plan_triad(
                session, coordinator, {"host": host, "visitor": visitor, "observer": observer}, None
            )
            triads.record_triad(session, coordinator, plan, f"C{number}", f"pc-2018-{number}", clock())
    with sessions.begin() as session:
        admin.create_round(session, coordinator, "SE 2019", "Europe/London", 2019)
    with sessions.begin() as session:  # another workspace's round is no history of this one
        admin.create_round(session, who_else(coordinator), "SE 2019", "Europe/London", 2019)
    return coordinator


def who_else(actor):
    from bot.services.access import Actor

    return Actor("T-OTHER", actor.user_id, actor.coordinators)


def test_history_comes_from_the_rounds_stored_and_the_proposal_is_stored(region, sessions):
    with sessions.begin() as session:
        suggested = suggestions.propose(session, region, "SE 2019", Options())
    assert suggested.proposal.optimal and suggested.proposal.violations == ()
    assert not {frozenset((g.host, g.visitor)) for g in suggested.proposal.triads} & {
        frozenset((h, v)) for h, v, _ in SE_2018
    }
    with sessions() as session:
        row = session.scalar(select(TriadSuggestion))
        assert (row.team_id, row.status, row.proposal["triads"]) == (
            TEAM, "proposed", [g.to_json() for g in suggested.proposal.triads]
        )  # fmt: skip


def test_a_new_proposal_supersedes_the_open_one(region, sessions):
    with sessions.begin() as session:
        first = suggestions.propose(session, region, "SE 2019", Options())
    with sessions.begin() as session:
        suggestions.propose(session, region, "SE 2019", Options(seed=5))
    with pytest.raises(Refused) as refused, sessions.begin() as session:
        suggestions.start_accept(session, region, first.id)
    assert refused.value.code is SuggestionStale.SUPERSEDED


def test_two_accepts_at_once_claim_the_proposal_once(region, sessions):
    with sessions.begin() as session:
        suggested = suggestions.propose(session, region, "SE 2019", Options())
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def accept():
        barrier.wait()
        try:
            with sessions.begin() as session:
                accepting = suggestions.start_accept(session, region, suggested.id)
            outcomes.append(f"claimed {len(accepting.plans)}")
        except Refused as exc:
            outcomes.append(str(exc.code))
        except Exception as exc:  # SQLite: the loser may see the database locked
            outcomes.append(type(exc).__name__)

    threads = [threading.Thread(target=accept) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes)[0] == "claimed 3" and outcomes.count("claimed 3") == 1
    with sessions() as session:
        assert session.scalar(select(TriadSuggestion.status)) == "accepting"


def test_accept_is_refused_when_the_round_changed_since(region, sessions, clock):
    with sessions.begin() as session:
        suggested = suggestions.propose(session, region, "SE 2019", Options())
    group = suggested.proposal.triads[0]
    others = [n for t in SE_2018 for n in t if n not in group.members]
    with sessions.begin() as session:  # a coordinator forms one triad by hand meanwhile
        plan = triads.plan_triad(
            session, region, {"host": group.visitor, "visitor": others[0], "observer": others[1]}, "SE 2019"
        )
        triads.record_triad(session, region, plan, "C9", "pc-2019-x", clock())
    with pytest.raises(Refused) as refused, sessions.begin() as session:
        suggestions.start_accept(session, region, suggested.id)
    assert refused.value.code is SuggestionStale.ROUND_CHANGED
    assert set(refused.value.facts["names"]) >= {group.visitor, others[0], others[1]}


def test_another_workspace_cannot_see_the_proposal(region, sessions):
    with sessions.begin() as session:
        suggested = suggestions.propose(session, region, "SE 2019", Options())
    with pytest.raises(Refused) as refused, sessions.begin() as session:
        suggestions.reshuffle(session, who_else(region), suggested.id)
    assert refused.value.code is SuggestionStale.GONE


def test_only_earlier_rounds_are_history(region, sessions, clock):
    """Suggesting for SE 2017, made after SE 2018: 2018's triads are not its history."""
    with sessions.begin() as session:
        admin.create_round(session, region, "SE 2017", "Europe/London", 2017)
    with sessions.begin() as session:
        suggested = suggestions.propose(session, region, "SE 2017", Options())
    assert suggested.proposal.objective == 0 and suggested.proposal.optimal
    with sessions() as session:
        names = [r.name for r in rounds.rounds_before(session, TEAM, round_by_name(session, TEAM, "SE 2019"))]
        assert names == ["SE 2017", "SE 2018"]
        assert rounds.rounds_before(session, TEAM, round_by_name(session, TEAM, "SE 2017")) == []


def test_an_edit_names_authorities_of_the_proposal_and_keeps_it_open(region, sessions):
    with sessions.begin() as session:
        suggested = suggestions.propose(session, region, "SE 2019", Options())
    with pytest.raises(Refused) as refused, sessions.begin() as session:
        suggestions.swap(session, region, suggested.id, "Narnia", "Oxfordshire")
    assert refused.value.code is SuggestionStale.NOT_IN_PROPOSAL and refused.value.facts == {"name": "Narnia"}
    first, second = suggested.proposal.triads[0].host, suggested.proposal.triads[1].visitor
    with sessions.begin() as session:
        edited = suggestions.swap(session, region, suggested.id, first, second)
    assert edited.proposal.triads[0].host == second and edited.proposal.triads[1].visitor == first
    with sessions.begin() as session:
        accepting = suggestions.start_accept(session, region, suggested.id)
    assert accepting.plans[0].host_name == second
