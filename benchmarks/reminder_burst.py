"""10,000 reminders due at once across 1,000 channels, the Slack double allowing one message a second per channel.

    python benchmarks/reminder_burst.py [--reminders 10000] [--channels 1000]
        [--database-url postgresql://...] [--in-process] [--threads 32] [--batch-size 1000]

What it does:

1. starts the standalone Slack double (``python -m slack_double``) with
   ``--rate-limit-per-channel 1.0``: a second message to a channel within a second of the
   previous one is answered 429 with ``Retry-After``;
2. migrates a fresh SQLite file (or a fresh database beside ``--database-url``);
3. starts the real clock process, ``peerbot clock`` (``CLOCK_INTERVAL_SECONDS=0.25``), and
   lets it go idle (or, with ``--in-process``, runs ``bot.clock.sending.send_due`` in this process);
4. inserts the reminders, ``reminders`` rows due a few seconds ahead, round-robin over the
   channels (10 per channel), and waits until the double has delivered them all and the
   database records every one as sent;
5. prints the time from the due time to the last delivery, beside the limiter's lower bound
   (reminders per channel / 1 per second = 10 s), the ratio, the lateness (delivery minus due
   time) p50/p99 of the on-time reminders, the 429s seen, and checks from the double's
   messages (their ``metadata.event_payload.reminder_id``) that none is lost or doubled.

Aim: within 2x the lower bound. The exit code is 1 when the aim is missed or a reminder is
lost or doubled.

    python benchmarks/reminder_burst.py --fairness [--reminders 10000] [--quiet-channels 50] [--watch 60]

The fairness case: ``--reminders`` rows in one busy channel and one in each of
``--quiet-channels`` others, all due at the same second (the busy channel's inserted first, so
they come first by id), and a second one in each quiet channel due ``--later`` seconds after
(20 by default: while the busy channel's backlog is being sent). It waits until every quiet channel has its reminder,
watches the busy channel ``--watch`` seconds more, stops the clock (SIGTERM) and prints the quiet channels'
lateness (delivery minus due time; aim: p99 under 60 s), the busy channel's rate (at most one
a second, the double's limit), the 429s seen, and checks that nothing was lost or doubled: every
delivered reminder was delivered once and is recorded sent, every one recorded sent was
delivered, and the rest are still pending (none failed, none left `sending`).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from sqlalchemy import insert, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bot.settings import normalise_database_url  # noqa: E402
from slack_double import RemoteSlackDouble  # noqa: E402
from storage.db import make_engine, make_sessionmaker, upgrade  # noqa: E402
from storage.models import Reminder  # noqa: E402

TEAM = "T0001"
BOT_TOKEN = "xoxb-bench-token"
PEERBOT = Path(sys.executable).with_name("peerbot")
CLOCK_COMMAND = [str(PEERBOT), "clock"] if PEERBOT.exists() else [sys.executable, "-m", "bot.cli", "clock"]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


class Database:
    """A fresh database: a temporary SQLite file, or a new PostgreSQL database beside the given URL."""

    def __init__(self, base_url: str | None, workdir: Path):
        self.admin = None
        if base_url:
            base = normalise_database_url(base_url)
            self.name = f"peerbot_burst_{uuid.uuid4().hex[:8]}"
            self.admin = make_engine(base, isolation_level="AUTOCOMMIT")
            with self.admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{self.name}"'))
            self.url = make_url(base).set(database=self.name).render_as_string(hide_password=False)
        else:
            self.url = f"sqlite:///{workdir / 'burst.db'}"
        upgrade(self.url)
        self.engine = make_engine(self.url)
        self.sessions = make_sessionmaker(self.engine)

    def close(self) -> None:
        self.engine.dispose()
        if self.admin is not None:
            with self.admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
            self.admin.dispose()


def insert_reminders(db: Database, channels: list[str], count: int, due_at: datetime) -> None:
    now = datetime.now(timezone.utc)
    rows = [
        {
            "team_id": TEAM,
            "triad_id": None,
            "key": f"custom:burst:{n}",
            "kind": "custom",
            "recipient": channels[n % len(channels)],
            "text": f"Burst reminder {n} for {channels[n % len(channels)]}",
            "due_at": due_at,
            "status": "pending",
            "attempts": 0,
            "created_at": now,
        }
        for n in range(count)
    ]
    with db.engine.begin() as connection:
        connection.execute(insert(Reminder), rows)


def statuses(db: Database) -> Counter:
    with db.sessions() as session:
        return Counter(session.scalars(select(Reminder.status)))


def wait_for_delivery(double: RemoteSlackDouble, count: int, timeout: float) -> None:
    query = urllib.parse.urlencode({"method": "chat.postMessage", "count": count, "timeout": timeout})
    request = urllib.request.Request(double.root_url + "_double/wait?" + query)
    with urllib.request.urlopen(request, timeout=timeout + 30) as response:
        answer = json.loads(response.read())
    if not answer["ok"]:
        raise SystemExit(f"not delivered in {timeout}s: {answer['error'][:300]}")


def insert_fairness(db: Database, busy: str, quiet: list[str], count: int, due_at: datetime, later: float) -> None:
    """`count` rows in the busy channel first, then one in each quiet channel, all due at `due_at`;
    with `later`, a second one in each quiet channel, due `later` seconds after (during the long pass)."""
    now = datetime.now(timezone.utc)
    wave = [(recipient, due_at) for recipient in [busy] * count + quiet]
    if later:
        wave += [(recipient, due_at + timedelta(seconds=later)) for recipient in quiet]
    rows = [
        {"team_id": TEAM, "triad_id": None, "key": f"custom:fair:{n}", "kind": "custom", "recipient": recipient,
         "text": f"Reminder {n} for {recipient}", "due_at": due, "status": "pending", "attempts": 0, "created_at": now}
        for n, (recipient, due) in enumerate(wave)
    ]  # fmt: skip
    with db.engine.begin() as connection:
        connection.execute(insert(Reminder), rows)


def reminder_ids(messages: list[dict]) -> Counter:
    return Counter(
        m["metadata"]["event_payload"]["reminder_id"]
        for m in messages
        if (m.get("metadata") or {}).get("event_type") == "peer_reminder"
    )


def fairness(options: argparse.Namespace) -> int:
    """One busy channel and many quiet ones, all due together: the quiet ones must not wait for the busy one."""
    busy, quiet = "C00000", [f"C{n:05d}" for n in range(1, options.quiet_channels + 1)]
    workdir = Path(tempfile.mkdtemp(prefix="reminder-fairness-"))
    db = Database(options.database_url, workdir)
    backend = make_url(db.url).get_backend_name()
    print(
        f"fairness: {options.reminders} reminders in one channel and one in each of {len(quiet)} others, all due "
        f"together; double limit 1 per {options.rate:g}s per channel; database {backend}; clock "
        f"{'in-process' if options.in_process else '`peerbot clock` process'}, {options.threads} sender threads"
    )
    clock, passes = None, None
    log_path = workdir / "clock.log"
    try:
        with RemoteSlackDouble.spawn("--rate-limit-per-channel", str(options.rate)) as double:
            double.configure(channels=[busy, *quiet])
            if not options.in_process:
                clock = start_clock(db, double, options, log_path)
            due_at = (datetime.now(timezone.utc) + timedelta(seconds=options.lead)).replace(microsecond=0)
            insert_fairness(db, busy, quiet, options.reminders, due_at, options.later)
            with db.sessions() as session:
                quiet_due = dict(
                    session.execute(select(Reminder.id, Reminder.due_at).where(Reminder.recipient.in_(quiet))).all()
                )
            quiet_ids = set(quiet_due)
            if datetime.now(timezone.utc) >= due_at:
                raise SystemExit("inserting took past the due time: raise --lead")
            if options.in_process:
                passes = InProcessClock(db, double, options)
            deadline = time.monotonic() + options.lead + options.timeout
            while not quiet_ids <= set(reminder_ids(double.messages())) and time.monotonic() < deadline:
                time.sleep(0.5)
            all_quiet = time.monotonic()
            time.sleep(options.watch)
            if passes is not None:
                passes.stop()
            if clock is not None:
                stop_clock(clock)
                clock = None
            messages = double.messages()
            throttled = sum(1 for c in double.calls("chat.postMessage") if c.status == 429)
            errors = double.errors()
        watched = time.monotonic() - all_quiet
        with db.sessions() as session:
            recorded = dict(session.execute(select(Reminder.id, Reminder.status)).all())
    finally:
        if clock is not None:
            stop_clock(clock)
        db.close()

    per_id = reminder_ids(messages)
    first_wave = {i for i, due in quiet_due.items() if due.timestamp() == due_at.timestamp()}
    lateness = {
        i: float(m["ts"]) - quiet_due[i].timestamp()
        for m in messages
        if (i := (m.get("metadata") or {}).get("event_payload", {}).get("reminder_id")) in quiet_due
    }
    quiet_lateness = list(lateness.values())
    busy_times = sorted(float(m["ts"]) for m in messages if m["channel"] == busy)
    missing = quiet_ids - set(per_id)
    doubled = [i for i, n in per_id.items() if n > 1]
    sent = {i for i, status in recorded.items() if status in ("sent", "late")}
    lost = sorted((set(per_id) ^ sent) | {i for i, status in recorded.items() if status in ("failed", "sending")})
    left = Counter(status for status in recorded.values())
    for label, wave in (
        ("due with the busy ones", first_wave),
        (f"due {options.later:g}s later", quiet_ids - first_wave),
    ):
        late = [lateness[i] for i in wave if i in lateness]
        if late:
            print(
                f"quiet channels' lateness, {label}: "
                f"p50 {percentile(late, 0.5):.2f}s, p99 {percentile(late, 0.99):.2f}s, "
                f"max {max(late):.2f}s ({len(late)} of {len(wave)} delivered; aim: p99 < 60s)"
            )
    if len(busy_times) > 1:
        span = busy_times[-1] - busy_times[0]
        print(
            f"busy channel: {len(busy_times)} delivered in {span:.1f}s after its first "
            f"({(len(busy_times) - 1) / span:.2f} a second; the limit is {1 / options.rate:g}); "
            f"watched {watched:.0f}s after the last quiet one"
        )
    print(f"429 answers: {throttled}; database after the clock stopped: {dict(left)}")
    print(f"lost {len(lost)}, doubled {len(doubled)}, quiet ones never delivered {len(missing)}")
    if errors:
        print(f"double errors: {errors[:5]}")
    ok = not missing and not lost and not doubled and not errors and percentile(quiet_lateness, 0.99) < 60.0
    print("OK" if ok else "MISSED")
    return 0 if ok else 1


class InProcessClock:
    """`send_due` passes in a thread of this process, every 0.25 s, until stopped."""

    def __init__(self, db: Database, double: RemoteSlackDouble, options: argparse.Namespace):
        import threading

        from bot.app import reminder_renderer
        from bot.clock.config import SendConfig
        from bot.clock.sending import send_due
        from bot.clock.slack_client import clock_client
        from bot.settings import load_settings

        settings = load_settings(
            slack_bot_token=BOT_TOKEN, slack_signing_secret="x", slack_api_url=double.base_url, database_url=db.url
        )
        client, config, render = clock_client(settings), SendConfig(threads=options.threads), reminder_renderer()
        self.stopping = threading.Event()

        def passes() -> None:
            while not self.stopping.is_set():
                stats = send_due(db.sessions, client, render=render, worker_id="bench", config=config,
                                 should_stop=self.stopping.is_set)  # fmt: skip
                if stats.claimed:
                    print(f"send_due: {stats}")
                self.stopping.wait(0.25)

        self.thread = threading.Thread(target=passes, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(60)


def start_clock(db: Database, double: RemoteSlackDouble, options: argparse.Namespace, log_path: Path):
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": "bench-secret",
        "SLACK_API_URL": double.base_url,
        "DATABASE_URL": db.url,
        "CLOCK_INTERVAL_SECONDS": "0.25",
        "CLOCK_THREADS": str(options.threads),
        "CLOCK_BATCH_SIZE": str(options.batch_size),
    }
    log = open(log_path, "w")
    clock = subprocess.Popen(CLOCK_COMMAND, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while "clock " not in log_path.read_text() or "every" not in log_path.read_text():
        if clock.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"the clock did not start:\n{log_path.read_text()[-2000:]}")
        time.sleep(0.1)
    time.sleep(1.0)  # let it go idle
    return clock


def stop_clock(clock: subprocess.Popen) -> None:
    clock.send_signal(signal.SIGTERM)
    try:
        clock.wait(30)
    except subprocess.TimeoutExpired:
        clock.kill()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reminders", type=int, default=10_000)
    parser.add_argument("--channels", type=int, default=1_000)
    parser.add_argument(
        "--rate", type=float, default=1.0, help="seconds between messages the double allows per channel"
    )
    parser.add_argument("--database-url", default=None, help="a PostgreSQL URL: a fresh database is made beside it")
    parser.add_argument(
        "--in-process", action="store_true", help="run bot.clock.sending.send_due here instead of `peerbot clock`"
    )
    parser.add_argument("--threads", type=int, default=32, help="CLOCK_THREADS")
    parser.add_argument("--batch-size", type=int, default=1000, help="CLOCK_BATCH_SIZE")
    parser.add_argument("--lead", type=float, default=4.0, help="seconds between inserting the rows and their due time")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument(
        "--fairness", action="store_true", help="--reminders in one channel and one in each of --quiet-channels others"
    )
    parser.add_argument("--quiet-channels", type=int, default=50, help="with --fairness")
    parser.add_argument(
        "--later",
        type=float,
        default=20.0,
        help="with --fairness: a second reminder per quiet channel, due this much later",
    )
    parser.add_argument(
        "--watch", type=float, default=30.0, help="with --fairness: seconds to watch after the quiet ones"
    )
    options = parser.parse_args(argv)
    if options.fairness:
        return fairness(options)

    channels = [f"C{n:05d}" for n in range(1, options.channels + 1)]
    per_channel = -(-options.reminders // options.channels)
    lower_bound = per_channel * options.rate  # the brief's bound: 10 messages a channel at 1/s

    workdir = Path(tempfile.mkdtemp(prefix="reminder-burst-"))
    db = Database(options.database_url, workdir)
    backend = make_url(db.url).get_backend_name()
    print(
        f"{options.reminders} reminders, {options.channels} channels ({per_channel} each), double limit 1 per "
        f"{options.rate:g}s per channel; database {backend}; "
        f"clock {'in-process' if options.in_process else '`peerbot clock` process'}, "
        f"{options.threads} sender threads, batches of {options.batch_size}"
    )
    clock = None
    log_path = workdir / "clock.log"
    try:
        with RemoteSlackDouble.spawn("--rate-limit-per-channel", str(options.rate)) as double:
            double.configure(channels=channels)
            env = {
                **os.environ,
                "SLACK_BOT_TOKEN": BOT_TOKEN,
                "SLACK_SIGNING_SECRET": "bench-secret",
                "SLACK_API_URL": double.base_url,
                "DATABASE_URL": db.url,
                "CLOCK_INTERVAL_SECONDS": "0.25",
                "CLOCK_THREADS": str(options.threads),
                "CLOCK_BATCH_SIZE": str(options.batch_size),
            }
            if not options.in_process:
                log = open(log_path, "w")
                clock = subprocess.Popen(CLOCK_COMMAND, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
                deadline = time.monotonic() + 30
                while "clock " not in log_path.read_text() or "every" not in log_path.read_text():
                    if clock.poll() is not None or time.monotonic() > deadline:
                        raise SystemExit(f"the clock did not start:\n{log_path.read_text()[-2000:]}")
                    time.sleep(0.1)
                time.sleep(1.0)  # let it go idle

            due_at = (datetime.now(timezone.utc) + timedelta(seconds=options.lead)).replace(microsecond=0)
            inserted = time.perf_counter()
            insert_reminders(db, channels, options.reminders, due_at)
            insert_seconds = time.perf_counter() - inserted
            if datetime.now(timezone.utc) >= due_at:
                raise SystemExit(f"inserting took {insert_seconds:.1f}s, past the due time: raise --lead")

            if options.in_process:
                from bot.app import reminder_renderer
                from bot.clock.config import SendConfig
                from bot.clock.sending import send_due
                from bot.clock.slack_client import clock_client
                from bot.settings import load_settings

                settings = load_settings(
                    slack_bot_token=BOT_TOKEN,
                    slack_signing_secret="x",
                    slack_api_url=double.base_url,
                    database_url=db.url,
                )
                time.sleep(max(0.0, (due_at - datetime.now(timezone.utc)).total_seconds()))
                stats = send_due(
                    db.sessions,
                    clock_client(settings),
                    render=reminder_renderer(),
                    worker_id="bench",
                    config=SendConfig(threads=options.threads, batch_size=options.batch_size),
                )
                print(f"send_due: {stats}")

            wait_for_delivery(double, options.reminders, options.timeout)
            recorded_by = time.monotonic() + 30
            while (counts := statuses(db))["sent"] + counts[
                "late"
            ] < options.reminders and time.monotonic() < recorded_by:
                time.sleep(0.1)

            messages = double.messages()
            throttled = sum(1 for c in double.calls("chat.postMessage") if c.status == 429)
            errors = double.errors()
    finally:
        if clock is not None:
            clock.send_signal(signal.SIGTERM)
            try:
                clock.wait(30)
            except subprocess.TimeoutExpired:
                clock.kill()
        final = statuses(db)
        db.close()

    per_id = Counter(
        m["metadata"]["event_payload"]["reminder_id"]
        for m in messages
        if (m.get("metadata") or {}).get("event_type") == "peer_reminder"
    )
    with_ids = range(1, options.reminders + 1)
    lost = [i for i in with_ids if per_id[i] == 0]
    doubled = [i for i, n in per_id.items() if n > 1]
    due = due_at.timestamp()
    lateness = [float(m["ts"]) - due for m in messages]
    on_time = [x for x in lateness if x <= 15 * 60]
    total = max(lateness)

    print(f"inserted the rows in {insert_seconds:.2f}s, due {options.lead:g}s later")
    print(
        f"delivered {len(per_id)} reminders in {total:.2f}s after their due time "
        f"(lower bound {lower_bound:.1f}s, ratio {total / lower_bound:.2f}x; aim < 2x)"
    )
    ideal = [k * options.rate for k in range(per_channel)]  # at the limit, with no overhead at all
    print(
        f"lateness of on-time reminders: p50 {percentile(on_time, 0.5):.2f}s, p99 {percentile(on_time, 0.99):.2f}s, "
        f"first {min(lateness):.2f}s "
        f"(at the limiter's pace: p50 {percentile(ideal, 0.5):.1f}s, p99 {percentile(ideal, 0.99):.1f}s)"
    )
    print(
        f"throughput {len(messages) / (total - min(lateness)):.0f} messages/s after the first; 429 answers: {throttled}"
    )
    print(f"lost {len(lost)}, doubled {len(doubled)}; database: {dict(final)}")
    if errors:
        print(f"double errors: {errors[:5]}")
    if clock is not None:
        passes = [
            line.split("reminders: ", 1)[1]
            for line in log_path.read_text().splitlines()
            if "peerbot.clock: reminders:" in line
        ]
        print("clock passes: " + (" | ".join(passes) or "(none logged)"))
    ok = (
        not lost
        and not doubled
        and not errors
        and total / lower_bound < 2.0
        and final.get("sent", 0) == options.reminders
    )
    print("OK" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
