"""Dates set, announced in Slack: a triad's in its channel (by `/peer dates` and its form), a round's in
every triad channel of the round (by `/peer round dates` and its form), alike: the same words from each."""

from __future__ import annotations

from collections.abc import Iterable

from slack_sdk import WebClient

from bot.services.rounds import RoundDatesSet
from bot.services.triads import DatesSet
from handlers.blocks.triad import say_date
from handlers.effects import Tell, post
from handlers.mrkdwn import escape
from handlers.words.rounds import ROUND_DATE_LABELS
from handlers.words.triads import DATE_KINDS


def dates_said(result: DatesSet, user: str) -> str:
    """The triad channel's post: the dates once, with their weekday; a nudge when one is imprecise."""
    said = "; ".join(f"{DATE_KINDS[k]} {say_date(v, result.year)}" for k, v in result.parsed.items())
    imprecise = any(not v.is_exact for v in result.parsed.values())
    return f":calendar: <@{user}> set the dates: {said}." + (
        "\nI'll ask for the exact day in good time." if imprecise else ""
    )


def dates_warning(result: DatesSet) -> str | None:
    """To the person who set them only: a visit of other than two days."""
    if result.unusual_visit_days is None:
        return None
    given = escape(result.parsed["fieldwork"].text)
    return f":warning: The visit is normally two days; {given} is {result.unusual_visit_days}."


def announce_dates(client: WebClient, channel: str | None, said: str, tell: Tell) -> None:
    post(client, channel, said, tell)


def round_dates_said(result: RoundDatesSet) -> str:
    """'orientation Thursday 25 January; summit Thursday 14 March 2019' (and what was removed)."""
    parts = [f"{ROUND_DATE_LABELS[k]} {say_date(v, result.year)}" for k, v in result.parsed.items()]
    parts += [f"{ROUND_DATE_LABELS[k]} removed" for k in result.cleared]
    return "; ".join(parts)


def announce_round_dates(
    client: WebClient, channels: Iterable[str], user: str, round_name: str, said: str, tell: Tell
) -> None:
    for channel in channels:
        post(client, channel, f":calendar: <@{user}> set the round's dates ({escape(round_name)}): {said}.", tell)
