"""The area of focus: lines of enquiry proposed, agreed, withdrawn."""

from __future__ import annotations

from enum import StrEnum

from bot.rules.focus import FocusRefusal
from bot.rules.roles import RoleRefusal
from bot.services.focus import LineRefusal
from handlers.words import Wording

REFUSALS: dict[StrEnum, Wording] = {
    FocusRefusal.EMPTY: "Write the line of enquiry, e.g. “How well do we hear the voice of the child in plans?”",
    FocusRefusal.TOO_LONG: (
        "That line of enquiry is {length} characters; keep it under {limit} — a tight question works best."
    ),
    FocusRefusal.WITHDRAWN: "That line was withdrawn; propose it again if it is wanted.",
    FocusRefusal.ALREADY_AGREED: "That line is already agreed by both the host DCS and the visiting DCS.",
    FocusRefusal.YOU_AGREED_ALREADY: "You have already agreed this line; it is waiting for the {waiting_for}.",
    FocusRefusal.NOT_HOST_OR_VISITING_DCS: "Only the host DCS and the visiting DCS can agree a line of enquiry.",
    FocusRefusal.BAD_FEEDBACK_FORMAT: (
        "Write the feedback format as format:presentation, format:written or format:verbal."
    ),
    LineRefusal.NO_SUCH_LINE: "There is no line of enquiry {number}.",
    LineRefusal.ALREADY_PROPOSED: "That line is already proposed as number {number}.",
    LineRefusal.ALREADY_WITHDRAWN: "Line {number} is already withdrawn.",
    RoleRefusal.WITHDRAW_NOT_ALLOWED: (
        "Only whoever proposed the line, the host DCS or the visiting DCS can withdraw it (the host keeps "
        "ownership of the focus)."
    ),
}
