"""The summit brief posted in a channel or DM, then its timeline picture as a file: by `/peer summit`
and by the *Post the summit brief* button on its reminder, alike."""

from __future__ import annotations

import logging
import re

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.services.summit import SummitBrief
from handlers.effects import Tell
from handlers.summit.message import brief_blocks, fallback_text
from handlers.summit.picture import timeline_png
from handlers.summit.words import title

logger = logging.getLogger(__name__)


def picture_filename(round_name: str) -> str:
    return "timeline-" + (re.sub(r"[^a-z0-9]+", "-", round_name.lower()).strip("-") or "round") + ".png"


def post_brief(client: WebClient, channel: str, brief: SummitBrief, tell: Tell, hint: str = "") -> None:
    """A refusal from Slack is told to the person (with `hint`, what to do instead), never raised."""
    try:
        client.chat_postMessage(
            channel=channel, text=fallback_text(brief), blocks=[b.to_dict() for b in brief_blocks(brief)]
        )
        client.files_upload_v2(
            channel=channel,
            content=timeline_png(brief.timeline, title(brief)),
            filename=picture_filename(brief.round_name),
            title=f"{brief.round_name}: the round's timeline",
            initial_comment="The round's timeline.",
        )
    except SlackApiError as exc:
        error = exc.response.get("error", "error")
        logger.warning("posting the summit brief in %s failed: %s", channel, error)
        tell(f":x: I couldn't post the summit brief here ({error}).{hint}")
