"""A small workspace for the service tests: two triads of one round, and a third triad in another workspace."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

from sqlalchemy import select

from bot.services import access
from storage.models import Authority, AuthorityMember, Base, Round, Triad, TriadDate

TEAM, OTHER_TEAM = "T1", "T2"
COORDINATOR = "UCOORD"
HOST_DCS, HOST_TEAM, VISITOR_DCS, OBSERVER_DCS = "UHOST", "UHOSTTEAM", "UVISIT", "UOBSERVE"
OTHER_DCS = "UOTHER"  # DCS of triad 2's host; not in triad 1
STRANGER = "USTRANGER"

FIELDWORK = ("23 & 24 July 2018", date(2018, 7, 23), date(2018, 7, 24), "days")
CHALLENGE = ("February 2018", date(2018, 2, 1), date(2018, 2, 28), "month")


def _authority(session, team: str, name: str, dcs: str, team_ids=()) -> Authority:
    authority = Authority(team_id=team, name=name, name_key=name.casefold(), dcs_user_id=dcs)
    authority.members = [AuthorityMember(user_id=u) for u in team_ids]
    session.add(authority)
    return authority


def _triad(session, team: str, number: int, round_: Round, authorities, channel: str | None, dates=True) -> Triad:
    host, visitor, observer = authorities
    triad = Triad(
        team_id=team, number=number, round=round_, host=host, visitor=visitor, observer=observer, channel_id=channel
    )
    if dates:
        for kind, (text, start, end, precision) in (("challenge", CHALLENGE), ("fieldwork", FIELDWORK)):
            triad.dates.append(
                TriadDate(kind=kind, text=text, start=start, end=end, precision=precision, provisional=False)
            )
    session.add(triad)
    return triad


def build(sessions) -> None:
    """Triad 1 (Oxfordshire host, Milton Keynes visitor, Portsmouth observer, channel C1) and triad 2
    (three other authorities, channel C2) in workspace T1; a triad 1 in workspace T2."""
    with sessions() as session, session.begin():
        round_ = Round(team_id=TEAM, name="SE 2018", name_key="se 2018", year=2018, timezone="Europe/London")
        one = [
            _authority(session, TEAM, "Oxfordshire", HOST_DCS, [HOST_TEAM]),
            _authority(session, TEAM, "Milton Keynes", VISITOR_DCS),
            _authority(session, TEAM, "Portsmouth", OBSERVER_DCS),
        ]
        two = [
            _authority(session, TEAM, "Hampshire", OTHER_DCS),
            _authority(session, TEAM, "Windsor", "UWINDSOR"),
            _authority(session, TEAM, "Brighton", "UBRIGHTON"),
        ]
        _triad(session, TEAM, 1, round_, one, "C1")
        _triad(session, TEAM, 2, round_, two, "C2")
        other_round = Round(team_id=OTHER_TEAM, name="SE 2018", name_key="se 2018", year=2018)
        elsewhere = [_authority(session, OTHER_TEAM, f"Elsewhere {i}", HOST_DCS) for i in range(3)]
        _triad(session, OTHER_TEAM, 1, other_round, elsewhere, "CELSEWHERE")


@contextmanager
def as_user(sessions, user: str, number: int = 1, team: str = TEAM):
    """One transaction, committed at the end: the actor and the triad they act on, as the handlers load them."""
    with sessions() as session, session.begin():
        who = access.actor(session, team, user, [COORDINATOR])
        yield session, who, access.triad_for(session, who, number=number)


def snapshot(sessions) -> dict[str, list[tuple]]:
    """Every row of every table, to show that a refusal wrote nothing."""
    with sessions() as session:
        return {
            table.name: [tuple(r) for r in session.execute(select(table).order_by(*table.primary_key.columns)).all()]
            for table in Base.metadata.sorted_tables
        }
