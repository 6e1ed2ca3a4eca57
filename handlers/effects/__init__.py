"""A feature's Slack effects (post, update in place, pin, strike through) in one function each,
called alike by its command and its buttons."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

logger = logging.getLogger(__name__)

Tell = Callable[[str], None]  # words to the person acting only


def open_form(client: WebClient, body: dict, view: Any, again: str = "Try the button again.") -> None:
    """Open the form a click (or a shortcut) asks for; Slack refusing it (an expired trigger) is told in words."""
    from handlers.mistakes import Mistake

    try:
        client.views_open(trigger_id=body.get("trigger_id"), view=view)
    except SlackApiError as exc:
        raise Mistake(f"I couldn't open the form ({exc.response.get('error')}). {again}") from None


def post(client: WebClient, channel: str | None, text: str, tell: Tell, blocks: list | None = None) -> dict | None:
    """Post after the ack; a failure is told to the person, never raised."""
    if not channel:
        return None
    try:
        answer = client.chat_postMessage(
            channel=channel, text=text, blocks=[b.to_dict() for b in blocks] if blocks else None
        )
        return answer.data if isinstance(answer.data, dict) else None
    except Exception as exc:  # SlackApiError or a lost connection
        response: Any = getattr(exc, "response", None)
        error = (getattr(response, "data", None) or {}).get("error", str(exc)) if response is not None else str(exc)
        logger.warning("posting to %s failed: %s", channel, error)
        tell(
            f":warning: I saved that, but couldn't post it in <#{channel}> ({error}). Is the app still in the channel?"
        )
        return None


def update(client: WebClient, channel: str | None, ts: str | None, text: str, blocks: list | None = None) -> bool:
    """Change a message in place; a message that is gone (or a channel the app left) is only logged."""
    if not (channel and ts):
        return False
    try:
        client.chat_update(channel=channel, ts=ts, text=text, blocks=[b.to_dict() for b in blocks] if blocks else None)
        return True
    except SlackApiError as exc:
        logger.info("could not update %s in %s: %s", ts, channel, exc.response.get("error"))
        return False


def pin(client: WebClient, channel: str | None, ts: str | None) -> bool:
    if not (channel and ts):
        return False
    try:
        client.pins_add(channel=channel, timestamp=ts)
        return True
    except SlackApiError as exc:
        logger.warning("pin failed: %s", exc.response.get("error"))
        return False
