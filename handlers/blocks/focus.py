"""Lines of enquiry in Slack: a proposal with its Agree and Withdraw buttons (kept current in place), the
form that proposes one, the triad's list, and the short words around them. Pure: data in, blocks out."""

from __future__ import annotations

import json
from dataclasses import dataclass

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
)
from slack_sdk.models.views import View

from bot.rules import limits
from bot.rules.focus import AGREED_LINES_WARNING_ABOVE, LineState
from handlers.blocks import clip, mention, section
from handlers.blocks.asks import propose_line_button
from handlers.mrkdwn import escape

AGREE_ACTION = "focus_agree"
WITHDRAW_ACTION = "focus_withdraw"
BUTTONS_BLOCK = "focus_buttons"
PROPOSE_FORM = "focus_propose_form"  # the modal's callback id
LINE_FIELD = "line"  # the modal's one input: its block id and action id
LINE_EXAMPLE = "How well do we hear the voice of the child in plans?"
LINE_HINT = "A question works best, like “How well do we …?”"
LINE_LIMIT = 2500  # of a line's text in a section, well inside Slack's 3000


def button_value(triad_id: int, number: int) -> str:
    return f"{triad_id}:{number}"


def read_button_value(value: str | None) -> tuple[int, int] | None:
    """(triad id, line number) from a button's value; None if it was tampered with."""
    parts = (value or "").split(":")
    if len(parts) != 2 or not all(p.isascii() and p.isdigit() and len(p) <= 12 for p in parts):
        return None
    return int(parts[0]), int(parts[1])


def _strong(text: str) -> str:
    """A person's line in bold, escaped; left plain when its own asterisks would break the bold."""
    shown = clip(escape(text), LINE_LIMIT)
    return shown if "*" in shown else f"*{shown}*"


def agreed_heading(number: int, text: str) -> str:
    """An agreed line, as its proposal and the pinned announcement of a typed agreement show it."""
    return f":pushpin: Line {number}, agreed: {_strong(text)}"


def withdrawn_heading(number: int, text: str) -> str:
    """A withdrawn line, struck through where it was proposed or pinned."""
    return f":wastebasket: ~Line {number}: {clip(escape(text), LINE_LIMIT)}~ (withdrawn)"


def fallback_text(number: int, text: str, state: LineState) -> str:
    """A proposal's notification text: no mrkdwn, no command to type."""
    done = {"proposed": "proposed", "agreed": "agreed", "withdrawn": "withdrawn"}.get(state.status, state.status)
    return f"Line {number} {done}: {clip(escape(text), LINE_LIMIT)}"


def agreement_text(state: LineState, host_dcs: str, visitor_dcs: str) -> str:
    """Whose agreement the line waits for, by name."""
    if state.status == "agreed":
        return f"Agreed by {mention(host_dcs)} and {mention(visitor_dcs)} · pinned here."
    dcs = ((host_dcs, bool(state.host_agreed_by)), (visitor_dcs, bool(state.visitor_agreed_by)))
    done = [mention(user) for user, did in dcs if did]
    waiting = [mention(user) for user, did in dcs if not did]
    if not done:
        return f"Waiting for {' and '.join(waiting)} to agree."
    return f"{' and '.join(done)} agreed · waiting for {' and '.join(waiting)}."


def proposal_blocks(
    triad_id: int, number: int, text: str, proposer: str, state: LineState, host_dcs: str, visitor_dcs: str
) -> list[Block]:
    """The proposal as the channel sees it now: the line, whose agreement it waits for, the buttons while open."""
    if state.status == "withdrawn":
        return [section(withdrawn_heading(number, text))]
    heading = f":mag: Line {number}, from {mention(proposer)}: {_strong(text)}"
    if state.status == "agreed":
        heading = agreed_heading(number, text)
    value = button_value(triad_id, number)
    buttons = []
    if state.status == "proposed":
        buttons.append(ButtonElement(text="Agree", action_id=AGREE_ACTION, value=value, style="primary"))
    buttons.append(
        ButtonElement(
            text="Withdraw",
            action_id=WITHDRAW_ACTION,
            value=value,
            confirm=ConfirmObject(
                title="Withdraw this line?",
                text=f"Line {number} leaves the area of focus for everyone in the triad.",
                confirm="Withdraw",
                deny="Keep it",
            ),
        )
    )
    return [
        section(heading),
        ContextBlock(elements=[MarkdownTextObject(text=agreement_text(state, host_dcs, visitor_dcs))]),
        ActionsBlock(block_id=BUTTONS_BLOCK, elements=buttons),
    ]


