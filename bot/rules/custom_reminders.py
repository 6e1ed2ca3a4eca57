"""How many custom reminders (`/peer remind`) a triad may have waiting to be sent.

Each one is a message the clock posts in the triad's channel, one a second at most: without a
cap one member could queue thousands and hold the channel's lane for hours.
"""

from __future__ import annotations

MAX_PENDING_CUSTOM = 50  # custom reminders waiting to be sent, per triad


def room_for_custom(pending: int, cap: int = MAX_PENDING_CUSTOM) -> bool:
    """May a triad with `pending` custom reminders waiting have one more?"""
    return pending < cap
