"""What a planned reminder's message says, as facts (no words): one pydantic model per message.

`ReminderFacts` is a discriminated union on ``message`` (a `FactsKind`); `REMINDER_FACTS` (a
`TypeAdapter`) reads the JSON stored with a reminder and `facts.model_dump(mode="json")` writes it:
``{"message": "pre_visit", "triad": 1, "given": "July 2018", "exact": false, "weeks": 3}``, days
as "YYYY-MM-DD" (the shape rows have always been stored in), ``year`` the round's. An unknown message,
a missing or an unexpected field raises ``pydantic.ValidationError`` (a ``ValueError``).

The dates are as the user gave them (``given``, not escaped); the handlers word and escape them
(``handlers.blocks.reminders``). `ReminderKind` is the kind of a reminder row (what it is about,
e.g. every challenge-session reminder), several messages share one kind.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

__all__ = [
    "REMINDER_FACTS",
    "ActionDue",
    "ChallengeEve",
    "ChallengeSoon",
    "ConfirmDate",
    "ConfirmRoundDate",
    "DataProfileDue",
    "FactsKind",
    "FieldworkAgenda",
    "FinaliseInterviews",
    "FollowUp",
    "FollowUpChase",
    "OrientationEve",
    "OrientationSoon",
    "PreVisit",
    "ReminderFacts",
    "ReminderKind",
    "ReportDue",
    "SelfAssessmentSoon",
    "SelfAssessmentToday",
    "SummitBrief",
    "SummitSoon",
]


class ReminderKind(StrEnum):
    """A planned reminder row's kind (``reminders.kind``; custom reminders have "custom")."""

    SELF_ASSESSMENT_DUE = "self_assessment_due"
    DATA_PROFILE_DUE = "data_profile_due"
    CHALLENGE_SESSION = "challenge_session"
    CONFIRM_DATE = "confirm_date"
    PRE_VISIT = "pre_visit"
    FINALISE_INTERVIEWS = "finalise_interviews"
    FIELDWORK_AGENDA = "fieldwork_agenda"
    REPORT_DUE = "report_due"
    ACTION_DUE = "action_due"
    FOLLOW_UP = "follow_up"
    ORIENTATION = "orientation"
    SUMMIT = "summit"


class FactsKind(StrEnum):
    """Which message a reminder's facts are for (the ``message`` key of the stored facts)."""

    SELF_ASSESSMENT_SOON = "self_assessment_soon"
    SELF_ASSESSMENT_TODAY = "self_assessment_today"
    DATA_PROFILE_DUE = "data_profile_due"
    CHALLENGE_SOON = "challenge_soon"
    CHALLENGE_EVE = "challenge_eve"
    CONFIRM_DATE = "confirm_date"
    PRE_VISIT = "pre_visit"
    FINALISE_INTERVIEWS = "finalise_interviews"
    FIELDWORK_AGENDA = "fieldwork_agenda"
    REPORT_DUE = "report_due"
    FOLLOW_UP = "follow_up"
    FOLLOW_UP_CHASE = "follow_up_chase"
    ACTION_DUE = "action_due"
    ORIENTATION_SOON = "orientation_soon"
    ORIENTATION_EVE = "orientation_eve"
    SUMMIT_SOON = "summit_soon"
    SUMMIT_BRIEF = "summit_brief"
    CONFIRM_ROUND_DATE = "confirm_round_date"