def withdrew_text(by_user: str, number: int, text: str) -> str:
    return f":wastebasket: {mention(by_user)} withdrew line {number}: {clip(escape(text), LINE_LIMIT)}"


def you_agreed_text(number: int, waiting_for: str | None) -> str:
    """To a DCS whose typed agreement left the line waiting for the other DCS."""
    return f":white_check_mark: You agreed line {number}; it is waiting for the {waiting_for}."


def question_tip(number: int) -> str:
    """To whoever proposed a line of a word or two (no command to type: the proposal has its Withdraw button)."""
    return (
        f":bulb: A question works better, like “How well do we …?” Withdraw line {number} "
        "and propose one if you prefer."
    )


def too_many_warning(agreed_count: int) -> str:
    return (
        f":warning: {agreed_count} lines agreed. Too many questions is how challenges most often fail; "
        f"keep to {AGREED_LINES_WARNING_ABOVE}."
    )


@dataclass(frozen=True)
class Listed:
    """One live line of the triad's list."""

    number: int
    text: str
    state: LineState
    themes: tuple[str, ...] = ()


def _listed_state(state: LineState) -> str:
    if state.status == "agreed":
        return ":white_check_mark: agreed"
    agreed = [dcs for dcs, by in (("host DCS", state.host_agreed_by), ("visiting DCS", state.visitor_agreed_by)) if by]
    return "proposed" + (f" · {agreed[0]} agreed" if agreed else "")


def lines_blocks(triad_id: int, triad_number: int, lines: list[Listed], too_many: bool) -> list[Block]:
    """`/peer focus list`: the triad's live lines with where each stands, and the button that proposes another."""
    if not lines:
        text = f"Triad {triad_number} has no lines of enquiry yet."
    else:
        rows = []
        for line in lines:
            themes = ", ".join(escape(t) for t in line.themes)
            rows.append(
                f"*{line.number}.* {clip(escape(line.text), 500)} — {_listed_state(line.state)}"
                + (f" · _themes: {themes}_" if themes else "")
            )
        text = f"*Triad {triad_number}: lines of enquiry*\n" + "\n".join(rows)
        if too_many:
            agreed = sum(1 for line in lines if line.state.status == "agreed")
            text += "\n" + too_many_warning(agreed)
    return [section(text), ActionsBlock(block_id="focus_list_buttons", elements=[propose_line_button(triad_id)])]


def lines_fallback(triad_number: int, count: int) -> str:
    return f"Triad {triad_number}: {count} line(s) of enquiry"


def propose_modal(triad_id: int, triad_number: int, channel_id: str | None) -> View:
    """The form that proposes a line of enquiry; ``channel_id``: where it was opened from."""
    title = f"Triad {triad_number} line of enquiry"
    return View(
        type="modal",
        callback_id=PROPOSE_FORM,
        title=title if len(title) <= 24 else "Line of enquiry",
        submit="Propose",
        close="Cancel",
        blocks=[
            InputBlock(
                block_id=LINE_FIELD,
                label="Line of enquiry",
                element=PlainTextInputElement(
                    action_id=LINE_FIELD,
                    multiline=True,
                    max_length=limits.LINE_OF_ENQUIRY,
                    placeholder=LINE_EXAMPLE,
                ),
                hint=LINE_HINT,
            )
        ],
        private_metadata=json.dumps({"triad_id": triad_id, "channel": channel_id or ""}),
    )
