"""A workspace's triads, loaded with what a command shows, and what is read of them as plain values."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import String, bindparam, func, inspect, literal, null, or_, select, union_all, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from bot.rules.dates import FuzzyDate
from bot.rules.roles import AuthorityPeople, TriadPeople
from storage.authorities import authority_people
from storage.dates import fuzzy_date, of_kind
from storage.models import (
    Action,
    Authority,
    AuthorityMember,
    FocusLine,
    Round,
    RoundDate,
    StepDone,
    Triad,
    TriadDate,
)


def _triad_query(team_id: str):
    # One joined statement for the triad with what a command shows; the authorities' members come
    # in one more statement (`_with_members`): joined too, their rows would multiply (2 x 2 x 2 per
    # triad with two team members each) and the ORM's work on those rows is most of a request's CPU.
    return (
        select(Triad)
        .where(Triad.team_id == team_id)
        .options(
            joinedload(Triad.round).joinedload(Round.dates),
            joinedload(Triad.host),
            joinedload(Triad.visitor),
            joinedload(Triad.observer),
            joinedload(Triad.second_observer),
            joinedload(Triad.dates),
            joinedload(Triad.steps),
        )
    )


_MEMBERS = (
    select(AuthorityMember)
    .where(AuthorityMember.authority_id.in_(bindparam("authority_ids", expanding=True)))
    .order_by(AuthorityMember.id)
)
_FOUR = ("a1", "a2", "a3", "a4")
_MEMBERS_OF_FOUR = (
    select(AuthorityMember)
    .where(AuthorityMember.authority_id.in_([bindparam(name) for name in _FOUR]))
    .order_by(AuthorityMember.id)
)


def _with_members(session: Session, triads: list[Triad]) -> list[Triad]:
    """Load the members of every authority of these triads in one statement."""
    pending = {
        a.id: a
        for t in triads
        for a in (t.host, t.visitor, t.observer, t.second_observer)
        if a is not None and "members" in inspect(a).unloaded
    }
    if pending:
        members: dict[int, list[AuthorityMember]] = {i: [] for i in pending}
        if len(pending) <= len(_FOUR):  # one triad's: a statement of one shape, no expanding IN to render each time
            found = session.scalars(_MEMBERS_OF_FOUR, dict(zip(_FOUR, [*pending, None, None, None], strict=False)))
        else:
            found = session.scalars(_MEMBERS, {"authority_ids": list(pending)})
        for member in found:
            members[member.authority_id].append(member)
        for authority_id, authority in pending.items():
            set_committed_value(authority, "members", members[authority_id])
    return triads


def _one(session: Session, statement, params: dict) -> Triad | None:
    triad = session.scalars(statement, params).unique().first()
    return None if triad is None else _with_members(session, [triad])[0]


_TEAM: Any = bindparam("team_id", type_=String())
_TRIAD_BY_CHANNEL = _triad_query(_TEAM).where(Triad.channel_id == bindparam("channel_id"))
_TRIAD_BY_NUMBER = _triad_query(_TEAM).where(Triad.number == bindparam("number"))
_TRIAD_BY_ID = _triad_query(_TEAM).where(Triad.id == bindparam("triad_id"))


def triad_by_channel(session: Session, team_id: str, channel_id: str) -> Triad | None:
    return _one(session, _TRIAD_BY_CHANNEL, {"team_id": team_id, "channel_id": channel_id})


def triad_by_number(session: Session, team_id: str, number: int) -> Triad | None:
    return _one(session, _TRIAD_BY_NUMBER, {"team_id": team_id, "number": number})


@dataclass(frozen=True)
class TriadShown:
    """What `/peer status` shows of a triad, read as plain values: no ORM objects, whose loading was most
    of the command's CPU."""

    id: int
    number: int
    round_name: str
    orientation_material: str | None
    feedback_format: str | None
    authorities: tuple[AuthorityPeople, AuthorityPeople, AuthorityPeople, AuthorityPeople | None]  # host..2nd obs.
    dates: dict[str, FuzzyDate]  # the triad's challenge and fieldwork, the round's orientation and summit
    steps: set[str]
    round_year: int | None = None  # dates are said with their year only when it is not the round's


