"""The fieldwork use cases called directly: book, remove, list, the agenda's data and the calendar's input."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import select

from bot.rules.fieldwork import SlotWarning
from bot.services import fieldwork
from bot.services.errors import Refused
from bot.services.fieldwork import FieldworkRefusal, Slot
from storage.models import FocusLine, Interview, Triad
from tests.integration.services.world import (
    COORDINATOR,
    HOST_DCS,
    HOST_TEAM,
    OTHER_DCS,
    VISITOR_DCS,
    as_user,
    build,
    snapshot,
)

DAY1 = date(2018, 7, 23)
NINE_THIRTY = Slot("23 July 2018 09:30-10:15", DAY1, time(9, 30), time(10, 15))


@pytest.fixture
def world(sessions):
    build(sessions)
    return sessions


def book(sessions, user=HOST_DCS, number=1, slot=NINE_THIRTY, stakeholder="Head of Early Help", **kw):
    with as_user(sessions, user, number) as (session, who, triad):
        return fieldwork.book_interview(session, who, triad, slot, stakeholder, **kw)


def test_booking_an_interview_stores_it_with_the_next_number(world):
    booked = book(world, role="manager", place="County Hall", interviewers=(VISITOR_DCS, HOST_TEAM))
    assert booked.interview.number == 1 and booked.channel_id == "C1"
    assert booked.interview.interviewers == (VISITOR_DCS, HOST_TEAM)
    assert booked.warnings == []  # day 1 of the fieldwork, a new stakeholder, an interviewer
    again = book(world, slot=Slot("23 July 2018 11:00-11:45", DAY1, time(11), time(11, 45)))
    assert again.interview.number == 2
    assert [w.kind for w in again.warnings] == [SlotWarning.STAKEHOLDER_TWICE, SlotWarning.NO_INTERVIEWER]
    assert again.warnings[0].other == booked.interview
    with world() as session:
        rows = session.scalars(select(Interview).order_by(Interview.number)).all()
        assert [(r.team_id, r.number, r.slot_text, r.role, r.place, r.interviewers, r.created_by) for r in rows] == [
            ("T1", 1, NINE_THIRTY.text, "manager", "County Hall", [VISITOR_DCS, HOST_TEAM], HOST_DCS),
            ("T1", 2, "23 July 2018 11:00-11:45", None, None, [], HOST_DCS),
        ]


def test_an_interviewer_from_outside_the_triad_is_refused_and_nothing_is_written(world):
    before = snapshot(world)
    with as_user(world, HOST_DCS) as (session, who, triad):
        with pytest.raises(Refused) as refused:
            fieldwork.book_interview(session, who, triad, NINE_THIRTY, "DCS", interviewers=(VISITOR_DCS, COORDINATOR))
    assert refused.value.code is FieldworkRefusal.NOT_A_MEMBER
    assert refused.value.facts == {
        "user": COORDINATOR, "number": 1, "host": "Oxfordshire", "visitor": "Milton Keynes", "observer": "Portsmouth"
    }  # fmt: skip
    assert snapshot(world) == before


def test_a_double_booked_interviewer_is_refused_and_another_triads_stakeholder_is_hidden(world):
    book(world, interviewers=(VISITOR_DCS,))
    # the visiting DCS is (oddly) also booked in triad 2, by a coordinator
    with as_user(world, COORDINATOR, 2) as (session, who, triad):
        session.add(
            Interview(
                team_id="T1", triad_id=triad.id, number=1, slot_text="s", day=DAY1, start_time=time(10),
                end_time=time(11), stakeholder="Triad 2's partners", interviewers=[VISITOR_DCS],
            )
        )  # fmt: skip
    before = snapshot(world)
    later = Slot("23 July 2018 10:00-10:30", DAY1, time(10), time(10, 30))
    with as_user(world, HOST_DCS) as (session, who, triad):
        with pytest.raises(Refused) as refused:
            fieldwork.book_interview(session, who, triad, later, "Practitioners", interviewers=(VISITOR_DCS,))
    assert snapshot(world) == before
    assert refused.value.code is FieldworkRefusal.DOUBLE_BOOKED and refused.value.facts["number"] == 1
    seen = refused.value.facts["clashes"]
    assert [(s.clash.other.triad_number, s.clash.other.number, s.stakeholder_visible) for s in seen] == [
        (1, 1, True),
        (2, 1, False),
    ]
    # a coordinator may see triad 2, so its stakeholder is named to them
    with as_user(world, COORDINATOR) as (session, who, triad):
        with pytest.raises(Refused) as refused:
            fieldwork.book_interview(session, who, triad, later, "Practitioners", interviewers=(VISITOR_DCS,))
    assert [s.stakeholder_visible for s in refused.value.facts["clashes"]] == [True, True]


def test_removing_an_interview_keeps_the_others_numbers_and_never_reuses_its_own(world):
    book(world)
    book(world, slot=Slot("23 July 2018 11:00-11:45", DAY1, time(11), time(11, 45)), stakeholder="Partners")
    with as_user(world, VISITOR_DCS) as (session, who, triad):
        removed = fieldwork.remove_interview(session, who, triad, 1)
    assert (removed.interview.number, removed.interview.stakeholder, removed.channel_id) == (
        1,
        "Head of Early Help",
        "C1",
    )
    assert book(world, stakeholder="Managers").interview.number == 3
    with as_user(world, HOST_DCS) as (session, who, triad):
        listed = fieldwork.interviews_of(session, triad)
    assert [(i.number, i.stakeholder) for i in listed.interviews] == [(3, "Managers"), (2, "Partners")]
    assert listed.fieldwork.text == "23 & 24 July 2018" and listed.triad_number == 1


def test_removing_a_missing_interview_is_refused_and_nothing_is_written(world):
    book(world)
    before = snapshot(world)
    with as_user(world, HOST_DCS) as (session, who, triad):
        with pytest.raises(Refused) as refused:
            fieldwork.remove_interview(session, who, triad, 7)
    assert (refused.value.code, refused.value.facts) == (FieldworkRefusal.NO_SUCH_INTERVIEW, {"number": 7, "triad": 1})
    assert snapshot(world) == before


def test_the_agenda_data_has_the_interviews_and_only_the_agreed_lines(world):
    book(world, interviewers=(HOST_TEAM,))
    with as_user(world, HOST_DCS) as (session, who, triad):
        session.add_all([
            FocusLine(triad_id=triad.id, number=1, text="Front door", proposed_by=HOST_DCS, status="agreed"),
            FocusLine(triad_id=triad.id, number=2, text="Step-down", proposed_by=HOST_DCS, status="proposed"),
            FocusLine(triad_id=triad.id, number=3, text="Voice", proposed_by=HOST_DCS, status="agreed"),
        ])  # fmt: skip
    with as_user(world, OTHER_DCS, 2) as (session, who, triad):
        assert fieldwork.agenda_data(session, triad).interviews == []  # another triad's agenda is its own
    with as_user(world, HOST_DCS) as (session, who, triad):
        data = fieldwork.agenda_data(session, triad)
    assert (data.triad_number, data.round_name, data.fieldwork.text) == (1, "SE 2018", "23 & 24 July 2018")
    assert [i.stakeholder for i in data.interviews] == ["Head of Early Help"]
    assert data.agreed_lines == [(1, "Front door"), (3, "Voice")]


def test_the_calendar_input_has_the_dates_interviews_and_follow_up(world):
    book(world, interviewers=(HOST_TEAM,))
    with as_user(world, HOST_DCS) as (session, who, triad):
        request = fieldwork.calendar_input(session, who, triad, "Triad 1 calendar")
    calendar = request.calendar
    assert request.channel_id == "C1"
    assert (calendar.triad_number, calendar.title, calendar.timezone, calendar.uid_domain) == (
        1, "Triad 1 calendar", "Europe/London", "t1.peerbot"
    )  # fmt: skip
    assert (calendar.challenge.text, calendar.fieldwork.text) == ("February 2018", "23 & 24 July 2018")
    assert [i.number for i in calendar.interviews] == [1] and calendar.interviewer_names == {}
    assert calendar.follow_up == date(2018, 11, 26)  # four months after the last fieldwork day, on a working day


def test_the_calendar_of_a_triad_without_a_channel_is_refused(world):
    with world() as session, session.begin():
        session.scalar(select(Triad).where(Triad.team_id == "T1", Triad.number == 1)).channel_id = None
    before = snapshot(world)
    with as_user(world, HOST_DCS) as (session, who, triad):
        with pytest.raises(Refused) as refused:
            fieldwork.calendar_input(session, who, triad, "t")
    assert (refused.value.code, refused.value.facts) == (FieldworkRefusal.NO_CHANNEL, {"number": 1})
    assert snapshot(world) == before
