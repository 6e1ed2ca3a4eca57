"""A suggested visiting team as a channel message with Accept and Suggest again, kept current in place."""

from __future__ import annotations

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, ContextBlock, MarkdownTextObject

from bot.rules.visiting_team import AcceptState
from handlers.blocks import awaiting_dcs, clip, mention, section
from handlers.mrkdwn import escape
from handlers.payloads import button_id

ACCEPT_ACTION = "team_accept"
AGAIN_ACTION = "team_suggest_again"
BUTTONS_BLOCK = "team_buttons"


def read_button_value(value: str | None) -> int | None:
    """The proposal's id from a button's value; None if it was tampered with."""
    return button_id(value)


def member_line(member: dict) -> str:
    expertise = ", ".join(escape(e) for e in member.get("expertise") or [])
    match = f" — matches {member['score']} line(s)" if member.get("score") else ""
    load = f" · on {member['load']} other team(s)" if member.get("load") else ""
    who = f"{mention(member['user_id'])} — {escape(member['authority'])}, {member['seniority']}"
    return f"• {who} · {expertise}{match}{load}"


def acceptance_text(state: AcceptState, host_dcs: str, visitor_dcs: str) -> str:
    if state.status == "accepted":
        return (
            f":white_check_mark: Accepted by the host DCS ({mention(host_dcs)}) and the visiting DCS "
            f"({mention(visitor_dcs)}) — the reviewers are invited to this channel."
        )
    return awaiting_dcs(
        "Accepted", host_dcs, bool(state.host_accepted_by), visitor_dcs, bool(state.visitor_accepted_by)
    )


def how_chosen(lines: int, optimal: bool) -> str:
    """One line: what the expertise was weighed against, and whether the team is proven best."""
    weighed = f"matched to the {lines} agreed line(s)" if lines else "no lines agreed yet, so expertise not weighed"
    proof = "proven best under the programme's rules" if optimal else "best found in the time allowed"
    return f"Reviewers from other authorities than the host's; {weighed}; {proof}."


def proposal_blocks(
    proposal_id: int,
    triad_number: int,
    members: list[dict],
    lines: int,
    optimal: bool,
    state: AcceptState,
    host_dcs: str,
    visitor_dcs: str,
) -> list[Block]:
    """The suggestion as the channel sees it now: who, why, who has accepted, and the buttons while it is open."""
    led = f"led by the visiting DCS {mention(visitor_dcs)}:"
    heading = f":busts_in_silhouette: *Suggested visiting team for triad {triad_number}*, {led}"
    if state.status == "accepted":
        heading = f":handshake: *Visiting team for triad {triad_number}*, {led}"
    blocks: list[Block] = [
        section(heading + "\n" + clip("\n".join(member_line(m) for m in members), 2800)),
        ContextBlock(elements=[MarkdownTextObject(text=how_chosen(lines, optimal))]),
        ContextBlock(elements=[MarkdownTextObject(text=acceptance_text(state, host_dcs, visitor_dcs))]),
    ]
    if state.status == "proposed":
        value = str(proposal_id)
        blocks.append(
            ActionsBlock(
                block_id=BUTTONS_BLOCK,
                elements=[
                    ButtonElement(text="Accept", action_id=ACCEPT_ACTION, value=value, style="primary"),
                    ButtonElement(text="Suggest again", action_id=AGAIN_ACTION, value=value),
                ],
            )
        )
    return blocks


def superseded_blocks(triad_number: int) -> list[Block]:
    return [
        section(f":recycle: ~Suggested visiting team for triad {triad_number}~ — replaced by a newer suggestion below.")
    ]
