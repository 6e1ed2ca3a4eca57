"""On PostgreSQL two commands touching one focus line take turns, so neither overwrites the other."""

import threading

import pytest
from sqlalchemy import select

from bot.rules.refusals import Refused
from bot.services import access
from bot.services import focus as focus_service
from storage import triads
from storage.models import Authority, FocusLine, Round, Triad


@pytest.fixture
def line_id(sessions):
    with sessions.begin() as session:
        round_ = Round(team_id="T1", name="SE 2018", name_key="se 2018", year=2018)
        a = [
            Authority(team_id="T1", name=n, name_key=n, dcs_user_id=u)
            for n, u in (("a", "UH"), ("b", "UV"), ("c", "UO"))
        ]
        session.add_all([round_, *a])
        session.flush()
        triad = Triad(
            team_id="T1", number=1, round_id=round_.id, host_id=a[0].id, visitor_id=a[1].id, observer_id=a[2].id
        )
        session.add(triad)
        session.flush()
        line = FocusLine(triad_id=triad.id, number=1, text="How well do we listen?", proposed_by="UH")
        session.add(line)
        session.flush()
        return triad.id


def _agree(sessions, triad_id, user, results, agreed=None, release=None):
    """The real use case in its own transaction; with ``agreed``/``release``, it holds the transaction open."""
    with sessions.begin() as session:
        who = access.actor(session, "T1", user, ())
        triad = triads.triad_by_id(session, "T1", triad_id)
        results[user] = focus_service.agree_line(session, who, triad, 1)
        if agreed:
            agreed.set()
            release.wait(5)


def test_simultaneous_agreements_both_count(engine, sessions, line_id):
    if engine.dialect.name != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; SQLite serialises writers")
    agreed, release, results = threading.Event(), threading.Event(), {}
    host = threading.Thread(target=_agree, args=(sessions, line_id, "UH", results, agreed, release))
    host.start()
    assert agreed.wait(5)  # the host has agreed, and its transaction still holds the line
    visitor = threading.Thread(target=_agree, args=(sessions, line_id, "UV", results))
    visitor.start()
    visitor.join(0.3)
    assert visitor.is_alive()  # waiting for the lock, not reading a stale line
    release.set()
    host.join(5)
    visitor.join(5)
    assert (results["UH"].newly_agreed, results["UH"].waiting_for) == (False, "visiting DCS")
    assert results["UV"].newly_agreed  # the visitor saw the host's agreement
    with sessions() as session:
        line = session.scalar(select(FocusLine))
        assert (line.status, line.host_agreed_by, line.visitor_agreed_by) == ("agreed", "UH", "UV")


def _book(sessions, triad_id, start_hour, results, booked=None, release=None):
    """The real booking use case for the host DCS as interviewer, in its own transaction."""
    from datetime import date, time

    from bot.services import fieldwork as fieldwork_service

    with sessions.begin() as session:
        who = access.actor(session, "T1", "UH", ())
        triad = triads.triad_by_id(session, "T1", triad_id)
        slot = fieldwork_service.Slot("23 July 2018", date(2018, 7, 23), time(start_hour), time(start_hour + 1))
        try:
            results.append(
                fieldwork_service.book_interview(session, who, triad, slot, "Head of Early Help", interviewers=("UH",))
            )
        except Refused as exc:
            results.append(exc.code)
        if booked:
            booked.set()
            release.wait(5)


def test_two_bookings_of_one_interviewer_take_turns_and_the_second_sees_the_clash(engine, sessions, line_id):
    from bot.services.fieldwork import FieldworkRefusal

    if engine.dialect.name != "postgresql":
        pytest.skip("the booking lock is PostgreSQL's; SQLite serialises writers")
    booked, release, first, second = threading.Event(), threading.Event(), [], []
    one = threading.Thread(target=_book, args=(sessions, line_id, 9, first, booked, release))
    one.start()
    assert booked.wait(5)  # booked 09:00-10:00, its transaction still open
    two = threading.Thread(target=_book, args=(sessions, line_id, 9, second))
    two.start()
    two.join(0.3)
    assert two.is_alive()  # waiting for the first booking's lock on the day
    release.set()
    one.join(5)
    two.join(5)
    assert first[0].interview.number == 1
    assert second == [FieldworkRefusal.DOUBLE_BOOKED]  # it saw the first booking, so the clash is caught
