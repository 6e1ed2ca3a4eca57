"""Telling the coordinators, once per channel, that reminders to it cannot be delivered (the words
are the handlers', injected: bot.clock.jobs.Renderer.undeliverable)."""

from __future__ import annotations

import logging

from slack_sdk import WebClient

log = logging.getLogger("peerbot.clock")


def tell_coordinators(client: WebClient, channel_id: str, text: str, coordinators: frozenset[str]) -> int:
    """DM `text` to each coordinator about `channel_id`; returns DMs sent."""
    if not coordinators:
        log.warning("reminders to %s fail and there is no coordinator to tell", channel_id)
    sent = 0
    for user in sorted(coordinators):
        try:
            client.chat_postMessage(channel=user, text=text)
            sent += 1
        except Exception as exc:
            log.warning("could not tell coordinator %s about %s: %r", user, channel_id, exc)
    return sent
