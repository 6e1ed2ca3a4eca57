"""Sending due reminders: one pass of `send_due`, as the clock's ``send-due-reminders`` job runs it.

`send_due` claims due rows (storage.reminder_claims), posts them from a pool of sender
threads, at most about one message a second per channel (`ChannelLanes`), and records how
each claim ended in batches. The Slack client it posts with (`clock_client`) retries 429s
only, never past the claim's deadline: when a post's result is unknown (a connection
dropped, a 5xx) the row stays ``sending`` and bot.clock.recovery checks Slack before
anything is re-sent. A dead channel fails its reminders and the coordinators are told once
(`tell_coordinators`).
"""
from __future__ import annotations

import heapq
import itertools
import logging
import queue
import random
import threading
import time
from collections import deque
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from typing import Any, Callable
from urllib.error import URLError
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.models.blocks import ContextBlock, MarkdownTextObject
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.settings import Settings
from storage.models import Reminder, Round, Triad
from storage.reminder_claims import (
    FAILED,
    LATE,
    PENDING,
    SENT,
    Outcome,
    add_channel_failures,
    claim_due,
    clear_channel_failures,
    mark_notified,
    record_outcomes,
)

log = logging.getLogger("peerbot.clock")  # the clock process's logger, as before the split

REMINDER_EVENT = "peer_reminder"  # metadata.event_type of every reminder message

LATE_AFTER = timedelta(minutes=15)  # sent later than this after due_at: status `late`, and the message says so
MAX_ATTEMPTS = 5  # claims of one reminder before it is marked failed
CHANNEL_INTERVAL = 1.0  # seconds between two messages to one channel (Slack: about 1/s per channel)

# chat.postMessage errors that no retry will fix: the reminder fails and the coordinators hear once.
DEAD_CHANNEL_ERRORS = frozenset(
    {
        "not_in_channel",
        "channel_not_found",
        "is_archived",
        "account_inactive",
        "user_not_found",
        "user_disabled",
        "cannot_dm_bot",
        "messages_tab_disabled",
        "restricted_action",
        "restricted_action_read_only_channel",
        "restricted_action_thread_only_channel",
        "restricted_action_non_threadable_channel",
        "team_access_not_granted",
        "ekm_access_denied",
    }
)


# Errors about the app's own token or scopes: no reminder is at fault. The pass stops and
# releases what it claimed without counting an attempt, so nothing is burnt while the
# operator fixes SLACK_BOT_TOKEN or the app's scopes.
APP_ERRORS = frozenset({"invalid_auth", "not_authed", "token_revoked", "token_expired", "missing_scope", "not_allowed_token_type"})


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


# --------------------------------------------------------------------------------------
# The Slack client: 429s retried after Retry-After, never past the claim's deadline


_send_deadline = threading.local()  # monotonic time after which a sender thread must not start a post


class PacedRateLimitRetryHandler(RateLimitErrorRetryHandler):
    """slack_sdk's 429 handler (sleep Retry-After plus up to a second of jitter, then retry),
    with an injectable sleeper, a count of 429s seen, and no retry that would start after the
    calling thread's claim deadline."""

    def __init__(
        self,
        max_retry_count: int = 5,
        *,
        sleeper: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ):
        super().__init__(max_retry_count=max_retry_count)
        self.sleeper, self.monotonic = sleeper, monotonic
        self.throttled = 0
        self._lock = threading.Lock()

    @staticmethod
    def _retry_after(response) -> float:
        for name, values in (response.headers or {}).items():
            if name.lower() == "retry-after":
                value = values[0] if isinstance(values, (list, tuple)) else values
                try:
                    return float(int(value))
                except (TypeError, ValueError):
                    break
        return 1.0

    def can_retry(self, *, state, request, response=None, error=None) -> bool:
        if response is not None and response.status_code == 429:
            with self._lock:
                self.throttled += 1
        return super().can_retry(state=state, request=request, response=response, error=error)

    def _can_retry(self, *, state, request, response=None, error=None) -> bool:
        if not super()._can_retry(state=state, request=request, response=response, error=error):
            return False
        deadline = getattr(_send_deadline, "value", None)
        return deadline is None or self.monotonic() + self._retry_after(response) + 1 < deadline

    def prepare_for_next_attempt(self, *, state, request, response=None, error=None) -> None:
        if response is None:
            raise error  # type: ignore[misc]
        state.next_attempt_requested = True
        self.sleeper(self._retry_after(response) + random.random())
        state.increment_current_attempt()


