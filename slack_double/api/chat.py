"""chat.*: posting, updating and deleting messages, ephemerals, scheduled messages; rate limits and 429s."""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING

from slack_double.errors import SlackError, Throttled
from slack_double.records import Channel, as_slack_message

if TYPE_CHECKING:
    from slack_double.double import SlackDouble

MAX_TEXT_LENGTH = 40_000


def postMessage(slack: SlackDouble, args: dict, token: str) -> dict:
    channel = slack._writable(slack._channel(args["channel"], open_dm=True))
    if len(args.get("text") or "") > MAX_TEXT_LENGTH:
        raise SlackError("msg_too_long")
    check_rate_limits(slack, channel)
    message = slack._deliver(channel, args)
    slack._last_post[channel.id] = time.monotonic()
    return {"channel": channel.id, "ts": message["ts"], "message": as_slack_message(message, True)}


def postEphemeral(slack: SlackDouble, args: dict, token: str) -> dict:
    channel = slack._writable(slack._channel(args["channel"], open_dm=True))
    ts = slack._new_ts()
    slack.ephemerals.append(
        {
            "channel": channel.id,
            "user": args["user"],
            "text": args.get("text"),
            "blocks": args.get("blocks"),
            "thread_ts": args.get("thread_ts"),
            "message_ts": ts,
        }
    )
    return {"message_ts": ts}


def update(slack: SlackDouble, args: dict, token: str) -> dict:
    channel = slack._writable(slack._channel(args["channel"]))
    message = slack._message(channel, args["ts"])
    for key in ("text", "blocks", "attachments", "metadata"):
        if key in args:
            message[key] = args[key]
    message["edited"] = {"user": slack.bot_user_id, "ts": slack._new_ts()}
    return {
        "channel": channel.id,
        "ts": message["ts"],
        "text": message["text"],
        "message": as_slack_message(message, True),
    }


def delete(slack: SlackDouble, args: dict, token: str) -> dict:
    channel = slack._writable(slack._channel(args["channel"]))
    message = slack._message(channel, args["ts"])
    channel.history.remove(message)
    slack.messages[:] = [m for m in slack.messages if m is not message]
    return {"channel": channel.id, "ts": message["ts"]}


def scheduleMessage(slack: SlackDouble, args: dict, token: str) -> dict:
    channel = slack._writable(slack._channel(args["channel"], open_dm=True))
    try:
        post_at = int(float(args["post_at"]))
    except (KeyError, TypeError, ValueError):
        raise SlackError("invalid_time") from None
    if post_at <= time.time():
        raise SlackError("time_in_past")
    if post_at > time.time() + 120 * 86400:
        raise SlackError("time_too_far")
    scheduled = {
        "id": slack._new_id("Q"),
        "channel": channel.id,
        "post_at": post_at,
        "text": args.get("text"),
        "blocks": args.get("blocks"),
        "metadata": args.get("metadata"),
    }
    slack.scheduled.append(scheduled)
    return {
        "channel": channel.id,
        "scheduled_message_id": scheduled["id"],
        "post_at": post_at,
        "message": {"type": "message", "text": scheduled["text"], "user": slack.bot_user_id},
    }


def deleteScheduledMessage(slack: SlackDouble, args: dict, token: str) -> dict:
    channel = slack._channel(args["channel"], open_dm=True)
    for scheduled in slack.scheduled:
        if scheduled["id"] == args["scheduled_message_id"] and scheduled["channel"] == channel.id:
            slack.scheduled.remove(scheduled)
            return {}
    raise SlackError("invalid_scheduled_message_id")


def check_rate_limits(slack: SlackDouble, channel: Channel) -> None:
    slack._post_attempts += 1
    if slack.fail_429_ratio and slack._post_attempts % max(1, round(1 / slack.fail_429_ratio)) == 0:
        raise Throttled(1)
    if slack.rate_limit_per_channel and channel.id in slack._last_post:
        wait = slack._last_post[channel.id] + slack.rate_limit_per_channel - time.monotonic()
        if wait > 0:
            raise Throttled(math.ceil(wait))


METHODS = {
    "chat.postMessage": postMessage,
    "chat.postEphemeral": postEphemeral,
    "chat.update": update,
    "chat.delete": delete,
    "chat.scheduleMessage": scheduleMessage,
    "chat.deleteScheduledMessage": deleteScheduledMessage,
}
