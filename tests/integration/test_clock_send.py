"""The clock's sending side, in-process: a real database, the Slack double, a fake clock and fake sleeps."""

from __future__ import annotations

import dataclasses
import threading
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.app import reminder_renderer
from bot.clock.config import SendConfig
from bot.clock.recovery import recover_stale
from bot.clock.sending import send_due
from bot.clock.slack_client import clock_client
from bot.services.reminder_messages import Late
from bot.settings import load_settings
from slack_double import SlackDouble
from storage.models import ChannelFailure, Coordinator, Reminder
from storage.reminder_claims import claim_due

TEAM = "T0001"
WORKER = "test-clock"
COORD, COORD2, OTHER_TEAM_COORD = "UCOORD", "UCOORD2", "UOTHERCOORD"


class FakeTimer:
    """monotonic() and sleep() for the pacer and the 429 handler: sleeping moves time on at once."""

    def __init__(self):
        self.now = 1000.0
        self.slept: list[float] = []
        self._lock = threading.Lock()

    def monotonic(self) -> float:
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.slept.append(seconds)
            self.now += seconds


@pytest.fixture
def double():
    with SlackDouble(channels=["C1", "C2", "C3", "CDEAD"]) as double:
        yield double
        double.assert_no_errors()


@pytest.fixture
def timer():
    return FakeTimer()


@pytest.fixture
def client(double, timer):
    settings = load_settings(slack_bot_token="xoxb-test", slack_signing_secret="s", slack_api_url=double.base_url)
    return clock_client(settings, sleeper=timer.sleep, monotonic=timer.monotonic)


CONFIG = SendConfig(threads=4, coordinators=(COORD,), record_every=3)


def add(sessions, recipient, due_at, *, text=None, team=TEAM, **fields) -> int:
    with sessions() as session, session.begin():
        row = Reminder(
            team_id=team,
            triad_id=None,
            key=f"custom:{recipient}:{due_at.isoformat()}:{text}",
            kind="custom",
            recipient=recipient,
            text=text or f"Reminder for {recipient}",
            due_at=due_at,
            **fields,
        )
        session.add(row)
        session.flush()
        return row.id


def rows(sessions) -> dict[int, Reminder]:
    with sessions() as session:
        return {r.id: r for r in session.scalars(select(Reminder))}


def sent_ids(double) -> list[int]:
    """Reminder ids of the delivered messages, one entry per message (doubles would show twice)."""
    return sorted(
        m["metadata"]["event_payload"]["reminder_id"]
        for m in double.messages
        if m.get("metadata") and m["metadata"].get("event_type") == "peer_reminder"
    )


def run(sessions, client, clock, timer, config=CONFIG, *, render=None, **kwargs):
    """One pass with the app's own renderer (the composition root's), unless the test brings one."""
    return send_due(
        sessions,
        client,
        render=render or reminder_renderer(),
        now=clock,
        worker_id=WORKER,
        config=config,
        sleeper=timer.sleep,
        monotonic=timer.monotonic,
        **kwargs,
    )


def test_due_reminders_are_sent_once_and_future_ones_wait(sessions, double, client, clock, timer):
    now = clock()
    first = add(sessions, "C1", now - timedelta(minutes=1), text="Self-assessment due in a week")
    second = add(sessions, "C1", now - timedelta(minutes=2), text="Challenge session next week")
    third = add(sessions, "C2", now, text="Finalise interviews")
    future = add(sessions, "C1", now + timedelta(days=1), text="Tomorrow's")

    stats = run(sessions, client, clock, timer)

    assert (stats.claimed, stats.sent, stats.late, stats.failed) == (3, 3, 0, 0)
    assert sent_ids(double) == sorted([first, second, third])
    saved = rows(sessions)
    for message in double.messages:
        row = saved[message["metadata"]["event_payload"]["reminder_id"]]
        assert (row.status, row.message_channel, row.message_ts) == ("sent", message["channel"], message["ts"])
        assert (row.sent_at, row.attempts, row.claimed_by, row.error) == (now, 1, WORKER, None)
        assert message["text"] == row.text
    assert [m["text"] for m in double.messages_in("C1")] == [
        "Challenge session next week",
        "Self-assessment due in a week",
    ]
    assert saved[future].status == "pending" and saved[future].attempts == 0

    assert run(sessions, client, clock, timer).claimed == 0  # sent once: a second pass sends nothing
    assert len(double.messages) == 3

    clock.advance(days=1)
    assert run(sessions, client, clock, timer).sent == 1
    assert sent_ids(double) == sorted([first, second, third, future])


