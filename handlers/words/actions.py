"""The workshop's actions."""

from __future__ import annotations

from enum import StrEnum

from bot.rules.actions import ActionStatus
from bot.services.actions import ActionRefusal
from handlers.words import Wording, numbers_text

# Where an action stands, in the follow-up's and the summit brief's words.
STATUS_WORDS = {
    ActionStatus.DONE: "done",
    ActionStatus.IN_PROGRESS: "in progress",
    ActionStatus.NOT_STARTED: "not started",
}

REFUSALS: dict[StrEnum, Wording] = {
    ActionRefusal.DUE_NOT_ONE_DAY: (
        'An action needs one exact due day, not "{due}" — write it like due:"30 September 2018".'
    ),
    ActionRefusal.NO_SUCH_LINE: lambda f: (
        f"Triad {f['triad']} has no line of enquiry {f['number']}; "
        + (f"its lines are {numbers_text(f['lines'])}." if f["lines"] else "it has none yet.")
    ),
    ActionRefusal.LINE_WITHDRAWN: lambda f: (
        f"Line of enquiry {f['number']} was withdrawn: link the action to "
        + (f"line {numbers_text(f['lines'], 'or')}, or to none." if f["lines"] else "none.")
    ),
    ActionRefusal.NO_SUCH_ACTION: lambda f: (
        f"Triad {f['triad']} has no action {f['number']}; "
        + (f"its actions are {numbers_text(f['numbers'])}." if f["numbers"] else "it has none yet.")
    ),
    ActionRefusal.ALREADY_DONE: "Action {number} is already done.",
}
