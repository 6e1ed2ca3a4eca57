"""The coordinators' and triads' forms as modals: pure builders, and reading what was submitted.

Each modal is built from `slack_sdk.models` (Slack's limits checked on `to_dict`); the submission
is read back into the plain values the same service takes from a typed command.
"""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    ContextBlock,
    DatePickerElement,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    StaticSelectElement,
    TimePickerElement,
    UserMultiSelectElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot.rules import limits
from bot.rules.dates import FuzzyDate

TRIAD_NEW = "triad_new_form"
AUTHORITY_ADD = "authority_add_form"
DATES = "dates_form"
ROUND_DATES = "round_dates_form"
ROUND_NEW = "round_new_form"
COORDINATORS = "coordinators_form"
ROLES = (
    ("host", "Host — receives the challenge"),
    ("visitor", "Visitor — its DCS leads the challenge"),
    ("observer", "Observer"),
)
MAX_OPTIONS = 100  # Slack's limit for a static_select
MAX_NAME = limits.AUTHORITY_NAME
DATE_HINT = (
    'As your round writes it: "7 September", "23 & 24 July 2018", "February 2018", "Early October", '
    '"December 2018 tbc", 2018-07-23 or 03/04/2018 (3 April). Leave it empty to keep it as it is.'
)


def _options(names: list[str]) -> list[Option]:
    return [Option(text=name[:75], value=name[:150]) for name in names[:MAX_OPTIONS]]


def _modal(callback_id: str, title: str, submit: str, blocks: list[Block], metadata: dict[str, Any]) -> View:
    return View(
        type="modal",
        callback_id=callback_id,
        title=title,
        submit=submit,
        close="Cancel",
        blocks=blocks,
        private_metadata=json.dumps(metadata),
    )


def triad_new_modal(authorities: list[str], rounds: list[str], latest_round: str | None, channel_id: str) -> View:
    blocks: list[Block] = [
        InputBlock(
            block_id=role,
            label=label,
            element=StaticSelectElement(
                action_id="authority", placeholder="Choose an authority", options=_options(authorities)
            ),
        )
        for role, label in ROLES
    ]
    round_options = _options(rounds)
    initial = next((o for o in round_options if o.value == latest_round), None)
    blocks.append(
        InputBlock(
            block_id="round",
            label="Round",
            element=StaticSelectElement(action_id="round", options=round_options, initial_option=initial),
        )
    )
    blocks.append(
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text="A private channel is created for the triad, with its DCSs, teams and the coordinators."
                )
            ]
        )
    )
    return _modal(TRIAD_NEW, "Form a triad", "Form the triad", blocks, {"channel": channel_id})


def authority_add_modal(channel_id: str) -> View:
    blocks: list[Block] = [
        InputBlock(
            block_id="name",
            label="Authority",
            element=PlainTextInputElement(action_id="name", placeholder="Oxfordshire", max_length=MAX_NAME),
        ),
        InputBlock(block_id="dcs", label="Director of Children's Services", element=UserSelectElement(action_id="dcs")),
        InputBlock(
            block_id="team",
            label="Team (fieldwork and interviews)",
            element=UserMultiSelectElement(action_id="team"),
            optional=True,
        ),
    ]
    return _modal(AUTHORITY_ADD, "Add an authority", "Add", blocks, {"channel": channel_id})


def round_new_modal(default_tz: str) -> View:
    """A new round: its name and its time zone (what `/peer round new` takes)."""
    blocks: list[Block] = [
        InputBlock(
            block_id="name",
            label="Round",
            element=PlainTextInputElement(action_id="name", placeholder="SE 2018", max_length=limits.ROUND_NAME),
            hint="Dates without a year take the year in its name.",
        ),
        InputBlock(
            block_id="tz",
            label="Time zone",
            element=PlainTextInputElement(action_id="tz", initial_value=default_tz, max_length=64),
        ),
    ]
    return _modal(ROUND_NEW, "New round", "Start the round", blocks, {})


