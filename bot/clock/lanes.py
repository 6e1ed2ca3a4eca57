"""Per-channel pacing for one sending pass: `ChannelLanes`.

Slack allows about one message a second per channel. Each channel gets a FIFO lane; a lane is
handed to one sender thread at a time, no sooner than `interval` seconds after its previous
message finished, earliest lane first, so channels go in parallel and each is paced.
"""

from __future__ import annotations

import heapq
import itertools
import threading
from collections import deque
from typing import Any


class ChannelLanes:
    """One FIFO lane per channel; a lane is handed to one sender at a time, no sooner than
    `interval` seconds after its previous message finished, earliest lane first. Sleeping
    for pacing happens in the sender, through the injectable sleeper."""

    def __init__(self, interval: float):
        self.interval = interval
        self._cond = threading.Condition()
        self._queues: dict[str, deque] = {}
        self._ready: list[tuple[float, int, str]] = []  # (may send at, tie-break, channel)
        self._busy: set[str] = set()  # lanes in `_ready` or being sent
        self._next_free: dict[str, float] = {}
        self._seq = itertools.count()
        self._closed = False

    def put(self, channel: str, job: Any) -> None:
        with self._cond:
            self._queues.setdefault(channel, deque()).append(job)
            if channel not in self._busy:
                self._busy.add(channel)
                heapq.heappush(self._ready, (self._next_free.get(channel, 0.0), next(self._seq), channel))
                self._cond.notify()

    def take(self) -> tuple[float, str, Any] | None:
        """The next (not-before time, channel, job); None once closed and every lane is done."""
        with self._cond:
            while True:
                if self._ready:
                    at, _, channel = heapq.heappop(self._ready)
                    return at, channel, self._queues[channel].popleft()
                if self._closed and not self._busy:
                    return None
                self._cond.wait()

    def done(self, channel: str, finished_at: float | None) -> None:
        """The channel's message is settled: posted at `finished_at`, or None when it ended without a
        post (released, held): then it took no slot and the lane's next may go when this one could have."""
        with self._cond:
            if finished_at is not None:
                self._next_free[channel] = finished_at + self.interval
            if self._queues[channel]:
                heapq.heappush(self._ready, (self._next_free.get(channel, 0.0), next(self._seq), channel))
            else:
                self._busy.discard(channel)
                del self._queues[channel]
            self._cond.notify_all()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def drain(self) -> list[Any]:
        """Take every job not yet handed out (stopping)."""
        with self._cond:
            jobs: list[Any] = []
            for _, _, channel in self._ready:
                jobs.extend(self._queues.pop(channel, ()))
                self._busy.discard(channel)
            self._ready.clear()
            for lane in self._queues.values():  # lanes being sent right now
                jobs.extend(lane)
                lane.clear()
            self._cond.notify_all()
            return jobs