def clock_client(
    settings: Settings,
    *,
    sleeper: Callable[[float], None] = time.sleep,
    monotonic: Callable[[], float] = time.monotonic,
    max_rate_limit_retries: int = 5,
) -> WebClient:
    """A WebClient for the clock: 429s retried (paced handler); connection errors and 5xx are
    not retried blindly, since Slack may have posted the message (recovery checks instead)."""
    return WebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        timeout=15,
        retry_handlers=[PacedRateLimitRetryHandler(max_rate_limit_retries, sleeper=sleeper, monotonic=monotonic)],
    )


def _throttle_count(client: WebClient) -> int:
    return sum(getattr(h, "throttled", 0) for h in client.retry_handlers)


# --------------------------------------------------------------------------------------
# Configuration and results


@dataclass(frozen=True)
class SendConfig:
    batch_size: int = 1000
    threads: int = 32
    lease: timedelta = timedelta(minutes=2)
    late_after: timedelta = LATE_AFTER
    max_attempts: int = MAX_ATTEMPTS
    channel_interval: float = CHANNEL_INTERVAL
    default_timezone: str = "Europe/London"
    coordinators: tuple[str, ...] = ()
    record_every: int = 500  # outcomes written per transaction at most
    record_seconds: float = 0.25  # ... and at least this often while sending

    @classmethod
    def from_settings(cls, settings: Settings) -> "SendConfig":
        return cls(
            batch_size=settings.clock_batch_size,
            threads=settings.clock_threads,
            lease=timedelta(seconds=settings.clock_lease_seconds),
            default_timezone=settings.peer_timezone,
            coordinators=tuple(settings.peer_coordinators),
        )


@dataclass
class SendStats:
    claimed: int = 0
    sent: int = 0
    late: int = 0
    failed: int = 0
    retried: int = 0  # released to pending after a definite failure, to be tried again
    unknown: int = 0  # left `sending` (did Slack post it?): recovery decides
    released: int = 0  # claimed but not started (stopping, or the claim grew too old)
    throttled: int = 0  # 429 answers seen
    coordinators_told: int = 0  # DMs sent about dead channels
    seconds: float = 0.0

    def __str__(self) -> str:
        shown = {k: v for k, v in self.__dict__.items() if v and k != "seconds"}
        return ", ".join(f"{k} {v}" for k, v in shown.items()) + f" in {self.seconds:.2f}s"


@dataclass
class _Job:
    id: int
    attempts: int
    claimed_by: str
    team_id: str
    recipient: str
    due_at: datetime
    text: str
    blocks: list[dict] | None
    late: bool
    deadline: float  # monotonic; no post starts after it

    def outcome(self, status: str, **fields: Any) -> Outcome:
        return Outcome(self.id, self.attempts, self.claimed_by, status, **fields)


@dataclass
class _Result:
    job: _Job
    kind: str  # delivered | dead | retry | unknown | released
    outcome: Outcome | None
    error: str | None = None


# --------------------------------------------------------------------------------------
# Per-channel pacing


class ChannelLanes:
    """One FIFO lane per channel; a lane is handed to one sender at a time, no sooner than
    `interval` seconds after its previous message finished, earliest lane first. Sleeping
    for pacing happens in the sender, through the injectable sleeper."""

    def __init__(self, interval: float):
        self.interval = interval
        self._cond = threading.Condition()
        self._queues: dict[str, deque] = {}
        self._ready: list[tuple[float, int, str]] = []  # (may send at, tie-break, channel)
        self._busy: set[str] = set()  # lanes in `_ready` or being sent
        self._next_free: dict[str, float] = {}
        self._seq = itertools.count()
        self._closed = False

    def put(self, channel: str, job: Any) -> None:
        with self._cond:
            self._queues.setdefault(channel, deque()).append(job)
            if channel not in self._busy:
                self._busy.add(channel)
                heapq.heappush(self._ready, (self._next_free.get(channel, 0.0), next(self._seq), channel))
                self._cond.notify()

    def take(self) -> tuple[float, str, Any] | None:
        """The next (not-before time, channel, job); None once closed and every lane is done."""
        with self._cond:
            while True:
                if self._ready:
                    at, _, channel = heapq.heappop(self._ready)
                    return at, channel, self._queues[channel].popleft()
                if self._closed and not self._busy:
                    return None
                self._cond.wait()

    def done(self, channel: str, finished_at: float) -> None:
        with self._cond:
            self._next_free[channel] = finished_at + self.interval
            if self._queues[channel]:
                heapq.heappush(self._ready, (self._next_free[channel], next(self._seq), channel))
            else:
                self._busy.discard(channel)
                del self._queues[channel]
            self._cond.notify_all()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def drain(self) -> list[Any]:
        """Take every job not yet handed out (stopping)."""
        with self._cond:
            jobs = []
            for _, _, channel in self._ready:
                jobs.extend(self._queues.pop(channel, ()))
                self._busy.discard(channel)
            self._ready.clear()
            for lane in self._queues.values():  # lanes being sent right now
                jobs.extend(lane)
                lane.clear()
            self._cond.notify_all()
            return jobs


