"""A visiting team suggested, and accepted, shown in Slack: the suggestion posted by `/peer team suggest`
and by the *Suggest again* button alike; an acceptance shown in place, and the team invited once both
DCSs have accepted."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.rules.visiting_team import AcceptState
from bot.services import visiting_team as team_service
from bot.services.visiting_team import Accepted, Suggested
from handlers.blocks.visiting_team import proposal_blocks, superseded_blocks
from handlers.channels import invite
from handlers.effects import Tell, update
from storage.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)

Clicked = tuple[str | None, str | None]  # (channel, ts) of the suggestion whose button was clicked


def suggestion_blocks(suggested: Suggested) -> list:
    return proposal_blocks(
        suggested.proposal_id,
        suggested.triad_number,
        suggested.team.stored_members(),
        len(suggested.lines),
        suggested.team.optimal,
        AcceptState("proposed", None, None),
        suggested.host_dcs,
        suggested.visitor_dcs,
    )


def post_suggestion(client: WebClient, uow: UnitOfWork, suggested: Suggested, tell: Tell) -> None:
    """Post the suggestion in the triad channel, remember where (in the request's work), and mark the
    suggestions it replaces."""
    channel = suggested.channel_id
    if not channel:
        tell(":warning: The triad has no channel, so the suggestion could not be posted.")
        return
    names = ", ".join(f"<@{m.candidate.user_id}>" for m in suggested.team.members)
    try:
        posted = client.chat_postMessage(
            channel=channel,
            text=f"Suggested visiting team for triad {suggested.triad_number}: {names}",
            blocks=[b.to_dict() for b in suggestion_blocks(suggested)],
        )
    except SlackApiError as exc:
        error = exc.response.get("error", "error")
        logger.warning("posting the team suggestion failed: %s", error)
        tell(
            f":warning: I saved the suggestion, but couldn't post it in <#{channel}> ({error}). "
            "Is the app still in the channel?"
        )
        return
    team_service.record_message(uow.session, suggested.proposal_id, channel, posted["ts"])
    for old in suggested.replaced:
        update(
            client,
            old.channel,
            old.ts,
            f"Suggested visiting team for triad {suggested.triad_number} (replaced)",
            superseded_blocks(suggested.triad_number),
        )


def show_acceptance(
    client: WebClient, accepted: Accepted, members: list[dict[str, Any]], clicked: Clicked, tell: Tell
) -> None:
    """The suggestion clicked is redrawn with who has accepted; once both DCSs have, the team is invited."""
    proposal = accepted.proposal
    blocks = proposal_blocks(
        proposal.id,
        accepted.triad_number,
        members,
        accepted.lines,
        proposal.optimal,
        accepted.state,
        accepted.host_dcs,
        accepted.visitor_dcs,
    )
    update(client, *clicked, text=f"Visiting team for triad {accepted.triad_number}", blocks=blocks)
    if not accepted.newly_accepted:
        tell(f":white_check_mark: You accepted the visiting team; it is waiting for the {accepted.waiting_for}.")
        return
    invite_the_team(client, accepted.channel_id, accepted.triad_number, [m["user_id"] for m in members], tell)


def invite_the_team(
    client: WebClient, channel: str | None, triad_number: int, reviewers: list[str], tell: Tell
) -> None:
    if not channel:
        tell(":warning: The team is accepted, but the triad has no channel to invite the reviewers to.")
        return
    failed = invite(client, channel, reviewers)
    joined = [u for u in reviewers if u not in failed]
    if joined:
        try:
            client.chat_postMessage(
                channel=channel,
                text=(
                    f":wave: Welcome to triad {triad_number}'s channel, "
                    + ", ".join(f"<@{u}>" for u in joined)
                    + ": you are its visiting team, accepted by the host DCS and the visiting DCS. "
                    "The agreed lines of enquiry are pinned here; `/peer status` shows the dates."
                ),
            )
        except SlackApiError as exc:
            logger.warning("could not welcome the visiting team: %s", exc.response.get("error"))
    if failed:
        tell(
            ":warning: I couldn't invite "
            + ", ".join(f"<@{u}> ({why})" for u, why in failed.items())
            + " to the channel; invite them by hand."
        )
