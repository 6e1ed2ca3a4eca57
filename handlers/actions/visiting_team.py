"""The Accept and Suggest again buttons of a suggested visiting team.

Every click is authorised again here: the button's value names the proposal, and the clicker, its
triad and the workspace are checked as for `/peer team suggest`. The message is updated in place to
show who has accepted and who is awaited; once both DCSs have, the reviewers are invited to the
triad's channel and told there.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.rules.refusals import Refused
from bot.services import access
from bot.services import visiting_team as team_service
from handlers.blocks.visiting_team import ACCEPT_ACTION, AGAIN_ACTION, proposal_blocks, read_button_value
from handlers.channels import invite
from handlers.commands.visiting_team import post_suggestion
from handlers.payloads import click_teller, clicked_message, who_acted
from handlers.refusals import word
from storage.db import transaction

logger = logging.getLogger(__name__)


def register(app: App, deps) -> None:
    sessions, settings, now = deps.sessions, deps.settings, deps.now

    def on_click(ack: Ack, body: dict, action: dict, client: WebClient, respond: Callable) -> None:
        ack()
        team_id, user_id = who_acted(body)
        channel_id, message_ts = clicked_message(body)
        tell = click_teller(respond, body, client)

        proposal_id = read_button_value(action.get("value"))
        if proposal_id is None:
            tell(":x: I can't tell which suggested team this button is about; run `/peer team suggest` instead.")
            return
        accepting = action.get("action_id") == ACCEPT_ACTION
        try:
            with transaction(sessions) as session:
                who = access.actor(session, team_id, user_id, settings.peer_coordinators)
                if accepting:
                    accepted = team_service.accept(session, who, proposal_id, now())
                    proposal = accepted.proposal
                    members, lines = list(proposal.members), accepted.lines
                    optimal = proposal.optimal
                else:
                    suggested = team_service.suggest_again(session, who, proposal_id)
        except Refused as exc:
            tell(f":x: {word(exc)}")
            return
        except Exception:
            logger.exception("recording a visiting-team click failed")
            tell(":x: Something went wrong on my side and nothing was changed. Please try the button again.")
            return

        if not accepting:
            post_suggestion(client, sessions, suggested, tell)
            return
        blocks = proposal_blocks(
            proposal_id,
            accepted.triad_number,
            members,
            lines,
            optimal,
            accepted.state,
            accepted.host_dcs,
            accepted.visitor_dcs,
        )
        if channel_id and message_ts:
            try:
                client.chat_update(
                    channel=channel_id,
                    ts=message_ts,
                    text=f"Visiting team for triad {accepted.triad_number}",
                    blocks=[b.to_dict() for b in blocks],
                )
            except SlackApiError as exc:
                logger.warning("could not update the team suggestion: %s", exc.response.get("error"))
        if not accepted.newly_accepted:
            tell(f":white_check_mark: You accepted the visiting team; it is waiting for the {accepted.waiting_for}.")
            return
        invite_the_team(client, accepted.channel_id, accepted.triad_number, [m["user_id"] for m in members], tell)

    app.action(ACCEPT_ACTION)(on_click)
    app.action(AGAIN_ACTION)(on_click)


def invite_the_team(
    client: WebClient, channel: str | None, triad_number: int, reviewers: list[str], tell: Callable[[str], None]
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