# --------------------------------------------------------------------------------------
# Sending


def late_note(due_at: datetime, tz_name: str) -> str:
    local = due_at.astimezone(ZoneInfo(tz_name))
    when = f"{local:%a} {local.day} {local:%b %Y}, {local:%H:%M}"
    return f":hourglass: _Sent late — this reminder was due {when} ({tz_name} time) but could not be sent then._"


def _with_late_note(text: str, blocks: list[dict] | None, note: str) -> tuple[str, list[dict] | None]:
    if blocks is not None:
        context = ContextBlock(elements=[MarkdownTextObject(text=note)]).to_dict()
        blocks = [context, *blocks][:50]
    return f"{note}\n{text}", blocks


def _timezones(session: Session, triad_ids: set[int]) -> dict[int, str]:
    if not triad_ids:
        return {}
    rows = session.execute(
        select(Triad.id, Round.timezone).join(Round, Triad.round_id == Round.id).where(Triad.id.in_(sorted(triad_ids)))
    )
    return {triad_id: tz for triad_id, tz in rows}


def _prepare(
    sessions: sessionmaker[Session],
    ids: list[int],
    *,
    current: datetime,
    worker_id: str,
    config: SendConfig,
    render: Callable[[Session, Reminder], tuple[str, list[dict] | None]],
    deadline: float,
) -> tuple[list[_Job], list[_Result]]:
    """Load and render the claimed rows (at sending time, in this thread: the session is not shared)."""
    jobs, early = [], []
    with sessions() as session:
        rows = list(session.scalars(select(Reminder).where(Reminder.id.in_(ids)).order_by(Reminder.due_at, Reminder.id)))
        zones = _timezones(session, {r.triad_id for r in rows if r.triad_id is not None})
        for row in rows:
            job = _Job(
                row.id, row.attempts, worker_id, row.team_id, row.recipient, row.due_at, "", None,
                current - row.due_at > config.late_after, deadline,
            )
            try:
                text, blocks = render(session, row)
                if job.late:
                    note = late_note(row.due_at, zones.get(row.triad_id, config.default_timezone))
                    text, blocks = _with_late_note(text, blocks, note)
            except Exception as exc:  # a bug in rendering must not stop the other reminders
                log.exception("reminder %s: could not build its message", row.id)
                early.append(_retry(job, f"render: {exc!r}", config))
                continue
            jobs.append(replace(job, text=text, blocks=blocks))
        session.rollback()
    return jobs, early


def _retry(job: _Job, error: str, config: SendConfig) -> _Result:
    if job.attempts >= config.max_attempts:
        return _Result(job, "dead_end", job.outcome(FAILED, error=f"gave up after {job.attempts} attempts: {error}"), error)
    return _Result(job, "retry", job.outcome(PENDING, error=error), error)


def _refused(exc: BaseException) -> bool:
    """True when the request certainly never reached Slack (nothing can have been posted)."""
    reason = exc.reason if isinstance(exc, URLError) else exc
    return isinstance(reason, ConnectionRefusedError)


