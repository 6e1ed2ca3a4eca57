"""Dates set, announced in Slack: a triad's in its channel (by `/peer dates` and its form), a round's in
every triad channel of the round (by `/peer round dates` and its form), alike."""

from __future__ import annotations

from collections.abc import Iterable

from slack_sdk import WebClient

from handlers.effects import Tell, post
from handlers.mrkdwn import escape


def announce_dates(client: WebClient, channel: str | None, user: str, said: str, nudge: str, tell: Tell) -> None:
    post(client, channel, f":calendar: <@{user}> set the dates — {said}.{nudge}", tell)


def announce_round_dates(
    client: WebClient, channels: Iterable[str], user: str, round_name: str, said: str, tell: Tell
) -> None:
    for channel in channels:
        post(client, channel, f":calendar: <@{user}> set the round's dates ({escape(round_name)}) — {said}.", tell)
