"""Reading Slack's interactive payloads (block_actions, view_submission, message_action), and answering a click."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_sdk import WebClient

logger = logging.getLogger(__name__)


def who_acted(body: dict) -> tuple[str, str]:
    """(workspace, user) of the person who clicked, submitted or used a shortcut."""
    team_id = (body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id") or ""
    return team_id, (body.get("user") or {}).get("id", "")


def clicked_message(body: dict) -> tuple[str | None, str | None]:
    """(channel, ts) of the message whose button was clicked."""
    container = body.get("container") or {}
    return (
        container.get("channel_id") or (body.get("channel") or {}).get("id"),
        container.get("message_ts") or (body.get("message") or {}).get("ts"),
    )


def click_teller(respond: Callable, body: dict, client: WebClient) -> Callable[[str], None]:
    """Words to the clicker only (the listening middleware's `tell`, for listeners not yet in its shape)."""
    from handlers.listening import teller

    return teller(body, client, respond)
