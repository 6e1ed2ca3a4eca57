"""Real `peerbot clock` processes against the standalone Slack double and a database of their own.

Killed mid-burst and restarted, two at once on PostgreSQL, and a double answering 429 to a
third of the calls: every reminder arrives exactly once. Marked `slow` (real processes); they
run by default, `-m "not slow"` leaves them out.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from bot.settings import normalise_database_url
from slack_double import REPO_ROOT, RemoteSlackDouble
from storage.db import make_engine, make_sessionmaker, upgrade
from storage.models import Reminder

pytestmark = pytest.mark.slow

TEAM = "T0001"
PEERBOT = Path(sys.executable).with_name("peerbot")
CLOCK_COMMAND = [str(PEERBOT), "clock"] if PEERBOT.exists() else [sys.executable, "-m", "bot.cli", "clock"]


def _postgres_url() -> str | None:
    url = os.environ.get("TEST_DATABASE_URL")
    return normalise_database_url(url) if url and url.startswith("postgres") else None


@pytest.fixture
def database(tmp_path) -> Iterator[str]:
    """A migrated database of this test's own: a SQLite file, or a fresh PostgreSQL database
    beside TEST_DATABASE_URL's (never the shared one other tests and helpers use)."""
    base = _postgres_url()
    if base is None:
        url = f"sqlite:///{tmp_path / 'clock.db'}"
        upgrade(url)
        yield url
        return
    name = f"peerbot_clock_{uuid.uuid4().hex[:10]}"
    admin = make_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    try:
        upgrade(url)
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def sessions(database):
    engine = make_engine(database)
    yield make_sessionmaker(engine)
    engine.dispose()


def add_reminders(
    sessions, channels: list[str], per_channel: int, due_at: datetime, *, then_every: timedelta | None = None
) -> list[int]:
    """`per_channel` reminders to each channel, due at `due_at`; with `then_every`, only the first
    one to each channel is, and each later one falls due `then_every` after the one before."""
    order = [(n, channel) for n in range(per_channel) for channel in channels]
    with sessions() as session, session.begin():
        rows = [
            Reminder(
                team_id=TEAM,
                triad_id=None,
                key=f"custom:{n}:{channel}",
                kind="custom",
                recipient=channel,
                text=f"Reminder {n} for {channel}",
                due_at=due_at
                if then_every is None or i < len(channels)
                else due_at + (i - len(channels) + 1) * then_every,
            )
            for i, (n, channel) in enumerate(order)
        ]
        session.add_all(rows)
        session.flush()
        return [r.id for r in rows]


def statuses(sessions) -> Counter:
    with sessions() as session:
        return Counter(session.scalars(select(Reminder.status)))


def delivered(double: RemoteSlackDouble) -> Counter:
    """How many times each reminder id was posted."""
    return Counter(
        m["metadata"]["event_payload"]["reminder_id"]
        for m in double.messages()
        if (m.get("metadata") or {}).get("event_type") == "peer_reminder"
    )


class Clock:
    """One `peerbot clock` process, its output in a log file."""

    def __init__(self, database: str, double: RemoteSlackDouble, log: Path, **env: str):
        self.log_path = log
        environment = {
            **os.environ,
            "SLACK_BOT_TOKEN": "xoxb-clock-test",
            "SLACK_SIGNING_SECRET": "clock-test-secret",
            "SLACK_API_URL": double.base_url,
            "DATABASE_URL": database,
            "CLOCK_INTERVAL_SECONDS": "0.2",
            "CLOCK_LEASE_SECONDS": "2",
            "PEER_COORDINATORS": "UCOORD",
            **env,
        }
        environment.pop("SLACK_APP_TOKEN", None)
        self._log = open(log, "w")
        self.process = subprocess.Popen(
            CLOCK_COMMAND, cwd=REPO_ROOT, env=environment, stdout=self._log, stderr=subprocess.STDOUT
        )

    def output(self) -> str:
        self._log.flush()
        return self.log_path.read_text()[-3000:]

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> int | None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self._log.close()
        return self.process.returncode


@pytest.fixture
def clocks(database, tmp_path) -> Iterator[Callable[..., Clock]]:
    started: list[Clock] = []

    def start(double: RemoteSlackDouble, **env: str) -> Clock:
        clock = Clock(database, double, tmp_path / f"clock-{len(started)}.log", **env)
        started.append(clock)
        return clock

    yield start
    for clock in started:
        clock.stop()


def wait_until(condition: Callable[[], bool], timeout: float, what: str, *clocks: Clock) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            logs = "\n".join(f"--- {c.log_path.name}:\n{c.output()}" for c in clocks)
            raise AssertionError(f"timed out after {timeout}s waiting for {what}\n{logs}")
        for clock in clocks:
            if clock.process.poll() is not None and clock.process.returncode not in (-signal.SIGKILL,):
                raise AssertionError(f"clock exited with {clock.process.returncode}:\n{clock.output()}")
        time.sleep(0.1)


