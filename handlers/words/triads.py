"""Triads: forming them, their dates, steps done and feedback format."""

from __future__ import annotations

from enum import StrEnum

from bot.rules.roles import RoleRefusal
from bot.rules.triads import TriadRefusal
from handlers.words import Wording

DATE_KINDS = {"challenge": "challenge session", "fieldwork": "fieldwork"}
STEP_LABELS = {"self_assessment": "self-assessment", "data_profile": "data profile", "report": "report"}

REFUSALS: dict[StrEnum, Wording] = {
    RoleRefusal.SAME_AUTHORITY_TWICE: (
        "{name} can't be both {role} and {other_role}: a triad needs three different authorities."
    ),
    TriadRefusal.AUTHORITY_NOT_FOUND: (
        'No authority called "{name}" ({role}). Add it with `/peer authority add "{name}" dcs:@user`, '
        "or see `/peer authority list`."
    ),
    TriadRefusal.NO_SUCH_ROUND: 'There is no round called "{name}". Create it with `/peer round new "{name}"`.',
    TriadRefusal.NO_ROUND_YET: 'There is no round yet: create one first with `/peer round new "SE 2018"`.',
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