def _send_one(
    client: WebClient,
    job: _Job,
    *,
    now: Callable[[], datetime],
    monotonic: Callable[[], float],
    should_stop: Callable[[], bool],
    config: SendConfig,
) -> _Result:
    if should_stop() or monotonic() > job.deadline:
        why = "not started: the pass stopped" if should_stop() else "not started: claim too old"
        return _Result(job, "released", job.outcome(PENDING, error=why, refund_attempt=True), why)
    _send_deadline.value = job.deadline
    try:
        answer = client.chat_postMessage(
            channel=job.recipient,
            text=job.text,
            blocks=job.blocks,
            metadata={"event_type": REMINDER_EVENT, "event_payload": {"reminder_id": job.id}},
        )
    except SlackApiError as exc:
        status = getattr(exc.response, "status_code", 200)
        error = (exc.response.get("error") if hasattr(exc.response, "get") else None) or f"http_{status}"
        if status >= 500:
            return _Result(job, "unknown", None, error)
        if error in DEAD_CHANNEL_ERRORS:
            return _Result(job, "dead", job.outcome(FAILED, error=error), error)
        if error in APP_ERRORS:
            return _Result(job, "app_error", job.outcome(PENDING, error=error, refund_attempt=True), error)
        if status == 429 or error == "ratelimited":  # still limited after the handler's retries:
            # Slack's flow control, not the reminder's fault; paced, not dropped (no attempt counted)
            return _Result(job, "retry", job.outcome(PENDING, error="ratelimited", refund_attempt=True), error)
        return _retry(job, error, config)  # another answer: not posted
    except Exception as exc:  # the connection failed: posted or not, we cannot tell
        if _refused(exc):
            return _retry(job, f"connection refused: {exc}", config)
        log.warning("reminder %s: outcome unknown (%r); recovery will check Slack", job.id, exc)
        return _Result(job, "unknown", None, repr(exc))
    finally:
        _send_deadline.value = None
    status = LATE if job.late else SENT
    outcome = job.outcome(status, sent_at=now(), channel=answer.get("channel"), ts=answer.get("ts"))
    return _Result(job, "delivered", outcome)


def send_due(
    sessions: sessionmaker[Session],
    client: WebClient,
    *,
    now: Callable[[], datetime] = utcnow,
    worker_id: str,
    config: SendConfig = SendConfig(),
    sleeper: Callable[[float], None] = time.sleep,
    monotonic: Callable[[], float] = time.monotonic,
    should_stop: Callable[[], bool] = lambda: False,
    render: Callable[[Session, Reminder], tuple[str, list[dict] | None]] | None = None,
) -> SendStats:
    """One pass: claim every reminder due now, send each once (paced per channel, channels in
    parallel), record the outcomes in batches. Returns what happened."""
    if render is None:
        from handlers.blocks.reminders import render
    started, throttled_before = monotonic(), _throttle_count(client)
    stats = SendStats()
    lanes = ChannelLanes(config.channel_interval)
    results: queue.SimpleQueue[_Result] = queue.SimpleQueue()
    recorder = _Recorder(sessions, client, now, config, stats)
    threads: list[threading.Thread] = []
    outstanding = 0
    halted = threading.Event()  # the app's token or scopes are wrong: stop, release the rest

    def stopping() -> bool:
        return halted.is_set() or should_stop()

    def sender() -> None:
        while (item := lanes.take()) is not None:
            at, channel, job = item
            wait = at - monotonic()
            if wait > 0 and not stopping():
                sleeper(wait)
            try:
                result = _send_one(client, job, now=now, monotonic=monotonic, should_stop=stopping, config=config)
            except BaseException as exc:  # never leave the main thread waiting for an outcome
                result = _Result(job, "unknown", None, repr(exc))
            if result.kind == "app_error" and not halted.is_set():
                halted.set()
                log.error("Slack refused the app itself (%s): check SLACK_BOT_TOKEN and the app's scopes; "
                          "due reminders wait until it works", result.error)
            results.put(result)
            lanes.done(channel, monotonic())

    try:
        while not stopping():
            ids = claim_due(sessions, now=now(), worker_id=worker_id, limit=config.batch_size)
            if not ids:
                break
            stats.claimed += len(ids)
            deadline = monotonic() + config.lease.total_seconds() / 2
            jobs, early = _prepare(
                sessions, ids, current=now(), worker_id=worker_id, config=config, render=render, deadline=deadline
            )
            for result in early:
                recorder.add(result)
            for job in jobs:
                lanes.put(job.recipient, job)
                outstanding += 1
            while len(threads) < min(config.threads, outstanding):
                thread = threading.Thread(target=sender, name=f"clock-sender-{len(threads)}", daemon=True)
                thread.start()
                threads.append(thread)
            while True:  # record what is already done before claiming more
                try:
                    recorder.add(results.get_nowait())
                    outstanding -= 1
                except queue.Empty:
                    break
            recorder.flush_if_due(monotonic())
        lanes.close()
        while outstanding:
            if stopping():
                for job in lanes.drain():
                    why = "not started: the pass stopped"
                    recorder.add(_Result(job, "released", job.outcome(PENDING, error=why, refund_attempt=True)))
                    outstanding -= 1
                if not outstanding:
                    break
            try:
                recorder.add(results.get(timeout=config.record_seconds))
                outstanding -= 1
            except queue.Empty:
                if not any(thread.is_alive() for thread in threads):  # cannot happen; never hang on it
                    log.error("sender threads gone with %d reminders unsettled; recovery will check them", outstanding)
                    break
            recorder.flush_if_due(monotonic())
    except BaseException:
        lanes.drain()  # not started: still claimed, so recovery settles them after the lease
        raise
    finally:
        lanes.close()
        recorder.finish()
        for thread in threads:
            thread.join(timeout=30)
    stats.throttled = _throttle_count(client) - throttled_before
    stats.seconds = monotonic() - started
    return stats


