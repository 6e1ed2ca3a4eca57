"""The area of focus: lines of enquiry, agreed by both the host DCS and the visiting DCS."""
from __future__ import annotations

from dataclasses import dataclass

# The programme's evidence: too broad or too many questions is the main way a challenge fails.
AGREED_LINES_WARNING_ABOVE = 3
MAX_LINE_LENGTH = 500
MIN_LINE_WORDS = 3

FEEDBACK_FORMATS = ("presentation", "written", "verbal")


class FocusError(ValueError):
    pass


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
        raise FocusError('Write the line of enquiry in quotes, e.g. /peer focus propose "How well do we hear the voice of the child in plans?"')
    if len(text) > MAX_LINE_LENGTH:
        raise FocusError(f"That line of enquiry is {len(text)} characters; keep it under {MAX_LINE_LENGTH} — a tight question works best.")
    if len(text.split()) < MIN_LINE_WORDS:
        raise FocusError(f'"{text}" is too short to be a line of enquiry: write it as a question, e.g. "How well do we hear the voice of the child in plans?"')
    return text


def agree(state: LineState, user: str, host_dcs: str, visitor_dcs: str) -> Agreement:
    """Record `user`'s agreement. Only the host DCS and the visiting DCS can agree a line."""
    if state.status == "withdrawn":
        raise FocusError("That line was withdrawn; propose it again if it is wanted.")
    if state.status == "agreed":
        raise FocusError("That line is already agreed by both the host DCS and the visiting DCS.")
    host_by, visitor_by = state.host_agreed_by, state.visitor_agreed_by
    if user == host_dcs:
        if host_by:
            raise FocusError("You have already agreed this line; it is waiting for the visiting DCS.")
        host_by = user
    elif user == visitor_dcs:
        if visitor_by:
            raise FocusError("You have already agreed this line; it is waiting for the host DCS.")
        visitor_by = user
    else:
        raise FocusError("Only the host DCS and the visiting DCS can agree a line of enquiry.")
    if host_by and visitor_by:
        return Agreement(LineState("agreed", host_by, visitor_by), True, None)
    waiting = "visiting DCS" if host_by else "host DCS"
    return Agreement(LineState("proposed", host_by, visitor_by), False, waiting)


def too_many_agreed_warning(agreed_count: int) -> str | None:
    if agreed_count > AGREED_LINES_WARNING_ABOVE:
        return (
            f":warning: {agreed_count} lines of enquiry are now agreed. The programme's evidence is that "
            f"too broad or too many questions is the main way a challenge fails — consider keeping it to "
            f"{AGREED_LINES_WARNING_ABOVE} tightly defined lines (`/peer focus withdraw N`)."
        )
    return None


def check_feedback_format(value: str | None) -> str:
    if not value or value.lower() not in FEEDBACK_FORMATS:
        raise FocusError("Write the feedback format as format:presentation, format:written or format:verbal.")
    return value.lower()