class _Facts(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    # The round's year: a date in that year is said without it. None (a reminder planned before
    # the plan said it, or a round without a year): every date is said with its year.
    year: int | None = None


class _TriadFacts(_Facts):
    triad: int


class SelfAssessmentSoon(_TriadFacts):
    """The host's summary self-assessment is due on ``due``, ``lead_weeks`` before the challenge
    session (``given``); that is ``weeks`` away."""

    message: Literal[FactsKind.SELF_ASSESSMENT_SOON] = FactsKind.SELF_ASSESSMENT_SOON
    given: str
    due: date
    lead_weeks: int
    weeks: int


class SelfAssessmentToday(_TriadFacts):
    """The self-assessment is due today (``due``), ``lead_weeks`` before the challenge session."""

    message: Literal[FactsKind.SELF_ASSESSMENT_TODAY] = FactsKind.SELF_ASSESSMENT_TODAY
    given: str
    due: date
    lead_weeks: int


class DataProfileDue(_TriadFacts):
    """The data profile goes to the host one month before the challenge session: by ``by``."""

    message: Literal[FactsKind.DATA_PROFILE_DUE] = FactsKind.DATA_PROFILE_DUE
    given: str
    by: date


class ChallengeSoon(_TriadFacts):
    """The challenge session (earliest day ``start``) is ``weeks`` away."""

    message: Literal[FactsKind.CHALLENGE_SOON] = FactsKind.CHALLENGE_SOON
    given: str
    exact: bool
    start: date
    weeks: int


class ChallengeEve(_TriadFacts):
    """The challenge session (earliest day ``start``) is next (the working day before it)."""

    message: Literal[FactsKind.CHALLENGE_EVE] = FactsKind.CHALLENGE_EVE
    given: str
    exact: bool
    start: date


class ConfirmDate(_TriadFacts):
    """The date of ``event`` ("challenge" or "fieldwork") is still imprecise; it could be ``earliest``."""

    message: Literal[FactsKind.CONFIRM_DATE] = FactsKind.CONFIRM_DATE
    event: str
    given: str
    earliest: date


class PreVisit(_TriadFacts):
    """Fieldwork is ``weeks`` away: time for the host and visiting DCS to talk."""

    message: Literal[FactsKind.PRE_VISIT] = FactsKind.PRE_VISIT
    given: str
    exact: bool
    weeks: int
    start: date | None = None  # the first fieldwork day; None in facts stored before it was said


class FinaliseInterviews(_TriadFacts):
    """Fieldwork is ``weeks`` away: finalise the day 1 interviews."""

    message: Literal[FactsKind.FINALISE_INTERVIEWS] = FactsKind.FINALISE_INTERVIEWS
    given: str
    exact: bool
    weeks: int
    start: date | None = None  # the first fieldwork day; None in facts stored before it was said


class FieldworkAgenda(_TriadFacts):
    """Fieldwork starts (or could start) on ``start``: the agenda and calendar."""

    message: Literal[FactsKind.FIELDWORK_AGENDA] = FactsKind.FIELDWORK_AGENDA
    given: str
    exact: bool
    start: date


class ReportDue(_TriadFacts):
    """The visiting DCS's report is due, ``weeks`` after the fieldwork."""

    message: Literal[FactsKind.REPORT_DUE] = FactsKind.REPORT_DUE
    given: str
    weeks: int


class FollowUp(_TriadFacts):
    """``months`` since the fieldwork: the follow-up (the sending time adds the actions and buttons)."""

    message: Literal[FactsKind.FOLLOW_UP] = FactsKind.FOLLOW_UP
    given: str
    months: int


class FollowUpChase(_TriadFacts):
    """The one nudge to the host DCS, ``weeks`` after the follow-up of ``months`` after the fieldwork."""

    message: Literal[FactsKind.FOLLOW_UP_CHASE] = FactsKind.FOLLOW_UP_CHASE
    given: str
    months: int
    weeks: int


class ActionDue(_TriadFacts):
    """Action ``number`` (``text`` as given) is due on ``due``."""

    message: Literal[FactsKind.ACTION_DUE] = FactsKind.ACTION_DUE
    number: int
    text: str
    due: date


class OrientationSoon(_TriadFacts):
    """The round's orientation (earliest day ``start``) is ``weeks`` away; ``material``: its slides' link."""

    message: Literal[FactsKind.ORIENTATION_SOON] = FactsKind.ORIENTATION_SOON
    given: str
    exact: bool
    start: date
    weeks: int
    material: str | None


class OrientationEve(_TriadFacts):
    """The round's orientation (earliest day ``start``) is next (the working day before it)."""

    message: Literal[FactsKind.ORIENTATION_EVE] = FactsKind.ORIENTATION_EVE
    given: str
    exact: bool
    start: date
    material: str | None


class SummitSoon(_TriadFacts):
    """The annual summit (earliest day ``start``) is ``weeks`` away (to a triad channel)."""

    message: Literal[FactsKind.SUMMIT_SOON] = FactsKind.SUMMIT_SOON
    given: str
    exact: bool
    start: date
    weeks: int


class SummitBrief(_Facts):
    """Round-level, to a coordinator: the summit of ``round`` is ``weeks`` away, the brief can be prepared."""

    message: Literal[FactsKind.SUMMIT_BRIEF] = FactsKind.SUMMIT_BRIEF
    round: str
    given: str
    exact: bool
    start: date
    weeks: int


class ConfirmRoundDate(_Facts):
    """Round-level, to a coordinator: the round's ``event`` ("orientation" or "summit") is still imprecise."""

    message: Literal[FactsKind.CONFIRM_ROUND_DATE] = FactsKind.CONFIRM_ROUND_DATE
    round: str
    event: str
    given: str
    earliest: date


ReminderFacts = Annotated[
    SelfAssessmentSoon | SelfAssessmentToday | DataProfileDue | ChallengeSoon | ChallengeEve | ConfirmDate
    | PreVisit | FinaliseInterviews | FieldworkAgenda | ReportDue | FollowUp | FollowUpChase | ActionDue
    | OrientationSoon | OrientationEve | SummitSoon | SummitBrief | ConfirmRoundDate,
    Field(discriminator="message"),
]  # fmt: skip

REMINDER_FACTS: TypeAdapter[ReminderFacts] = TypeAdapter(ReminderFacts)
