"""One host per round is held by the database, not only by the check made before recording: two
requests that both passed the check cannot both record a triad for the same host."""

import pytest
from sqlalchemy.exc import IntegrityError

from storage.models import Authority, Round, Triad


def _round_with_authorities(session):
    round_ = Round(team_id="T1", name="SE 2018", name_key="se 2018", year=2018)
    names = ("a", "b", "c", "d")
    authorities = [Authority(team_id="T1", name=n, name_key=n, dcs_user_id=f"U{n.upper()}") for n in names]
    session.add_all([round_, *authorities])
    session.flush()
    return round_, authorities


def _triad(round_, number, host, visitor, observer):
    return Triad(
        team_id="T1", number=number, round_id=round_.id, host_id=host.id, visitor_id=visitor.id, observer_id=observer.id
    )


def test_a_second_triad_for_the_same_host_in_the_round_is_refused_by_the_database(sessions):
    with sessions.begin() as session:
        round_, (a, b, c, d) = _round_with_authorities(session)
        session.add(_triad(round_, 1, a, b, c))
    with pytest.raises(IntegrityError), sessions.begin() as session:
        session.add(_triad(round_, 2, a, d, b))


def test_another_host_in_the_same_round_is_recorded(sessions):
    with sessions.begin() as session:
        round_, (a, b, c, d) = _round_with_authorities(session)
        session.add_all([_triad(round_, 1, a, b, c), _triad(round_, 2, d, a, b)])
    with sessions() as session:
        assert session.query(Triad).count() == 2
