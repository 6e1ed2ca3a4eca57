"""Sending due reminders: one pass of `send_due`, as the clock's ``send-due-reminders`` job runs it.

`send_due` claims due rows (storage.reminder_claims), prepares them with the injected renderer
(bot.clock.jobs), posts them from a pool of sender threads, at most about one message a second
per channel (bot.clock.lanes), and records how each claim ended in batches (bot.clock.recording).
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
from collections.abc import Callable
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session, sessionmaker

from bot.clock.clients import REVOKED_ERRORS, TOKEN_DEAD_ERRORS, TeamClients, TeamUnavailable, as_team_clients
from bot.clock.config import SendConfig
from bot.clock.jobs import Renderer, prepare
from bot.clock.lanes import ChannelLanes
from bot.clock.outcomes import (
    Job,
    Result,
    SendStats,
    Settled,
    held,
    not_started,
    retry_or_give_up,
)
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
        return not_started(job, STOPPED if should_stop() else "not started: claim too old")
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
    """One pass: claim every reminder due now, send each once (paced per channel, channels in
    parallel), record the outcomes in batches. Returns what happened."""
    clients = as_team_clients(client)
    started, throttled_before = monotonic(), clients.throttled()
    stats = SendStats()
    lanes = ChannelLanes(config.channel_interval)
    results: queue.SimpleQueue[Result] = queue.SimpleQueue()
    recorder = Recorder(sessions, clients, now, config, stats)
    threads: list[threading.Thread] = []
    outstanding = 0
    halted = threading.Event()  # one token: the app's token or scopes are wrong: stop, release the rest
    stopped_teams: dict[str, tuple[str, bool]] = {}  # many workspaces: team -> (why, held) for the rest of the pass

    def stopping() -> bool:
        return halted.is_set() or should_stop()

    def send(job: Job) -> Result:
        if not clients.multi:
            result = send_one(
                clients.for_team(job.team_id), job, now=now, monotonic=monotonic, should_stop=stopping, config=config
            )
            if result.kind is Settled.APP_ERROR and not halted.is_set():
                halted.set()
                log.error(
                    "Slack refused the app itself (%s): check SLACK_BOT_TOKEN and the app's scopes; "
                    "due reminders wait until it works",
                    result.error,
                )
            return result
        if (why := stopped_teams.get(job.team_id)) is not None:
            return _team_stopped(job, why)
        try:
            team_client = clients.for_team(job.team_id)
        except TeamUnavailable as exc:
            stopped_teams[job.team_id] = (exc.error, exc.held)
            return _team_stopped(job, stopped_teams[job.team_id])
        result = send_one(team_client, job, now=now, monotonic=monotonic, should_stop=stopping, config=config)
        if result.kind is Settled.APP_ERROR:  # this workspace's token or scopes: the others go on
            error = result.error or "app_error"
            stopped_teams.setdefault(job.team_id, (error, error in TOKEN_DEAD_ERRORS))
            if error == "token_expired":
                clients.forget(job.team_id)  # refreshed on the next pass
            elif error in REVOKED_ERRORS:
                clients.revoked(job.team_id)
            log.error("workspace %s: Slack refused its token or scopes (%s)", job.team_id, error)
            if error in TOKEN_DEAD_ERRORS:
                return held(job, error)
        return result

    def sender() -> None:
        while (item := lanes.take()) is not None:
            at, channel, job = item
            wait = at - monotonic()
            if wait > 0 and not stopping():
                sleeper(wait)
            try:
                result = send(job)
            except BaseException as exc:  # never leave the main thread waiting for an outcome
                result = Result(job, Settled.UNKNOWN, None, repr(exc))
            results.put(result)
            lanes.done(channel, monotonic())

    try:
        while not stopping():
            ids = claim_due(sessions, now=now(), worker_id=worker_id, limit=config.batch_size)
            if not ids:
                break
            stats.claimed += len(ids)
            deadline = monotonic() + config.lease.total_seconds() / 2
            jobs, early = prepare(
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
                    recorder.add(not_started(job, STOPPED))
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
    stats.throttled = clients.throttled() - throttled_before
    stats.seconds = monotonic() - started
    return stats
