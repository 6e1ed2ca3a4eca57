"""The canvas job's claims: which canvases to rebuild, each claimed under a lease, and what became of it.
The job (handlers.canvas) calls these with the session of a unit of work of its own and talks to Slack between."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.rules.canvas import canvas_markdown, canvas_title, round_canvas_markdown, round_canvas_title
from bot.services.record import record_facts, round_facts
from storage import canvases
from storage.canvases import Claimed, dirty_teams, record_built, record_given_up, record_told, release
from storage.coordinators import coordinator_ids
from storage.models import Round, Triad

__all__ = ["Claimed", "dirty_teams", "record_built", "record_given_up", "record_told", "release"]

LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 8  # then the canvas waits for the next change (about an hour of tries, backing off)


def claim_dirty(session: Session, team_id: str, now: datetime, worker: str, room: int) -> list[Claimed]:
    return canvases.claim_dirty(session, team_id, now, worker, room, LEASE)


def claim_triad(session: Session, triad_id: int, now: datetime, worker: str) -> Claimed | None:
    """The triad's canvas claimed now, in a workspace told before that it could not have canvases too
    (it may have changed plan); None while another worker has it."""
    team_id = session.get(Triad, triad_id).team_id  # type: ignore[union-attr]
    canvases.forget_unavailable(session, team_id)
    return canvases.claim_one(session, triad_id, now, worker, LEASE)


def claim_round(
    session: Session, team_id: str, round_id: int, channel_id: str, now: datetime, worker: str
) -> Claimed | None:
    canvases.forget_unavailable(session, team_id)
    return canvases.claim_round(session, team_id, round_id, channel_id, now, worker, LEASE)


def content(session: Session, claim: Claimed, worker: str) -> tuple[str, str, str] | None:
    """(channel, title, markdown) of the claimed canvas, from the database now; None: nowhere to show it
    (the claim is given up)."""
    built = _build(session, claim)
    if built is None:
        record_given_up(session, claim, worker, "no_channel", claim.canvas_id)
    return built


def _build(session: Session, claim: Claimed) -> tuple[str, str, str] | None:
    if claim.round_id is not None:
        round_ = session.get(Round, claim.round_id)
        if round_ is None or not claim.channel_id:
            return None
        facts = round_facts(session, round_)
        return claim.channel_id, round_canvas_title(facts), round_canvas_markdown(facts)
    triad = session.get(Triad, claim.triad_id)
    if triad is None or not triad.channel_id:
        return None
    record = record_facts(session, triad)
    return triad.channel_id, canvas_title(record), canvas_markdown(record)


def record_failed(session: Session, claim: Claimed, worker: str, error: str, now: datetime, wait: timedelta) -> bool:
    """Tried again after `wait`; after MAX_ATTEMPTS (True), only at the next change (nothing retries forever)."""
    if claim.attempts + 1 >= MAX_ATTEMPTS:
        record_given_up(session, claim, worker, error, claim.canvas_id)
        return True
    canvases.record_failure(session, claim, worker, error, now, wait)
    return False


def record_unavailable(
    session: Session, claim: Claimed, worker: str, error: str, configured: tuple[str, ...]
) -> frozenset[str] | None:
    """The workspace cannot have canvases: the coordinators to tell, the first time (None after)."""
    first = canvases.record_unavailable(session, claim.team_id, error)
    release(session, claim, worker)
    coordinators = coordinator_ids(session, claim.team_id, configured)
    return coordinators if first else None
