"""A proposed line of enquiry as a message with its Agree and Withdraw buttons, kept current in place."""

from __future__ import annotations

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, ConfirmObject, ContextBlock, MarkdownTextObject

from bot.rules.focus import LineState
from handlers.blocks import awaiting_dcs, clip, mention, section
from handlers.mrkdwn import escape

AGREE_ACTION = "focus_agree"
WITHDRAW_ACTION = "focus_withdraw"
BUTTONS_BLOCK = "focus_buttons"


def button_value(triad_id: int, number: int) -> str:
    return f"{triad_id}:{number}"


def read_button_value(value: str | None) -> tuple[int, int] | None:
    """(triad id, line number) from a button's value; None if it was tampered with."""
    parts = (value or "").split(":")
    if len(parts) != 2 or not all(p.isascii() and p.isdigit() and len(p) <= 12 for p in parts):
        return None
    return int(parts[0]), int(parts[1])


def agreement_text(state: LineState, host_dcs: str, visitor_dcs: str) -> str:
    if state.status == "agreed":
        return (
            f":white_check_mark: Agreed by the host DCS ({mention(host_dcs)}) "
            f"and the visiting DCS ({mention(visitor_dcs)}) — pinned in this channel."
        )
    if state.status == "withdrawn":
        return ":wastebasket: Withdrawn."
    return awaiting_dcs("Agreed", host_dcs, bool(state.host_agreed_by), visitor_dcs, bool(state.visitor_agreed_by))


def proposal_blocks(
    triad_id: int, number: int, text: str, proposer: str, state: LineState, host_dcs: str, visitor_dcs: str
) -> list[Block]:
    """The proposal as the channel sees it now: the line, who has agreed, and the buttons while it is open."""
    heading = f":mag: {mention(proposer)} proposed line of enquiry *{number}*: {clip(escape(text), 2500)}"
    if state.status == "withdrawn":
        heading = f":wastebasket: ~Line of enquiry {number}: {clip(escape(text), 2500)}~ (withdrawn)"
    elif state.status == "agreed":
        heading = f":pushpin: *Agreed line of enquiry {number}:* {clip(escape(text), 2500)}"
    blocks: list[Block] = [
        section(heading),
        ContextBlock(elements=[MarkdownTextObject(text=agreement_text(state, host_dcs, visitor_dcs))]),
    ]
    value = button_value(triad_id, number)
    buttons = []
    if state.status == "proposed":
        buttons.append(ButtonElement(text="Agree", action_id=AGREE_ACTION, value=value, style="primary"))
    if state.status != "withdrawn":
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
    if buttons:
        blocks.append(ActionsBlock(block_id=BUTTONS_BLOCK, elements=buttons))
    return blocks
