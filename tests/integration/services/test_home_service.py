"""What a person's App Home shows, called directly: their triads, the reminders coming, their open actions."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.rules.dates import parse_fuzzy_date
from bot.services import access, actions
from bot.services import custom_reminders as reminders
from bot.services.home import MAX_ACTIONS, home_of
from storage.models import Reminder
from tests.integration.services.world import (
    COORDINATOR,
    HOST_DCS,
    HOST_TEAM,
    OTHER_DCS,
    STRANGER,
    TEAM,
    as_user,
    build,
)


@pytest.fixture
def world(sessions):
    build(sessions)
    return sessions


def home(sessions, user, team=TEAM):
    with sessions() as session:
        return home_of(session, access.actor(session, team, user, [COORDINATOR]), "Europe/London")


def test_a_member_sees_their_triads_with_roles_and_dates(world):
    data = home(world, HOST_TEAM)
    assert [(t.triad.number, t.roles, t.challenge.text, t.fieldwork.text) for t in data.triads] == [
        (1, ["host team"], "February 2018", "23 & 24 July 2018")
    ]
    assert data.zone.key == "Europe/London" and data.more_triads == 0
    assert [t.triad.number for t in home(world, COORDINATOR).triads] == [1, 2]  # a coordinator sees every triad
    assert home(world, STRANGER).triads == []
    assert [t.triad.team_id for t in home(world, HOST_DCS, team="T2").triads] == ["T2"]  # never another workspace


def test_the_reminders_coming_are_to_the_person_or_in_their_triads_channels(world, clock):
    with as_user(world, HOST_DCS) as (session, who, triad):
        reminders.set_reminder(session, who, triad, "in triad 1", clock(), after=timedelta(hours=2))
        session.add(Reminder(team_id=TEAM, triad_id=triad.id, key="k:dm", kind="custom", recipient=HOST_DCS,
                             text="to you", due_at=clock() + timedelta(hours=1), status="pending"))  # fmt: skip
    with as_user(world, OTHER_DCS, 2) as (session, who, triad):
        reminders.set_reminder(session, who, triad, "in triad 2", clock(), after=timedelta(hours=1))
    data = home(world, HOST_DCS)
    assert [(r.reminder.text, r.to_you, r.zone.key) for r in data.reminders] == [
        ("to you", True, "Europe/London"), ("in triad 1", False, "Europe/London")
    ]  # fmt: skip
    assert [r.reminder.text for r in home(world, HOST_TEAM).reminders] == ["in triad 1"]


def test_open_actions_are_the_persons_own_soonest_due_first_and_capped(world, clock):
    for n in range(MAX_ACTIONS + 2):
        with as_user(world, HOST_DCS) as (session, who, triad):
            due = parse_fuzzy_date(f"{n + 1} October 2018", 2018)
            actions.add_action(session, who, triad, f"action {n + 1}", HOST_TEAM, due, None, clock())
    with as_user(world, HOST_DCS) as (session, who, triad):
        actions.mark_done(session, who, triad, 1, clock())
        later = parse_fuzzy_date("30 September 2018", 2018)
        actions.add_action(session, who, triad, "someone else's", HOST_DCS, later, None, clock())
    data = home(world, HOST_TEAM)
    assert [a.action.number for a in data.actions] == list(range(2, MAX_ACTIONS + 2))
    assert data.more_actions == 1 and {a.triad_number for a in data.actions} == {1}
    assert [a.action.text for a in home(world, HOST_DCS).actions] == ["someone else's"]
