"""How many words a message shows a reader: one measure for `benchmarks/message_words.py` (the demo's messages)
and `peerbot messages` (the catalogue of every kind).

A message's words are what Slack shows of it: its blocks' texts and fields, button labels excluded, or its fallback
text when it has no blocks."""

from __future__ import annotations

import re

WORD = re.compile(r"[\w’'@#:<>./-]*\w[\w’'@#:<>./-]*")


def visible_text(entry: dict) -> str:
    blocks = entry.get("blocks")
    if not blocks:
        return entry.get("text") or ""
    parts: list[str] = []
    for block in blocks:
        if block.get("type") == "actions":
            continue
        for key in ("text", "label"):
            obj = block.get(key)
            if isinstance(obj, dict):
                parts.append(obj.get("text") or "")
        parts.extend(f.get("text") or "" for f in block.get("fields") or [])
        for element in block.get("elements") or []:
            if element.get("type") in ("mrkdwn", "plain_text"):
                parts.append(element.get("text") or "")
    return "\n".join(parts)


def words(text: str) -> int:
    return len(WORD.findall(text))
