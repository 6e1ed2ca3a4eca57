"""A line of enquiry agreed or withdrawn, shown in Slack: by `/peer focus agree|withdraw` and by
the Agree and Withdraw buttons on its proposal, alike."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.rules.focus import AGREED_LINES_WARNING_ABOVE
from bot.services import focus as focus_service
from bot.services.focus import LineChange
from handlers.blocks.focus import proposal_blocks
from handlers.effects import Tell, pin, post, update
from handlers.mrkdwn import escape
from storage.unit_of_work import UnitOfWork

Clicked = tuple[str | None, str | None]  # (channel, ts) of the proposal whose button was clicked


def too_many_warning(agreed_count: int) -> str:
    return (
        f":warning: {agreed_count} lines of enquiry are now agreed. The programme's evidence is that "
        f"too broad or too many questions is the main way a challenge fails — consider keeping it to "
        f"{AGREED_LINES_WARNING_ABOVE} tightly defined lines (`/peer focus withdraw N`)."
    )


def show_line_change(
    client: WebClient, uow: UnitOfWork, change: LineChange, by_user: str, clicked: Clicked | None, tell: Tell
) -> None:
    """The proposal clicked is redrawn in place; an agreed line is pinned (the proposal itself, or an
    announcement when agreed by command); a withdrawn one is struck through where it was pinned."""
    number, text = change.number, change.text
    if clicked is not None:
        blocks = proposal_blocks(
            change.triad_id,
            number,
            text,
            change.proposed_by,
            change.state,
            change.host_dcs or "",
            change.visitor_dcs or "",
        )
        update(client, *clicked, text=f"Line of enquiry {number}: {escape(text)}", blocks=blocks)
    if change.withdrawn:
        if change.pinned_ts and (clicked is None or change.pinned_ts != clicked[1]):
            strike = f":wastebasket: ~Agreed line of enquiry {number}: {escape(text)}~ (withdrawn)"
            update(client, change.channel_id, change.pinned_ts, strike)
        post(
            client,
            change.channel_id,
            f":wastebasket: <@{by_user}> withdrew line of enquiry {number}: {escape(text)}",
            tell,
        )
        return
    if not change.newly_agreed:
        if clicked is not None:
            tell(f":white_check_mark: You agreed line {number}; it is waiting for the {change.waiting_for}.")
        return
    warning = too_many_warning(change.agreed_count) if change.too_many else None
    if clicked is not None:
        pin(client, *clicked)
        if warning:
            tell(warning)
        return
    announced = post(
        client,
        change.channel_id,
        f":pushpin: *Agreed line of enquiry {number}:* {escape(text)}" + (f"\n{warning}" if warning else ""),
        tell,
    )
    if announced and pin(client, change.channel_id, announced["ts"]):
        focus_service.record_pin(uow.session, change.line_id, announced["ts"])
