"""The web process as operators run it: `peerbot serve` (gunicorn) in its own process, over real HTTP.

Slack is the standalone double (`python -m slack_double`) in another process; the database
is the test database (SQLite file, or PostgreSQL from TEST_DATABASE_URL), migrated by Alembic.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select, text

from slack_double import RemoteSlackDouble
from storage.db import make_engine
from storage.models import Round, Triad
from tests.slack_requests import sign, slash_command_body

REPO = Path(__file__).resolve().parents[2]
SECRET = "process-test-signing-secret"
TEAM = "T0PROC"
COORDINATOR = "UCOORD"
DCS = {"Oxfordshire": "UOXFDCS", "Milton Keynes": "UMKDCS", "Portsmouth": "UPORDCS"}

pytestmark = pytest.mark.slow  # real gunicorn processes
START_TIMEOUT = 45.0  # seconds for gunicorn and its workers to come up


def peerbot() -> list[str]:
    """The installed `peerbot` console script (else the same CLI through `python -m bot.cli`)."""
    script = Path(sys.executable).with_name("peerbot")
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean_env(**values: str) -> dict[str, str]:
    """The environment without any of the app's variables, plus `values`."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "PEER_")) and k not in ("DATABASE_URL", "PORT", "CLOCK_INTERVAL_SECONDS")
    }
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return {**env, **values}


