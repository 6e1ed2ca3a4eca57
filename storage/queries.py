"""Queries. Every function takes the workspace (`team_id`) and never crosses it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import String, bindparam, func, inspect, or_, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from bot.rules.coordinators import configured_for
from storage.mapping import authority_people, triad_people  # noqa: F401  (re-exported)
from storage.mapping import date_row as triad_date  # noqa: F401
from storage.models import (
    Action,
    Authority,
    AuthorityMember,
    Coordinator,
    FocusLine,
    Interview,
    Round,
    Triad,
)


def name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


# The statements every request runs are built once, with bound parameters: building a select with
# its loader options costs more CPU than SQLAlchemy's cached compilation of it (benchmarks/README.md).
_COORDINATORS = select(Coordinator.user_id).where(Coordinator.team_id == bindparam("team_id"))


def stored_coordinator_ids(session: Session, team_id: str) -> frozenset[str]:
    """The coordinators added by `/peer coordinator add` in this workspace."""
    return frozenset(session.scalars(_COORDINATORS, {"team_id": team_id}))


def delete_coordinator(session: Session, team_id: str, user_id: str) -> bool:
    """Forget a coordinator added in this workspace; False if there was none."""
    row = session.scalar(select(Coordinator).where(Coordinator.team_id == team_id, Coordinator.user_id == user_id))
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True


def coordinator_ids(session: Session, team_id: str, configured: Iterable[str]) -> frozenset[str]:
    """This workspace's coordinators: the PEER_COORDINATORS entries that name it, and those added here."""
    return configured_for(configured, team_id) | stored_coordinator_ids(session, team_id)


def round_by_name(session: Session, team_id: str, name: str) -> Round | None:
    return session.scalar(select(Round).where(Round.team_id == team_id, Round.name_key == name_key(name)))


def round_by_id(session: Session, team_id: str, round_id: int) -> Round | None:
    round_ = session.get(Round, round_id)
    return round_ if round_ is not None and round_.team_id == team_id else None


def latest_round(session: Session, team_id: str) -> Round | None:
    return session.scalar(
        select(Round).where(Round.team_id == team_id).order_by(Round.created_at.desc(), Round.id.desc()).limit(1)
    )


def authority_by_name(session: Session, team_id: str, name: str) -> Authority | None:
    return session.scalar(
        select(Authority)
        .where(Authority.team_id == team_id, Authority.name_key == name_key(name))
        .options(selectinload(Authority.members))
    )


def authorities(session: Session, team_id: str) -> list[Authority]:
    return list(
        session.scalars(
            select(Authority)
            .where(Authority.team_id == team_id)
            .order_by(Authority.name_key)
            .options(selectinload(Authority.members))
        )
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


_ALL_LINES = select(FocusLine).where(FocusLine.triad_id == bindparam("triad_id")).order_by(FocusLine.number)
_LIVE_LINES = _ALL_LINES.where(FocusLine.status != "withdrawn")


def focus_lines(session: Session, triad_id: int, include_withdrawn: bool = False) -> list[FocusLine]:
    return list(session.scalars(_ALL_LINES if include_withdrawn else _LIVE_LINES, {"triad_id": triad_id}))


def focus_line(session: Session, triad_id: int, number: int, *, for_update: bool = False) -> FocusLine | None:
    query = select(FocusLine).where(FocusLine.triad_id == triad_id, FocusLine.number == number)
    if for_update:  # two DCSs agreeing at the same moment must see each other's agreement
        query = query.with_for_update().execution_options(populate_existing=True)
    return session.scalar(query)


def next_number(session: Session, model, triad_id: int) -> int:
    current = session.scalar(select(func.max(model.number)).where(model.triad_id == triad_id))
    return (current or 0) + 1


def agreed_lines(session: Session, triad_id: int) -> list[FocusLine]:
    return [line for line in focus_lines(session, triad_id) if line.status == "agreed"]


_FIELDWORK_COUNTS = select(
    select(func.count()).select_from(Interview).where(Interview.triad_id == bindparam("triad_id")).scalar_subquery(),
    select(func.count())
    .select_from(Action)
    .where(Action.triad_id == bindparam("triad_id"), Action.status == "open")
    .scalar_subquery(),
)


def fieldwork_counts(session: Session, triad_id: int) -> tuple[int, int]:
    """(interviews planned, open actions) in one round trip."""
    row = session.execute(_FIELDWORK_COUNTS, {"triad_id": triad_id}).one()
    return row[0], row[1]


_LINES_WITH_COUNTS = _LIVE_LINES.add_columns(*_FIELDWORK_COUNTS.selected_columns)


def lines_and_fieldwork_counts(session: Session, triad_id: int) -> tuple[list[FocusLine], int, int]:
    """The live lines of enquiry with (interviews planned, open actions): one statement when there are lines."""
    rows = session.execute(_LINES_WITH_COUNTS, {"triad_id": triad_id}).all()
    if not rows:
        return [], *fieldwork_counts(session, triad_id)
    return [row[0] for row in rows], rows[0][1], rows[0][2]


def rounds(session: Session, team_id: str) -> list[Round]:
    return list(session.scalars(select(Round).where(Round.team_id == team_id).order_by(Round.id)))


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


def set_line_agreement(
    session: Session, line: FocusLine, seen: tuple[str, str | None, str | None], new: tuple[str, str | None, str | None]
) -> bool:
    """Move the line from the agreement ``seen`` (status, host, visitor) to ``new``, unless it changed meanwhile.

    The check is in the UPDATE itself, so it holds on SQLite too, where nothing locks the row
    between reading it and writing it; False means someone else's click landed first.
    """
    status, host, visitor = seen
    result = session.execute(
        update(FocusLine)
        .where(
            FocusLine.id == line.id,
            FocusLine.status == status,
            FocusLine.host_agreed_by.is_(None) if host is None else FocusLine.host_agreed_by == host,
            FocusLine.visitor_agreed_by.is_(None) if visitor is None else FocusLine.visitor_agreed_by == visitor,
        )
        .values(status=new[0], host_agreed_by=new[1], visitor_agreed_by=new[2])
        .execution_options(synchronize_session=False)
    )
    session.refresh(line)
    return cast(CursorResult, result).rowcount > 0