def coordinators_modal(coordinators: list[str], configured: list[str], channel_id: str) -> View:
    """This workspace's coordinators, to add to or take from; those named in the settings stay."""
    blocks: list[Block] = [
        InputBlock(
            block_id="coordinators",
            label="Coordinators of this workspace",
            element=UserMultiSelectElement(action_id="coordinators", initial_users=coordinators or None),
        )
    ]
    if configured:
        named = ", ".join(f"<@{u}>" for u in configured)
        blocks.append(
            ContextBlock(
                elements=[
                    MarkdownTextObject(text=f"Named in the app's settings (PEER_COORDINATORS), so they stay: {named}.")
                ]
            )
        )
    return _modal(COORDINATORS, "Coordinators", "Save", blocks, {"channel": channel_id})


def _date_fields(fields: list[tuple[str, str, FuzzyDate | None]], hint: str) -> list[Block]:
    """Date inputs in the programme's own forms, filled with what is set, and one Provisional box for them."""
    provisional = Option(text="Provisional — not confirmed yet", value="provisional")
    already = any(current is not None and current.provisional for _, _, current in fields)
    inputs: list[Block] = [
        InputBlock(
            block_id=block_id,
            label=label,
            element=PlainTextInputElement(
                action_id="date", initial_value=current.text if current else None, max_length=limits.DATE
            ),
            hint=hint,
            optional=True,
        )
        for block_id, label, current in fields
    ]
    return [
        *inputs,
        InputBlock(
            block_id="provisional",
            label="Confirmed?",
            element=CheckboxesElement(
                action_id="provisional", options=[provisional], initial_options=[provisional] if already else None
            ),
            optional=True,
        ),
    ]


def dates_modal(triad_id: int, triad_number: int, challenge: FuzzyDate | None, fieldwork: FuzzyDate | None) -> View:
    blocks = _date_fields(
        [("challenge", "Challenge session", challenge), ("fieldwork", "Fieldwork visit (two days)", fieldwork)],
        DATE_HINT,
    )
    return _modal(DATES, f"Triad {triad_number} dates", "Save dates", blocks, {"triad_id": triad_id})


def round_dates_modal(round_id: int, round_name: str, orientation: FuzzyDate | None, summit: FuzzyDate | None) -> View:
    """The round's orientation and summit; a field left empty removes that date."""
    blocks = _date_fields(
        [
            ("orientation", "Orientation (for every triad of the round)", orientation),
            ("summit", "Annual summit", summit),
        ],
        DATE_HINT.replace("Leave it empty to keep it as it is.", "Leave it empty to remove it."),
    )
    had = [k for k, v in (("orientation", orientation), ("summit", summit)) if v is not None]
    title = blocks_title(f"{round_name} dates")
    return _modal(ROUND_DATES, title, "Save dates", blocks, {"round_id": round_id, "had": had})


def blocks_title(text: str) -> str:
    """A modal title fits Slack's 24 characters."""
    return text if len(text) <= 24 else text[:23] + "…"


def metadata(view: dict) -> dict[str, Any]:
    try:
        found = json.loads(view.get("private_metadata") or "{}")
    except json.JSONDecodeError:
        return {}
    return found if isinstance(found, dict) else {}


def value(view: dict, block_id: str, action_id: str) -> Any:
    """What one input holds: a selected option's value, a user, users, files, text or checked values."""
    field = ((view.get("state") or {}).get("values") or {}).get(block_id, {}).get(action_id) or {}
    kind = field.get("type")
    if kind in ("static_select", "radio_buttons"):
        return (field.get("selected_option") or {}).get("value")
    if kind == "file_input":
        return list(field.get("files") or [])
    if kind == "users_select":
        return field.get("selected_user")
    if kind == "multi_users_select":
        return list(field.get("selected_users") or [])
    if kind == "datepicker":
        return field.get("selected_date")
    if kind == "timepicker":
        return field.get("selected_time")
    if kind in ("checkboxes", "multi_static_select"):
        return [o.get("value") for o in field.get("selected_options") or []]
    return field.get("value")


