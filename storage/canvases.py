"""Which triads' canvases are behind the database, claimed by one clock at a time."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, case, event, func, literal, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import BindParameter
from sqlalchemy.sql.visitors import traverse

from bot.rules.times import utcnow
from storage.canvas_models import CanvasUnavailable, ChannelCanvas
from storage.models import (
    Action,
    ActionNote,
    Authority,
    AuthorityMember,
    Findings,
    FocusLine,
    Interview,
    StepDone,
    Triad,
    TriadDate,
)

# What the canvas shows: a change to any of these rows changes the triad's canvas.
_BY_TRIAD_ID = (TriadDate, StepDone, FocusLine, Interview, Action, Findings)


def _changed_triads(session: Session) -> tuple[set[int], set[int], set[int]]:
    """(triad ids, action ids, authority ids) of the rows this flush wrote."""
    triads, actions, authorities = set(), set(), set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Triad):
            if obj not in session.deleted and obj.id is not None:
                triads.add(obj.id)
        elif isinstance(obj, _BY_TRIAD_ID):
            if obj.triad_id is not None:
                triads.add(obj.triad_id)
        elif isinstance(obj, ActionNote):
            if obj.action_id is not None:
                actions.add(obj.action_id)
        elif isinstance(obj, Authority):
            if obj.id is not None:
                authorities.add(obj.id)
        elif isinstance(obj, AuthorityMember):
            if obj.authority_id is not None:
                authorities.add(obj.authority_id)
    return triads, actions, authorities


@event.listens_for(Session, "after_flush")
def mark_changes(session: Session, _flush_context) -> None:
    triads, actions, authorities = _changed_triads(session)
    if not (triads or actions or authorities):
        return
    connection = session.connection()
    if actions:
        triads |= set(connection.scalars(select(Action.triad_id).where(Action.id.in_(actions))))
    if authorities:
        people = or_(
            Triad.host_id.in_(authorities),
            Triad.visitor_id.in_(authorities),
            Triad.observer_id.in_(authorities),
            Triad.second_observer_id.in_(authorities),
        )
        triads |= set(connection.scalars(select(Triad.id).where(people)))
    _pending(session).update(triads)


_MARKS = "canvas_marks"


def _pending(session: Session) -> set[int]:
    """The triads this transaction changed, marked when it commits."""
    return session.info.setdefault(_MARKS, set())


@event.listens_for(Session, "before_commit")
def mark_at_commit(session: Session) -> None:
    """The canvases of the triads this transaction changed are marked last, in triad order, as it commits:
    a canvas row is locked only for the commit itself, so two transactions never wait on each other
    through it (PostgreSQL), and a transaction rolled back marks nothing."""
    session.flush()  # the commit's own flush comes after this event: its changes count too
    triads = session.info.pop(_MARKS, None)
    if triads:
        mark_dirty(session, sorted(triads), session.info.get("now", utcnow)())


@event.listens_for(Session, "after_rollback")
def forget_marks(session: Session) -> None:
    session.info.pop(_MARKS, None)


@event.listens_for(Session, "do_orm_execute")
def mark_bulk_changes(state: ORMExecuteState):
    """An ORM UPDATE or DELETE (`update(FocusLine).where(FocusLine.id == …)`, as a conditional agreement
    is written) flushes nothing: the rows it names by id or triad_id mark their triads' canvases."""
    if not (state.is_update or state.is_delete) or state.bind_mapper is None:
        return None
    entity = state.bind_mapper.class_
    if entity is not Triad and entity not in _BY_TRIAD_ID:
        return None
    where = getattr(state.statement, "whereclause", None)
    if where is None:
        return None
    ids: dict[str, set] = {"id": set(), "triad_id": set()}
    table = state.bind_mapper.local_table

    def visit(binary) -> None:
        left, right = binary.left, binary.right
        if (
            binary.operator is operators.eq
            and isinstance(right, BindParameter)
            and getattr(left, "table", None) is table
        ):
            if left.name in ids and right.value is not None:
                ids[left.name].add(right.value)

    traverse(where, {}, {"binary": visit})
    if not (ids["id"] or ids["triad_id"]):
        return None
    session = state.session
    triads = set(ids["triad_id"])
    if entity is Triad:
        triads |= ids["id"]
    elif ids["id"]:
        triads |= set(session.connection().scalars(select(entity.triad_id).where(entity.id.in_(ids["id"]))))
    result = state.invoke_statement()
    changed: int | None = getattr(result, "rowcount", None)
    if triads and changed != 0:  # a condition that held for no row changed nothing
        _pending(session).update(triads)
    return result


