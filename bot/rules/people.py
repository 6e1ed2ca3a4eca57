"""Who can be named in the programme: a real, active person of the workspace. Plain Python."""

from __future__ import annotations

from enum import StrEnum


class Standing(StrEnum):
    ACTIVE = "active"
    UNKNOWN = "unknown"  # no such user in the workspace
    DEACTIVATED = "deactivated"
    BOT = "bot"  # an app or bot user: nobody reads its reminders


def standing(found: bool, deleted: bool = False, is_bot: bool = False, is_app_user: bool = False) -> Standing:
    """A DCS, team member, interviewer or action owner must be a person who can act on a reminder."""
    if not found:
        return Standing.UNKNOWN
    if deleted:
        return Standing.DEACTIVATED
    if is_bot or is_app_user:
        return Standing.BOT
    return Standing.ACTIVE
