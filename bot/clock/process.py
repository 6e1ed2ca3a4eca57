"""The clock process (`peerbot clock`): sends due reminders, once each, paced per channel.

`run_clock` runs an APScheduler `BlockingScheduler` with two jobs:

* ``send-due-reminders`` (every CLOCK_INTERVAL_SECONDS, first run at start-up): `send_due`
  (bot.clock.sending) claims due rows (storage.reminder_claims) fairly across channels — at
  most ten in flight to one channel, every channel's first before any channel's second, and
  again every few seconds while it sends, so one channel's backlog never holds up another's —,
  renders them with the renderer the composition root injects (bot.app.reminder_renderer: the
  clock does not import the handlers), posts them from a thread pool over per-channel groups, at most about
  one message a second per channel, and records how each claim ended;
* ``recover-stale-claims``: `recover_stale` (bot.clock.recovery) finds rows a dead clock left in ``sending``
  past their lease, looks for the message in the channel's history (every reminder is
  posted with ``metadata.event_payload.reminder_id``) and records it sent, or puts it
  back to be sent (late).

The durable truth is the ``reminders`` table; the scheduler's own job store is in memory
and never shared. Why nothing is lost or sent twice:

* a row is posted only by the clock that claimed it; claims are atomic per row
  (`FOR UPDATE SKIP LOCKED` on PostgreSQL, a conditional UPDATE on SQLite);
* a claim older than half its lease is not started (it is released), and a 429 retry is
  not slept on past that point, so a post never begins after another clock may have
  taken the row over;
* when a post's result is unknown (a connection dropped, a 5xx: Slack may have posted
  it), the row stays ``sending`` and recovery checks Slack before anything is re-sent —
  which is why the clock's client retries 429s only (`clock_client`), not connection
  errors or 5xx as `bot.app.web_client` does;
* Slack's definite answers end the claim: ok → sent/late, a dead channel → failed (the
  coordinators are told once per channel), a 429 that outlasts the retries → pending
  again without counting an attempt, a refusal of the app's own token or scopes →
  the pass stops and releases its claims uncounted, anything else → pending again, failed
  after MAX_ATTEMPTS claims.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TypeAlias

from apscheduler.schedulers.blocking import BlockingScheduler
from slack_sdk import WebClient
from sqlalchemy.orm import Session, sessionmaker

from bot.clock.clients import InstalledClients, TeamClients
from bot.clock.config import SendConfig
from bot.clock.jobs import Renderer
from bot.clock.outcomes import SendStats
from bot.clock.recovery import RecoverStats, recover_stale
from bot.clock.sending import send_due
from bot.clock.slack_client import clock_client, clock_client_factory
from bot.rules.times import utcnow
from bot.settings import Settings
from storage.db import transaction
from storage.monitoring import record_clock_pass

log = logging.getLogger("peerbot.clock")

WorkResumer: TypeAlias = Callable[[sessionmaker[Session], Callable[[str], WebClient], Callable[[], datetime]], int]

SEND_JOB_ID = "send-due-reminders"
RECOVER_JOB_ID = "recover-stale-claims"
RECORD_JOB_ID = "update-living-record"  # the triads' canvases, the documents with reminders (handlers.living_record)


@dataclass
class ClockRuntime:
    """What the jobs need; module-level jobs receive it as their argument. `render` builds a
    reminder's message (injected by the composition root: bot.app.reminder_renderer)."""

    sessions: sessionmaker[Session]
    client: WebClient | TeamClients  # one SLACK_BOT_TOKEN, or each workspace's (Add to Slack)
    render: Renderer
    config: SendConfig
    worker_id: str
    now: Callable[[], datetime] = utcnow
    # Finishes work a request left half-done (a proposal's triads whose forming a network error stopped),
    # `resume(sessions, client_for_team, now) -> how many finished`; injected like `render` (bot.app.work_resumer).
    resume: WorkResumer | None = None
    stopping: threading.Event = field(default_factory=threading.Event)
    locks: dict[str, threading.Lock] = field(
        default_factory=lambda: {
            SEND_JOB_ID: threading.Lock(),
            RECOVER_JOB_ID: threading.Lock(),
            RECORD_JOB_ID: threading.Lock(),
        }
    )
    # Brings the triads' canvases up to date and posts the documents that go with reminders sent (injected
    # like `render`: bot.app.living_record_job); None: neither.
    update_record: Callable[[ClockRuntime], object] | None = None

    @classmethod
    def from_settings(cls, settings: Settings, render: Renderer, resume: WorkResumer | None = None) -> ClockRuntime:
        from storage.db import make_engine, make_sessionmaker

        sessions = make_sessionmaker(make_engine(settings.database_url))
        return cls(
            sessions=sessions,
            client=installed_clients(settings, sessions) if settings.multi_workspace else clock_client(settings),
            render=render,
            config=SendConfig.from_settings(settings),
            worker_id=make_worker_id(),
            resume=resume,
        )

    def wait_idle(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        for lock in self.locks.values():
            if not lock.acquire(timeout=max(0.0, deadline - time.monotonic())):
                return False
            lock.release()
        return True


def installed_clients(settings: Settings, sessions: sessionmaker[Session]) -> InstalledClients:
    """Each workspace's token from slack_sdk's installation store (the web process saves them)."""
    from slack_sdk.oauth.token_rotation import TokenRotator

    from bot.installations import installation_store

    rotator = TokenRotator(
        client_id=settings.slack_client_id,  # type: ignore[arg-type]
        client_secret=settings.slack_client_secret,  # type: ignore[arg-type]
        client=WebClient(base_url=settings.slack_api_url, timeout=15),
    )
    return InstalledClients(
        installation_store(settings, sessions),
        clock_client_factory(settings),
        rotator,
        minutes_before_expiry=settings.slack_token_rotation_minutes,
    )


def resume_reinstalled(runtime: ClockRuntime) -> int:
    """One SLACK_BOT_TOKEN: if the workspace it belongs to had uninstalled the app (its reminders held),
    the token working again means the app is back: its held reminders resume. Returns how many.
    (With Add to Slack the reinstall itself resumes them: bot.installations.)"""
    if not isinstance(runtime.client, WebClient):
        return 0
    try:
        who = runtime.client.auth_test()
    except Exception as exc:  # Slack unreachable or the token refused: nothing to resume now
        log.info("clock: could not check the bot token at start-up (%r)", exc)
        return 0
    team_id = who.get("team_id")
    if not team_id:
        return 0
    from bot.services.workspaces import installed
    from storage.workspaces import WorkspaceStatus, workspace_status

    with runtime.sessions() as session, session.begin():
        if workspace_status(session, team_id) in (WorkspaceStatus.UNINSTALLED, WorkspaceStatus.REVOKED):
            return installed(session, team_id, who.get("team"), None, runtime.now())
    return 0


def make_worker_id() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def send_due_reminders(runtime: ClockRuntime) -> SendStats | None:
    """The ``send-due-reminders`` job."""
    if runtime.stopping.is_set():
        return None
    with runtime.locks[SEND_JOB_ID]:
        try:
            stats = send_due(
                runtime.sessions,
                runtime.client,
                render=runtime.render,
                now=runtime.now,
                worker_id=runtime.worker_id,
                config=runtime.config,
                should_stop=runtime.stopping.is_set,
            )
        except Exception:
            log.exception("sending due reminders failed; trying again at the next run")
            return None
        record_pass(runtime, stats)
    if stats.claimed:
        log.info("reminders: %s", stats)
    return stats


def record_pass(runtime: ClockRuntime, stats: SendStats) -> None:
    """The pass's end in `clock_passes`, for `peerbot doctor` and GET /metrics in other processes."""
    try:
        with transaction(runtime.sessions) as session:
            record_clock_pass(session, runtime.worker_id, runtime.now(), stats.claimed, stats.sent + stats.late)
    except Exception:
        log.exception("could not record the clock's pass")


def recover_stale_claims(runtime: ClockRuntime) -> RecoverStats | None:
    """The ``recover-stale-claims`` job."""
    if runtime.stopping.is_set():
        return None
    with runtime.locks[RECOVER_JOB_ID]:
        try:
            stats = recover_stale(runtime.sessions, runtime.client, now=runtime.now, config=runtime.config)
        except Exception:
            log.exception("recovering stale claims failed; trying again at the next run")
            return None
    if stats.stale:
        log.info("recovered claims: %s", stats)
    resume_stalled_work(runtime)
    return stats


def resume_stalled_work(runtime: ClockRuntime) -> int:
    """Finish what a request left half-done (part of the ``recover-stale-claims`` job); returns how many."""
    if runtime.resume is None or runtime.stopping.is_set():
        return 0
    client = runtime.client
    client_for = (lambda _team: client) if isinstance(client, WebClient) else client.for_team
    try:
        finished = runtime.resume(runtime.sessions, client_for, runtime.now)
    except Exception:
        log.exception("finishing half-done work failed; trying again at the next run")
        return 0
    if finished:
        log.info("finished %d half-done piece(s) of work", finished)
    return finished


def update_record(runtime: ClockRuntime) -> object | None:
    """The ``update-living-record`` job."""
    if runtime.stopping.is_set() or runtime.update_record is None:
        return None
    with runtime.locks[RECORD_JOB_ID]:
        try:
            stats = runtime.update_record(runtime)
        except Exception:
            log.exception("updating the canvases or posting documents failed; trying again at the next run")
            return None
    if getattr(stats, "busy", False):
        log.info("living record: %s", stats)
    return stats


def build_scheduler(runtime: ClockRuntime, interval_seconds: float) -> BlockingScheduler:
    scheduler = BlockingScheduler(timezone=timezone.utc)
    first = datetime.now(timezone.utc)
    common = dict(
        trigger="interval", args=[runtime], replace_existing=True, max_instances=1, coalesce=True, next_run_time=first
    )
    scheduler.add_job(send_due_reminders, id=SEND_JOB_ID, name=SEND_JOB_ID, seconds=interval_seconds, **common)
    recover_every = max(interval_seconds, runtime.config.lease.total_seconds() / 2)
    scheduler.add_job(recover_stale_claims, id=RECOVER_JOB_ID, name=RECOVER_JOB_ID, seconds=recover_every, **common)
    if runtime.update_record is not None:
        scheduler.add_job(update_record, id=RECORD_JOB_ID, name=RECORD_JOB_ID, seconds=interval_seconds, **common)
    return scheduler


def _expected_overlap(record: logging.LogRecord) -> bool:
    """A pass longer than the interval makes APScheduler skip the next run (max_instances=1,
    by design) and warn each time; the pass's own summary says how long it took."""
    return "maximum number of running instances reached" not in record.getMessage()


def run_clock(
    settings: Settings,
    render: Renderer,
    once: bool = False,
    resume: WorkResumer | None = None,
    living_record: Callable[[ClockRuntime], object] | None = None,
) -> None:
    """`peerbot clock`: run until SIGTERM/SIGINT (finishing in-flight posts), or one pass with `once`.
    `render` builds each reminder's message (bot.app.reminder_renderer); `resume` finishes half-done work
    (bot.app.work_resumer); `living_record` keeps the triads' canvases and posts the documents with
    reminders (bot.app.living_record_job)."""
    runtime = ClockRuntime.from_settings(settings, render, resume)
    runtime.update_record = living_record
    log.info(
        "clock %s: every %.3gs, lease %.3gs",
        runtime.worker_id,
        settings.clock_interval_seconds,
        settings.clock_lease_seconds,
    )
    if warning := settings.coordinator_warning():
        log.warning(warning)
    resume_reinstalled(runtime)
    if once:
        recover_stale_claims(runtime)
        send_due_reminders(runtime)
        update_record(runtime)
        return
    logging.getLogger("apscheduler.executors.default").setLevel(logging.WARNING)  # not a line per run
    logging.getLogger("apscheduler.scheduler").addFilter(_expected_overlap)
    scheduler = build_scheduler(runtime, settings.clock_interval_seconds)

    def stop(signum, _frame) -> None:
        log.info("clock: %s received; finishing the posts in flight", signal.Signals(signum).name)
        runtime.stopping.set()
        # Not from inside the signal handler: shutdown takes the scheduler's locks.
        threading.Thread(target=scheduler.shutdown, kwargs={"wait": False}, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    scheduler.start()
    if not runtime.wait_idle(timeout=25):
        log.warning("clock: a job was still running at exit; its claims will be recovered")
    log.info("clock stopped")
