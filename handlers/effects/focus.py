"""A line of enquiry proposed, agreed or withdrawn, shown in Slack: by `/peer focus propose|agree|withdraw`,
by the form that proposes one and by the Agree and Withdraw buttons on its proposal, alike."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.rules.focus import LineState
from bot.services import focus as focus_service
from bot.services.focus import LineChange, Proposed
from handlers.blocks.focus import (
    agreed_heading,
    fallback_text,
    proposal_blocks,
    too_many_warning,
    withdrawn_heading,
    withdrew_text,
)
from handlers.effects import Tell, pin, post, update
from storage.unit_of_work import UnitOfWork

Clicked = tuple[str | None, str | None]  # (channel, ts) of the proposal whose button was clicked


def announce_proposal(client: WebClient, proposed: Proposed, tell: Tell) -> dict | None:
    """The proposal posted in the triad's channel with its Agree and Withdraw buttons; None if it couldn't be
    (the person is told why)."""
    state = LineState("proposed", None, None)
    blocks = proposal_blocks(
        proposed.triad_id,
        proposed.number,
        proposed.text,
        proposed.proposed_by,
        state,
        proposed.host_dcs or "",
        proposed.visitor_dcs or "",
    )
    return post(client, proposed.channel_id, fallback_text(proposed.number, proposed.text, state), tell, blocks)


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
        update(client, *clicked, text=fallback_text(number, text, change.state), blocks=blocks)
    if change.withdrawn:
        if change.pinned_ts and (clicked is None or change.pinned_ts != clicked[1]):
            update(client, change.channel_id, change.pinned_ts, withdrawn_heading(number, text))
        post(client, change.channel_id, withdrew_text(by_user, number, text), tell)
        return
    if not change.newly_agreed:
        return  # the proposal clicked now shows whose agreement it waits for: nothing more to say
    warning = too_many_warning(change.agreed_count) if change.too_many else None
    if clicked is not None:
        pin(client, *clicked)
        if warning:
            tell(warning)
        return
    announced = post(
        client,
        change.channel_id,
        agreed_heading(number, text) + (f"\n{warning}" if warning else ""),
        tell,
    )
    if announced and pin(client, change.channel_id, announced["ts"]):
        focus_service.record_pin(uow.session, change.line_id, announced["ts"])
