"""The custom reminder use cases called directly: set one, cancel it, list what is coming."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.services import custom_reminders as reminders
from bot.services.custom_reminders import ReminderRefusal
from bot.services.errors import Refused
from storage.models import Reminder, Triad
from tests.integration.services.world import (
    HOST_DCS,
    VISITOR_DCS,
    as_user,
    build,
    snapshot,
)


@pytest.fixture
def world(sessions):
    build(sessions)
    return sessions


def set_one(sessions, clock, message="Send the list", user=HOST_DCS, **when):
    with as_user(sessions, user) as (session, who, triad):
        return reminders.set_reminder(session, who, triad, message, clock(), **when)


def test_a_reminder_at_a_local_time_is_stored_in_utc_and_numbered(world, clock):
    done = set_one(world, clock, at=datetime(2018, 7, 20, 9, 0))
    assert (done.number, done.channel_id, done.zone.key) == (1, "C1", "Europe/London")
    assert done.due_at == datetime(2018, 7, 20, 8, 0, tzinfo=timezone.utc)  # 09:00 BST
    second = set_one(world, clock, message="Book the room", after=timedelta(minutes=30))
    assert (second.number, second.due_at) == (2, clock() + timedelta(minutes=30))
    with world() as session:
        rows = session.scalars(select(Reminder).order_by(Reminder.id)).all()
        assert [(r.team_id, r.key, r.kind, r.recipient, r.text, r.status, r.created_by) for r in rows] == [
            ("T1", "custom:1", "custom", "C1", "Send the list", "pending", HOST_DCS),
            ("T1", "custom:2", "custom", "C1", "Book the room", "pending", HOST_DCS),
        ]


def test_a_time_already_past_is_refused_and_nothing_is_written(world, clock):
    before = snapshot(world)
    with as_user(world, HOST_DCS) as (session, who, triad):
        with pytest.raises(Refused) as refused:
            reminders.set_reminder(session, who, triad, "x", clock(), at=datetime(2018, 1, 8, 9, 0))
    facts = refused.value.facts
    assert refused.value.code is ReminderRefusal.IN_THE_PAST
    assert (facts["due_at"], facts["zone"].key, facts["tomorrow"]) == (
        datetime(2018, 1, 8, 9, 0, tzinfo=facts["zone"]), "Europe/London", date(2018, 1, 9)
    )  # fmt: skip
    assert snapshot(world) == before


def test_a_triad_without_a_channel_is_refused_and_nothing_is_written(world, clock):
    with world() as session, session.begin():
        session.scalar(select(Triad).where(Triad.team_id == "T1", Triad.number == 1)).channel_id = None
    before = snapshot(world)
    with as_user(world, HOST_DCS) as (session, who, triad):
        with pytest.raises(Refused) as refused:
            reminders.set_reminder(session, who, triad, "x", clock(), after=timedelta(hours=1))
    assert (refused.value.code, refused.value.facts) == (ReminderRefusal.NO_CHANNEL, {"number": 1})
    assert snapshot(world) == before


def test_cancelling_a_pending_reminder_and_the_refusals(world, clock):
    set_one(world, clock, after=timedelta(hours=1))
    with as_user(world, VISITOR_DCS) as (session, who, triad):
        cancelled = reminders.cancel_reminder(session, who, triad, 1)
    assert (cancelled.number, cancelled.reminder.text, cancelled.zone.key) == (1, "Send the list", "Europe/London")
    with world() as session:
        assert session.scalar(select(Reminder.status)) == "cancelled"
    before = snapshot(world)
    for number, code, facts in (
        (1, ReminderRefusal.NOT_PENDING, {"number": 1, "status": "cancelled"}),
        (4, ReminderRefusal.NO_SUCH_REMINDER, {"triad": 1, "number": 4}),
    ):
        with as_user(world, VISITOR_DCS) as (session, who, triad):
            with pytest.raises(Refused) as refused:
                reminders.cancel_reminder(session, who, triad, number)
        assert (refused.value.code, refused.value.facts) == (code, facts)
    assert snapshot(world) == before


def test_what_is_coming_is_the_triads_pending_reminders_soonest_first(world, clock):
    set_one(world, clock, message="later", after=timedelta(hours=2))
    set_one(world, clock, message="sooner", after=timedelta(hours=1))
    set_one(world, clock, message="cancelled", after=timedelta(minutes=5))
    with as_user(world, HOST_DCS) as (session, who, triad):
        reminders.cancel_reminder(session, who, triad, 3)
    with as_user(world, HOST_DCS) as (session, who, triad):
        coming = reminders.coming_reminders(session, who, triad)
        assert [(r.text, n) for r, n in coming.reminders] == [("sooner", 2), ("later", 1)]
    assert (coming.triad_number, coming.zone.key) == (1, "Europe/London")
