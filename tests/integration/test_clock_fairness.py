"""Fairness of the clock across channels, through the real `send_due` with the Slack double and an
injected clock: one channel's backlog never delays another channel's reminders, rows falling due
during a long pass are picked up by it, and a send the clock gives up on takes no pacing slot.

The wall clock (`now`) and the pacing clock (`monotonic`, `sleep`) are one fake time here: a
sender's pacing sleep moves both on at once, so a pass that paces a thousand messages takes a
thousand seconds of clock time and no real second."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import insert, select

from bot.app import reminder_renderer
from bot.clock.config import SendConfig
from bot.clock.sending import send_due
from bot.clock.slack_client import clock_client
from bot.settings import load_settings
from slack_double import SlackDouble
from storage.models import Reminder
from storage.reminder_claims import claim_due

TEAM = "T0001"
START = datetime(2018, 1, 8, 10, 0, tzinfo=timezone.utc)
QUIET = [f"CQUIET{n}" for n in range(1, 9)]
CONFIG = SendConfig(threads=4)


class FakeTime:
    """`now()`, `monotonic()` and `sleep()` on one fake timeline: sleeping moves it on at once."""

    def __init__(self):
        self.seconds = 0.0
        self.slept: list[float] = []
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return START + timedelta(seconds=self.seconds)

    def monotonic(self) -> float:
        with self._lock:
            return 1000.0 + self.seconds

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.slept.append(seconds)
            self.seconds += seconds


@pytest.fixture
def double():
    with SlackDouble(channels=["CBUSY", *QUIET]) as double:
        yield double
        double.assert_no_errors()


@pytest.fixture
def fake():
    return FakeTime()


@pytest.fixture
def client(double, fake):
    settings = load_settings(slack_bot_token="xoxb-test", slack_signing_secret="s", slack_api_url=double.base_url)
    return clock_client(settings, sleeper=fake.sleep, monotonic=fake.monotonic)


def backlog(sessions, channel: str, count: int, due_at: datetime, *, team: str = TEAM) -> None:
    """`count` reminders to one channel, all due at `due_at`, inserted in one statement."""
    rows = [
        {"team_id": team, "triad_id": None, "key": f"custom:{channel}:{n}", "kind": "custom", "recipient": channel,
         "text": f"Backlog {n}", "due_at": due_at, "status": "pending", "attempts": 0, "created_at": START}
        for n in range(count)
    ]  # fmt: skip
    with sessions() as session, session.begin():
        session.execute(insert(Reminder), rows)


def one(sessions, channel: str, due_at: datetime, *, team: str = TEAM) -> int:
    with sessions() as session, session.begin():
        row = Reminder(team_id=team, triad_id=None, key=f"custom:{channel}:one", kind="custom", recipient=channel,
                       text=f"Quiet reminder in {channel}", due_at=due_at)  # fmt: skip
        session.add(row)
        session.flush()
        return row.id


def rows(sessions) -> dict[int, Reminder]:
    with sessions() as session:
        return {r.id: r for r in session.scalars(select(Reminder))}


def posted(double) -> list[int]:
    return [
        m["metadata"]["event_payload"]["reminder_id"]
        for m in double.messages
        if (m.get("metadata") or {}).get("event_type") == "peer_reminder"
    ]


def run(sessions, client, fake, config=CONFIG):
    return send_due(
        sessions, client, render=reminder_renderer(), now=fake, worker_id="test-clock", config=config,
        sleeper=fake.sleep, monotonic=fake.monotonic,
    )  # fmt: skip


def test_thousands_due_in_one_channel_never_delay_the_quiet_channels(sessions, double, client, fake):
    backlog(sessions, "CBUSY", 3000, START - timedelta(minutes=5))
    quiet = {channel: one(sessions, channel, START) for channel in QUIET}

    stats = run(sessions, client, fake)

    saved = rows(sessions)
    for channel, rid in quiet.items():  # every quiet channel's reminder went out at once, in the first pass
        assert saved[rid].status == "sent", channel
        assert saved[rid].sent_at - saved[rid].due_at <= timedelta(seconds=5), channel
    busy = [r for r in saved.values() if r.recipient == "CBUSY"]
    sent = [r for r in busy if r.status == "sent"]
    # The pass claimed what it could send (one a second for its 60 s of claiming), not the whole backlog.
    assert 55 <= len(sent) <= CONFIG.claim_window + CONFIG.per_channel + 1
    assert stats.claimed == len(sent) + len(QUIET) and stats.released == 0
    assert stats.seconds <= CONFIG.claim_window + CONFIG.per_channel + 2  # not 3,000 s
    assert {r.status for r in busy if r.status != "sent"} == {"pending"}
    assert {r.attempts for r in busy if r.status == "pending"} == {0}  # never claimed, nothing burnt
    ids = posted(double)
    assert len(ids) == len(set(ids)) == len(sent) + len(QUIET)  # none doubled

    # The next pass goes on with the backlog, and a quiet channel's new reminder still goes first.
    late_quiet = one(sessions, "CQUIET1", fake() + timedelta(seconds=1))
    fake.sleep(1)
    run(sessions, client, fake)
    assert rows(sessions)[late_quiet].sent_at - rows(sessions)[late_quiet].due_at <= timedelta(seconds=5)


def test_reminders_falling_due_during_a_long_pass_go_out_in_it(sessions, double, client, fake):
    backlog(sessions, "CBUSY", 1000, START)
    soon = one(sessions, "CQUIET1", START + timedelta(seconds=20))
    later = one(sessions, "CQUIET2", START + timedelta(seconds=45))

    stats = run(sessions, client, fake)

    saved = rows(sessions)
    # Claimed at the pass's next look (every claim_seconds); meanwhile the busy channel can post at
    # most what it holds (per_channel, one a second), however slowly the database answers.
    bound = timedelta(seconds=CONFIG.claim_seconds + CONFIG.per_channel * CONFIG.channel_interval + 1)
    for rid in (soon, later):
        assert saved[rid].status == "sent"
        lateness = saved[rid].sent_at - saved[rid].due_at
        assert timedelta(0) <= lateness <= bound, lateness
    assert stats.sent >= 55  # the busy channel kept going meanwhile


def test_a_send_given_up_takes_no_pacing_slot(sessions, double, client, fake):
    """A claim whose turn in its channel comes after its deadline is released at once: no sleep, no slot."""
    backlog(sessions, "CBUSY", 10, START)
    short = SendConfig(threads=2, lease=timedelta(seconds=8))  # a claim may start posting for 4 s

    stats = run(sessions, client, fake, config=short)

    assert (stats.claimed, stats.sent, stats.released) == (10, 5, 5)
    assert fake.slept == [1.0] * 4  # paced between the five posts; the five given up slept nothing
    assert stats.seconds == pytest.approx(4.0)
    saved = rows(sessions)
    released = [r for r in saved.values() if r.status == "pending"]
    assert len(released) == 5
    assert {(r.attempts, r.error) for r in released} == {(0, "not started: claim too old")}
    assert len(posted(double)) == 5


def test_claims_are_round_robin_across_channels_and_workspaces(sessions):
    """One batch: every channel's first row before any channel's second, whatever the due times,
    and at most `per_channel` in flight to one channel (counting what is already claimed)."""
    backlog(sessions, "CBUSY", 50, START - timedelta(hours=1))
    backlog(sessions, "CBUSY", 3, START, team="T0OTHER")  # the same channel id in another workspace
    quiet = [one(sessions, channel, START) for channel in QUIET[:3]]

    first = claim_due(sessions, now=START, worker_id="a", limit=6, per_channel=10)
    saved = rows(sessions)
    assert sorted((saved[i].team_id, saved[i].recipient) for i in first) == sorted(
        [(TEAM, "CBUSY"), ("T0OTHER", "CBUSY"), *((TEAM, c) for c in QUIET[:3]), (TEAM, "CBUSY")]
    )  # the quiet channels' rows, though due last, are in the first six; CBUSY's second comes after them
    assert set(quiet) <= set(first)
    more = claim_due(sessions, now=START, worker_id="b", limit=1000, per_channel=10)
    busy_claimed = [i for i in first + more if saved[i].team_id == TEAM and saved[i].recipient == "CBUSY"]
    assert len(busy_claimed) == 10  # ten in flight to CBUSY, whoever claimed them
    assert len([i for i in first + more if saved[i].team_id == "T0OTHER"]) == 3
    assert claim_due(sessions, now=START, worker_id="c", limit=1000, per_channel=10) == []
