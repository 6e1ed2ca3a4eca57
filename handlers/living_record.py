"""The clock's living-record job (bot.clock.process, injected by bot.app.living_record_job): the dirty
canvases brought up to date (handlers.canvas), then the documents of reminders just sent posted
(handlers.documents)."""

from __future__ import annotations

from dataclasses import dataclass

from handlers.canvas import CanvasStats, CanvasSync, sync_dirty
from handlers.documents import DocumentStats, post_with_reminders


@dataclass
class RecordStats:
    canvases: CanvasStats
    documents: DocumentStats

    @property
    def busy(self) -> bool:
        return bool(self.canvases.claimed or self.documents.posted or self.documents.failed)


def clock_job(runtime) -> RecordStats:
    from bot.clock.clients import as_team_clients

    sync = getattr(runtime, "_canvas_sync", None)  # one per clock runtime: its pacing lasts across passes
    if sync is None:
        clients = as_team_clients(runtime.client)
        sync = CanvasSync(
            runtime.sessions, clients.for_team, tuple(runtime.config.coordinators), runtime.now, runtime.worker_id
        )
        runtime._canvas_sync = sync
    canvases = sync_dirty(sync)
    documents = post_with_reminders(runtime.sessions, sync.client_for_team, runtime.now())
    return RecordStats(canvases, documents)
