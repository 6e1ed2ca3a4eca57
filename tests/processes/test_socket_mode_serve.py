"""`peerbot serve` in Socket Mode as an operator runs it: a real process connected to the double's
Socket Mode server, stopped with SIGTERM. It exits within 10 s (what Heroku and most supervisors
allow before SIGKILL), also when a listener is stuck waiting on a Slack that doesn't answer."""

from __future__ import annotations

import signal
import subprocess
import time

import pytest

from slack_double import SlackDouble
from tests.e2e.harness import COORDINATOR, TEAM
from tests.processes.test_web_process import clean_env, free_port, peerbot

pytestmark = pytest.mark.slow

APP_TOKEN = "xapp-1-A0PEER-1-process"
EXIT_WITHIN = 10.0


@pytest.fixture
def double():
    with SlackDouble() as double:
        yield double
        double.assert_no_errors()


@pytest.fixture
def serve(database_url, sessions, double, tmp_path):
    env = clean_env(
        SLACK_BOT_TOKEN="xoxb-process-test",
        SLACK_APP_TOKEN=APP_TOKEN,
        SLACK_API_URL=double.base_url,
        DATABASE_URL=database_url,
        PORT=str(free_port()),
        PEER_COORDINATORS=COORDINATOR,
    )
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [*peerbot(), "serve", "--host", "127.0.0.1"], env=env, cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        double.socket_mode.wait_connected(timeout=60)
        yield process, log
    finally:
        if process.poll() is None:  # the test failed before it stopped it
            process.kill()
            process.wait(10)


def stop(process: subprocess.Popen) -> tuple[int | None, float]:
    """SIGTERM, then (exit code or None, seconds until it exited, at most EXIT_WITHIN + 5)."""
    sent = time.monotonic()
    process.send_signal(signal.SIGTERM)
    try:
        code = process.wait(EXIT_WITHIN + 5)
    except subprocess.TimeoutExpired:
        code = None
    return code, time.monotonic() - sent


def home_opened() -> dict:
    return {
        "token": "legacy", "team_id": TEAM, "api_app_id": "A0PEER", "type": "event_callback",
        "event_id": "EvSTUCK1", "event_time": int(time.time()),
        "event": {"type": "app_home_opened", "user": COORDINATOR, "channel": "D0HOME", "tab": "home",
                  "event_ts": "1.2"},
        "authorizations": [{"team_id": TEAM, "user_id": "UBOT", "is_bot": True}],
    }  # fmt: skip


def test_sigterm_stops_socket_mode_serve_within_10_s(serve, double):
    process, log = serve
    # It works: an envelope is acknowledged and its work done (the Home is published).
    server = double.socket_mode
    server.wait_for_ack(server.send("events_api", home_opened(), retry_attempt=0, retry_reason=""), timeout=30)
    double.wait_for("views.publish", timeout=30)
    code, took = stop(process)
    assert code == 0 and took < EXIT_WITHIN, (code, took, log.read_text(errors="replace"))


def test_sigterm_stops_it_within_10_s_while_a_listener_waits_on_a_slack_that_does_not_answer(serve, double):
    process, log = serve
    # Slack takes a minute to answer views.publish: the Home's listener is stuck in it (slack_sdk waits
    # 15 s a try, and retries), and the interpreter's exit would wait for its thread.
    double.misbehave("views.publish", delay=60)
    server = double.socket_mode
    server.wait_for_ack(server.send("events_api", home_opened(), retry_attempt=0, retry_reason=""), timeout=30)
    code, took = stop(process)
    output = log.read_text(errors="replace")
    assert code == 0 and took < EXIT_WITHIN, (code, took, output)
    assert "still stuck" in output or "did not finish" in output, output
