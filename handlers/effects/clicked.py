"""The message whose button was clicked, as Slack sent it with the click: what a button's effects redraw."""

from __future__ import annotations

from dataclasses import dataclass

from handlers.payloads import clicked_message


@dataclass(frozen=True)
class ClickedMessage:
    channel: str | None
    ts: str | None
    text: str = ""
    blocks: tuple[dict, ...] = ()

    @classmethod
    def of(cls, body: dict) -> ClickedMessage:
        message = body.get("message") or {}
        return cls(
            *clicked_message(body),
            message.get("text") or "",
            tuple(message.get("blocks") or ()),
        )