ACTION_ADD = "action_add_form"
RECORD_AS_ACTION = "record_action"  # the message shortcut
ORIENTATION_MATERIAL = "orientation_material"  # the message shortcut on a posted file or link
MAX_ACTION_TEXT = limits.ACTION


def action_modal(
    triad_id: int, triad_number: int, lines: list[tuple[int, str]], channel_id: str, text: str | None = None
) -> View:
    """Record an action from the workshop: what, who, by when (one exact day), and the line it answers."""
    blocks: list[Block] = [
        InputBlock(
            block_id="text",
            label="Action",
            element=PlainTextInputElement(
                action_id="text", multiline=True, max_length=MAX_ACTION_TEXT,
                initial_value=text[:MAX_ACTION_TEXT] if text else None,
            ),
        ),
        InputBlock(block_id="owner", label="Owner", element=UserSelectElement(action_id="owner")),
        InputBlock(block_id="due", label="Due", element=DatePickerElement(action_id="due")),
    ]  # fmt: skip
    if lines:
        options = [Option(text=f"{n}. {t}"[:75], value=str(n)) for n, t in lines[:MAX_OPTIONS]]
        blocks.append(
            InputBlock(
                block_id="focus",
                label="Line of enquiry it answers",
                element=StaticSelectElement(action_id="focus", options=options),
                optional=True,
            )
        )
    return _modal(
        ACTION_ADD, f"Triad {triad_number} action", "Record", blocks, {"triad_id": triad_id, "channel": channel_id}
    )


INTERVIEW_ADD = "interview_add_form"
REMIND = "remind_form"
MAX_TEXT = limits.STAKEHOLDER


def interview_modal(triad_id: int, triad_number: int, channel_id: str, day: str | None) -> View:
    """A day-1 interview: the day and times by picker, who is interviewed, where, and the interviewers."""
    blocks: list[Block] = [
        InputBlock(
            block_id="day",
            label="Day",
            element=DatePickerElement(action_id="day", initial_date=day),
            hint="Fieldwork day 1",
        ),
        InputBlock(block_id="start", label="From", element=TimePickerElement(action_id="start", initial_time="09:30")),
        InputBlock(block_id="end", label="To", element=TimePickerElement(action_id="end", initial_time="10:15")),
        InputBlock(
            block_id="stakeholder",
            label="Who is interviewed",
            element=PlainTextInputElement(
                action_id="stakeholder", placeholder="Head of Early Help", max_length=MAX_TEXT
            ),
        ),
        InputBlock(
            block_id="role",
            label="Their role",
            element=PlainTextInputElement(
                action_id="role", placeholder="manager, practitioner, partner, service user", max_length=MAX_TEXT
            ),
            optional=True,
        ),
        InputBlock(
            block_id="where",
            label="Where",
            element=PlainTextInputElement(action_id="where", max_length=MAX_TEXT),
            optional=True,
        ),
        InputBlock(
            block_id="interviewers",
            label="Interviewers",
            element=UserMultiSelectElement(action_id="interviewers"),
            optional=True,
            hint="From the triad's DCSs and teams; nobody can be in two interviews at once.",
        ),
    ]
    return _modal(
        INTERVIEW_ADD, f"Triad {triad_number} interview", "Book", blocks, {"triad_id": triad_id, "channel": channel_id}
    )


def remind_modal(triad_id: int, triad_number: int, channel_id: str) -> View:
    blocks: list[Block] = [
        InputBlock(
            block_id="text",
            label="Remind the channel to…",
            element=PlainTextInputElement(
                action_id="text", max_length=limits.REMINDER, placeholder="Send the interview list to the host"
            ),
        ),
        InputBlock(block_id="day", label="On", element=DatePickerElement(action_id="day")),
        InputBlock(block_id="time", label="At", element=TimePickerElement(action_id="time", initial_time="09:00")),
    ]
    return _modal(
        REMIND, f"Triad {triad_number} reminder", "Set", blocks, {"triad_id": triad_id, "channel": channel_id}
    )
