"""Telling the coordinators, once per channel, that reminders to it cannot be delivered."""

from __future__ import annotations

import logging

from slack_sdk import WebClient

from bot.clock.slack_client import is_user

log = logging.getLogger("peerbot.clock")


def tell_coordinators(client: WebClient, channel_id: str, error: str, coordinators: frozenset[str]) -> int:
    """DM each coordinator that reminders to `channel_id` cannot be delivered; returns DMs sent."""
    where = f"<@{channel_id}>" if is_user(channel_id) else f"<#{channel_id}>"
    fix = "check their Slack account" if is_user(channel_id) else "add me back to the channel"
    text = (
        f":warning: I can't deliver reminders to {where}: Slack says `{error}`. "
        f"Those reminders are marked failed (`peerbot reminders list --status failed`); "
        f"{fix} for later ones to get through. I'll only tell you once."
    )
    if not coordinators:
        log.warning("reminders to %s fail (%s) and there is no coordinator to tell", channel_id, error)
    sent = 0
    for user in sorted(coordinators):
        try:
            client.chat_postMessage(channel=user, text=text)
            sent += 1
        except Exception as exc:
            log.warning("could not tell coordinator %s about %s: %r", user, channel_id, exc)
    return sent
