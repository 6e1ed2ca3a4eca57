"""How each claimed reminder's send ended (`Settled`, `Result`), and what a pass did (`SendStats`).

A `Result` carries the storage `Outcome` that ends the claim (sent / late / failed / pending
again), or none when the row is to stay ``sending`` for recovery to check (`Settled.UNKNOWN`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from bot.clock.config import SendConfig
from storage.reminder_claims import HELD, HeldStatus, Outcome, ReminderStatus


class Settled(StrEnum):
    """How one send ended, as the pass counts and records it."""

    DELIVERED = "delivered"  # Slack posted it: sent, or late
    DEAD = "dead"  # the channel cannot be posted to: failed, coordinators told once
    GAVE_UP = "dead_end"  # out of attempts: failed
    RETRY = "retry"  # a definite failure: pending again, to be tried on a later pass
    APP_ERROR = "app_error"  # Slack refused the app's token or scopes: the pass stops, released uncounted
    RELEASED = "released"  # claimed but not started (stopping, or the claim grew too old)
    UNKNOWN = "unknown"  # did Slack post it? the row stays `sending` and recovery checks
    HELD = "held"  # its workspace's installation is gone or its token dead: held until it installs again


@dataclass
class Job:
    """One claimed reminder, rendered and ready to post."""

    id: int
    attempts: int
    claimed_by: str
    team_id: str
    recipient: str
    due_at: datetime
    text: str
    blocks: list[dict] | None
    late: bool
    deadline: float  # monotonic; no post starts after it

    def outcome(self, status: ReminderStatus | HeldStatus, **fields: Any) -> Outcome:
        return Outcome(self.id, self.attempts, self.claimed_by, status, **fields)


@dataclass
class Result:
    job: Job
    kind: Settled
    outcome: Outcome | None
    error: str | None = None


def retry_or_give_up(job: Job, error: str, config: SendConfig) -> Result:
    """A definite failure: pending again, or failed once the reminder is out of attempts."""
    if job.attempts >= config.max_attempts:
        gave_up = f"gave up after {job.attempts} attempts: {error}"
        return Result(job, Settled.GAVE_UP, job.outcome(ReminderStatus.FAILED, error=gave_up), error)
    return Result(job, Settled.RETRY, job.outcome(ReminderStatus.PENDING, error=error), error)


def not_started(job: Job, why: str) -> Result:
    """Released without a try: back to pending, the claim's attempt refunded."""
    return Result(job, Settled.RELEASED, job.outcome(ReminderStatus.PENDING, error=why, refund_attempt=True), why)


def held(job: Job, error: str) -> Result:
    """The workspace cannot be sent to (uninstalled, revoked): held, the claim's attempt refunded."""
    return Result(job, Settled.HELD, job.outcome(HELD, error=error, refund_attempt=True), error)


@dataclass
class SendStats:
    claimed: int = 0
    sent: int = 0
    late: int = 0
    failed: int = 0
    retried: int = 0  # released to pending after a definite failure, to be tried again
    unknown: int = 0  # left `sending` (did Slack post it?): recovery decides
    released: int = 0  # claimed but not started (stopping, or the claim grew too old)
    held: int = 0  # their workspace uninstalled the app or its token is dead
    throttled: int = 0  # 429 answers seen
    coordinators_told: int = 0  # DMs sent about dead channels
    seconds: float = 0.0

    def __str__(self) -> str:
        shown = {k: v for k, v in self.__dict__.items() if v and k != "seconds"}
        return ", ".join(f"{k} {v}" for k, v in shown.items()) + f" in {self.seconds:.2f}s"
