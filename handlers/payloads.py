"""Reading Slack's interactive payloads (block_actions, view_submission, message_action)."""

from __future__ import annotations


def clicked_message(body: dict) -> tuple[str | None, str | None]:
    """(channel, ts) of the message whose button was clicked."""
    container = body.get("container") or {}
    return (
        container.get("channel_id") or (body.get("channel") or {}).get("id"),
        container.get("message_ts") or (body.get("message") or {}).get("ts"),
    )


def button_id(value: str | None) -> int | None:
    """The id a button's value carries; None when it is not the plain number we put there (tampered with)."""
    text = value or ""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 12 else None