def mark_dirty(session: Session, triad_ids: Iterable[int], now: datetime) -> None:
    """Each triad's canvas is one change further behind (its row made at the first change)."""
    connection = session.connection()
    teams = dict(connection.execute(select(Triad.id, Triad.team_id).where(Triad.id.in_(set(triad_ids)))).all())
    if not teams:
        return
    dialect = connection.dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = ChannelCanvas
    for triad_id, team_id in sorted(teams.items()):
        statement = insert(table).values(
            team_id=team_id, triad_id=triad_id, wanted=1, built=0, attempts=0, dirty_since=now
        )
        statement = statement.on_conflict_do_update(
            index_elements=[table.triad_id],
            set_={
                "wanted": table.wanted + 1,
                "dirty_since": func.coalesce(table.dirty_since, statement.excluded.dirty_since),
            },
        )
        connection.execute(statement)
    # the rounds' canvases (a coordinator's, where there is one) show every triad of their round
    rounds = select(Triad.round_id).where(Triad.id.in_(set(teams)))
    connection.execute(
        update(table)
        .where(table.round_id.in_(rounds))
        .values(wanted=table.wanted + 1, dirty_since=func.coalesce(table.dirty_since, now))
    )


@dataclass(frozen=True)
class Claimed:
    row_id: int
    team_id: str
    triad_id: int | None  # a triad's canvas, or
    round_id: int | None  # a round's, in
    channel_id: str | None  # the channel the coordinator chose
    canvas_id: str | None
    wanted: int
    claimed_at: datetime
    attempts: int = 0  # failed tries since the canvas last showed the record


def _claimed(row: ChannelCanvas, now: datetime) -> Claimed:
    return Claimed(
        row.id, row.team_id, row.triad_id, row.round_id, row.channel_id, row.canvas_id, row.wanted, now, row.attempts
    )


def _claimable(now: datetime):
    return and_(
        ChannelCanvas.built < ChannelCanvas.wanted,
        or_(ChannelCanvas.claimed_until.is_(None), ChannelCanvas.claimed_until < now),
        or_(ChannelCanvas.not_before.is_(None), ChannelCanvas.not_before <= now),
        ChannelCanvas.team_id.not_in(select(CanvasUnavailable.team_id)),
    )


def dirty_teams(session: Session, now: datetime) -> list[str]:
    return list(session.scalars(select(ChannelCanvas.team_id).where(_claimable(now)).distinct()))


def claim_dirty(
    session: Session, team_id: str, now: datetime, worker: str, limit: int, lease: timedelta
) -> list[Claimed]:
    """Up to `limit` of the workspace's dirty canvases, longest behind first, claimed for `lease`.
    A conditional UPDATE per row: two clocks never claim the same canvas."""
    rows = session.execute(
        select(ChannelCanvas.id)
        .where(ChannelCanvas.team_id == team_id, _claimable(now))
        .order_by(ChannelCanvas.dirty_since, ChannelCanvas.id)
        .limit(limit)
    ).scalars()
    claimed = []
    for row_id in list(rows):
        done = session.execute(
            update(ChannelCanvas)
            .where(ChannelCanvas.id == row_id, _claimable(now))
            .values(claimed_by=worker, claimed_until=now + lease)
        )
        if done.rowcount == 1:  # type: ignore[attr-defined]
            row = session.get(ChannelCanvas, row_id, populate_existing=True)
            assert row is not None
            claimed.append(_claimed(row, now))
    return claimed


def claim_one(session: Session, triad_id: int, now: datetime, worker: str, lease: timedelta) -> Claimed | None:
    """The triad's canvas, claimed now whether or not it is dirty (`/peer canvas`); None while
    another process holds it."""
    mark_dirty(session, [triad_id], now)
    return _claim_row(session, ChannelCanvas.triad_id == triad_id, now, worker, lease)


