"""The visiting-team use cases on a real database: the round's load cap across triads, and workspaces kept apart."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.rules.refusals import Refused
from bot.rules.visiting_team import MAX_TEAMS_PER_ROUND, Constraint, TeamRefusal
from bot.services import access
from bot.services import visiting_team as team_service
from bot.services.visiting_team import PoolRefusal, ProposalRefusal
from storage.models import Round
from tests.integration.services import world
from tests.integration.services.world import COORDINATOR, HOST_DCS, OTHER_DCS, OTHER_TEAM, TEAM, VISITOR_DCS

REVIEWERS = (("UK", "Kent", "director"), ("US", "Surrey", "manager"), ("UL", "Slough", "practitioner"))


@pytest.fixture
def region(sessions):
    """world's two triads, a third in the same round (Milton Keynes hosts), and a pool of three reviewers."""
    world.build(sessions)
    with sessions() as session, session.begin():
        for name in ("Kent", "Surrey", "Slough"):
            world._authority(session, TEAM, name, f"U{name.upper()}DCS")
        round_ = session.scalars(select(Round).where(Round.team_id == TEAM)).one()
        one, two = sorted(round_.triads, key=lambda t: t.number)
        world._triad(session, TEAM, 3, round_, (one.visitor, two.host, two.visitor), "C3")
    with sessions() as session, session.begin():
        coordinator = access.actor(session, TEAM, COORDINATOR, [COORDINATOR])
        for user, authority, seniority in REVIEWERS:
            team_service.add_reviewer(session, coordinator, user, authority, seniority, "early help")


def suggest_and_accept(sessions, number: int, host_dcs: str, visitor_dcs: str, clock) -> list[str]:
    with world.as_user(sessions, COORDINATOR, number) as (session, who, triad):
        suggested = team_service.suggest(session, who, triad)
    for dcs in (host_dcs, visitor_dcs):
        with sessions() as session, session.begin():
            who = access.actor(session, TEAM, dcs, [COORDINATOR])
            accepted = team_service.accept(session, who, suggested.proposal_id, clock())
    assert accepted.newly_accepted
    return sorted(m.candidate.user_id for m in suggested.team.members)


def test_a_reviewer_on_two_accepted_teams_of_the_round_is_not_suggested_a_third_time(sessions, region, clock):
    assert suggest_and_accept(sessions, 1, HOST_DCS, VISITOR_DCS, clock) == ["UK", "UL", "US"]
    with world.as_user(sessions, COORDINATOR) as (session, who, _):
        assert {e.user_id: e.load for e in team_service.pool(session, who)} == {"UK": 1, "US": 1, "UL": 1}
    assert suggest_and_accept(sessions, 2, OTHER_DCS, "UWINDSOR", clock) == ["UK", "UL", "US"]
    before = world.snapshot(sessions)
    with pytest.raises(Refused) as refused, world.as_user(sessions, COORDINATOR, 3) as (session, who, triad):
        team_service.suggest(session, who, triad)
    assert refused.value.code == TeamRefusal.INFEASIBLE
    facts = refused.value.facts
    assert (facts["constraint"], facts["eligible"], facts["overloaded"], facts["cap"]) == (
        Constraint.TEAM_SIZE,
        0,
        3,
        MAX_TEAMS_PER_ROUND,
    )
    assert world.snapshot(sessions) == before


def test_a_suggestion_is_stale_once_its_reviewers_fill_their_round_elsewhere(sessions, region, clock):
    with world.as_user(sessions, COORDINATOR, 3) as (session, who, triad):
        waiting = team_service.suggest(session, who, triad)
    suggest_and_accept(sessions, 1, HOST_DCS, VISITOR_DCS, clock)
    suggest_and_accept(sessions, 2, OTHER_DCS, "UWINDSOR", clock)
    with pytest.raises(Refused) as refused, sessions() as session, session.begin():
        who = access.actor(session, TEAM, VISITOR_DCS, [COORDINATOR])  # Milton Keynes hosts triad 3
        team_service.accept(session, who, waiting.proposal_id, clock())
    assert refused.value.code == ProposalRefusal.STALE and refused.value.facts["why"] == "overloaded"


def test_workspaces_are_kept_apart(sessions, region, clock):
    with world.as_user(sessions, COORDINATOR, 1) as (session, who, triad):
        suggested = team_service.suggest(session, who, triad)
    with sessions() as session, session.begin():
        elsewhere = access.actor(session, OTHER_TEAM, COORDINATOR, [COORDINATOR])
        assert team_service.pool(session, elsewhere) == []
        with pytest.raises(Refused) as gone:
            team_service.accept(session, elsewhere, suggested.proposal_id, clock())
        assert gone.value.code == ProposalRefusal.GONE
        with pytest.raises(Refused) as unknown:
            team_service.add_reviewer(session, elsewhere, "UK", "Kent", "director", "SEND")
        assert unknown.value.code == PoolRefusal.UNKNOWN_AUTHORITY
        with pytest.raises(Refused) as infeasible:
            team_service.suggest(session, elsewhere, access.triad_for(session, elsewhere, number=1))
        assert infeasible.value.facts["pool"] == 0
