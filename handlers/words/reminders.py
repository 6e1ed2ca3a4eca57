"""Custom reminders set and cancelled."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.services.custom_reminders import ReminderRefusal
from handlers.words import Wording

STATUS_WORDS = {
    "sending": "being sent",
    "sent": "already sent",
    "late": "already sent (late)",
    "cancelled": "already cancelled",
    "skipped": "skipped",
    "failed": "could not be sent",
    "held": "held while the app is not installed",
}


def short_local(when: datetime, tz: ZoneInfo) -> str:
    """'Fri 20 Jul 2018, 09:00'."""
    local = when.astimezone(tz)
    return f"{local:%a} {local.day} {local:%b %Y}, {local:%H:%M}"


def local_text(when: datetime, tz: ZoneInfo) -> str:
    """'Friday 20 July 2018 at 09:00'."""
    local = when.astimezone(tz)
    return f"{local:%A} {local.day} {local:%B %Y} at {local:%H:%M}"


REFUSALS: dict[StrEnum, Wording] = {
    ReminderRefusal.IN_THE_PAST: lambda f: (
        f"{local_text(f['due_at'], f['zone'])} ({f['zone'].key}) has already passed — give a time in the future, "
        f'like at:"{f["tomorrow"].isoformat()} 09:00" or in:"30 minutes".'
    ),
    ReminderRefusal.NO_CHANNEL: "Triad {number} has no channel to post the reminder in; ask the programme team.",
    ReminderRefusal.NO_SUCH_REMINDER: (
        "Triad {triad} has no custom reminder {number}; your Home tab lists what's coming. "
        "Planned reminders stop when their step is marked done."
    ),
    ReminderRefusal.TOO_MANY: (
        "Triad {triad} already has {cap} custom reminders waiting, the most it can have: cancel one you no "
        "longer need first."
    ),
    ReminderRefusal.NOT_PENDING: lambda f: (
        f"Custom reminder {f['number']} was {STATUS_WORDS.get(f['status'], f['status'])}; there is nothing to cancel."
    ),
}