def assert_no_errors_but_hang_ups(double: RemoteSlackDouble) -> None:
    """A killed clock leaves the double replying into closed sockets; nothing else may be wrong."""
    errors = [e for e in double.errors() if "BrokenPipe" not in e and "ConnectionReset" not in e]
    assert not errors, errors


def channels(count: int) -> list[str]:
    return [f"C{n:04d}" for n in range(1, count + 1)]


def test_a_clock_killed_mid_burst_and_restarted_loses_and_doubles_nothing(sessions, database, clocks):
    chans = channels(10)
    with RemoteSlackDouble.spawn(
        "--delay", "chat.postMessage=0.3", *[a for c in chans for a in ("--channel", c)]
    ) as double:
        ids = add_reminders(sessions, chans, 3, datetime.now(timezone.utc) - timedelta(minutes=1))
        # A lease of 6 s: a claim may start posting for 3 s, time for each channel's three (one a
        # second), so the kill finds claims waiting their turn. (With the 2 s default here a pass
        # posts one per channel and releases the rest at once: nothing would be left claimed.)
        lease = {"CLOCK_LEASE_SECONDS": "6"}
        first = clocks(double, **lease)
        wait_until(lambda: len(double.calls("chat.postMessage")) >= 4, 20, "the burst to start", first)
        first.kill()
        at_kill = statuses(sessions)
        assert at_kill["sending"] > 0, at_kill  # killed mid-burst: claims left behind

        second = clocks(double, **lease)
        wait_until(
            lambda: statuses(sessions) == Counter({"sent": len(ids)}), 30, "every reminder recorded sent", second
        )

        counts = delivered(double)
        assert set(counts) == set(ids)
        assert [i for i, n in counts.items() if n != 1] == []  # none lost, none doubled
        assert_no_errors_but_hang_ups(double)
        assert second.stop() == 0  # SIGTERM: a clean stop


STARTED = re.compile(r"peerbot\.clock: clock (\S+): every ")


def polling(clock: Clock) -> str:
    """Wait until the clock's scheduler runs (its first pass starts at once); returns its worker id."""
    wait_until(lambda: "Scheduler started" in clock.output(), 30, "the clock's scheduler to start", clock)
    [worker_id] = STARTED.findall(clock.log_path.read_text())
    return worker_id


@pytest.mark.skipif(_postgres_url() is None, reason="two clocks need PostgreSQL (TEST_DATABASE_URL)")
def test_two_clocks_on_postgresql_send_each_reminder_exactly_once(sessions, clocks):
    """Both clocks take part: half the reminders fall due at once (the clocks race for the same
    rows), the rest one every 0.2 s for about 5 s while each post takes 0.3 s, so a clock busy
    posting leaves the next ones to the other. Leases are long enough that a slow post on a
    busy machine is not recovered as stale mid-test."""
    chans = channels(25)
    with RemoteSlackDouble.spawn(
        "--delay", "chat.postMessage=0.3", *[a for c in chans for a in ("--channel", c)]
    ) as double:
        pair = [
            clocks(double, CLOCK_BATCH_SIZE="5", CLOCK_INTERVAL_SECONDS="0.1", CLOCK_LEASE_SECONDS="30")
            for _ in range(2)
        ]
        workers = [polling(clock) for clock in pair]  # both idle and polling before anything falls due
        ids = add_reminders(
            sessions, chans, 2, datetime.now(timezone.utc) + timedelta(seconds=1), then_every=timedelta(seconds=0.2)
        )

        wait_until(lambda: statuses(sessions) == Counter({"sent": len(ids)}), 60, "50 reminders sent", *pair)

        counts = delivered(double)
        assert sorted(counts) == sorted(ids) and set(counts.values()) == {1}
        with sessions() as session:
            by_clock = Counter(session.scalars(select(Reminder.claimed_by)))
        print(f"claims per clock: {dict(by_clock)} (clocks {workers})")
        assert set(by_clock) == set(workers), by_clock  # both clocks sent some, nobody else did
        double.assert_no_errors()


def test_a_third_of_calls_answered_429_still_delivers_every_reminder_once(sessions, clocks):
    chans = channels(20)
    with RemoteSlackDouble.spawn("--fail-429-ratio", "0.33", *[a for c in chans for a in ("--channel", c)]) as double:
        ids = add_reminders(sessions, chans, 2, datetime.now(timezone.utc) - timedelta(seconds=5))
        clock = clocks(double, CLOCK_LEASE_SECONDS="30")  # room to sleep Retry-After within a claim

        wait_until(lambda: statuses(sessions) == Counter({"sent": len(ids)}), 40, "every reminder sent", clock)

        counts = delivered(double)
        assert sorted(counts) == sorted(ids) and set(counts.values()) == {1}
        throttled = [c for c in double.calls("chat.postMessage") if c.status == 429]
        assert len(throttled) >= len(ids) // 3 - 1
        double.assert_no_errors()
