"""Posting the summit brief in a channel or DM: the message, then its timeline picture as a file."""

from __future__ import annotations

import re

from slack_sdk import WebClient

from bot.services.summit import SummitBrief
from handlers.summit.message import brief_blocks, fallback_text
from handlers.summit.picture import timeline_png
from handlers.summit.words import title


def picture_filename(round_name: str) -> str:
    return "timeline-" + (re.sub(r"[^a-z0-9]+", "-", round_name.lower()).strip("-") or "round") + ".png"


def post_brief(client: WebClient, channel: str, brief: SummitBrief) -> None:
    """Raises SlackApiError when Slack refuses; the caller tells the person."""
    client.chat_postMessage(
        channel=channel, text=fallback_text(brief), blocks=[b.to_dict() for b in brief_blocks(brief)]
    )
    client.files_upload_v2(
        channel=channel,
        content=timeline_png(brief.timeline, title(brief)),
        filename=picture_filename(brief.round_name),
        title=f"{brief.round_name}: the round's timeline",
        initial_comment=(
            "The round's timeline: one row per triad; hatched bars are dates not yet exact, "
            "crossed ones provisional; the dashed line is today."
        ),
    )
