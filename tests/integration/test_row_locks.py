"""On PostgreSQL two commands touching one focus line take turns, so neither overwrites the other."""

import threading

import pytest
from sqlalchemy import select

from bot.services import access
from bot.services import focus as focus_service
from storage import queries
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
        triad = queries.triad_by_id(session, "T1", triad_id)
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


def test_bookings_on_one_day_are_checked_one_after_the_other(engine, sessions, line_id):
    from datetime import date, time

    from storage import fieldwork_store
    from storage.models import Interview

    if engine.dialect.name != "postgresql":
        pytest.skip("the booking lock is PostgreSQL's; SQLite serialises writers")
    day = date(2018, 7, 23)
    started, release, seen = threading.Event(), threading.Event(), []

    def first_booking():
        with sessions.begin() as session:
            fieldwork_store.interviews_on_day(session, "T1", day, for_booking=True)
            started.set()
            release.wait(5)
            session.add(Interview(team_id="T1", triad_id=line_id, number=1, slot_text="s", day=day,
                                  start_time=time(9), end_time=time(10), stakeholder="Head of Early Help",
                                  interviewers=["UH"]))  # fmt: skip

    def second_booking():
        with sessions.begin() as session:
            seen.extend(fieldwork_store.interviews_on_day(session, "T1", day, for_booking=True))

    first = threading.Thread(target=first_booking)
    first.start()
    started.wait(5)
    second = threading.Thread(target=second_booking)
    second.start()
    second.join(0.3)
    assert second.is_alive()  # waiting for the first booking to finish
    release.set()
    first.join(5)
    second.join(5)
    assert [i.stakeholder for i in seen] == ["Head of Early Help"]  # so its clash check sees it
