"""Refusals of every surface: who may see a triad, coordinator-only tasks, a value over its limit."""

from __future__ import annotations

from enum import StrEnum

from bot.rules.limits import Field, LimitRefusal, too_long
from bot.services.access import AccessRefusal
from bot.services.visiting_team import POOL_TASK
from handlers.words import Wording

COORDINATOR_TASKS = {
    "create_round": "create a round",
    "register_authority": "register an authority",
    "change_authority": "change an authority",
    "add_coordinator": "add a coordinator",
    "remove_coordinator": "remove a coordinator",
    "change_coordinators": "change the coordinators",
    "form_triad": "form a triad",
    "set_round_dates": "set the round's orientation and summit dates",
    "set_round_material": "attach the round's orientation material",
    "edit_topics": "change the vocabulary of themes",
    "summit_brief": "prepare the summit brief",
    "import_authorities": "import authorities",
    "import_round": "import an earlier round",
    "import_files": "import authorities or an earlier round from a file",
    "suggest_triads": "suggest, reshuffle, edit or accept a round's triads",
    POOL_TASK: "keep the reviewer pool",
}

FIELD_NAMES = {
    Field.DATE: "date",
    Field.SLOT: "slot",
    Field.ROUND_NAME: "round name",
    Field.AUTHORITY_NAME: "authority name",
    Field.STAKEHOLDER: "stakeholder",
    Field.ROLE: "role",
    Field.PLACE: "place",
    Field.ACTION: "action",
    Field.PROGRESS_NOTE: "progress note",
    Field.REMINDER: "reminder",
    Field.COMMAND: "command",
}

REFUSALS: dict[StrEnum, Wording] = {
    AccessRefusal.NOT_COORDINATOR: lambda f: (
        f"Only a programme coordinator can {COORDINATOR_TASKS.get(f['task'], f['task'].replace('_', ' '))}. "
        "Ask one to do it, or to make you a coordinator."
    ),
    AccessRefusal.NO_SUCH_TRIAD: "There is no triad {number} you can see; your Home tab lists your triads.",
    AccessRefusal.NOT_A_TRIAD_CHANNEL: (
        "This isn't a triad channel: use the triad's channel, or add triad:N. Your Home tab lists your triads."
    ),
    AccessRefusal.NOT_A_MEMBER: "Only triad {number}'s members and the programme coordinators can see or change it.",
    AccessRefusal.TRIAD_GONE: "That triad no longer exists, so there is nothing to change.",
    LimitRefusal.TOO_LONG: lambda f: too_long(FIELD_NAMES[f["field"]], f["length"], f["limit"]),
}