class WebProcess:
    def __init__(self, env: dict[str, str], cwd: Path):
        self.port = int(env["PORT"])
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = cwd / "serve.log"
        self.log = open(self.log_path, "wb")
        self.popen = subprocess.Popen(
            [*peerbot(), "serve", "--host", "127.0.0.1"], env=env, cwd=cwd, stdout=self.log, stderr=subprocess.STDOUT
        )

    def output(self) -> str:
        self.log.flush()
        return self.log_path.read_text(errors="replace")

    def wait_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.popen.poll() is not None:
                pytest.fail(f"peerbot serve exited with {self.popen.returncode}:\n{self.output()}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200 and json.loads(response.read()) == {"ok": True}:
                        return
            except (OSError, ValueError):
                pass
            time.sleep(0.1)
        pytest.fail(f"GET /healthz did not answer 200 within {START_TIMEOUT}s:\n{self.output()}")

    def stop(self) -> int:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(30)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        self.log.close()
        return self.popen.returncode

    def post(self, body: str, headers: dict[str, str]) -> tuple[int, dict]:
        request = urllib.request.Request(
            self.url + "/slack/events",
            data=body.encode(),
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded", **headers},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                raw, status = response.read(), response.status
        except urllib.error.HTTPError as error:
            raw, status = error.read(), error.code
        try:
            return status, json.loads(raw) if raw else {}
        except ValueError:
            return status, {"_raw": raw.decode(errors="replace")}


def signed(body: str, secret: str = SECRET, timestamp: int | None = None) -> dict[str, str]:
    return sign(body, secret, timestamp)


def command(slack: RemoteSlackDouble, text: str, channel: str = "D0PROC", user: str = COORDINATOR) -> str:
    trigger = f"proc-{uuid.uuid4().hex}"
    return slash_command_body(
        text,
        team=TEAM,
        user=user,
        channel=channel,
        response_url=f"{slack.root_url}response/{trigger}",
        trigger_id=trigger,
    )


def reply_text(reply: dict) -> str:
    parts = [reply.get("text", "")]
    for block in reply.get("blocks") or []:
        if isinstance(block.get("text"), dict):
            parts.append(block["text"].get("text", ""))
        parts += [f.get("text", "") for f in block.get("fields") or []]
    return "\n".join(parts)


@pytest.fixture
def slack():
    with RemoteSlackDouble.spawn() as double:
        yield double
        double.assert_no_errors()


@pytest.fixture
def web(database_url, sessions, slack, tmp_path):
    env = clean_env(
        SLACK_BOT_TOKEN="xoxb-process-test",
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=slack.base_url,
        DATABASE_URL=database_url,
        PEER_COORDINATORS=COORDINATOR,
        PORT=str(free_port()),
    )
    process = WebProcess(env, tmp_path)
    try:
        process.wait_healthy()
        yield process
    finally:
        process.stop()


def count(sessions, model) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_serve_forms_a_triad_and_answers_status_over_http(web, slack, sessions):
    mention = lambda user: f"<@{user}|{user.lower()}>"  # noqa: E731
    for words, says in (
        ('round new "SE 2018"', "SE 2018"),
        *((f'authority add "{name}" dcs:{mention(user)}', name) for name, user in DCS.items()),
        ('triad new host:"Oxfordshire" visitor:"Milton Keynes" observer:"Portsmouth"', "Creating the channel"),
    ):
        status, reply = web.post(body := command(slack, words), signed(body))
        assert status == 200, (words, reply)
        assert says in reply_text(reply) and not reply.get("text", "").startswith(":x:"), (words, reply)

    # The channel is made after the ack, by the worker: the double sees it, then the welcome.
    created = slack.wait_for("conversations.create", timeout=15)
    assert [c.args["name"] for c in created] == ["pc-2018-oxfordshire"]
    assert created[0].args["is_private"] is True
    channel = created[0].response["channel"]["id"]
    invited = slack.wait_for("conversations.invite", timeout=15)
    assert set(invited[0].args["users"].split(",")) >= set(DCS.values()) | {COORDINATOR}
    welcome = slack.wait_for("chat.postMessage", timeout=15)
    assert welcome[0].args["channel"] == channel and "Welcome to triad 1" in welcome[0].args["text"]
    deadline = time.monotonic() + 15
    while not any("Triad 1 formed" in r.get("text", "") for r in slack.responses()):
        assert time.monotonic() < deadline, f"no 'Triad 1 formed' follow-up; responses: {slack.responses()}"
        time.sleep(0.05)

    status, reply = web.post(body := command(slack, "status", channel, DCS["Milton Keynes"]), signed(body))
    assert status == 200
    assert reply["response_type"] == "ephemeral"
    shown = reply_text(reply)
    assert "*Triad 1* · Host Oxfordshire" in shown and "Portsmouth" in shown, shown
    with sessions() as session:
        triad = session.scalar(select(Triad))
        assert (triad.team_id, triad.number, triad.channel_id) == (TEAM, 1, channel)


def test_bad_signature_or_old_timestamp_gets_401_and_writes_nothing(web, slack, sessions):
    body = command(slack, 'round new "SE 2018"')
    for headers in (
        signed(body, secret="not-the-secret"),
        signed(body, timestamp=int(time.time()) - 6 * 60),  # right secret, outside the five-minute window
        {"X-Slack-Request-Timestamp": str(int(time.time())), "X-Slack-Signature": "v0=" + "0" * 64},
        {},
    ):
        status, _ = web.post(body, headers)
        assert status == 401, headers
    assert count(sessions, Round) == 0
    # The same body, properly signed, is accepted: the 401s were the signature's doing.
    status, reply = web.post(body, signed(body))
    assert status == 200 and "SE 2018" in reply["text"]
    assert count(sessions, Round) == 1


def test_sigterm_stops_the_web_process_cleanly(web):
    web.popen.send_signal(signal.SIGTERM)
    assert web.popen.wait(20) == 0, web.output()
    output = web.output()
    assert "Traceback" not in output, output
    with pytest.raises(OSError):
        urllib.request.urlopen(web.url + "/healthz", timeout=2)


def run_serve(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*peerbot(), "serve", "--host", "127.0.0.1"], env=env, cwd=cwd, capture_output=True, text=True, timeout=60
    )


def test_serve_without_a_bot_token_names_it_and_exits(tmp_path, database_url):
    port = free_port()
    result = run_serve(clean_env(SLACK_SIGNING_SECRET=SECRET, DATABASE_URL=database_url, PORT=str(port)), tmp_path)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "SLACK_BOT_TOKEN" in lines[0], result.stderr
    assert "Traceback" not in result.stdout + result.stderr


@pytest.fixture
def unmigrated_url(database_url, tmp_path):
    """An empty database: a new SQLite file, or a new, empty schema on the test PostgreSQL."""
    if not database_url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    schema = f"unmigrated_{uuid.uuid4().hex[:8]}"
    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in database_url else "?"
    try:
        yield f"{database_url}{separator}options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


def test_serve_refuses_an_unmigrated_database(tmp_path, unmigrated_url):
    env = clean_env(
        SLACK_BOT_TOKEN="xoxb-process-test",
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL="http://127.0.0.1:9/api/",  # never reached
        DATABASE_URL=unmigrated_url,
        PORT=str(free_port()),
    )
    result = run_serve(env, tmp_path)
    assert result.returncode != 0
    assert "peerbot db upgrade" in result.stderr.strip().splitlines()[-1], result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    engine = make_engine(unmigrated_url)
    try:
        assert inspect(engine).get_table_names() == []  # it created nothing
    finally:
        engine.dispose()


def test_serve_boots_and_answers_healthz_while_slack_is_unreachable(tmp_path):
    """A Slack outage must not crash-loop the web process: the token is checked in the background until Slack
    answers."""
    from storage.db import upgrade

    url = f"sqlite:///{tmp_path / 'offline.db'}"
    upgrade(url)
    port = free_port()
    env = clean_env(SLACK_BOT_TOKEN="xoxb-offline", SLACK_SIGNING_SECRET="s",
                    SLACK_API_URL="http://127.0.0.1:9/api/", DATABASE_URL=url, PORT=str(port))  # fmt: skip
    process = subprocess.Popen([*peerbot(), "serve", "--host", "127.0.0.1", "--workers", "1"], env=env, cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, process.stdout.read().decode(errors="replace")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    assert json.loads(response.read()) == {"ok": True}
                    break
            except OSError:
                assert time.monotonic() < deadline, "no /healthz answer within 30 s"
                time.sleep(0.1)
    finally:
        process.terminate()
        process.wait(20)
