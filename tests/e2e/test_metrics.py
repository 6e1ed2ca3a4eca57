"""GET /metrics: the counts move when a command, an event and a reminder go through."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.app import reminder_renderer
from bot.clock.config import SendConfig
from bot.clock.process import ClockRuntime, send_due_reminders
from bot.clock.slack_client import clock_client
from storage.db import transaction
from storage.models import Reminder
from tests.e2e.harness import COORDINATOR, TEAM, InProcessApp


def scrape(app) -> dict[tuple[str, tuple], float]:
    with urllib.request.urlopen(app.url + "/metrics", timeout=10) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
        text = response.read().decode()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


@pytest.fixture
def runtime(app, double, sessions, clock):
    return ClockRuntime(
        sessions=sessions,
        client=clock_client(app.settings),
        render=reminder_renderer(),
        config=SendConfig(threads=2, channel_interval=0.0),
        worker_id="metrics-clock",
        now=clock,
    )


def add_reminder(sessions, clock, recipient: str = COORDINATOR) -> None:
    with transaction(sessions) as session:
        session.add(
            Reminder(team_id=TEAM, key=f"custom:{recipient}", kind="custom", recipient=recipient,
                     text="Send the agenda", due_at=clock())
        )  # fmt: skip


def test_a_command_and_an_event_are_counted_by_kind_with_their_ack_time(app, coordinator):
    before = scrape(app)
    assert coordinator.peer("help").status == 200
    assert coordinator.peer("status").status == 200
    home = {"type": "app_home_opened", "user": COORDINATOR, "channel": "D0HOME", "tab": "home", "event_ts": "1.2"}
    assert coordinator.event(home).status == 200
    after = scrape(app)

    def moved(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved("peerbot_requests_total", kind="command") == 2
    assert moved("peerbot_requests_total", kind="event") == 1
    assert moved("peerbot_requests_total", kind="block_actions") == 0
    assert moved("peerbot_ack_seconds_count", kind="command") == 2
    assert 0 < moved("peerbot_ack_seconds_sum", kind="command") < 3
    assert moved("peerbot_ack_seconds_bucket", kind="command", le="+Inf") == 2


def test_a_reminder_sent_moves_the_reminders_by_status_and_the_clock_pass(app, sessions, clock, runtime, double):
    before = scrape(app)
    assert value(before, "peerbot_database_up") == 1
    assert ("peerbot_clock_lag_seconds", ()) not in before  # the clock never ran
    add_reminder(sessions, clock)
    assert value(scrape(app), "peerbot_reminders", status="pending") == 1

    stats = send_due_reminders(runtime)
    assert stats is not None and stats.sent == 1
    clock.advance(seconds=45)
    after = scrape(app)
    assert value(after, "peerbot_reminders", status="pending") == 0
    assert value(after, "peerbot_reminders", status="sent") == 1
    assert value(after, "peerbot_clock_last_pass_timestamp_seconds") == clock().timestamp() - 45
    assert value(after, "peerbot_clock_lag_seconds") == 45


def test_slack_errors_are_counted_by_code(app, sessions, clock, runtime, double, coordinator):
    before = scrape(app)
    double.fail_next("views.open", "expired_trigger_id")
    coordinator.peer("authority add")  # no arguments: the form opens, and Slack refuses it
    double.unknown_users.add("UGONE")
    add_reminder(sessions, clock, recipient="UGONE")
    double.fail_next("chat.postMessage", "user_not_found")
    send_due_reminders(runtime)
    after = scrape(app)

    opened = value(after, "peerbot_slack_api_errors_total", method="views.open", error="expired_trigger_id")
    assert (
        opened - value(before, "peerbot_slack_api_errors_total", method="views.open", error="expired_trigger_id") == 1
    )
    # The clock's errors are recorded on the reminders, read from the database at the scrape.
    failed = {labels: v for (name, labels), v in after.items() if name == "peerbot_reminders_failed_by_error"}
    assert failed == {(("error", "user_not_found"),): 1}
    assert value(after, "peerbot_reminders", status="failed") == 1


def get(url: str, authorization: str | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Authorization": authorization} if authorization else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture
def guarded(database_url, sessions, clock, double):
    """The app with METRICS_TOKEN set, over HTTP."""
    app = InProcessApp(database_url, double.base_url, sessions, clock, metrics_token=METRICS_TOKEN)
    yield app
    app.stop()


METRICS_TOKEN = "s3cret-metrics-token-0123456789"


def test_with_metrics_token_set_metrics_wants_it_as_a_bearer_token(guarded):
    url = guarded.url + "/metrics"
    for attempt in (
        None,  # no Authorization at all
        "Bearer",  # the scheme without a token
        "Bearer ",
        "Bearer wrong-token",
        f"Bearer {METRICS_TOKEN[:-1]}",  # all but its last character
        f"Bearer {METRICS_TOKEN}x",  # a character more
        f"Basic {METRICS_TOKEN}",  # the right secret under another scheme
        METRICS_TOKEN,  # no scheme
        f"Bearer {METRICS_TOKEN.upper()}",
    ):
        status, body = get(url, attempt)
        assert status == 401, (attempt, status)
        assert b"peerbot_" not in body
    # The right token: the page.
    status, body = get(url, f"Bearer {METRICS_TOKEN}")
    assert status == 200 and b"peerbot_database_up" in body
    assert get(url, f"bearer  {METRICS_TOKEN} ")[0] == 200  # the scheme's case and spaces, as HTTP allows
    # /healthz stays open (load balancers call it without credentials).
    assert get(guarded.url + "/healthz")[0] == 200


def test_without_metrics_token_metrics_stays_open(app):
    status, body = get(app.url + "/metrics")
    assert status == 200 and b"peerbot_database_up" in body
    assert get(app.url + "/metrics", "Bearer anything")[0] == 200
