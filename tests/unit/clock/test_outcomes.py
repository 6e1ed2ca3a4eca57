"""How a send ends: the statuses it writes (the database's values) and the pass's summary line."""

from __future__ import annotations

from datetime import datetime, timezone

from bot.clock.config import SendConfig
from bot.clock.outcomes import Job, SendStats, Settled, not_started, retry_or_give_up
from storage.reminder_claims import ReminderStatus


def job(attempts: int) -> Job:
    due = datetime(2018, 7, 2, 8, 0, tzinfo=timezone.utc)
    return Job(7, attempts, "clock-a", "T1", "C1", due, "text", None, False, 10.0)


def test_statuses_keep_the_values_the_database_holds():
    assert [s.value for s in ReminderStatus] == ["pending", "sending", "sent", "late", "failed"]
    assert ReminderStatus.SENT == "sent" and f"{ReminderStatus.LATE}" == "late"


def test_a_definite_failure_is_tried_again_until_the_attempts_run_out():
    config = SendConfig(max_attempts=3)

    again = retry_or_give_up(job(2), "internal_error", config)
    assert again.kind is Settled.RETRY
    assert (again.outcome.status, again.outcome.error, again.outcome.refund_attempt) == (
        "pending",
        "internal_error",
        False,
    )

    last = retry_or_give_up(job(3), "internal_error", config)
    assert last.kind is Settled.GAVE_UP
    assert (last.outcome.status, last.outcome.error) == ("failed", "gave up after 3 attempts: internal_error")
    assert (last.outcome.id, last.outcome.attempts, last.outcome.claimed_by) == (7, 3, "clock-a")


def test_a_send_not_started_is_released_with_its_attempt_refunded():
    released = not_started(job(1), "not started: claim too old")
    assert released.kind is Settled.RELEASED
    assert (released.outcome.status, released.outcome.refund_attempt) == ("pending", True)


def test_the_summary_line_shows_only_what_happened():
    assert str(SendStats(claimed=3, sent=2, late=1, seconds=0.5)) == "claimed 3, sent 2, late 1 in 0.50s"
    assert str(SendStats()) == " in 0.00s"
