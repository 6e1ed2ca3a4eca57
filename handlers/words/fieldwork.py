"""The fieldwork visit: interviews, the triad's calendar and documents."""

from __future__ import annotations

import dataclasses
from enum import StrEnum

from bot.services.documents import DocumentsRefusal
from bot.services.fieldwork import FieldworkRefusal, SeenClash
from handlers.blocks.fieldwork import describe_clash
from handlers.words import Wording


def _shown_clash(seen: SeenClash, triad_number: int, year: int | None) -> str:
    """Another triad's stakeholder is named only to those who may see that triad."""
    clash = seen.clash
    if not seen.stakeholder_visible:
        clash = dataclasses.replace(clash, other=dataclasses.replace(clash.other, stakeholder="a stakeholder"))
    return describe_clash(clash, year, triad_number=triad_number)


REFUSALS: dict[StrEnum, Wording] = {
    FieldworkRefusal.NOT_A_MEMBER: (
        "<@{user}> isn't a member of triad {number}: interviewers come from the DCSs and teams of "
        "{host}, {visitor} and {observer} (a coordinator can add them with `/peer authority update`)."
    ),
    FieldworkRefusal.DOUBLE_BOOKED: lambda f: (
        " ".join(_shown_clash(seen, f["number"], f.get("year")) for seen in f["clashes"])
        + " Choose another time or interviewer."
    ),
    FieldworkRefusal.NO_SUCH_INTERVIEW: (
        "There is no interview {number} in triad {triad} — `/peer interview list` shows them."
    ),
    FieldworkRefusal.NO_CHANNEL: "Triad {number} has no channel to post its calendar in.",
    DocumentsRefusal.NO_CHANNEL: "Triad {number} has no channel to post its documents in.",
}
