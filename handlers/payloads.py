"""Reading Slack's interactive payloads (block_actions, view_submission, message_action)."""

from __future__ import annotations


def clicked_message(body: dict) -> tuple[str | None, str | None]:
    """(channel, ts) of the message whose button was clicked."""
    container = body.get("container") or {}
    return (
        container.get("channel_id") or (body.get("channel") or {}).get("id"),
        container.get("message_ts") or (body.get("message") or {}).get("ts"),
    )
