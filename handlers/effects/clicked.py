"""The message whose button was clicked, as Slack sent it with the click: what a button's effects redraw."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ClickedMessage:
    channel: str | None
    ts: str | None
    text: str = ""
    blocks: tuple[dict, ...] = ()

    @classmethod
    def of(cls, body: dict) -> ClickedMessage:
        container, message = body.get("container") or {}, body.get("message") or {}
        return cls(
            container.get("channel_id") or (body.get("channel") or {}).get("id"),
            container.get("message_ts") or message.get("ts"),
            message.get("text") or "",
            tuple(message.get("blocks") or ()),
        )
