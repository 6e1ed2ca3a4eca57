"""Telling people that an authority's DCS changed: the former DCS by DM, and the channels of the
authority's triads in open rounds. The same words whichever route made the change (the command,
an import by DM, `peerbot import authorities`)."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot.services.admin import DcsChanged
from handlers.mrkdwn import escape

logger = logging.getLogger(__name__)


def _who(user: str) -> str:
    """A Slack user as a mention; the operator's command line (`peerbot import`) is no Slack user."""
    return f"<@{user}>" if user[:1] in ("U", "W") else "the operator"


def former_dcs_words(change: DcsChanged) -> str:
    authority = escape(change.authority)
    return (
        f":warning: {_who(change.changed_by)} recorded <@{change.new}> as {authority}'s DCS in place of you. "
        f"The DCS decides what {authority}'s triads share; if this change is wrong, tell the programme team."
    )


def channel_words(change: DcsChanged) -> str:
    return (
        f":information_source: {escape(change.authority)}'s DCS is now <@{change.new}> (was <@{change.former}>), "
        f"recorded by {_who(change.changed_by)}. The DCS decides what the host shares; "
        "if this is wrong, tell the programme team."
    )


def tell_dcs_change(client, change: DcsChanged) -> list[str]:
    """Tell the former DCS and the open triads' channels; returns who or where could not be told."""
    missed = []
    for channel, text in [(change.former, former_dcs_words(change))] + [
        (c, channel_words(change)) for c in change.open_channels
    ]:
        try:
            client.chat_postMessage(channel=channel, text=text)
        except SlackApiError as exc:
            logger.warning("could not tell %s of a DCS change: %s", channel, exc.response.get("error"))
            missed.append(channel)
    return missed
