"""conversations.open: the app's DM with a person (to upload a file there)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_double.errors import SlackError

if TYPE_CHECKING:
    from slack_double.double import SlackDouble


def open_(slack: SlackDouble, args: dict, token: str) -> dict:
    users = [u.strip() for u in str(args.get("users") or "").split(",") if u.strip()]
    if args.get("channel"):
        return {"channel": {"id": slack._channel(args["channel"]).id}}
    if len(users) != 1:
        raise SlackError("not_enough_users" if not users else "method_not_supported_for_channel_type")
    if users[0] in slack.unknown_users or users[0][0] not in "UW":
        raise SlackError("user_not_found")
    return {"channel": {"id": slack._channel(users[0], open_dm=True).id}}


METHODS = {"conversations.open": open_}
