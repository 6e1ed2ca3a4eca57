"""The area of focus: lines of enquiry, agreed by both the host DCS and the visiting DCS."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.rules import limits
from bot.rules.refusals import Refused

# The programme's evidence: too broad or too many questions is the main way a challenge fails.
AGREED_LINES_WARNING_ABOVE = 3
MAX_LINE_LENGTH = limits.LINE_OF_ENQUIRY
MIN_LINE_WORDS = 3

FEEDBACK_FORMATS = ("presentation", "written", "verbal")


class FocusRefusal(StrEnum):
    EMPTY = "line_empty"
    TOO_LONG = "line_too_long"  # facts: length, limit
    WITHDRAWN = "line_withdrawn"
    ALREADY_AGREED = "line_already_agreed"
    YOU_AGREED_ALREADY = "line_you_agreed_already"  # facts: waiting_for ("host DCS" | "visiting DCS")
    NOT_HOST_OR_VISITING_DCS = "line_not_host_or_visiting_dcs"
    BAD_FEEDBACK_FORMAT = "bad_feedback_format"


@dataclass(frozen=True)
class LineState:
    status: str  # proposed | agreed | withdrawn
    host_agreed_by: str | None
    visitor_agreed_by: str | None


@dataclass(frozen=True)
class Agreement:
    state: LineState
    newly_agreed: bool
    waiting_for: str | None  # "host DCS" / "visiting DCS" / None


def check_line_text(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise Refused(FocusRefusal.EMPTY)
    if len(text) > MAX_LINE_LENGTH:
        raise Refused(FocusRefusal.TOO_LONG, length=len(text), limit=MAX_LINE_LENGTH)
    return text


def is_short(text: str) -> bool:
    """A line of a word or two ("Neglect thresholds") is a real area of focus, but reads better as a question."""
    return len(text.split()) < MIN_LINE_WORDS


def agree(state: LineState, user: str, host_dcs: str, visitor_dcs: str) -> Agreement:
    """Record `user`'s agreement. Only the host DCS and the visiting DCS can agree a line."""
    if state.status == "withdrawn":
        raise Refused(FocusRefusal.WITHDRAWN)
    if state.status == "agreed":
        raise Refused(FocusRefusal.ALREADY_AGREED)
    host_by, visitor_by = state.host_agreed_by, state.visitor_agreed_by
    if user == host_dcs:
        if host_by:
            raise Refused(FocusRefusal.YOU_AGREED_ALREADY, waiting_for="visiting DCS")
        host_by = user
    elif user == visitor_dcs:
        if visitor_by:
            raise Refused(FocusRefusal.YOU_AGREED_ALREADY, waiting_for="host DCS")
        visitor_by = user
    else:
        raise Refused(FocusRefusal.NOT_HOST_OR_VISITING_DCS)
    if host_by and visitor_by:
        return Agreement(LineState("agreed", host_by, visitor_by), True, None)
    waiting = "visiting DCS" if host_by else "host DCS"
    return Agreement(LineState("proposed", host_by, visitor_by), False, waiting)


def too_many_agreed(agreed_count: int) -> bool:
    """Past three agreed lines the triad is warned: too many questions is how a challenge fails."""
    return agreed_count > AGREED_LINES_WARNING_ABOVE


def check_feedback_format(value: str | None) -> str:
    if not value or value.lower() not in FEEDBACK_FORMATS:
        raise Refused(FocusRefusal.BAD_FEEDBACK_FORMAT)
    return value.lower()
