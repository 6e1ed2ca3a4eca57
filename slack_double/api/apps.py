"""apps.connections.open: the WebSocket URL of Socket Mode (slack_double.socket_mode), for an app-level token."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_double.errors import SlackError

if TYPE_CHECKING:
    from slack_double.double import SlackDouble


def connections_open(slack: SlackDouble, args: dict, token: str) -> dict:
    if not token.startswith("xapp-"):
        raise SlackError("not_allowed_token_type")  # what Slack says to a bot or user token
    return {"url": slack._socket_mode_server().url()}


METHODS = {"apps.connections.open": connections_open}
