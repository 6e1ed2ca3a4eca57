"""Actions from the fieldwork workshop as plain Python: what a due day and a line of enquiry must be."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only for annotations: the rules import nothing at run time
    from bot.rules.dates import FuzzyDate


def is_one_exact_day(due: FuzzyDate) -> bool:
    """An action is due on one day, given exactly: not a month, a range or a provisional date."""
    return due.precision == "day" and not due.provisional


class LineProblem(StrEnum):
    MISSING = "missing"
    WITHDRAWN = "withdrawn"


def line_problem(line_status: str | None) -> LineProblem | None:
    """Why an action can't answer a line of enquiry (``None``: it has no such line), or ``None`` if it can."""
    if line_status is None:
        return LineProblem.MISSING
    if line_status == "withdrawn":
        return LineProblem.WITHDRAWN
    return None


class ActionStatus(StrEnum):
    """One definition of where an action stands, for the follow-up and the summit brief alike."""

    DONE = "done"
    IN_PROGRESS = "in_progress"  # open, with at least one progress note
    NOT_STARTED = "not_started"  # open, no progress noted


def action_status(done: bool, progressed: bool) -> ActionStatus:
    if done:
        return ActionStatus.DONE
    return ActionStatus.IN_PROGRESS if progressed else ActionStatus.NOT_STARTED