def test_messages_to_one_channel_are_paced_a_second_apart(sessions, double, client, clock, timer):
    for minutes in (1, 2, 3):
        add(sessions, "C1", clock() - timedelta(minutes=minutes))
    add(sessions, "C2", clock())

    assert run(sessions, client, clock, timer).sent == 4

    assert sum(timer.slept) == pytest.approx(2.0, abs=0.01)  # two gaps in C1; C2 went at once


def test_a_reminder_that_fell_due_while_the_clock_was_down_is_marked_late(sessions, double, client, clock, timer):
    down = add(sessions, "C1", datetime(2018, 1, 8, 9, 0, tzinfo=timezone.utc), text="Self-assessment due today")
    recent = add(sessions, "C2", clock() - timedelta(minutes=10), text="Just due")

    stats = run(sessions, client, clock, timer)

    assert (stats.sent, stats.late) == (1, 1)
    saved = rows(sessions)
    assert saved[down].status == "late" and saved[recent].status == "sent"
    [late] = double.messages_in("C1")
    assert late["text"].startswith(
        ":hourglass: _Sent late — this reminder was due Mon 8 Jan 2018, 09:00 (Europe/London time)"
    )
    assert late["text"].endswith("\nSelf-assessment due today")
    [on_time] = double.messages_in("C2")
    assert on_time["text"] == "Just due"


def test_a_late_reminder_reaches_the_renderer_with_its_due_time_and_zone(sessions, double, client, clock, timer):
    due = clock() - timedelta(hours=3)
    add(sessions, "C1", due, text="Follow-up")
    words, seen = reminder_renderer(), []

    def message(m):
        seen.append(m)
        return words.message(m)

    run(sessions, client, clock, timer, render=dataclasses.replace(words, message=message))

    [m] = seen
    assert m.late == Late(due, CONFIG.default_timezone)
    [posted] = double.messages
    assert posted["text"].startswith(":hourglass: _Sent late") and posted["text"].endswith("\nFollow-up")


def test_a_dead_channel_fails_its_reminders_and_coordinators_hear_once(sessions, double, client, clock, timer):
    double.kicked.add("CDEAD")
    with sessions() as session, session.begin():
        session.add(Coordinator(team_id=TEAM, user_id=COORD2))
        session.add(Coordinator(team_id="T0OTHER", user_id=OTHER_TEAM_COORD))
    dead = [add(sessions, "CDEAD", clock() - timedelta(minutes=m)) for m in (1, 2)]
    alive = add(sessions, "C1", clock())

    stats = run(sessions, client, clock, timer)

    assert (stats.sent, stats.failed, stats.coordinators_told) == (1, 2, 2)
    saved = rows(sessions)
    assert [(saved[i].status, saved[i].error) for i in dead] == [("failed", "not_in_channel")] * 2
    assert saved[alive].status == "sent"
    with sessions() as session:
        [failure] = session.scalars(select(ChannelFailure)).all()
    assert (failure.team_id, failure.channel_id, failure.error, failure.notified_at) == (
        TEAM,
        "CDEAD",
        "not_in_channel",
        clock(),
    )
    for coordinator in (COORD, COORD2):
        [told] = double.messages_in(double.dm_channel(coordinator))
        assert "<#CDEAD>" in told["text"] and "not_in_channel" in told["text"]
    assert double.dm_channel(OTHER_TEAM_COORD) is None  # another workspace's coordinator hears nothing

    later = add(sessions, "CDEAD", clock())
    assert run(sessions, client, clock, timer).failed == 1
    assert rows(sessions)[later].status == "failed"
    assert len(double.messages_in(double.dm_channel(COORD))) == 1  # told once, not per reminder


