"""conversations.* and pins.*: channels the app creates, joins, reads, archives and pins in."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from slack_double.errors import SlackError
from slack_double.records import Channel, as_slack_message

if TYPE_CHECKING:
    from slack_double.double import SlackDouble

CHANNEL_NAME = re.compile(r"[a-z0-9_-]+")


def create(slack: SlackDouble, args: dict, token: str) -> dict:
    name = args["name"]
    if not name:
        raise SlackError("invalid_name_required")
    if len(name) > 80:
        raise SlackError("invalid_name_maxlength")
    if not CHANNEL_NAME.fullmatch(name):
        raise SlackError("invalid_name_specials")
    if slack.channel_named(name):
        raise SlackError("name_taken")
    channel = Channel(
        id=slack._new_id("C"),
        name=name,
        is_private=bool(args.get("is_private")),
        members=[slack.bot_user_id],
    )
    slack.channels[channel.id] = channel
    return {"channel": channel.info()}


def invite(slack: SlackDouble, args: dict, token: str) -> dict:
    channel = slack._writable(slack._channel(args["channel"]))
    users = list(dict.fromkeys(u.strip() for u in str(args["users"]).split(",") if u.strip()))
    if not users:
        raise SlackError("no_user")
    failures = []
    for user in users:
        if user == slack.bot_user_id:
            failures.append({"user": user, "ok": False, "error": "cant_invite_self"})
        elif user in slack.unknown_users or user[0] not in "UW":
            failures.append({"user": user, "ok": False, "error": "user_not_found"})
        elif user in channel.members:
            failures.append({"user": user, "ok": False, "error": "already_in_channel"})
    if failures and not args.get("force"):
        raise SlackError(failures[0]["error"], errors=failures)
    failed = {f["user"] for f in failures}
    for user in users:
        if user not in failed and user not in channel.members:
            channel.members.append(user)
    return {"channel": channel.info(), **({"errors": failures} if failures else {})}


def archive(slack: SlackDouble, args: dict, token: str) -> dict:
    channel = slack._readable(slack._channel(args["channel"]))
    if channel.is_im:
        raise SlackError("method_not_supported_for_channel_type")
    if channel.is_archived:
        raise SlackError("already_archived")
    channel.is_archived = True
    return {}


def members(slack: SlackDouble, args: dict, token: str) -> dict:
    channel = slack._readable(slack._channel(args["channel"]))
    return {"members": list(channel.members), "response_metadata": {"next_cursor": ""}}


def info(slack: SlackDouble, args: dict, token: str) -> dict:
    channel = slack._channel(args.get("channel"))
    is_member = slack.bot_user_id in channel.members and channel.id not in slack.kicked
    return {"channel": {**channel.info(), "is_member": is_member}}


def list_(slack: SlackDouble, args: dict, token: str) -> dict:
    """The channels the app can see: every public one, and the private ones it is a member of;
    ``types`` (public_channel, private_channel), ``exclude_archived``, ``limit`` and ``cursor`` as Slack's."""
    types = {t.strip() for t in str(args.get("types") or "public_channel").split(",") if t.strip()}
    wanted = []
    for channel in slack.channels.values():
        if channel.is_im:
            continue
        kind = "private_channel" if channel.is_private else "public_channel"
        if kind not in types or (channel.is_private and slack.bot_user_id not in channel.members):
            continue
        if channel.is_archived and str(args.get("exclude_archived", "")).lower() in ("1", "true"):
            continue
        wanted.append(channel)
    try:
        start, limit = int(args.get("cursor") or 0), int(args.get("limit") or 100)
    except ValueError:
        raise SlackError("invalid_cursor") from None
    page = wanted[start : start + max(1, min(limit, 1000))]
    following = start + len(page)
    return {
        "channels": [{**c.info(), "is_member": slack.bot_user_id in c.members} for c in page],
        "response_metadata": {"next_cursor": str(following) if following < len(wanted) else ""},
    }


def history(slack: SlackDouble, args: dict, token: str) -> dict:
    channel = slack._readable(slack._channel(args["channel"]))
    try:
        oldest, latest = float(args.get("oldest") or 0), float(args.get("latest") or "inf")
    except ValueError:
        raise SlackError("invalid_ts_oldest") from None
    inclusive = bool(args.get("inclusive"))
    limit = int(args.get("limit") or 100)

    def in_range(ts: float) -> bool:
        return (oldest <= ts <= latest) if inclusive else (oldest < ts < latest)

    top_level = [
        m
        for m in reversed(channel.history)
        if (m["thread_ts"] in (None, m["ts"]) or m["reply_broadcast"]) and in_range(float(m["ts"]))
    ]
    with_metadata = bool(args.get("include_all_metadata"))
    return {
        "messages": [as_slack_message(m, with_metadata) for m in top_level[:limit]],
        "has_more": len(top_level) > limit,
        "pin_count": len(channel.pins),
        "response_metadata": {"next_cursor": ""},
    }


def setTopic(slack: SlackDouble, args: dict, token: str) -> dict:
    channel = slack._writable(slack._channel(args["channel"]))
    if len(args["topic"]) > 250:
        raise SlackError("too_long")
    channel.topic = args["topic"]
    return {"channel": channel.info()}


def pins_add(slack: SlackDouble, args: dict, token: str) -> dict:
    channel = slack._writable(slack._channel(args["channel"]))
    message = slack._message(channel, args["timestamp"])
    if message["ts"] in channel.pins:
        raise SlackError("already_pinned")
    channel.pins.append(message["ts"])
    return {}


METHODS = {
    "conversations.create": create,
    "conversations.invite": invite,
    "conversations.archive": archive,
    "conversations.members": members,
    "conversations.info": info,
    "conversations.list": list_,
    "conversations.history": history,
    "conversations.setTopic": setTopic,
    "pins.add": pins_add,
}
