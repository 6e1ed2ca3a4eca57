"""The real processes as operators watch them: `peerbot serve` with two gunicorn workers adds up
its workers' counts on GET /metrics, and both processes log one JSON object per line."""

from __future__ import annotations

import json
import subprocess
import urllib.parse
import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

from slack_double import RemoteSlackDouble
from tests.processes.test_web_process import WebProcess, clean_env, command, free_port, peerbot, signed

pytestmark = pytest.mark.slow

REQUESTS = 8


@pytest.fixture
def slack():
    with RemoteSlackDouble.spawn() as double:
        yield double
        double.assert_no_errors()


def command_count(url: str) -> float:
    with urllib.request.urlopen(url + "/metrics", timeout=10) as response:
        text = response.read().decode()
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == "peerbot_requests_total" and sample.labels == {"kind": "command"}:
                return sample.value
    return 0.0


def json_lines(output: str) -> list[dict]:
    records = [json.loads(line) for line in output.splitlines() if line.strip()]
    for record in records:
        assert {"time", "level", "logger", "message"} <= record.keys(), record
    return records


def test_two_workers_counts_add_up_and_the_logs_are_json(database_url, sessions, slack, tmp_path):
    env = clean_env(
        SLACK_BOT_TOKEN="xoxb-process-test",
        SLACK_SIGNING_SECRET="process-test-signing-secret",
        SLACK_API_URL=slack.base_url,
        DATABASE_URL=database_url,
        PORT=str(free_port()),
        WEB_CONCURRENCY="2",
        LOG_FORMAT="json",
    )
    web = WebProcess(env, tmp_path)
    try:
        web.wait_healthy()
        for _ in range(REQUESTS):
            status, reply = web.post(body := command(slack, "help"), signed(body))
            assert status == 200, reply
        # Each scrape is answered by either worker; each sees every worker's count.
        assert [command_count(web.url) for _ in range(6)] == [REQUESTS] * 6
    finally:
        assert web.stop() == 0
    records = json_lines(web.log_path.read_text())
    assert any(r["logger"] == "gunicorn.error" and "Booting worker" in r["message"] for r in records), records
    assert len({r["message"] for r in records if "Booting worker" in r["message"]}) == 2


def test_the_clock_logs_json_too(database_url, sessions, slack, tmp_path):
    env = clean_env(
        SLACK_BOT_TOKEN="xoxb-process-test",
        SLACK_SIGNING_SECRET="process-test-signing-secret",
        SLACK_API_URL=slack.base_url,
        DATABASE_URL=database_url,
        LOG_FORMAT="json",
    )
    done = subprocess.run(
        [*peerbot(), "clock", "--once"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    records = json_lines(done.stderr + done.stdout)
    assert any(r["logger"] == "peerbot.clock" and r["message"].startswith("clock ") for r in records), records


def test_serve_in_socket_mode_acknowledges_an_envelope_and_serves_metrics(database_url, sessions, tmp_path):
    """`peerbot serve` with SLACK_APP_TOKEN: no HTTP for Slack, a WebSocket to the double instead;
    GET /healthz and /metrics on PORT all the same."""
    from slack_double import SlackDouble
    from tests.e2e.test_socket_mode import APP_TOKEN
    from tests.slack_requests import slash_command_body

    with SlackDouble() as double:
        port = free_port()
        env = clean_env(
            SLACK_BOT_TOKEN="xoxb-process-test",  # the two tokens, and no signing secret
            SLACK_APP_TOKEN=APP_TOKEN,
            SLACK_API_URL=double.base_url,
            DATABASE_URL=database_url,
            PEER_COORDINATORS="UCOORD",
            PORT=str(port),
        )
        web = WebProcess(env, tmp_path)
        try:
            double.socket_mode.wait_connected(timeout=45)
            body = slash_command_body('round new "SE 2018"', team="T0PROC", user="UCOORD", channel="D0PROC",
                                      response_url=double.response_url("socket"), trigger_id="socket.1")  # fmt: skip
            envelope = double.socket_mode.send(
                "slash_commands", dict(urllib.parse.parse_qsl(body)), accepts_response_payload=True
            )
            ack = double.socket_mode.wait_for_ack(envelope, timeout=20)
            assert "SE 2018" in json.dumps(ack["payload"]), ack
            web.wait_healthy()
            assert command_count(web.url) == 1
        finally:
            assert web.stop() == 0
        double.assert_no_errors()
