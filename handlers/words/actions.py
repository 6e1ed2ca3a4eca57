"""The workshop's actions."""

from __future__ import annotations

from enum import StrEnum

from bot.rules.actions import ActionStatus
from bot.services.actions import ActionRefusal
from handlers.words import Wording

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
    ActionRefusal.NO_SUCH_LINE: "Triad {triad} has no line of enquiry {number} — `/peer focus list` shows them.",
    ActionRefusal.LINE_WITHDRAWN: (
        "Line of enquiry {number} was withdrawn; link the action to a current line (`/peer focus list`) "
        "or leave focus: out."
    ),
    ActionRefusal.NO_SUCH_ACTION: "Triad {triad} has no action {number} — `/peer action list` shows them.",
    ActionRefusal.ALREADY_DONE: "Action {number} is already done.",
}