def test_a_channel_that_works_again_is_forgotten_so_a_new_breakage_is_told(sessions, double, client, clock, timer):
    double.kicked.add("CDEAD")
    add(sessions, "CDEAD", clock())
    run(sessions, client, clock, timer)
    double.kicked.discard("CDEAD")
    add(sessions, "CDEAD", clock() + timedelta(seconds=1), text="back")
    clock.advance(seconds=1)
    assert run(sessions, client, clock, timer).sent == 1
    with sessions() as session:
        assert session.scalars(select(ChannelFailure)).all() == []


def test_a_third_of_calls_answered_429_still_delivers_each_exactly_once(sessions, double, client, clock, timer):
    double.fail_429_ratio = 1 / 3
    ids = [add(sessions, f"C{n % 3 + 1}", clock() - timedelta(seconds=n)) for n in range(12)]

    stats = run(sessions, client, clock, timer)

    assert stats.sent == 12 and stats.throttled >= 4
    assert sent_ids(double) == sorted(ids)
    assert len(double.throttled) == stats.throttled
    assert {r.status for r in rows(sessions).values()} == {"sent"}


def test_a_429_that_outlasts_the_claim_is_released_without_counting_an_attempt(sessions, double, client, clock, timer):
    reminder = add(sessions, "C1", clock())
    double.fail_429_ratio = 1.0  # every call limited
    short = SendConfig(threads=1, lease=timedelta(seconds=2))  # no time to sleep Retry-After (1s + jitter)

    stats = run(sessions, client, clock, timer, config=short)

    assert (stats.retried, stats.throttled, stats.sent) == (1, 1, 0)
    row = rows(sessions)[reminder]
    assert (row.status, row.attempts, row.error) == ("pending", 0, "ratelimited")
    double.fail_429_ratio = 0.0
    assert run(sessions, client, clock, timer).sent == 1


def test_other_errors_are_retried_on_the_next_pass_and_never_forever(sessions, double, client, clock, timer):
    retried = add(sessions, "C1", clock())
    double.fail_next("chat.postMessage", "internal_error")

    stats = run(sessions, client, clock, timer)

    assert (stats.retried, stats.sent) == (1, 0)
    row = rows(sessions)[retried]
    assert (row.status, row.attempts, row.error, row.claimed_by) == ("pending", 1, "internal_error", None)
    assert run(sessions, client, clock, timer).sent == 1
    assert rows(sessions)[retried].attempts == 2

    hopeless = add(sessions, "C2", clock(), attempts=4)
    double.fail_next("chat.postMessage", "internal_error")
    assert run(sessions, client, clock, timer).failed == 1
    row = rows(sessions)[hopeless]
    assert row.status == "failed" and row.error == "gave up after 5 attempts: internal_error"


def test_a_refused_token_burns_no_attempts_and_holds_the_rest_of_the_pass(sessions, double, client, clock, timer):
    ids = [add(sessions, f"C{n}", clock() - timedelta(minutes=n)) for n in (1, 2, 3)]
    double.fail_next("chat.postMessage", "invalid_auth")

    stats = run(sessions, client, clock, timer, config=SendConfig(threads=1))

    assert (stats.claimed, stats.sent, stats.failed, stats.released) == (3, 0, 0, 3)
    assert [(r.status, r.attempts) for r in rows(sessions).values()] == [("pending", 0)] * 3
    assert len(double.calls_to("chat.postMessage")) == 1  # stopped at the first refusal
    assert run(sessions, client, clock, timer).sent == 3
    assert sent_ids(double) == sorted(ids)


