"""The action use cases called directly: add, note progress, mark done, list."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.rules.dates import parse_fuzzy_date
from bot.services import actions
from bot.services.actions import ActionRefusal
from bot.services.errors import Refused
from storage.models import Action, ActionNote, FocusLine, Reminder
from tests.integration.services.world import (
    HOST_DCS,
    HOST_TEAM,
    OBSERVER_DCS,
    STRANGER,
    VISITOR_DCS,
    as_user,
    build,
    snapshot,
)

SEPT_30 = parse_fuzzy_date("30 September 2018", 2018)


@pytest.fixture
def world(sessions):
    build(sessions)
    with as_user(sessions, HOST_DCS) as (session, who, triad):
        session.add_all([
            FocusLine(triad_id=triad.id, number=1, text="Front door", proposed_by=HOST_DCS, status="agreed"),
            FocusLine(triad_id=triad.id, number=2, text="Step-down", proposed_by=HOST_DCS, status="withdrawn"),
        ])  # fmt: skip
    return sessions


def add(sessions, clock, text="Audit step-down", owner=HOST_TEAM, due=SEPT_30, focus=None, user=HOST_DCS):
    with as_user(sessions, user) as (session, who, triad):
        return actions.add_action(session, who, triad, text, owner, due, focus, clock())


def action_due_reminders(sessions):
    with sessions() as session:
        return session.scalars(
            select(Reminder.key).where(Reminder.kind == "action_due", Reminder.status == "pending")
        ).all()


def test_adding_an_action_records_it_and_plans_its_reminder(world, clock):
    added = add(world, clock, focus=1)
    assert (added.number, added.triad_number, added.owner, added.due, added.focus_number, added.channel_id) == (
        1, 1, HOST_TEAM, date(2018, 9, 30), 1, "C1"
    )  # fmt: skip
    assert not added.owner_outside_triad and not added.due_has_passed
    with world() as session:
        row = session.scalar(select(Action))
        assert (row.team_id, row.text, row.due_text, row.due_date, row.focus_number, row.status, row.created_by) == (
            "T1", "Audit step-down", "30 September 2018", date(2018, 9, 30), 1, "open", HOST_DCS
        )  # fmt: skip
    assert len(action_due_reminders(world)) == 1
    assert add(world, clock, owner=STRANGER).number == 2


def test_an_owner_outside_the_triad_and_a_past_due_day_are_said(world, clock):
    added = add(world, clock, owner=STRANGER, due=parse_fuzzy_date("1 January 2018", 2018))
    assert added.owner_outside_triad and added.due_has_passed  # the clock says 8 January 2018


@pytest.mark.parametrize(
    "due, focus, code, facts",
    [
        ("September 2018", None, ActionRefusal.DUE_NOT_ONE_DAY, {"due": "September 2018"}),
        ("30 September 2018 tbc", None, ActionRefusal.DUE_NOT_ONE_DAY, None),
        ("30 September 2018", 9, ActionRefusal.NO_SUCH_LINE, {"triad": 1, "number": 9, "lines": [1]}),
        ("30 September 2018", 2, ActionRefusal.LINE_WITHDRAWN, {"number": 2, "lines": [1]}),
    ],
)
def test_a_wrong_due_day_or_line_is_refused_and_nothing_is_written(world, clock, due, focus, code, facts):
    before = snapshot(world)
    with as_user(world, HOST_DCS) as (session, who, triad):
        with pytest.raises(Refused) as refused:
            actions.add_action(session, who, triad, "x", HOST_TEAM, parse_fuzzy_date(due, 2018), focus, clock())
    assert refused.value.code is code
    if facts is not None:
        assert refused.value.facts == facts
    assert snapshot(world) == before


def test_a_progress_note_is_added_and_changes_no_reminder(world, clock):
    add(world, clock)
    reminders = action_due_reminders(world)
    clock.advance(days=3)
    with as_user(world, OBSERVER_DCS) as (session, who, triad):
        noted = actions.note_progress(session, who, triad, 1, "Audit started", clock())
    assert (noted.number, noted.triad_number, noted.owner) == (1, 1, HOST_TEAM)
    with world() as session:
        assert [(n.text, n.author, n.created_at) for n in session.scalars(select(ActionNote))] == [
            ("Audit started", OBSERVER_DCS, clock())
        ]
    assert action_due_reminders(world) == reminders


@pytest.mark.parametrize("use_case", ["note", "done"])
def test_a_missing_action_is_refused_and_nothing_is_written(world, clock, use_case):
    add(world, clock)
    before = snapshot(world)
    with as_user(world, HOST_DCS) as (session, who, triad):
        with pytest.raises(Refused) as refused:
            if use_case == "note":
                actions.note_progress(session, who, triad, 5, "n", clock())
            else:
                actions.mark_done(session, who, triad, 5, clock())
    assert (refused.value.code, refused.value.facts) == (
        ActionRefusal.NO_SUCH_ACTION,
        {"triad": 1, "number": 5, "numbers": [1]},
    )
    assert snapshot(world) == before


def test_marking_an_action_done_cancels_its_reminder_and_a_second_time_is_refused(world, clock):
    add(world, clock)
    assert len(action_due_reminders(world)) == 1
    with as_user(world, VISITOR_DCS) as (session, who, triad):
        done = actions.mark_done(session, who, triad, 1, clock())
    assert (done.number, done.text, done.owner, done.channel_id) == (1, "Audit step-down", HOST_TEAM, "C1")
    assert action_due_reminders(world) == []
    with world() as session:
        assert (session.scalar(select(Action.status)), session.scalar(select(Action.done_at))) == ("done", clock())
    before = snapshot(world)
    with as_user(world, VISITOR_DCS) as (session, who, triad):
        with pytest.raises(Refused) as refused:
            actions.mark_done(session, who, triad, 1, clock() + timedelta(days=1))
    assert (refused.value.code, refused.value.facts) == (ActionRefusal.ALREADY_DONE, {"number": 1})
    assert snapshot(world) == before


def test_the_list_has_the_actions_with_notes_every_line_and_the_rounds_today(world, clock):
    with as_user(world, HOST_DCS) as (session, who, triad):
        assert actions.actions_of(session, who, triad, clock()).actions == []
    add(world, clock, text="Second", focus=1)
    add(world, clock, text="First")
    with as_user(world, HOST_DCS) as (session, who, triad):
        actions.note_progress(session, who, triad, 2, "Going well", clock())
    late_evening = datetime(2018, 7, 1, 23, 30, tzinfo=timezone.utc)  # already 2 July in London
    with as_user(world, HOST_DCS) as (session, who, triad):
        listed = actions.actions_of(session, who, triad, late_evening)
        assert [(a.number, a.text, [n.text for n in a.notes]) for a in listed.actions] == [
            (1, "Second", []), (2, "First", ["Going well"])
        ]  # fmt: skip
        assert {n: line.status for n, line in listed.lines.items()} == {1: "agreed", 2: "withdrawn"}
    assert (listed.triad_number, listed.zone.key, listed.today) == (1, "Europe/London", date(2018, 7, 2))


def test_a_long_list_shows_the_first_actions_and_counts_them_all(world, clock, monkeypatch):
    monkeypatch.setattr(actions, "MAX_LISTED", 2)
    for text in ("One", "Two", "Three"):
        add(world, clock, text=text)
    with as_user(world, HOST_DCS) as (session, who, triad):
        actions.mark_done(session, who, triad, 3, clock())
    with as_user(world, HOST_DCS) as (session, who, triad):
        listed = actions.actions_of(session, who, triad, clock())
    assert [a.text for a in listed.actions] == ["One", "Two"]
    assert (listed.open_count, listed.total) == (2, 3)
