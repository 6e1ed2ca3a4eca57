"""Sending due reminders: one pass of `send_due`, as the clock's ``send-due-reminders`` job runs it.

`send_due` claims due rows (storage.reminder_claims.claim_due: at most `SendConfig.per_channel`
in flight to one channel, round-robin across channels, again every `claim_seconds` while it sends,
for `claim_window` seconds), prepares them with the injected renderer (bot.clock.jobs), posts them
from a `ThreadPoolExecutor` over per-channel groups, at most about one message a second per channel
(a claim given up before its post takes no slot), and records how each claim ended in batches
(bot.clock.recording). A backlog in one channel is sent at that channel's pace over many passes
and never delays another channel's reminders.
The Slack client it posts with (bot.clock.slack_client.clock_client) retries 429s only, never
past the claim's deadline: when a post's result is unknown (a connection dropped, a 5xx) the
row stays ``sending`` and bot.clock.recovery checks Slack before anything is re-sent. A dead
channel fails its reminders and the coordinators are told once (bot.clock.coordinators).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session, sessionmaker

from bot.clock.clients import REVOKED_ERRORS, TOKEN_DEAD_ERRORS, TeamClients, TeamUnavailable, as_team_clients
from bot.clock.config import SendConfig
from bot.clock.jobs import Renderer, prepare
from bot.clock.outcomes import Job, Result, SendStats, Settled, held, not_started, retry_or_give_up
from bot.clock.recording import Recorder
from bot.clock.slack_client import (
    APP_ERRORS,
    DEAD_CHANNEL_ERRORS,
    REMINDER_EVENT,
    never_reached_slack,
    posting_deadline,
)
from bot.rules.times import utcnow
from storage.reminder_claims import ReminderStatus, claim_due

log = logging.getLogger("peerbot.clock")  # the clock process's logger, as before the split

STOPPED = "not started: the pass stopped"
_TOO_OLD = "not started: claim too old"


def send_one(
    client: WebClient,
    job: Job,
    *,
    now: Callable[[], datetime],
    monotonic: Callable[[], float],
    should_stop: Callable[[], bool],
    config: SendConfig,
) -> Result:
    """Post one prepared reminder (unless the pass is stopping or the claim is too old) and say how it ended."""
    if should_stop() or monotonic() > job.deadline:
        return not_started(job, STOPPED if should_stop() else _TOO_OLD)
    try:
        with posting_deadline(job.deadline):
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
            return Result(job, Settled.UNKNOWN, None, error)
        if error in DEAD_CHANNEL_ERRORS:
            return Result(job, Settled.DEAD, job.outcome(ReminderStatus.FAILED, error=error), error)
        if error in APP_ERRORS:
            released = job.outcome(ReminderStatus.PENDING, error=error, refund_attempt=True)
            return Result(job, Settled.APP_ERROR, released, error)
        if status == 429 or error == "ratelimited":  # still limited after the handler's retries:
            # Slack's flow control, not the reminder's fault; paced, not dropped (no attempt counted)
            released = job.outcome(ReminderStatus.PENDING, error="ratelimited", refund_attempt=True)
            return Result(job, Settled.RETRY, released, error)
        return retry_or_give_up(job, error, config)  # another answer: not posted
    except Exception as exc:  # the connection failed: posted or not, we cannot tell
        if never_reached_slack(exc):
            return retry_or_give_up(job, f"connection refused: {exc}", config)
        log.warning("reminder %s: outcome unknown (%r); recovery will check Slack", job.id, exc)
        return Result(job, Settled.UNKNOWN, None, repr(exc))
    status = ReminderStatus.LATE if job.late else ReminderStatus.SENT
    outcome = job.outcome(status, sent_at=now(), channel=answer.get("channel"), ts=answer.get("ts"))
    return Result(job, Settled.DELIVERED, outcome)


def _team_stopped(job: Job, why: tuple[str, bool]) -> Result:
    """A job of a workspace the pass stopped sending to: held if only a reinstall helps, else released."""
    error, hold = why
    return held(job, error) if hold else not_started(job, f"not started: {error}")


_UNPOSTED = frozenset({Settled.RELEASED, Settled.HELD})  # ended without a post: no pacing slot taken


class _Pass:
    """The state of one `send_due` pass: claiming, the channels' groups, the pool, recording.

    The claimed jobs wait in a group per channel (FIFO). A channel has one job in the pass's
    `ThreadPoolExecutor` at a time, which waits for its turn (a `channel_interval` after the
    channel's previous post finished), posts, and puts the group's next in. So channels go in
    parallel and each is paced; the main thread claims and records."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        clients: TeamClients,
        render: Renderer,
        now: Callable[[], datetime],
        worker_id: str,
        config: SendConfig,
        sleeper: Callable[[float], None],
        monotonic: Callable[[], float],
        should_stop: Callable[[], bool],
    ):
        self.sessions, self.clients, self.render, self.now = sessions, clients, render, now
        self.worker_id, self.config, self.sleeper, self.monotonic = worker_id, config, sleeper, monotonic
        self.should_stop = should_stop
        self.stats = SendStats()
        self.recorder = Recorder(sessions, clients, now, config, self.stats, render.undeliverable)
        self.pool = ThreadPoolExecutor(max_workers=config.threads, thread_name_prefix="clock-sender")
        self.settled: queue.SimpleQueue[Result] = queue.SimpleQueue()
        self.lock = threading.Lock()  # over the groups
        self.groups: dict[str, deque[Job]] = {}  # channel -> jobs waiting; present while one is in the pool
        self.next_free: dict[str, float] = {}  # channel -> a second after its last post finished
        self.held = 0  # jobs claimed and not settled yet
        self.halted = threading.Event()  # one token: the app's token or scopes are wrong: stop, release the rest
        self.stopped_teams: dict[str, tuple[str, bool]] = {}  # many workspaces: team -> (why, held)

    def stopping(self) -> bool:
        return self.halted.is_set() or self.should_stop()

    def claim(self) -> int:
        """Claim what is due now (fairly across channels), and group it by channel; returns how many."""
        config = self.config
        ids = claim_due(
            self.sessions,
            now=self.now(),
            worker_id=self.worker_id,
            limit=config.batch_size,
            per_channel=config.per_channel,
        )
        if not ids:
            return 0
        self.stats.claimed += len(ids)
        deadline = self.monotonic() + config.lease.total_seconds() / 2
        jobs, early = prepare(
            self.sessions, ids, current=self.now(), worker_id=self.worker_id, config=config, render=self.render,
            deadline=deadline,
        )  # fmt: skip
        for result in early:
            self.recorder.add(result)
        self.held += len(jobs)
        first = []
        with self.lock:
            for job in jobs:
                if (group := self.groups.get(job.recipient)) is not None:
                    group.append(job)
                else:
                    self.groups[job.recipient] = deque()
                    first.append(job)
        for job in first:
            self.submit(job)
        return len(ids)

    def submit(self, job: Job) -> None:
        self.pool.submit(self.post, job, self.next_free.get(job.recipient, 0.0))

    def collect(self, timeout: float) -> None:
        """Record the jobs the pool has settled, waiting up to `timeout` seconds for the first."""
        try:
            result = self.settled.get(timeout=timeout) if timeout > 0 else self.settled.get_nowait()
            while True:
                self.recorder.add(result)
                self.held -= 1
                result = self.settled.get_nowait()
        except queue.Empty:
            pass
        self.recorder.flush_if_due(self.monotonic())

    def run(self) -> None:
        """Claim, send and record until nothing is due and nothing is held. Newly due rows are
        claimed every `claim_seconds` while sending; after `claim_window` seconds the pass stops
        claiming and finishes what it holds (the next pass goes on)."""
        config = self.config
        claim_until = self.monotonic() + config.claim_window
        next_claim = 0.0
        while not self.stopping():
            at = self.monotonic()
            if at < claim_until and (not self.held or at >= next_claim):
                claimed = self.claim()
                if not claimed and not self.held:
                    return
                next_claim = at if claimed >= config.batch_size else at + config.claim_seconds
            elif not self.held:
                return
            self.collect(0.0 if next_claim <= at < claim_until else config.record_seconds)
        with self.lock:  # stopping: what is not in the pool is released
            waiting = [job for group in self.groups.values() for job in group]
            for group in self.groups.values():
                group.clear()
        for job in waiting:
            self.recorder.add(not_started(job, STOPPED))
            self.held -= 1
        while self.held:
            self.collect(config.record_seconds)

    def post(self, job: Job, turn: float) -> None:
        """In a pool thread: wait for the channel's turn, send the job, hand over how it ended and
        put the channel's next in (its turn a second after a post; when this one's was if none)."""
        try:
            if turn > job.deadline:  # its turn comes too late: released at once, no wait, no slot
                result = not_started(job, _TOO_OLD)
            else:
                if (wait := turn - self.monotonic()) > 0 and not self.stopping():
                    self.sleeper(wait)
                result = self.send(job)
        except BaseException as exc:  # never leave the main thread waiting for an outcome
            result = Result(job, Settled.UNKNOWN, None, repr(exc))
        finished = self.monotonic()
        self.settled.put(result)
        with self.lock:
            if result.kind not in _UNPOSTED:
                self.next_free[job.recipient] = finished + self.config.channel_interval
            if not (group := self.groups[job.recipient]):
                del self.groups[job.recipient]
                return
            following = group.popleft()
        self.submit(following)  # after an error in the pass, refused: it stays claimed for recovery

    def send(self, job: Job) -> Result:
        if (why := self.stopped_teams.get(job.team_id)) is not None:
            return _team_stopped(job, why)
        try:
            client = self.clients.for_team(job.team_id)
        except TeamUnavailable as exc:  # many workspaces: this one's installation is gone or its token dead
            return _team_stopped(job, self.stopped_teams.setdefault(job.team_id, (exc.error, exc.held)))
        result = send_one(
            client, job, now=self.now, monotonic=self.monotonic, should_stop=self.stopping, config=self.config
        )
        return self.refused(job, result) if result.kind is Settled.APP_ERROR else result

    def refused(self, job: Job, result: Result) -> Result:
        """Slack refused the token or scopes: one token stops the pass; of many, this workspace's stops."""
        error = result.error or "app_error"
        if not self.clients.multi:
            if not self.halted.is_set():
                self.halted.set()
                log.error(
                    "Slack refused the app itself (%s): check SLACK_BOT_TOKEN and the app's scopes; "
                    "due reminders wait until it works",
                    result.error,
                )
            return result
        self.stopped_teams.setdefault(job.team_id, (error, error in TOKEN_DEAD_ERRORS))
        if error == "token_expired":
            self.clients.forget(job.team_id)  # refreshed on the next pass
        elif error in REVOKED_ERRORS:
            self.clients.revoked(job.team_id)
        log.error("workspace %s: Slack refused its token or scopes (%s)", job.team_id, error)
        return held(job, error) if error in TOKEN_DEAD_ERRORS else result


def send_due(
    sessions: sessionmaker[Session],
    client: WebClient | TeamClients,
    *,
    render: Renderer,
    now: Callable[[], datetime] = utcnow,
    worker_id: str,
    config: SendConfig = SendConfig(),
    sleeper: Callable[[float], None] = time.sleep,
    monotonic: Callable[[], float] = time.monotonic,
    should_stop: Callable[[], bool] = lambda: False,
) -> SendStats:
    """One pass: claim the reminders due now, at most `config.per_channel` in flight to a channel and
    every channel's first before any channel's second; send each once (paced per channel, channels in
    parallel); claim newly due ones while sending; record the outcomes in batches. Returns what happened."""
    clients = as_team_clients(client)
    started, throttled_before = monotonic(), clients.throttled()
    run = _Pass(sessions, clients, render, now, worker_id, config, sleeper, monotonic, should_stop)
    try:
        run.run()
    finally:  # after an error what was not started stays claimed: recovery settles it after the lease
        run.pool.shutdown(wait=True, cancel_futures=True)
        run.recorder.finish()
    run.stats.throttled = clients.throttled() - throttled_before
    run.stats.seconds = monotonic() - started
    return run.stats
