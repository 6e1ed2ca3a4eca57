"""The fieldwork visit: interviews, the triad's calendar and documents."""

from __future__ import annotations

import dataclasses
from enum import StrEnum

from bot.rules.fieldwork import SlotNote, SlotWarning, interview_ref
from bot.services.documents import DocumentsRefusal
from bot.services.fieldwork import FieldworkRefusal, SeenClash
from handlers.blocks.fieldwork import describe_clash, when
from handlers.blocks.reminders import say_day
from handlers.mrkdwn import escape
from handlers.words import Wording


def _shown_clash(seen: SeenClash, triad_number: int, year: int | None) -> str:
    """Another triad's stakeholder is named only to those who may see that triad."""
    clash = seen.clash
    if not seen.stakeholder_visible:
        clash = dataclasses.replace(clash, other=dataclasses.replace(clash.other, stakeholder="a stakeholder"))
    return describe_clash(clash, year, triad_number=triad_number)


REFUSALS: dict[StrEnum, Wording] = {
    FieldworkRefusal.NOT_A_MEMBER: (
        "<@{user}> isn't a member of triad {number}: interviewers are the DCSs and teams of {host}, {visitor} and "
        "{observer}. A coordinator can add them to a team."
    ),
    FieldworkRefusal.DOUBLE_BOOKED: lambda f: (
        " ".join(_shown_clash(seen, f["number"], f.get("year")) for seen in f["clashes"])
        + " Choose another time or interviewer."
    ),
    FieldworkRefusal.NO_SUCH_INTERVIEW: "There is no interview {number} in triad {triad}.",
    FieldworkRefusal.NO_CHANNEL: "Triad {number} has no channel to post its calendar in.",
    DocumentsRefusal.NO_CHANNEL: "Triad {number} has no channel to post its documents in.",
}


def warning_text(warning: SlotNote, year: int | None, triad_number: int | None = None) -> str:
    """One line about a slot that was booked but is probably wrong; days said as everywhere (`say_day`)."""
    day = say_day(warning.day, year) if warning.day else ""
    given = escape(warning.given or "")
    match warning.kind:
        case SlotWarning.DATES_NOT_SET:
            return "The fieldwork dates are not set yet, so this slot isn't checked against them."
        case SlotWarning.NOT_CONFIRMED:
            return f"The fieldwork date ({given}) is not confirmed yet, so this slot isn't checked against it."
        case SlotWarning.OUTSIDE_GIVEN:
            return f"{day} is outside the fieldwork dates given ({given}), which are not confirmed yet."
        case SlotWarning.NOT_FIELDWORK_DAY:
            return f"{day} is not a fieldwork day (fieldwork is {given})."
        case SlotWarning.DAY_TWO:
            day1 = say_day(warning.day1, year) if warning.day1 else "the day before"
            return f"{day} is fieldwork day 2, for hypotheses, the presentation and the workshop; day 1 is {day1}."
        case SlotWarning.STAKEHOLDER_TWICE if warning.other is not None:
            other = warning.other
            return (
                f"{escape(other.stakeholder)} is already booked for {when(other, year)} "
                f"({interview_ref(other, from_triad=triad_number)})."
            )
    return "No interviewer is assigned to this slot yet."
