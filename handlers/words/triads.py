"""Triads: forming them, their dates, steps done and feedback format."""

from __future__ import annotations

from enum import StrEnum

from bot.rules.roles import RoleRefusal
from bot.rules.triads import TriadRefusal
from handlers.words import Wording, did_you_mean
from handlers.words.rounds import NO_ROUND_YET, no_such_round

DATE_KINDS = {"challenge": "challenge session", "fieldwork": "fieldwork"}
STEP_LABELS = {"self_assessment": "self-assessment", "data_profile": "data profile", "report": "report"}

REFUSALS: dict[StrEnum, Wording] = {
    RoleRefusal.SAME_AUTHORITY_TWICE: (
        "{name} can't be both {role} and {other_role}: a triad needs three different authorities."
    ),
    TriadRefusal.AUTHORITY_NOT_FOUND: lambda f: (
        f'No authority called "{f["name"]}" ({f["role"]}) is registered{did_you_mean(f["near"])} '
        "A coordinator adds one from the Home tab (Add authority)."
    ),
    TriadRefusal.NO_SUCH_ROUND: lambda f: no_such_round(f["name"], f.get("rounds")),
    TriadRefusal.NO_ROUND_YET: NO_ROUND_YET,
    TriadRefusal.ALREADY_HOST: "{host} is already the host of triad {number} in {round}.",
    TriadRefusal.FIELDWORK_BEFORE_CHALLENGE: (
        "Fieldwork ({fieldwork}) can't come before the challenge session ({challenge})."
    ),
    TriadRefusal.UNREADABLE_DATE: lambda f: f"{DATE_KINDS[f['kind']].capitalize()} date: {f['reason']}",
    TriadRefusal.STEP_ALREADY_DONE: lambda f: (
        f"The {STEP_LABELS[f['step']]} is already marked done for triad {f['number']}."
    ),
    RoleRefusal.DATA_PROFILE_IS_COORDINATORS: (
        "The data profile is the coordinators' step: a programme coordinator marks it done."
    ),
    RoleRefusal.NOT_STEP_OWNER: lambda f: (
        f"Only {f['authority']} (the {f['role']}) or a coordinator can mark the "
        + ("host's self-assessment" if f["role"] == "host" else "visiting DCS's report")
        + " done."
    ),
    RoleRefusal.FEEDBACK_NOT_HOST_OR_VISITING_DCS: (
        "The feedback format is agreed between the host DCS and the visiting DCS; ask one of them to record it."
    ),
}
