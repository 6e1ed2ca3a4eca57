"""The real processes as operators watch them: `peerbot serve` with two gunicorn workers adds up
its workers' counts on GET /metrics, and both processes log one JSON object per line."""

from __future__ import annotations

import json
import subprocess
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
