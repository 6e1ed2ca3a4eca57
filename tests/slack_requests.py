"""What Slack sends, for the tests: the payload builder is ``slack_double.payloads`` (shared with the
benchmarks and ``peerbot demo``); this module names it for the tests and adds what a reader sees."""

from __future__ import annotations

import re

from slack_double.payloads import (
    block_actions,
    event_callback,
    home_block_actions,
    interaction_body,
    message_action,
    sign,
    slash_command_body,
    view_submission,
)

__all__ = [
    "block_actions",
    "event_callback",
    "home_block_actions",
    "interaction_body",
    "message_action",
    "shown",
    "sign",
    "slash_command_body",
    "view_submission",
]


def shown(mrkdwn: str) -> str:
    """What a reader sees of mrkdwn's escaped characters (Slack's three entities, in one pass)."""
    return re.sub(r"&(amp|lt|gt);", lambda m: {"amp": "&", "lt": "<", "gt": ">"}[m.group(1)], mrkdwn)
