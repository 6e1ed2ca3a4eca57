"""The interview queries: time order, clash candidates across triads but never across workspaces."""

from __future__ import annotations

from datetime import date, time

import pytest

from bot.rules import fieldwork
from storage import fieldwork as fieldwork_store
from storage.models import Authority, Interview, Round, Triad

DAY = date(2018, 7, 23)


def _triad(session, team: str, number: int) -> Triad:
    round_ = Round(team_id=team, name="SE 2018", name_key=f"se 2018 {number}", year=2018)
    authorities = [
        Authority(team_id=team, name=f"{team} A{number}{i}", name_key=f"{team} a{number}{i}", dcs_user_id=f"U{i}")
        for i in range(3)
    ]
    session.add_all([round_, *authorities])
    session.flush()
    triad = Triad(
        team_id=team, number=number, round_id=round_.id,
        host_id=authorities[0].id, visitor_id=authorities[1].id, observer_id=authorities[2].id,
    )  # fmt: skip
    session.add(triad)
    session.flush()
    return triad


def _interview(triad: Triad, number: int, day: date, start: int, who=("U1",)) -> Interview:
    return Interview(
        team_id=triad.team_id, triad_id=triad.id, number=number, slot_text="slot", day=day,
        start_time=time(start), end_time=time(start, 45), stakeholder=f"Stakeholder {number}",
        role=None, place="County Hall", interviewers=list(who),
    )  # fmt: skip


@pytest.fixture
def filled(sessions):
    with sessions() as session, session.begin():
        one, two = _triad(session, "T1", 1), _triad(session, "T1", 2)
        elsewhere = _triad(session, "T2", 1)  # another workspace, same triad number
        session.add_all([
            _interview(one, 1, DAY, 14),
            _interview(one, 3, DAY, 9, who=("U1", "U2")),
            _interview(one, 4, date(2018, 7, 24), 9),
            _interview(two, 1, DAY, 10),
            _interview(elsewhere, 1, DAY, 9),
        ])  # fmt: skip
    return sessions


def test_a_triads_interviews_come_in_time_order_as_domain_values(filled):
    with filled() as session:
        triad = session.query(Triad).filter_by(team_id="T1", number=1).one()
        got = fieldwork_store.triad_interviews(session, triad)
    assert [(i.number, i.day, i.start) for i in got] == [
        (3, DAY, time(9)),
        (1, DAY, time(14)),
        (4, date(2018, 7, 24), time(9)),
    ]
    assert got[0] == fieldwork.Interview(
        3, DAY, time(9), time(9, 45), "Stakeholder 3", None, "County Hall", ("U1", "U2"), 1
    )


def test_same_day_interviews_span_triads_but_not_workspaces(filled):
    with filled() as session:
        got = fieldwork_store.interviews_on_day(session, "T1", DAY)
        assert [(i.triad_number, i.number) for i in got] == [(1, 3), (2, 1), (1, 1)]
        assert [(i.triad_number, i.number) for i in fieldwork_store.interviews_on_day(session, "T2", DAY)] == [(1, 1)]
        assert fieldwork_store.interviews_on_day(session, "T1", date(2018, 7, 25)) == []


def test_next_number_follows_the_highest_and_rows_are_found_by_number(filled):
    with filled() as session:
        triad = session.query(Triad).filter_by(team_id="T1", number=1).one()
        assert fieldwork_store.next_interview_number(session, triad) == 5
        assert fieldwork_store.next_interview_number(session, triad) == 6  # given out, even if not saved
        assert fieldwork_store.interview_row(session, triad.id, 3).stakeholder == "Stakeholder 3"
        assert fieldwork_store.interview_row(session, triad.id, 2) is None
