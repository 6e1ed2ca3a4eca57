"""The ``response_url`` side: what the app posts back to a slash command or an interaction."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from slack_double.double import SlackDouble


def response_url(slack: SlackDouble, key: str = "default") -> str:
    """A ``response_url`` for a slash-command or interaction payload."""
    return f"{slack.root_url}response/{key}"


def receive_response(slack: SlackDouble, key: str, body: bytes) -> tuple[int, str]:
    """A body posted to ``response_url(key)``: checked, recorded in ``responses`` -> (status, text)."""
    try:
        payload = json.loads(body or b"{}")
    except ValueError:
        payload = None
    problems: list[str] = []
    if not isinstance(payload, dict):
        problems.append("body is not a JSON object")
        payload = {"_raw": body.decode("utf-8", "replace")}
    elif isinstance(payload.get("blocks"), list):
        problems = slack.validator.blocks(payload["blocks"])
    elif not payload.get("text") and not payload.get("delete_original"):
        problems.append("neither text nor blocks given")
    with slack._cond:
        for problem in problems:
            slack._error(f"response_url {key}: {problem}")
        slack.responses.append(payload)
        slack.responses_by_key.setdefault(key, []).append(payload)
        slack._cond.notify_all()
    return (400, "invalid_blocks") if problems else (200, "ok")