def claim_round(
    session: Session, team_id: str, round_id: int, channel_id: str, now: datetime, worker: str, lease: timedelta
) -> Claimed | None:
    """The round's canvas in `channel_id` (`/peer canvas round:"…"`), made or moved there, claimed now."""
    row = session.scalars(select(ChannelCanvas).where(ChannelCanvas.round_id == round_id)).one_or_none()
    if row is None:
        row = ChannelCanvas(team_id=team_id, round_id=round_id, wanted=1, built=0, attempts=0, dirty_since=now)
        session.add(row)
    if row.channel_id != channel_id:
        row.channel_id, row.canvas_id = channel_id, None  # a canvas in the new channel; the old one stays as it was
    row.wanted += 1
    session.flush()
    return _claim_row(session, ChannelCanvas.round_id == round_id, now, worker, lease)


def _claim_row(session: Session, which, now: datetime, worker: str, lease: timedelta) -> Claimed | None:
    done = session.execute(
        update(ChannelCanvas)
        .where(which, or_(ChannelCanvas.claimed_until.is_(None), ChannelCanvas.claimed_until < now))
        .values(claimed_by=worker, claimed_until=now + lease, not_before=None)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        return None
    row = session.scalars(select(ChannelCanvas).where(which)).one()
    session.refresh(row)
    return _claimed(row, now)


def _ours(claim: Claimed, worker: str):
    return and_(ChannelCanvas.id == claim.row_id, ChannelCanvas.claimed_by == worker)


def record_built(session: Session, claim: Claimed, worker: str, canvas_id: str | None, now: datetime) -> None:
    """The canvas shows the record as it was when claimed; changes since keep it dirty."""
    still_behind = ChannelCanvas.wanted > claim.wanted
    session.execute(
        update(ChannelCanvas)
        .where(_ours(claim, worker))
        .values(
            built=case((ChannelCanvas.built < claim.wanted, claim.wanted), else_=ChannelCanvas.built),
            canvas_id=canvas_id,
            claimed_by=None,
            claimed_until=None,
            not_before=None,
            attempts=0,
            error=None,
            built_at=now,
            dirty_since=_case(still_behind, claim.claimed_at),
        )
    )


def _case(condition, when_true):
    return case((condition, literal(when_true, ChannelCanvas.dirty_since.type)), else_=None)


def record_failure(
    session: Session, claim: Claimed, worker: str, error: str, now: datetime, retry_in: timedelta
) -> None:
    """The canvas stays dirty; the clock tries again after `retry_in`."""
    session.execute(
        update(ChannelCanvas)
        .where(_ours(claim, worker))
        .values(
            claimed_by=None,
            claimed_until=None,
            attempts=ChannelCanvas.attempts + 1,
            error=error[:64],
            not_before=now + retry_in,
        )
    )


def record_given_up(session: Session, claim: Claimed, worker: str, error: str, canvas_id: str | None) -> None:
    """Nothing to show it in (no channel, the channel is gone, or Slack kept refusing): not dirty until
    the next change."""
    session.execute(
        update(ChannelCanvas)
        .where(_ours(claim, worker))
        .values(
            built=claim.wanted,
            canvas_id=canvas_id,
            claimed_by=None,
            claimed_until=None,
            not_before=None,
            attempts=0,
            error=error[:64] if error else None,
            dirty_since=None,
        )
    )


def release(session: Session, claim: Claimed, worker: str) -> None:
    session.execute(update(ChannelCanvas).where(_ours(claim, worker)).values(claimed_by=None, claimed_until=None))


def record_unavailable(session: Session, team_id: str, error: str) -> bool:
    """The workspace cannot have channel canvases; True the first time (its coordinators are to be told)."""
    row = session.get(CanvasUnavailable, team_id)
    if row is not None:
        return row.told_at is None
    session.add(CanvasUnavailable(team_id=team_id, error=error[:64]))
    session.flush()
    return True


def record_told(session: Session, team_id: str, now: datetime) -> None:
    session.execute(update(CanvasUnavailable).where(CanvasUnavailable.team_id == team_id).values(told_at=now))


def forget_unavailable(session: Session, team_id: str) -> None:
    """Try channel canvases again in this workspace (`/peer canvas`)."""
    row = session.get(CanvasUnavailable, team_id)
    if row is not None:
        session.delete(row)
