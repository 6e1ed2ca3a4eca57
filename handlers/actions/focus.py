"""The Agree and Withdraw buttons on a proposed line of enquiry.

Every click is authorised again here: the button's value names the triad and the line, and the
clicker, the triad and the workspace are checked as for `/peer focus agree N`. The message is
updated in place to show who has agreed and who is awaited; once both DCSs have agreed it is pinned.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.rules.focus import LineState
from bot.rules.refusals import Refused
from bot.services import access
from bot.services import focus as focus_service
from handlers.blocks.focus import AGREE_ACTION, WITHDRAW_ACTION, proposal_blocks, read_button_value
from handlers.commands.focus import too_many_warning
from handlers.mrkdwn import escape
from handlers.payloads import click_teller, clicked_message, who_acted
from handlers.refusals import word
from storage.db import transaction

logger = logging.getLogger(__name__)


def register(app: App, deps) -> None:
    sessions, settings = deps.sessions, deps.settings

    def on_click(ack: Ack, body: dict, action: dict, client: WebClient, respond: Callable) -> None:
        ack()
        team_id, user_id = who_acted(body)
        channel_id, message_ts = clicked_message(body)
        tell = click_teller(respond, body, client)

        names = read_button_value(action.get("value"))
        if names is None:
            tell(":x: I can't tell which line of enquiry this button is about; use `/peer focus list` instead.")
            return
        triad_id, number = names
        agreeing = action.get("action_id") == AGREE_ACTION
        try:
            with transaction(sessions) as session:
                who = access.actor(session, team_id, user_id, settings.peer_coordinators)
                triad = access.triad_by_id(session, who, triad_id)
                host_dcs, visitor_dcs, channel = triad.host.dcs_user_id, triad.visitor.dcs_user_id, triad.channel_id
                if agreeing:
                    result = focus_service.agree_line(session, who, triad, number)
                    state, text = result.state, result.text
                else:
                    withdrawn = focus_service.withdraw_line(session, who, triad, number)
                    state, text = LineState("withdrawn", None, None), withdrawn.text
                proposer = focus_service.proposer_of(session, triad, number)
        except Refused as exc:
            tell(f":x: {word(exc)}")
            return
        except Exception:
            logger.exception("recording a focus click failed")
            tell(":x: Something went wrong on my side and nothing was changed. Please try the button again.")
            return

        blocks = proposal_blocks(triad_id, number, text, proposer, state, host_dcs, visitor_dcs)
        fallback = f"Line of enquiry {number}: {escape(text)}"
        if channel_id and message_ts:
            try:
                client.chat_update(
                    channel=channel_id, ts=message_ts, text=fallback, blocks=[b.to_dict() for b in blocks]
                )
            except SlackApiError as exc:
                logger.warning("could not update the proposal message: %s", exc.response.get("error"))
        if agreeing and not result.newly_agreed:
            tell(f":white_check_mark: You agreed line {number}; it is waiting for the {result.waiting_for}.")
        elif agreeing:
            _pin(client, sessions, channel_id, message_ts, result.line_id)
            if result.too_many:
                tell(too_many_warning(result.agreed_count))
        else:
            if withdrawn.pinned_ts and withdrawn.pinned_ts != message_ts and channel:
                try:  # an agreement announced by command is struck through too
                    client.chat_update(
                        channel=channel, ts=withdrawn.pinned_ts,
                        text=f":wastebasket: ~Agreed line of enquiry {number}: {escape(text)}~ (withdrawn)",
                    )  # fmt: skip
                except SlackApiError as exc:
                    logger.info("could not update pinned line: %s", exc.response.get("error"))
            if channel:
                try:
                    client.chat_postMessage(
                        channel=channel,
                        text=f":wastebasket: <@{user_id}> withdrew line of enquiry {number}: {escape(text)}",
                    )
                except SlackApiError as exc:
                    logger.warning("could not tell the channel about a withdrawal: %s", exc.response.get("error"))

    app.action(AGREE_ACTION)(on_click)
    app.action(WITHDRAW_ACTION)(on_click)


def _pin(client: WebClient, sessions, channel_id: str | None, message_ts: str | None, line_id: int) -> None:
    if not (channel_id and message_ts):
        return
    try:
        client.pins_add(channel=channel_id, timestamp=message_ts)
    except SlackApiError as exc:
        logger.warning("pin failed: %s", exc.response.get("error"))
        return
    with transaction(sessions) as session:
        focus_service.record_pin(session, line_id, message_ts)
