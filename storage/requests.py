"""Idempotency: a Slack request (by its trigger or action id) is applied once; a repeat gets the first reply."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import ProcessedRequest


def reply_to_seen(session: Session, team_id: str, request_key: str) -> str | None:
    """The reply given when this request was first applied, or None if it is new."""
    seen = session.scalar(
        select(ProcessedRequest).where(ProcessedRequest.team_id == team_id, ProcessedRequest.request_key == request_key)
    )
    if seen is None:
        return None
    return seen.reply or "That request was already handled."


def remember(session: Session, team_id: str, request_key: str, reply: str) -> None:
    """Recorded in the request's own transaction: a retry racing it fails on the unique key."""
    session.add(ProcessedRequest(team_id=team_id, request_key=request_key, reply=reply))
