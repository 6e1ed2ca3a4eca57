"""Recording how claims ended: `Recorder` counts each `Result` into the pass's `SendStats` and
writes the outcomes in batches from the main thread (storage.reminder_claims.record_outcomes).

A delivered channel's failure record is cleared; a newly dead channel is recorded and its
coordinators are told once. Releases (back to pending) are written at the end of the pass,
so the same pass does not claim them again. Unknown outcomes are not written: the row stays
``sending`` and recovery checks Slack once the lease has run out.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from slack_sdk import WebClient
from sqlalchemy.orm import Session, sessionmaker

from bot.clock.clients import TeamClients, TeamUnavailable, as_team_clients
from bot.clock.config import SendConfig
from bot.clock.coordinators import tell_coordinators
from bot.clock.outcomes import Result, SendStats, Settled
from bot.services.workspaces import unreachable
from storage.coordinators import coordinator_ids
from storage.reminder_claims import (
    ReminderStatus,
    add_channel_failures,
    clear_channel_failures,
    mark_notified,
    record_outcomes,
)

log = logging.getLogger("peerbot.clock")

_COUNTED_AS = {  # the SendStats field of each way a send ended but a delivery (`sent`, or `late`)
    **dict.fromkeys((Settled.DEAD, Settled.GAVE_UP), "failed"),
    **dict.fromkeys((Settled.RELEASED, Settled.APP_ERROR), "released"),
    Settled.RETRY: "retried",
    Settled.HELD: "held",
    Settled.UNKNOWN: "unknown",
}
_WRITTEN_LAST = frozenset({Settled.RETRY, Settled.RELEASED, Settled.APP_ERROR, Settled.HELD})  # not sent yet


class Recorder:
    """Collects results and writes their outcomes in batches (see the module docstring)."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        client: WebClient | TeamClients,
        now: Callable[[], datetime],
        config: SendConfig,
        stats: SendStats,
        undeliverable: Callable[[str, str], str],
    ):
        self.sessions, self.now, self.config, self.stats = sessions, now, config, stats
        self.undeliverable = undeliverable  # the handlers' words for the coordinators' DM
        self.clients = as_team_clients(client)
        self.batch: list[Result] = []
        self.deferred: list[Result] = []
        self.last_flush = 0.0

    def add(self, result: Result) -> None:
        kind, job = result.kind, result.job
        late = result.outcome is not None and result.outcome.status == ReminderStatus.LATE
        counted = ("late" if late else "sent") if kind is Settled.DELIVERED else _COUNTED_AS[kind]
        setattr(self.stats, counted, getattr(self.stats, counted) + 1)
        if counted == "failed":
            log.warning("reminder %s to %s failed: %s", job.id, job.recipient, result.error)
        elif kind is Settled.RETRY:
            log.info("reminder %s to %s will be tried again: %s", job.id, job.recipient, result.error)
        elif kind is Settled.UNKNOWN:
            return  # stays `sending`; recovery checks Slack once the lease has run out
        (self.deferred if kind in _WRITTEN_LAST else self.batch).append(result)
        if len(self.batch) >= self.config.record_every:
            self.flush()

    def flush_if_due(self, at: float) -> None:
        if self.batch and at - self.last_flush >= self.config.record_seconds:
            self.flush()
            self.last_flush = at

    def flush(self) -> None:
        batch, self.batch = self.batch, []
        if batch:
            self._write(batch)

    def finish(self) -> None:
        self.flush()
        deferred, self.deferred = self.deferred, []
        if deferred:
            self._write(deferred)

    def _write(self, results: list[Result]) -> None:
        current = self.now()
        told: list[tuple[str, str, str, frozenset[str]]] = []
        with self.sessions() as session, session.begin():
            changed = record_outcomes(session, [r.outcome for r in results if r.outcome is not None])
            if changed < len(results):
                log.warning("%d of %d outcomes found their claim taken over", len(results) - changed, len(results))
            delivered = {(r.job.team_id, r.job.recipient) for r in results if r.kind is Settled.DELIVERED}
            if delivered:
                clear_channel_failures(session, delivered)
            dead = [(r.job.team_id, r.job.recipient, r.error or "unknown") for r in results if r.kind is Settled.DEAD]
            for team_id, channel_id, error in add_channel_failures(session, dead, current) if dead else []:
                told.append((team_id, channel_id, error, coordinator_ids(session, team_id, self.config.coordinators)))
            unsendable = {r.job.team_id: r.error or "no_installation" for r in results if r.kind is Settled.HELD}
            for team_id, error in unsendable.items():  # the workspace's other pending reminders wait too
                unreachable(session, team_id, error, current)
        for team_id, channel_id, error, coordinators in told:
            try:
                client = self.clients.for_team(team_id)
            except TeamUnavailable as exc:
                log.warning("could not tell the coordinators of %s about %s: %s", team_id, channel_id, exc.error)
                continue
            self.stats.coordinators_told += tell_coordinators(
                client, channel_id, self.undeliverable(channel_id, error), coordinators
            )
            with self.sessions() as session, session.begin():
                mark_notified(session, team_id, channel_id, self.now())