class _Recorder:
    """Collects outcomes and writes them in batches from the main thread. Releases (back to
    pending) are written at the end of the pass, so this pass does not claim them again."""

    def __init__(self, sessions, client, now, config: SendConfig, stats: SendStats):
        self.sessions, self.client, self.now, self.config, self.stats = sessions, client, now, config, stats
        self.batch: list[_Result] = []
        self.deferred: list[_Result] = []
        self.last_flush = 0.0

    def add(self, result: _Result) -> None:
        kind = result.kind
        if kind == "delivered":
            if result.outcome.status == LATE:
                self.stats.late += 1
            else:
                self.stats.sent += 1
        elif kind in ("dead", "dead_end"):
            self.stats.failed += 1
            log.warning("reminder %s to %s failed: %s", result.job.id, result.job.recipient, result.error)
        elif kind == "retry":
            self.stats.retried += 1
            log.info("reminder %s to %s will be tried again: %s", result.job.id, result.job.recipient, result.error)
        elif kind in ("released", "app_error"):
            self.stats.released += 1
        elif kind == "unknown":
            self.stats.unknown += 1
            return  # stays `sending`; recovery checks Slack once the lease has run out
        (self.deferred if kind in ("retry", "released", "app_error") else self.batch).append(result)
        if len(self.batch) >= self.config.record_every:
            self.flush()

    def flush_if_due(self, at: float) -> None:
        if self.batch and at - self.last_flush >= self.config.record_seconds:
            self.flush()
            self.last_flush = at

    def flush(self) -> None:
        batch, self.batch = self.batch, []
        if batch:
            self._write(batch)

    def finish(self) -> None:
        self.flush()
        deferred, self.deferred = self.deferred, []
        if deferred:
            self._write(deferred)

    def _write(self, results: list[_Result]) -> None:
        current = self.now()
        from storage.queries import coordinator_ids

        told: list[tuple[str, str, str, frozenset[str]]] = []
        with self.sessions() as session, session.begin():
            changed = record_outcomes(session, [r.outcome for r in results])
            if changed < len(results):
                log.warning("%d of %d outcomes found their claim taken over", len(results) - changed, len(results))
            delivered = {(r.job.team_id, r.job.recipient) for r in results if r.kind == "delivered"}
            if delivered:
                clear_channel_failures(session, delivered)
            dead = [(r.job.team_id, r.job.recipient, r.error or "unknown") for r in results if r.kind == "dead"]
            for team_id, channel_id, error in add_channel_failures(session, dead, current) if dead else []:
                told.append((team_id, channel_id, error, coordinator_ids(session, team_id, self.config.coordinators)))
        for team_id, channel_id, error, coordinators in told:
            self.stats.coordinators_told += tell_coordinators(self.client, channel_id, error, coordinators)
            with self.sessions() as session, session.begin():
                mark_notified(session, team_id, channel_id, self.now())


def _is_user(recipient: str) -> bool:
    return recipient[:1] in ("U", "W")


def tell_coordinators(client: WebClient, channel_id: str, error: str, coordinators: frozenset[str]) -> int:
    """DM each coordinator that reminders to `channel_id` cannot be delivered; returns DMs sent."""
    where = f"<@{channel_id}>" if _is_user(channel_id) else f"<#{channel_id}>"
    fix = "check their Slack account" if _is_user(channel_id) else "add me back to the channel"
    text = (
        f":warning: I can't deliver reminders to {where}: Slack says `{error}`. "
        f"Those reminders are marked failed (`peerbot reminders list --status failed`); "
        f"{fix} for later ones to get through. I'll only tell you once."
    )
    if not coordinators:
        log.warning("reminders to %s fail (%s) and there is no coordinator to tell", channel_id, error)
    sent = 0
    for user in sorted(coordinators):
        try:
            client.chat_postMessage(channel=user, text=text)
            sent += 1
        except Exception as exc:
            log.warning("could not tell coordinator %s about %s: %r", user, channel_id, exc)
    return sent