_SHOWN_COLUMNS = (
    Triad.id, Triad.number, Triad.round_id, Triad.feedback_format, Round.name.label("round_name"), Round.year,
    Round.orientation_material, Triad.host_id, Triad.visitor_id, Triad.observer_id, Triad.second_observer_id,
    Authority.id.label("authority_id"), Authority.name.label("authority_name"), Authority.dcs_user_id,
    AuthorityMember.user_id,
)  # fmt: skip
_SHOWN = (  # one row per member of each of its authorities (one for an authority without members)
    select(*_SHOWN_COLUMNS)
    .join(Round, Round.id == Triad.round_id)
    .join(Authority, Authority.id.in_([Triad.host_id, Triad.visitor_id, Triad.observer_id, Triad.second_observer_id]))
    .outerjoin(AuthorityMember, AuthorityMember.authority_id == Authority.id)
    .where(Triad.team_id == _TEAM)
    .order_by(AuthorityMember.id)
)
_SHOWN_BY_NUMBER = _SHOWN.where(Triad.number == bindparam("number"))
_SHOWN_BY_CHANNEL = _SHOWN.where(Triad.channel_id == bindparam("channel_id"))
_DATES_AND_STEPS: Any = union_all(
    *(
        select(model.kind, model.text, model.start, model.end, model.precision, model.provisional).where(key)
        for model, key in (
            (TriadDate, TriadDate.triad_id == bindparam("triad_id")),
            (RoundDate, RoundDate.round_id == bindparam("round_id")),
        )
    ),
    select(literal("step"), StepDone.step, null(), null(), null(), null()).where(
        StepDone.triad_id == bindparam("triad_id")
    ),
)


def triad_shown(session: Session, team_id: str, *, number: int | None, channel_id: str) -> TriadShown | None:
    """Triad ``number`` if given, else the channel's, as `/peer status` shows it, in two statements."""
    if number is not None:
        rows = session.execute(_SHOWN_BY_NUMBER, {"team_id": team_id, "number": number}).all()
    else:
        rows = session.execute(_SHOWN_BY_CHANNEL, {"team_id": team_id, "channel_id": channel_id}).all()
    if not rows:
        return None
    first = rows[0]
    people: dict[int, tuple[str, str, tuple[str, ...]]] = {}
    for row in rows:
        name, dcs, team = people.get(row.authority_id, (row.authority_name, row.dcs_user_id, ()))
        people[row.authority_id] = (name, dcs, (*team, row.user_id) if row.user_id else team)
    host, visitor, observer = (
        AuthorityPeople(*people[a]) for a in (first.host_id, first.visitor_id, first.observer_id)
    )
    second = AuthorityPeople(*people[first.second_observer_id]) if first.second_observer_id else None
    dates: dict[str, FuzzyDate] = {}
    steps: set[str] = set()
    for kind, text, start, end, precision, provisional in session.execute(
        _DATES_AND_STEPS, {"triad_id": first.id, "round_id": first.round_id}
    ):
        if kind == "step":
            steps.add(text)
        else:
            dates[kind] = FuzzyDate(text, start, end, precision, provisional)
    authorities = (host, visitor, observer, second)
    return TriadShown(
        first.id, first.number, first.round_name, first.orientation_material, first.feedback_format, authorities,
        dates, steps, first.year,
    )  # fmt: skip


def triads(session: Session, team_id: str, round_id: int | None = None) -> list[Triad]:
    query = _triad_query(team_id).order_by(Triad.number)
    if round_id is not None:
        query = query.where(Triad.round_id == round_id)
    return _with_members(session, list(session.scalars(query).unique()))


def triads_for_user(session: Session, team_id: str, user_id: str) -> list[Triad]:
    """Triads where the user is a DCS or team member of one of the three authorities."""
    authority_ids = select(Authority.id).where(
        Authority.team_id == team_id,
        or_(
            Authority.dcs_user_id == user_id,
            Authority.id.in_(select(AuthorityMember.authority_id).where(AuthorityMember.user_id == user_id)),
        ),
    )
    query = _triad_query(team_id).where(
        or_(
            Triad.host_id.in_(authority_ids),
            Triad.visitor_id.in_(authority_ids),
            Triad.observer_id.in_(authority_ids),
            Triad.second_observer_id.in_(authority_ids),
        )
    )
    return _with_members(session, list(session.scalars(query.order_by(Triad.number)).unique()))


