"""Slack channel membership."""
from __future__ import annotations

from slack_sdk.errors import SlackApiError


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
