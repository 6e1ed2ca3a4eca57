"""Keep a triad's planned reminders in step with its dates (filled in by the reminders work)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from storage.models import Triad


def replan_triad(session: Session, triad: Triad, coordinators: frozenset[str], now: datetime) -> None:
    """Re-derive the triad's reminder plan; only reminders not yet sent change."""
    return None
