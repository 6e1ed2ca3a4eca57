"""What GET /metrics shows (prometheus-client's text format).

Counted in the web process, per request: requests and acknowledgement time by kind (command,
block_actions, view_submission, event, shortcut, other), and Slack's error answers to the app's
Web API calls by method and code. Under gunicorn these live in prometheus-client's multiprocess
files (PROMETHEUS_MULTIPROC_DIR, set by `peerbot serve`) so every worker's counts add up at a scrape.

Read from the database at scrape time, so they are the same whichever process answers: reminders
by status, failed reminders by the Slack error recorded on them, the clock's last pass and lag.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, values
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from sqlalchemy.orm import Session, sessionmaker

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

# The app's own metrics, kept out of prometheus-client's default registry (a test builds many apps).
REGISTRY = CollectorRegistry(auto_describe=True)
REQUESTS = Counter("peerbot_requests", "Requests from Slack, by kind", ["kind"], registry=REGISTRY)
ACK_SECONDS = Histogram(
    "peerbot_ack_seconds",
    "Time from a request's dispatch to its acknowledgement, by kind",
    ["kind"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0),
    registry=REGISTRY,
)
SLACK_ERRORS = Counter(
    "peerbot_slack_api_errors",
    "Slack's error answers to the web process's calls",
    ["method", "error"],
    registry=REGISTRY,
)

log = logging.getLogger("peerbot.metrics")
# Whether the counts above live in PROMETHEUS_MULTIPROC_DIR's files: prometheus-client decided it
# from the environment when it was first imported, whatever the environment says now.
MULTIPROCESS = values.ValueClass is not values.MutexValue


def request_kind(body: dict[str, Any]) -> str:
    if "command" in body:
        return "command"
    kind = body.get("type")
    if kind in ("block_actions", "view_submission"):
        return str(kind)
    if kind == "event_callback":
        return "event"
    if kind in ("shortcut", "message_action"):
        return "shortcut"
    return "other"


def observe(dispatch: Callable[[BoltRequest], BoltResponse], request: BoltRequest) -> BoltResponse:
    """`App.dispatch` timed and counted: it returns once the listener acknowledged (or Bolt gave up)."""
    started = time.perf_counter()
    try:
        return dispatch(request)
    finally:
        kind = request_kind(request.body if isinstance(request.body, dict) else {})
        REQUESTS.labels(kind).inc()
        ACK_SECONDS.labels(kind).observe(time.perf_counter() - started)


class SlackErrorCounter(RetryHandler):
    """Counts Slack's error answers by method and code; never asks for a retry. A retry handler
    because Bolt gives each request its own WebClient, copying the app client's retry handlers;
    it goes first in the list, as slack_sdk asks the handlers in turn until one retries."""

    def can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is not None:
            code = _error_code(response)
            if code:
                SLACK_ERRORS.labels(request.url.rsplit("/", 1)[-1].split("?")[0], code).inc()
        return False


def _error_code(response: HttpResponse) -> str | None:
    if response.status_code == 429:
        return "ratelimited"
    body = response.body
    if body is None and response.data:
        try:
            body = json.loads(response.data)
        except ValueError:
            body = None
    if isinstance(body, dict) and body.get("ok") is False:
        return str(body.get("error") or "unknown")
    if response.status_code >= 500:
        return f"http_{response.status_code}"
    return None


class DatabaseCollector(Collector):
    """Figures read from the database at each scrape."""

    def __init__(self, sessions: sessionmaker[Session], now: Callable[[], datetime]):
        self.sessions, self.now = sessions, now

    def collect(self) -> Iterator[Metric]:
        from storage.monitoring import last_clock_pass, reminders_by_status, slack_errors_by_code

        try:
            with self.sessions() as session:
                statuses = reminders_by_status(session)
                errors = slack_errors_by_code(session)
                last = last_clock_pass(session)
        except Exception as exc:  # the database is down: the process's own figures still go out
            log.warning("metrics: cannot read the database: %s", exc)
            up = GaugeMetricFamily("peerbot_database_up", "Whether the database answered this scrape")
            up.add_metric([], 0)
            yield up
            return
        up = GaugeMetricFamily("peerbot_database_up", "Whether the database answered this scrape")
        up.add_metric([], 1)
        yield up
        yield _gauge("peerbot_reminders", "Reminders by status", "status", statuses.items())
        yield _gauge(
            "peerbot_reminders_failed_by_error", "Failed reminders by the Slack error", "error", errors.items()
        )
        last_pass = GaugeMetricFamily(
            "peerbot_clock_last_pass_timestamp_seconds", "When the clock's latest pass ended (absent: never)"
        )
        lag = GaugeMetricFamily("peerbot_clock_lag_seconds", "Seconds since the clock's latest pass ended")
        if last is not None:
            last_pass.add_metric([], last.timestamp())
            lag.add_metric([], max(0.0, (self.now() - last).total_seconds()))
        yield last_pass
        yield lag


def _gauge(name: str, documentation: str, label: str, values: Iterable[tuple[str, int]]) -> GaugeMetricFamily:
    gauge = GaugeMetricFamily(name, documentation, labels=[label])
    for value, count in sorted(values):
        gauge.add_metric([value], count)
    return gauge


def scrape(sessions: sessionmaker[Session], now: Callable[[], datetime]) -> bytes:
    """The /metrics page: this process's (or all workers') counts, then the database's figures."""
    if MULTIPROCESS:
        workers = CollectorRegistry()
        MultiProcessCollector(workers)
        counted = generate_latest(workers)
    else:
        counted = generate_latest(REGISTRY)
    database = CollectorRegistry()
    database.register(DatabaseCollector(sessions, now))
    return counted + generate_latest(database)