def test_two_clocks_claiming_at_once_take_disjoint_rows(sessions, clock):
    ids = {add(sessions, "C1", clock() - timedelta(seconds=n)) for n in range(40)}
    claimed: list[list[int]] = []
    start = threading.Barrier(4)

    def claimer(n: int) -> None:
        start.wait()
        mine = []
        while batch := claim_due(sessions, now=clock(), worker_id=f"clock-{n}", limit=3, per_channel=40):
            mine += batch
        claimed.append(mine)

    threads = [threading.Thread(target=claimer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    everything = [i for mine in claimed for i in mine]
    assert sorted(everything) == sorted(ids)  # every row claimed, none twice
    assert {r.status for r in rows(sessions).values()} == {"sending"}


def test_a_stopping_clock_claims_nothing(sessions, double, client, clock, timer):
    add(sessions, "C1", clock())
    assert run(sessions, client, clock, timer, should_stop=lambda: True).claimed == 0
    assert double.messages == []


# ----------------------------------------------------------------- recovery of stale claims


def stale(sessions, recipient, *, claimed_minutes_ago, due_minutes_ago, now, attempts=1):
    return add(
        sessions,
        recipient,
        now - timedelta(minutes=due_minutes_ago),
        status="sending",
        claimed_by="dead-clock",
        claimed_at=now - timedelta(minutes=claimed_minutes_ago),
        attempts=attempts,
    )


@pytest.fixture
def real_now(clock):
    """Recovery compares Slack's message timestamps (real time) with the rows: use today."""
    clock.set(datetime.now(timezone.utc).replace(microsecond=0))
    return clock


def test_a_stale_claim_whose_message_is_in_slack_is_recorded_sent_without_reposting(
    sessions, double, client, real_now, timer
):
    now = real_now()
    posted = stale(sessions, "C1", claimed_minutes_ago=5, due_minutes_ago=6, now=now)
    fresh = stale(sessions, "C2", claimed_minutes_ago=1, due_minutes_ago=6, now=now)  # lease not over yet
    message = double.add_message(
        "C1", "Reminder for C1", metadata={"event_type": "peer_reminder", "event_payload": {"reminder_id": posted}}
    )
    double.add_message(
        "C1", "someone else", metadata={"event_type": "peer_reminder", "event_payload": {"reminder_id": 99999}}
    )
    double.clear()

    stats = recover_stale(sessions, client, now=real_now, config=CONFIG)

    assert (stats.stale, stats.found_sent, stats.requeued) == (1, 1, 0)
    saved = rows(sessions)
    assert (saved[posted].status, saved[posted].message_channel, saved[posted].message_ts) == (
        "sent",
        "C1",
        message["ts"],
    )
    assert saved[fresh].status == "sending"
    [history] = double.calls_to("conversations.history")
    assert history.args["include_all_metadata"] is True
    assert float(history.args["oldest"]) <= (now - timedelta(minutes=5)).timestamp()
    assert run(sessions, client, real_now, timer).claimed == 0
    assert double.calls_to("chat.postMessage") == []  # not posted again


def test_a_stale_claim_not_in_slack_is_sent_again_marked_late(sessions, double, client, real_now, timer):
    lost = stale(sessions, "C1", claimed_minutes_ago=20, due_minutes_ago=20, now=real_now())

    stats = recover_stale(sessions, client, now=real_now, config=CONFIG)

    assert (stats.found_sent, stats.requeued) == (0, 1)
    assert rows(sessions)[lost].status == "pending"
    assert run(sessions, client, real_now, timer).late == 1
    assert sent_ids(double) == [lost]
    row = rows(sessions)[lost]
    assert (row.status, row.attempts) == ("late", 2)
    assert double.messages[0]["text"].startswith(":hourglass: _Sent late")


def test_stale_dms_are_checked_in_the_dm_channel_learnt_earlier(sessions, double, client, real_now, timer):
    now = real_now()
    add(sessions, "UHOST", now - timedelta(days=1), text="earlier")
    run(sessions, client, real_now, timer)
    dm = double.dm_channel("UHOST")
    posted = stale(sessions, "UHOST", claimed_minutes_ago=5, due_minutes_ago=5, now=now)
    double.add_message(dm, "DM", metadata={"event_type": "peer_reminder", "event_payload": {"reminder_id": posted}})
    never_dmed = stale(sessions, "UNEW", claimed_minutes_ago=5, due_minutes_ago=5, now=now)

    stats = recover_stale(sessions, client, now=real_now, config=CONFIG)

    assert (stats.found_sent, stats.unverifiable, stats.requeued) == (1, 1, 1)
    saved = rows(sessions)
    assert (saved[posted].status, saved[posted].message_channel) == ("sent", dm)
    assert saved[never_dmed].status == "pending"  # the documented gap: re-sent unverified


def test_a_post_whose_answer_was_lost_is_verified_not_resent(sessions, double, client, real_now, timer):
    """The connection times out but Slack posted it: the row stays `sending`, recovery finds it."""
    reminder = add(sessions, "C1", real_now() - timedelta(minutes=1))
    double.delay_seconds["chat.postMessage"] = 0.5
    client.timeout = 0.1

    stats = run(sessions, client, real_now, timer)

    assert (stats.unknown, stats.sent) == (1, 0)
    assert rows(sessions)[reminder].status == "sending"
    double.wait_for_messages(1, timeout=5)
    client.timeout = 15
    real_now.advance(minutes=3)
    assert recover_stale(sessions, client, now=real_now, config=CONFIG).found_sent == 1
    assert rows(sessions)[reminder].status == "sent"
    assert sent_ids(double) == [reminder]  # (the double takes the client's hang-up as no error of its own)


def test_a_stale_claim_out_of_attempts_fails(sessions, double, client, real_now, timer):
    worn = stale(sessions, "C1", claimed_minutes_ago=5, due_minutes_ago=5, now=real_now(), attempts=5)
    assert recover_stale(sessions, client, now=real_now, config=CONFIG).failed == 1
    assert rows(sessions)[worn].status == "failed"


def test_the_scheduler_has_two_fixed_jobs_that_never_overlap(sessions, client):
    from apscheduler.util import obj_to_ref

    from bot.clock.process import ClockRuntime, build_scheduler

    runtime = ClockRuntime(
        sessions=sessions, client=client, render=reminder_renderer(), config=CONFIG, worker_id=WORKER
    )
    scheduler = build_scheduler(runtime, interval_seconds=30)

    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {"send-due-reminders", "recover-stale-claims"}
    assert str(scheduler.timezone) == "UTC"
    for job in jobs.values():
        assert (job.max_instances, job.coalesce) == (1, True)
        assert obj_to_ref(job.func).startswith("bot.clock.process:")  # module-level functions
        assert job.next_run_time is not None  # first run at start-up
    assert jobs["send-due-reminders"].trigger.interval.total_seconds() == 30
    assert jobs["recover-stale-claims"].trigger.interval.total_seconds() == 60  # half the 2-minute lease


def test_a_round_level_reminder_goes_to_the_coordinator(sessions, double, client, clock, timer):
    """The summit brief has no triad: the clock sends it as a DM, worded from its facts."""
    from datetime import date

    from bot.rules.reminder_facts import REMINDER_FACTS, SummitBrief

    now = clock()
    facts = SummitBrief(round="SE 2018", given="14 March 2019", exact=True, start=date(2019, 3, 14), weeks=4)
    with sessions() as session, session.begin():
        row = Reminder(team_id=TEAM, triad_id=None, key=f"round:1:summit:brief:{COORD}", kind="summit",
                       recipient=COORD, text="", facts=REMINDER_FACTS.dump_python(facts, mode="json"),
                       due_at=now - timedelta(minutes=1))  # fmt: skip
        session.add(row)
        session.flush()
        rid = row.id
    stats = run(sessions, client, clock, timer)
    assert (stats.claimed, stats.sent, stats.failed) == (1, 1, 0)
    assert sent_ids(double) == [rid]
    (message,) = [m for m in double.messages if m.get("metadata")]
    assert message["text"].startswith("SE 2018: the annual summit is four weeks away, on Thursday 14 March 2019")
    assert message["text"].endswith("the summit brief is ready.") and "/peer" not in message["text"]
    (button,) = message["blocks"][1]["elements"]
    assert (button["action_id"], button["value"]) == ("summit_brief_post", "SE 2018")
    assert rows(sessions)[rid].status == "sent"
