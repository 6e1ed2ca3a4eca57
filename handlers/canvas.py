"""The triads' channel canvases in Slack: created with `conversations.canvases.create`, then replaced
whole with `canvases.edit` at each change, always rebuilt from the database.

`sync_dirty` is the clock's canvas job (injected into bot.clock by the composition root, bot.app): it
claims the canvases behind the database (storage.canvases), one edit per triad however many
changes came since the last, at most `EDITS_PER_MINUTE` edits and `CREATES_PER_MINUTE` creations per
workspace a minute (Slack's tiers 3 and 2 for the two methods). `sync_now` is `/peer canvas`.

What Slack answers:
* ok → the canvas shows the record as it was read; changes since keep it dirty for the next pass;
* `canvas_not_found` on an edit (a person deleted it) → a new canvas is created at once;
* the workspace cannot have channel canvases (`team_tier_cannot_create_channel_canvases`,
  `canvas_disabled_user_team`, `missing_scope`, …) → its coordinators are told once, and its canvases
  wait (`/peer canvas` tries again); nothing else is affected;
* the channel is gone (archived, the app removed) → not tried again until the next change;
* anything else (a 429 past the retries, a 5xx, the network) → tried again by a later pass, after a
  back-off; since each edit replaces the whole canvas, the canvas converges.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session, sessionmaker

from bot.rules.times import utcnow
from bot.services import canvases
from bot.services.canvases import MAX_ATTEMPTS
from storage.unit_of_work import UnitOfWork

log = logging.getLogger("peerbot.canvas")

EDITS_PER_MINUTE = 50  # canvases.edit: Tier 3 (50+ per minute, per workspace)
CREATES_PER_MINUTE = 20  # conversations.canvases.create: Tier 2 (20+ per minute)
UNAVAILABLE = frozenset(
    {
        "team_tier_cannot_create_channel_canvases",
        "canvas_disabled_user_team",
        "missing_scope",
        "not_allowed_token_type",
        "free_team_canvas_tab_already_exists",
    }
)
CHANNEL_GONE = frozenset({"channel_not_found", "is_archived", "not_in_channel"})
# a person made the channel's canvas before the app could: it is theirs, never overwritten
TAKEN = "channel_canvas_already_exists"
FIRST_BACKOFF, MAX_BACKOFF = timedelta(seconds=15), timedelta(minutes=10)


@dataclass
class CanvasStats:
    claimed: int = 0
    edited: int = 0
    created: int = 0
    failed: int = 0
    unavailable: int = 0
    gone: int = 0  # its channel is archived or the app was removed: not tried again until the next change
    taken: int = 0  # the channel has a canvas a person made: left alone
    deferred: int = 0  # dirty, but the workspace's minute was spent: the next pass


class Pacer:
    """At most `limit` calls of one kind per workspace in any 60 seconds (this process's calls)."""

    def __init__(self, limit: int, clock: Callable[[], float] = time.monotonic):
        self.limit, self.clock = limit, clock
        self._sent: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def room(self, team_id: str) -> int:
        with self._lock:
            window = self._window(team_id)
            return max(0, self.limit - len(window))

    def take(self, team_id: str) -> None:
        with self._lock:
            self._window(team_id).append(self.clock())

    def _window(self, team_id: str) -> deque[float]:
        window = self._sent.setdefault(team_id, deque())
        now = self.clock()
        while window and window[0] <= now - 60:
            window.popleft()
        return window


@dataclass
class CanvasSync:
    """What the canvas job needs: the database, each workspace's client, the coordinators named in
    the settings, and the clock (injectable)."""

    sessions: sessionmaker[Session]
    client_for_team: Callable[[str], WebClient]
    configured_coordinators: tuple[str, ...] = ()
    now: Callable[[], datetime] = utcnow  # the clock's, injected
    worker_id: str = "canvas"
    edits: Pacer = field(default_factory=lambda: Pacer(EDITS_PER_MINUTE))
    creates: Pacer = field(default_factory=lambda: Pacer(CREATES_PER_MINUTE))


def sync_dirty(sync: CanvasSync) -> CanvasStats:
    """One pass: every dirty canvas the workspaces' minute allows, longest behind first."""
    stats = CanvasStats()
    now = sync.now()
    with sync.sessions() as session:
        teams = canvases.dirty_teams(session, now)
    for team_id in teams:
        room = sync.edits.room(team_id)
        if room <= 0:
            stats.deferred += 1
            continue
        with UnitOfWork.separate(sync.sessions) as session:
            claims = canvases.claim_dirty(session, team_id, now, sync.worker_id, room)
        stats.claimed += len(claims)
        for claim in claims:
            if claim.canvas_id is None and sync.creates.room(team_id) <= 0:  # a new canvas: Tier 2's minute
                with UnitOfWork.separate(sync.sessions) as session:
                    canvases.release(session, claim, sync.worker_id)
                stats.deferred += 1
                continue
            outcome = _sync_one(sync, claim)
            setattr(stats, outcome, getattr(stats, outcome) + 1)
    return stats


def sync_now(sync: CanvasSync, triad_id: int) -> str:
    """`/peer canvas`: the triad's canvas rebuilt now, created again if it was deleted, in a workspace
    told before that it could not have canvases too (it may have changed plan). Returns the outcome
    (`edited`, `created`, `failed`, `unavailable`, or `busy` while the clock is at it)."""
    now = sync.now()
    with UnitOfWork.separate(sync.sessions) as session:
        claim = canvases.claim_triad(session, triad_id, now, sync.worker_id)
    if claim is None:
        return "busy"
    return _sync_one(sync, claim)


def _sync_one(sync: CanvasSync, claim: canvases.Claimed) -> str:
    worker = sync.worker_id
    with UnitOfWork.separate(sync.sessions) as session:
        built = canvases.content(session, claim, worker)
    if built is None:
        return "failed"
    channel, title, markdown = built
    content = {"type": "markdown", "markdown": markdown}
    canvas_id, outcome = claim.canvas_id, "edited"
    try:
        client = sync.client_for_team(claim.team_id)  # may fail: a workspace that uninstalled the app
        if canvas_id is not None:
            try:
                sync.edits.take(claim.team_id)
                client.canvases_edit(
                    canvas_id=canvas_id, changes=[{"operation": "replace", "document_content": content}]
                )
            except SlackApiError as exc:
                if exc.response.get("error") != "canvas_not_found":
                    raise
                log.info("triad %s: its canvas %s was deleted; making a new one", claim.triad_id, canvas_id)
                canvas_id = None
        if canvas_id is None:
            sync.creates.take(claim.team_id)
            answer = client.conversations_canvases_create(channel_id=channel, document_content=content, title=title)
            canvas_id, outcome = answer["canvas_id"], "created"
    except SlackApiError as exc:
        return _refused(sync, claim, exc)
    except Exception as exc:  # the network: Slack may or may not have it; the next pass replaces it whole
        log.warning("canvas %s: update failed (%r); trying again later", claim.row_id, exc)
        return _failed(sync, claim, type(exc).__name__, _backoff(claim))
    with UnitOfWork.separate(sync.sessions) as session:
        canvases.record_built(session, claim, worker, canvas_id, sync.now())
    return outcome


def sync_round_now(sync: CanvasSync, team_id: str, round_id: int, channel_id: str) -> str:
    """`/peer canvas round:"…"`: the round's canvas made (or moved) in `channel_id` and rebuilt now."""
    now = sync.now()
    with UnitOfWork.separate(sync.sessions) as session:
        claim = canvases.claim_round(session, team_id, round_id, channel_id, now, sync.worker_id)
    if claim is None:
        return "busy"
    return _sync_one(sync, claim)


def _backoff(claim: canvases.Claimed) -> timedelta:
    return min(MAX_BACKOFF, FIRST_BACKOFF * 2**claim.attempts)


def _failed(sync: CanvasSync, claim: canvases.Claimed, error: str, wait: timedelta) -> str:
    """Tried again after `wait`; after MAX_ATTEMPTS, only at the next change (nothing retries forever)."""
    with UnitOfWork.separate(sync.sessions) as session:
        gave_up = canvases.record_failed(session, claim, sync.worker_id, error, sync.now(), wait)
    if gave_up:
        log.warning("canvas %s: Slack refused it %s times (%s); waiting for the next change", claim.row_id,
                    MAX_ATTEMPTS, error)  # fmt: skip
    return "failed"


def _refused(sync: CanvasSync, claim: canvases.Claimed, exc: SlackApiError) -> str:
    error = str(exc.response.get("error") or "error")
    worker = sync.worker_id
    if error in UNAVAILABLE:
        with UnitOfWork.separate(sync.sessions) as session:
            coordinators = canvases.record_unavailable(session, claim, worker, error, sync.configured_coordinators)
        if coordinators is not None:
            _tell_coordinators(sync, claim.team_id, error, coordinators)
        return "unavailable"
    if error in CHANNEL_GONE or error == TAKEN:
        with UnitOfWork.separate(sync.sessions) as session:
            canvases.record_given_up(session, claim, worker, error, claim.canvas_id)
        return "taken" if error == TAKEN else "gone"
    retry = exc.response.headers.get("Retry-After") if exc.response.status_code == 429 else None
    wait = timedelta(seconds=int(retry)) if retry and str(retry).isdigit() else _backoff(claim)
    log.warning("canvas %s: Slack refused the update (%s); trying again later", claim.row_id, error)
    return _failed(sync, claim, error, wait)


UNAVAILABLE_WORDS = {
    "team_tier_cannot_create_channel_canvases": "this workspace's Slack plan does not include channel canvases",
    "canvas_disabled_user_team": "canvases are turned off in this workspace",
    "missing_scope": "the app was installed without the `canvases:write` permission (reinstall it to grant it)",
    "not_allowed_token_type": "the app's token cannot make canvases",
    "free_team_canvas_tab_already_exists": (
        "this workspace's Slack plan allows one canvas tab per channel and it is taken"
    ),
}


def _tell_coordinators(sync: CanvasSync, team_id: str, error: str, coordinators: frozenset[str]) -> None:
    reason = UNAVAILABLE_WORDS.get(error, f"Slack says `{error}`")
    text = (
        f":information_source: I can't keep a canvas in the triad channels: {reason}. Everything else carries on "
        "(reminders, `/peer status`, the Home tab, the documents). Once canvases are possible, `/peer canvas` in a "
        "triad's channel makes its canvas. I'll only tell you once."
    )
    client = sync.client_for_team(team_id)
    for user in sorted(coordinators):
        try:
            client.chat_postMessage(channel=user, text=text)
        except Exception as exc:
            log.warning("could not tell coordinator %s that canvases are unavailable: %r", user, exc)
    with UnitOfWork.separate(sync.sessions) as session:
        canvases.record_told(session, team_id, sync.now())
