"""Slack channels: creating a triad's, archiving it, inviting people."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

logger = logging.getLogger(__name__)


def invite(client, channel_id: str, users: list[str]) -> dict[str, str]:
    """Invite everyone; on failure invite one by one. Returns users that could not be invited."""
    if not users:
        return {}
    try:
        client.conversations_invite(channel=channel_id, users=",".join(users))
        return {}
    except SlackApiError:
        pass
    failed = {}
    for user in users:
        try:
            client.conversations_invite(channel=channel_id, users=user)
        except SlackApiError as exc:
            error = exc.response.get("error", "error")
            if error not in ("already_in_channel", "cant_invite_self"):
                failed[user] = error
    return failed


class ChannelRefused(Exception):
    """Slack would not create the channel; ``error`` is Slack's code."""

    def __init__(self, error: str | None):
        super().__init__(error)
        self.error = error


def create_private_channel(client, names: list[str]) -> tuple[str, str] | None:
    """The first of ``names`` Slack accepts as a new private channel: (id, name); None if all are taken."""
    for name in names:
        try:
            response = client.conversations_create(name=name, is_private=True)
        except SlackApiError as exc:
            error = exc.response.get("error")
            if error == "name_taken":
                continue
            raise ChannelRefused(error) from None
        return response["channel"]["id"], response["channel"]["name"]
    return None


def archive(client, channel_id: str) -> None:
    try:
        client.conversations_archive(channel=channel_id)
    except SlackApiError:
        logger.warning("could not archive %s", channel_id)
