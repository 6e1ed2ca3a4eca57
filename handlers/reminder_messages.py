"""What a due reminder says when the clock sends it: text, and blocks where it needs them."""
from __future__ import annotations

from sqlalchemy.orm import Session

from storage.models import Reminder


def render(session: Session, reminder: Reminder) -> tuple[str, list[dict] | None]:
    """Text and Block Kit blocks (as dicts) for a reminder, built at sending time."""
    return reminder.text, None
