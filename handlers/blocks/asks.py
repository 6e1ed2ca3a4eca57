"""The buttons that answer a message's ask: each opens the form, or does the thing, a typed command would.

One builder per ask, used by every message that asks it (reminders, the welcome, status, help, the Home),
so a message never asks anyone to type syntax. Each action id has one listener, which authorises the
click again as the command would: set dates, a new round and the Home's forms in `handlers.actions.home_buttons`,
proposing a line of enquiry in `handlers.actions.focus`, interviews and the feedback format in
`handlers.actions.fieldwork`, the agenda in `handlers.actions.agenda`, the round's dates and an action in
`handlers.actions.acting` (and *Show the programme* in `handlers.actions.programme`)."""

from __future__ import annotations

from slack_sdk.models.blocks import ButtonElement

from handlers.blocks.acting import pair_value

SET_DATES = "home_dates"  # opens the triad's dates form
TRIAD_NEW = "home_triad_new"  # opens the form that forms a triad (coordinators)
AUTHORITY_ADD = "home_authority_add"  # opens the form that registers an authority (coordinators)
PROPOSE_LINE = "focus_propose_open"  # opens the form that proposes a line of enquiry
PLAN_INTERVIEWS = "interview_form_open"  # opens the form that books a day-1 interview
FEEDBACK_FORMAT = "feedback_format_choose"  # records the feedback format: value "<triad id>:<format>"
FEEDBACK_FORMATS = ("presentation", "written", "verbal")
SHOW_AGENDA = "fieldwork_agenda_show"  # shows the two-day agenda, as `/peer agenda` does
ROUND_DATES = "round_dates_open"  # opens the round's dates form (coordinators); value: the round's name
ACTION_ADD = "action_form_open"  # opens the form that records an action
ROUND_NEW = "round_new_open"  # opens the form that starts a round (coordinators)


def set_dates_button(triad_id: int, label: str = "Set dates") -> ButtonElement:
    return ButtonElement(text=label, action_id=SET_DATES, value=str(triad_id))


def add_authority_button(label: str = "Add authority") -> ButtonElement:
    return ButtonElement(text=label, action_id=AUTHORITY_ADD, value="authority")


def form_triad_button() -> ButtonElement:
    return ButtonElement(text="Form a triad", action_id=TRIAD_NEW, value="triad")


def propose_line_button(triad_id: int) -> ButtonElement:
    return ButtonElement(text="Propose a line of enquiry", action_id=PROPOSE_LINE, value=str(triad_id))


def plan_interviews_button(triad_id: int) -> ButtonElement:
    return ButtonElement(text="Add an interview", action_id=PLAN_INTERVIEWS, value=str(triad_id))


def feedback_format_buttons(triad_id: int) -> list[ButtonElement]:
    return [
        ButtonElement(
            text=f"Feedback: {kind}",
            action_id=f"{FEEDBACK_FORMAT}_{kind}",
            value=pair_value(triad_id, kind),
        )
        for kind in FEEDBACK_FORMATS
    ]


def agenda_button(triad_id: int) -> ButtonElement:
    return ButtonElement(text="Show the agenda", action_id=SHOW_AGENDA, value=str(triad_id))


def round_dates_button(round_name: str) -> ButtonElement:
    return ButtonElement(text="Set the round's dates", action_id=ROUND_DATES, value=round_name[:2000])


def action_form_button(triad_id: int) -> ButtonElement:
    return ButtonElement(text="Record an action", action_id=ACTION_ADD, value=str(triad_id))


def round_new_button(style: str | None = None) -> ButtonElement:
    return ButtonElement(text="New round", action_id=ROUND_NEW, value="round", style=style)
