"""A triad's shape and what comes next for it. Plain Python."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.rules.dates import FuzzyDate
from bot.rules.refusals import Refused

PROGRAMME_STEPS = ("self_assessment", "data_profile", "report")  # the steps that are marked done
CHANNEL_NAME_TRIES = 9  # pc-2018-oxfordshire, then -2 … -9


class TriadRefusal(StrEnum):
    AUTHORITY_NOT_FOUND = "authority_not_found"  # facts: name, role, near (a registered name like it)
    NO_SUCH_ROUND = "no_such_round"  # facts: name, rounds (the names)
    NO_ROUND_YET = "no_round_yet"
    ALREADY_HOST = "already_host"  # facts: host, number, round
    FIELDWORK_BEFORE_CHALLENGE = "fieldwork_before_challenge"  # facts: fieldwork, challenge (texts)
    UNREADABLE_DATE = "unreadable_date"  # facts: kind ("challenge" | "fieldwork"), reason (the DateError)
    STEP_ALREADY_DONE = "step_already_done"  # facts: step, number


def channel_slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def channel_base_name(year: int | None, host: str) -> str:
    prefix = f"pc-{year}-" if year else "pc-"
    return (prefix + channel_slug(host))[:72].strip("-")


def channel_name_candidates(year: int | None, host: str) -> list[str]:
    base = channel_base_name(year, host)
    return [base] + [f"{base}-{n}" for n in range(2, CHANNEL_NAME_TRIES + 1)]


def check_fieldwork_after_challenge(challenge: FuzzyDate | None, fieldwork: FuzzyDate | None) -> None:
    if challenge and fieldwork and fieldwork.end < challenge.start:
        raise Refused(TriadRefusal.FIELDWORK_BEFORE_CHALLENGE, fieldwork=fieldwork.text, challenge=challenge.text)


def unusual_visit_length(fieldwork: FuzzyDate) -> int | None:
    """The number of days of an exact visit that isn't the usual two, else None."""
    if fieldwork.is_exact and len(fieldwork.days()) != 2:
        return len(fieldwork.days())
    return None


class NextStep(StrEnum):
    SET_CHALLENGE = "set_challenge"
    CONFIRM_CHALLENGE = "confirm_challenge"
    SELF_ASSESSMENT = "self_assessment"
    AGREE_FOCUS = "agree_focus"
    SET_FIELDWORK = "set_fieldwork"
    CONFIRM_FIELDWORK = "confirm_fieldwork"
    FEEDBACK_FORMAT = "feedback_format"
    REPORT = "report"


@dataclass(frozen=True)
class Outstanding:
    step: NextStep
    date: FuzzyDate | None = None  # the imprecise date to confirm


def next_steps(
    challenge: FuzzyDate | None,
    fieldwork: FuzzyDate | None,
    done: set[str],
    any_line_agreed: bool,
    feedback_agreed: bool,
) -> list[Outstanding]:
    """What the triad still has to do, in the programme's order; empty when nothing is outstanding."""
    steps = []
    if challenge is None:
        steps.append(Outstanding(NextStep.SET_CHALLENGE))
    elif not challenge.is_exact:
        steps.append(Outstanding(NextStep.CONFIRM_CHALLENGE, challenge))
    if "self_assessment" not in done:
        steps.append(Outstanding(NextStep.SELF_ASSESSMENT))
    if not any_line_agreed:
        steps.append(Outstanding(NextStep.AGREE_FOCUS))
    if fieldwork is None:
        steps.append(Outstanding(NextStep.SET_FIELDWORK))
    elif not fieldwork.is_exact:
        steps.append(Outstanding(NextStep.CONFIRM_FIELDWORK, fieldwork))
    if not feedback_agreed:
        steps.append(Outstanding(NextStep.FEEDBACK_FORMAT))
    if "report" not in done and fieldwork is not None:
        steps.append(Outstanding(NextStep.REPORT))
    return steps