def next_triad_number(session: Session, team_id: str) -> int:
    current = session.scalar(select(func.max(Triad.number)).where(Triad.team_id == team_id))
    return (current or 0) + 1


def channel_name_in_use(session: Session, team_id: str, name: str) -> bool:
    count = session.scalar(
        select(func.count()).select_from(Triad).where(Triad.team_id == team_id, Triad.channel_name == name)
    )
    return bool(count)


def next_number(session: Session, model, triad_id: int) -> int:
    current = session.scalar(select(func.max(model.number)).where(model.triad_id == triad_id))
    return (current or 0) + 1


FOLLOW_UP_ANSWERS = ("requested", "declined")


def record_follow_up_answer(session: Session, triad: Triad, status: str, user_id: str) -> bool:
    """Record the host's answer unless one is recorded already (a double click counts once); True if recorded."""
    result = session.execute(
        update(Triad)
        .where(
            Triad.id == triad.id,
            or_(Triad.follow_up_status.is_(None), Triad.follow_up_status.not_in(FOLLOW_UP_ANSWERS)),
        )
        .values(follow_up_status=status, follow_up_answered_by=user_id)
        .execution_options(synchronize_session=False)
    )
    session.refresh(triad)
    return cast(CursorResult, result).rowcount > 0


def triad_by_id(session: Session, team_id: str, triad_id: int) -> Triad | None:
    """A triad named by a button or form; another workspace's id finds nothing."""
    return _one(session, _TRIAD_BY_ID, {"team_id": team_id, "triad_id": triad_id})


def date_row(triad: Triad, kind: str) -> TriadDate | None:
    return of_kind(triad.dates, kind)


def triad_date(triad: Triad, kind: str) -> FuzzyDate | None:
    return fuzzy_date(date_row(triad, kind))


def steps_done(triad: Triad) -> set[str]:
    return {s.step for s in triad.steps}


def triad_people(triad: Triad, coordinators: frozenset[str]) -> TriadPeople:
    return TriadPeople(
        host=authority_people(triad.host),
        visitor=authority_people(triad.visitor),
        observer=authority_people(triad.observer),
        coordinators=coordinators,
        second_observer=authority_people(triad.second_observer) if triad.second_observer else None,
    )


def triad_channels(session: Session, team_id: str) -> list[tuple[int, str]]:
    """(triad number, channel id) of the workspace's triads that have a channel."""
    rows = session.execute(
        select(Triad.number, Triad.channel_id)
        .where(Triad.team_id == team_id, Triad.channel_id.is_not(None))
        .order_by(Triad.number)
    ).all()
    return [(number, channel) for number, channel in rows if channel]


def triad_counts(session: Session, triad_ids: Collection[int]) -> dict[int, tuple[int, int, int]]:
    """(agreed lines of enquiry, lines proposed and not yet agreed, open actions) of each triad, in two grouped
    statements."""
    ids = list(triad_ids)
    if not ids:
        return {}
    lines: dict[tuple[int, str], int] = {
        (triad_id, status): count
        for triad_id, status, count in session.execute(
            select(FocusLine.triad_id, FocusLine.status, func.count())
            .where(FocusLine.triad_id.in_(ids), FocusLine.status.in_(("agreed", "proposed")))
            .group_by(FocusLine.triad_id, FocusLine.status)
        ).all()
    }
    open_actions = dict(
        session.execute(
            select(Action.triad_id, func.count())
            .where(Action.triad_id.in_(ids), Action.status == "open")
            .group_by(Action.triad_id)
        ).all()
    )
    return {i: (lines.get((i, "agreed"), 0), lines.get((i, "proposed"), 0), open_actions.get(i, 0)) for i in ids}


def triad_numbers_taken(session: Session, team_id: str, numbers: list[int]) -> bool:
    count = session.scalar(
        select(func.count()).select_from(Triad).where(Triad.team_id == team_id, Triad.number.in_(numbers))
    )
    return bool(count)


def lock_triad(session: Session, triad_id: int) -> None:
    """Hold the triad's row (FOR UPDATE on PostgreSQL) so that two suggestions at once leave one open proposal."""
    session.execute(select(Triad.id).where(Triad.id == triad_id).with_for_update())
