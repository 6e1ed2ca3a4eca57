"""Slack channels: creating a triad's, archiving it, inviting people."""

from __future__ import annotations

import logging
from dataclasses import dataclass

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


@dataclass(frozen=True)
class TriadChannel:
    id: str
    name: str
    adopted: bool = False  # the app's own channel from an earlier attempt, not created by this one


def create_private_channel(client, names: list[str]) -> TriadChannel | None:
    """The first of ``names`` Slack accepts as a new private channel; None if all are taken.

    A taken name whose channel is the app's own (private, created by the app's bot user, the app
    still in it, not archived) is adopted instead of making ``name-2``: it is what is left of an
    earlier try whose answer was lost (Slack created it but answered 500, and the retry met
    ``name_taken``), so a retry never leaves a channel behind with only the app in it.
    """
    for name in names:
        try:
            response = client.conversations_create(name=name, is_private=True)
        except SlackApiError as exc:
            error = exc.response.get("error")
            if error == "name_taken":
                if (own := own_channel_named(client, name)) is not None:
                    logger.info("adopting the app's own channel #%s (%s) left by an earlier try", name, own)
                    return TriadChannel(own, name, adopted=True)
                continue
            raise ChannelRefused(error) from None
        return TriadChannel(response["channel"]["id"], response["channel"]["name"])
    return None


def own_channel_named(client, name: str) -> str | None:
    """The id of the private channel called ``name`` that the app created and is still in, or None."""
    try:
        bot_user = client.auth_test().get("user_id")
        cursor = None
        while True:
            page = client.conversations_list(
                types="private_channel", exclude_archived=True, limit=200, **({"cursor": cursor} if cursor else {})
            )
            for channel in page.get("channels") or []:
                if channel.get("name") == name:
                    mine = channel.get("creator") == bot_user and channel.get("is_member", True)
                    return channel["id"] if mine and not channel.get("is_archived") else None
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return None
    except SlackApiError as exc:
        logger.warning("could not look for an existing #%s: %s", name, exc.response.get("error"))
        return None


def archive(client, channel_id: str) -> None:
    try:
        client.conversations_archive(channel=channel_id)
    except SlackApiError:
        logger.warning("could not archive %s", channel_id)
