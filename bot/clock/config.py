"""How the clock sends: `SendConfig` (batch size, threads, lease, lateness, attempts, pacing)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.settings import Settings

LATE_AFTER = timedelta(minutes=15)  # sent later than this after due_at: status `late`, and the message says so
MAX_ATTEMPTS = 5  # claims of one reminder before it is marked failed
CHANNEL_INTERVAL = 1.0  # seconds between two messages to one channel (Slack: about 1/s per channel)
PER_CHANNEL = 10  # reminders in flight to one channel at most: a backlog there never fills a batch
CLAIM_SECONDS = 5.0  # a running pass looks for newly due reminders at least this often


@dataclass(frozen=True)
class SendConfig:
    batch_size: int = 1000
    threads: int = 32
    lease: timedelta = timedelta(minutes=2)
    late_after: timedelta = LATE_AFTER
    max_attempts: int = MAX_ATTEMPTS
    channel_interval: float = CHANNEL_INTERVAL
    default_timezone: str = "Europe/London"
    coordinators: tuple[str, ...] = ()
    record_every: int = 500  # outcomes written per transaction at most
    record_seconds: float = 0.25  # ... and at least this often while sending
    per_channel: int = PER_CHANNEL
    claim_seconds: float = CLAIM_SECONDS

    @property
    def claim_window(self) -> float:
        """Seconds a pass goes on claiming (half the lease): it then finishes what it holds and ends,
        its releases written long before another clock could take its claims over."""
        return self.lease.total_seconds() / 2

    @classmethod
    def from_settings(cls, settings: Settings) -> SendConfig:
        return cls(
            batch_size=settings.clock_batch_size,
            threads=settings.clock_threads,
            lease=timedelta(seconds=settings.clock_lease_seconds),
            default_timezone=settings.peer_timezone,
            coordinators=tuple(settings.peer_coordinators),
        )
