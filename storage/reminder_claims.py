"""Claiming due reminders row by row, so that two clocks never send the same one.

The life of a reminder on the sending side::

    pending --claim--> sending --recorded--> sent | late | failed
                          |  \\--definite, retryable failure--> pending (attempts kept)
                          \\--clock died / outcome unknown: stays `sending` until the lease runs out;
                             recovery looks for the message in Slack and records it sent,
                             or puts the row back to pending to be sent (late).
    pending <--> held: its workspace uninstalled the app or its token was refused / it installed
                       again (storage.workspaces); a held row is never claimed.

Every write that ends a claim is conditional on the claim it ends (`status='sending'`
and the same `claimed_by` and `attempts`): a claim recovered by another clock cannot
be overwritten by a slow one. `attempts` goes up by one on every claim, so it doubles
as the claim's version number.

The clock's queries span every workspace (the clock serves them all); each row it
touches keeps its own `team_id`, and what it writes for a row stays in that workspace.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import cast

from sqlalchemy import Select, Table, and_, bindparam, case, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session, sessionmaker

from storage.models import ChannelFailure, Reminder, Round, Triad

REMINDERS = cast(Table, Reminder.__table__)  # Core statements on the table: bulk, no ORM bookkeeping


class ReminderStatus(StrEnum):
    """`reminders.status` on the sending side; the values are what the database holds."""

    PENDING = "pending"  # planned, or released to be tried again
    SENDING = "sending"  # claimed by a clock
    SENT = "sent"
    LATE = "late"  # sent later than SendConfig.late_after after it was due
    FAILED = "failed"


class HeldStatus(StrEnum):
    """`reminders.status` of a reminder whose workspace uninstalled the app or revoked its token: never
    claimed, back to pending when the workspace installs again (storage.workspaces). Not one of
    the sending side's states, though a claim can end in it (the workspace's token was refused)."""

    HELD = "held"


HELD = HeldStatus.HELD


@dataclass(frozen=True)
class Outcome:
    """How one claim ended. `status` is sent, late, failed, pending (released to be tried again)
    or held (its workspace's installation is gone)."""

    id: int
    attempts: int  # the claim's version (Reminder.attempts when it was claimed)
    claimed_by: str
    status: ReminderStatus | HeldStatus
    sent_at: datetime | None = None
    channel: str | None = None
    ts: str | None = None
    error: str | None = None
    refund_attempt: bool = False  # released without a try (claim too old to start): attempts - 1


@dataclass(frozen=True)
class StaleClaim:
    id: int
    team_id: str
    recipient: str
    message_channel: str | None
    due_at: datetime
    claimed_at: datetime
    claimed_by: str
    attempts: int


def _is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def due_fairly(now: datetime, *, per_channel: int, limit: int) -> Select:
    """The ids of up to `limit` pending reminders due at `now`, taken fairly across channels: at most
    `per_channel` in flight (``sending``) to one channel (team, recipient) at a time, counting the rows
    already claimed there, and every channel's first row before any channel's second (round-robin), so
    a backlog in one channel never fills a batch.

    One window over the channel's pending and sending rows, the sending ones first: a pending row's
    turn counts the claims ahead of it."""
    in_flight_first = case((Reminder.status == ReminderStatus.SENDING, 0), else_=1)
    turn = func.row_number().over(
        partition_by=(Reminder.team_id, Reminder.recipient), order_by=(in_flight_first, Reminder.due_at, Reminder.id)
    )
    ranked = (
        select(Reminder.id, Reminder.status, Reminder.due_at, turn.label("turn"))
        .where(Reminder.status.in_((ReminderStatus.PENDING, ReminderStatus.SENDING)), Reminder.due_at <= now)
        .subquery("ranked")
    )
    return (
        select(ranked.c.id)
        .where(ranked.c.status == ReminderStatus.PENDING, ranked.c.turn <= per_channel)
        .order_by(ranked.c.turn, ranked.c.due_at, ranked.c.id)
        .limit(limit)
    )


def claim_due(
    sessions: sessionmaker[Session], *, now: datetime, worker_id: str, limit: int, per_channel: int = 10
) -> list[int]:
    """Claim up to `limit` pending reminders due at `now`, fairly across channels (`due_fairly`);
    returns the ids now ours.

    PostgreSQL: the chosen rows are locked `FOR UPDATE SKIP LOCKED` (and checked still pending), so
    concurrent clocks take disjoint rows without waiting on each other. SQLite (one writer at a
    time): a conditional `UPDATE ... WHERE id=:id AND status='pending'` per row, kept only when it
    changed a row.
    """
    with sessions() as session, session.begin():
        due = due_fairly(now, per_channel=per_channel, limit=limit)
        if _is_postgres(session):
            mine = select(Reminder.id).where(Reminder.id.in_(due), Reminder.status == ReminderStatus.PENDING)
            ids = sorted(session.scalars(mine.with_for_update(skip_locked=True)))
            if ids:
                session.execute(
                    update(Reminder)
                    .where(Reminder.id.in_(ids))
                    .values(
                        status=ReminderStatus.SENDING,
                        claimed_by=worker_id,
                        claimed_at=now,
                        attempts=Reminder.attempts + 1,
                        error=None,
                    )
                    .execution_options(synchronize_session=False)
                )
            return ids
        claimed = []
        claim = (
            update(REMINDERS)
            .where(REMINDERS.c.id == bindparam("rid"), REMINDERS.c.status == ReminderStatus.PENDING)
            .values(
                status=ReminderStatus.SENDING,
                claimed_by=worker_id,
                claimed_at=now,
                attempts=REMINDERS.c.attempts + 1,
                error=None,
            )
        )
        for rid in list(session.scalars(due)):
            if cast(CursorResult, session.execute(claim, {"rid": rid})).rowcount == 1:
                claimed.append(rid)
        return claimed


def claimed_reminders(session: Session, ids: Sequence[int]) -> list[tuple[Reminder, str | None]]:
    """The rows of `ids`, oldest due first, each with its round's time zone (None without a triad)."""
    if not ids:
        return []
    rows = session.execute(
        select(Reminder, Round.timezone)
        .outerjoin(Triad, Reminder.triad_id == Triad.id)
        .outerjoin(Round, Triad.round_id == Round.id)
        .where(Reminder.id.in_(sorted(ids)))
        .order_by(Reminder.due_at, Reminder.id)
    )
    return [(reminder, zone) for reminder, zone in rows]


def record_outcomes(session: Session, outcomes: Sequence[Outcome]) -> int:
    """Write how claims ended, each only if the claim is still the one it ends; returns rows changed.

    Runs in the caller's transaction (one executemany per kind of outcome)."""
    table = REMINDERS
    c = table.c
    changed = 0
    guard = and_(
        c.id == bindparam("rid"),
        c.status == ReminderStatus.SENDING,
        c.claimed_by == bindparam("owner"),
        c.attempts == bindparam("version"),
    )
    done = [o for o in outcomes if o.status in (ReminderStatus.SENT, ReminderStatus.LATE)]
    if done:
        statement = (
            update(table)
            .where(guard)
            .values(
                status=bindparam("new_status"),
                sent_at=bindparam("new_sent_at"),
                message_channel=bindparam("new_channel"),
                message_ts=bindparam("new_ts"),
                error=None,
            )
        )
        changed += _executemany(
            session,
            statement,
            [
                {
                    "rid": o.id,
                    "owner": o.claimed_by,
                    "version": o.attempts,
                    "new_status": o.status,
                    "new_sent_at": o.sent_at,
                    "new_channel": o.channel,
                    "new_ts": o.ts,
                }
                for o in done
            ],
        )
    failed = [o for o in outcomes if o.status == ReminderStatus.FAILED]
    if failed:
        statement = update(table).where(guard).values(status=ReminderStatus.FAILED, error=bindparam("new_error"))
        changed += _executemany(
            session,
            statement,
            [{"rid": o.id, "owner": o.claimed_by, "version": o.attempts, "new_error": _clip(o.error)} for o in failed],
        )
    released = [o for o in outcomes if o.status in (ReminderStatus.PENDING, HELD)]
    if released:
        statement = (
            update(table)
            .where(guard)
            .values(
                status=bindparam("new_status"),
                claimed_by=None,
                claimed_at=None,
                error=bindparam("new_error"),
                attempts=c.attempts - bindparam("refund"),
            )
        )
        changed += _executemany(
            session,
            statement,
            [
                {
                    "rid": o.id,
                    "owner": o.claimed_by,
                    "version": o.attempts,
                    "new_error": _clip(o.error),
                    "refund": 1 if o.refund_attempt else 0,
                    "new_status": o.status,
                }
                for o in released
            ],
        )
    return changed


def _executemany(session: Session, statement, rows: list[dict]) -> int:
    result = session.connection().execute(statement, rows)
    return max(result.rowcount, 0) if result.rowcount is not None else 0


def _clip(error: str | None) -> str | None:
    return None if error is None else error[:200]


def add_channel_failures(
    session: Session, failures: Iterable[tuple[str, str, str]], now: datetime
) -> list[tuple[str, str, str]]:
    """Insert (team_id, channel_id, error) rows; returns only those that were new (tell coordinators once).

    `INSERT ... ON CONFLICT DO NOTHING RETURNING` on the unique (team_id, channel_id), so two
    clocks finding the same dead channel at once still tell the coordinators once."""
    new = []
    insert = pg_insert if _is_postgres(session) else sqlite_insert
    for team_id, channel_id, error in dict.fromkeys(failures):
        statement = (
            insert(ChannelFailure)
            .values(team_id=team_id, channel_id=channel_id, error=error[:64], created_at=now)
            .on_conflict_do_nothing(index_elements=["team_id", "channel_id"])
            .returning(ChannelFailure.id)
        )
        if session.execute(statement).first() is not None:
            new.append((team_id, channel_id, error))
    return new


def clear_channel_failures(session: Session, channels: Iterable[tuple[str, str]]) -> None:
    """A channel posted to again works: forget its failure, so a later breakage is told again."""
    by_team: dict[str, set[str]] = {}
    for team_id, channel_id in channels:
        by_team.setdefault(team_id, set()).add(channel_id)
    for team_id, channel_ids in by_team.items():
        session.execute(
            delete(ChannelFailure)
            .where(ChannelFailure.team_id == team_id, ChannelFailure.channel_id.in_(sorted(channel_ids)))
            .execution_options(synchronize_session=False)
        )


def mark_notified(session: Session, team_id: str, channel_id: str, now: datetime) -> None:
    session.execute(
        update(ChannelFailure)
        .where(ChannelFailure.team_id == team_id, ChannelFailure.channel_id == channel_id)
        .values(notified_at=now)
        .execution_options(synchronize_session=False)
    )


def stale_claims(sessions: sessionmaker[Session], *, claimed_before: datetime, limit: int = 500) -> list[StaleClaim]:
    """Rows left in `sending` by a clock that claimed them before `claimed_before` (its lease ran out)."""
    with sessions() as session:
        rows = session.execute(
            select(
                Reminder.id,
                Reminder.team_id,
                Reminder.recipient,
                Reminder.message_channel,
                Reminder.due_at,
                Reminder.claimed_at,
                Reminder.claimed_by,
                Reminder.attempts,
            )
            .where(Reminder.status == ReminderStatus.SENDING, Reminder.claimed_at < claimed_before)
            .order_by(Reminder.claimed_at, Reminder.id)
            .limit(limit)
        ).all()
    return [StaleClaim(*row) for row in rows]  # type: ignore[arg-type]


def known_dm_channels(session: Session, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The DM channel ids of (team_id, user_id) pairs, learnt from reminders already sent to them."""
    found: dict[tuple[str, str], str] = {}
    by_team: dict[str, set[str]] = {}
    for team_id, user_id in pairs:
        by_team.setdefault(team_id, set()).add(user_id)
    for team_id, users in by_team.items():
        rows = session.execute(
            select(Reminder.recipient, Reminder.message_channel)
            .where(
                Reminder.team_id == team_id,
                Reminder.recipient.in_(sorted(users)),
                Reminder.message_channel.is_not(None),
            )
            .distinct()
        )
        for user_id, channel in rows:
            found.setdefault((team_id, user_id), channel)  # type: ignore[arg-type]
    return found
