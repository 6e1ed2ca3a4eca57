"""An action recorded or marked done, shown in Slack: by `/peer action add|done` and by the buttons
on the messages that ask (the action's own message, its due reminder), alike."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.services.actions import Added, Done
from handlers.blocks.acting import acted_blocks, action_buttons, with_buttons
from handlers.blocks.actions import recorded_text
from handlers.effects import Tell, post
from handlers.effects.clicked import ClickedMessage
from handlers.mrkdwn import escape

logger = logging.getLogger(__name__)


def show_acted(client: WebClient, clicked: ClickedMessage, note: str) -> None:
    """The clicked message loses its buttons and shows what was done below; a message that is gone is only logged."""
    if not (clicked.channel and clicked.ts and clicked.blocks):
        return
    try:
        client.chat_update(
            channel=clicked.channel,
            ts=clicked.ts,
            text=f"{clicked.text}\n{note}"[:3900],
            blocks=acted_blocks(list(clicked.blocks), note),
        )
    except SlackApiError as exc:
        logger.warning("could not update the clicked message: %s", exc.response.get("error"))


def show_recorded(client: WebClient, triad_id: int, added: Added, by_user: str, tell: Tell) -> None:
    """The action in the triad channel, with its Add progress and Mark done buttons."""
    posted = recorded_text(added.number, added.text, added.owner, added.due, added.focus_number, added.year)
    post(client, added.channel_id, posted, tell, with_buttons(posted, action_buttons(triad_id, added.number)))


def show_done(client: WebClient, done: Done, by_user: str, clicked: ClickedMessage | None, tell: Tell) -> None:
    """The clicked message shows it done; the triad channel hears it (unless it was clicked there)."""
    if clicked is not None:
        show_acted(client, clicked, f":white_check_mark: <@{by_user}> marked action {done.number} done. Well done!")
    if clicked is None or clicked.channel != done.channel_id:
        post(
            client,
            done.channel_id,
            f":white_check_mark: <@{by_user}> marked action *{done.number}* done: {escape(done.text)}. Well done!",
            tell,
        )
