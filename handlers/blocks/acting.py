"""Buttons that do what a message asks (mark a step done, add progress, mark an action done), and the progress form."""

from __future__ import annotations

import json

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
)
from slack_sdk.models.views import View

from bot.rules import limits
from handlers.blocks import clip, section
from handlers.mrkdwn import escape

STEP_DONE = "step_done"
ACTION_PROGRESS = "action_progress"
ACTION_DONE = "action_done"
PROGRESS_FORM = "action_progress_form"
POST_BRIEF = "summit_brief_post"  # the button on the summit-brief reminder
MAX_NOTE = limits.PROGRESS_NOTE
# The reminder that chases each programme step a button can mark done.
STEP_OF_KIND = {"self_assessment_due": "self_assessment", "data_profile_due": "data_profile", "report_due": "report"}


def pair_value(triad_id: int, item: str | int) -> str:
    return f"{triad_id}:{item}"


def read_pair(value: str | None) -> tuple[int, str] | None:
    """(triad id, step or number) from a button's value; None if it was tampered with."""
    head, _, tail = (value or "").partition(":")
    if not (head.isascii() and head.isdigit() and len(head) <= 12) or not tail or len(tail) > 40:
        return None
    return int(head), tail


def step_button(triad_id: int, step: str) -> ActionsBlock:
    return ActionsBlock(
        block_id="step_buttons",
        elements=[
            ButtonElement(text="Mark done", action_id=STEP_DONE, value=pair_value(triad_id, step), style="primary")
        ],
    )


def action_buttons(triad_id: int, number: int, block_id: str = "action_buttons") -> ActionsBlock:
    value = pair_value(triad_id, number)
    return ActionsBlock(
        block_id=block_id,
        elements=[
            ButtonElement(text="Add progress", action_id=ACTION_PROGRESS, value=value),
            ButtonElement(text="Mark done", action_id=ACTION_DONE, value=value, style="primary"),
        ],
    )


def brief_button(round_name: str) -> ActionsBlock:
    """On the summit-brief reminder: post the brief where it was clicked."""
    return ActionsBlock(
        block_id="summit_brief",
        elements=[ButtonElement(text="Post the summit brief", action_id=POST_BRIEF, value=round_name, style="primary")],
    )


def with_buttons(text: str, buttons: ActionsBlock) -> list[Block]:
    return [section(text), buttons]


def acted_blocks(message_blocks: list[dict], note: str) -> list[dict]:
    """The message as it was, without its buttons, with what was done below."""
    kept = [b for b in message_blocks if b.get("type") != "actions"]
    return kept + [ContextBlock(elements=[MarkdownTextObject(text=clip(note, 2000))]).to_dict()]


def progress_modal(triad_id: int, triad_number: int, number: int, action_text: str, channel_id: str) -> View:
    return View(
        type="modal",
        callback_id=PROGRESS_FORM,
        title="Add progress",
        submit="Save",
        close="Cancel",
        private_metadata=json.dumps({"triad_id": triad_id, "number": number, "channel": channel_id}),
        blocks=[
            section(f"*Triad {triad_number} · action {number}:* {clip(escape(action_text), 2500)}"),
            InputBlock(
                block_id="note",
                label="Where it stands",
                element=PlainTextInputElement(action_id="note", multiline=True, max_length=MAX_NOTE),
                hint="Every step counts: what has happened, what is next.",
            ),
        ],
    )
