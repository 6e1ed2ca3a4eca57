"""How a Web API method refuses: a Slack error answer, or HTTP 429."""

from __future__ import annotations

from typing import Any


class SlackError(Exception):
    """A Slack error answer (``{"ok": false, "error": code, **extra}``)."""

    def __init__(self, code: str, **extra: Any):
        super().__init__(code)
        self.body = {"ok": False, "error": code, **extra}


class Throttled(Exception):
    """Answer HTTP 429 with ``Retry-After``."""

    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = max(1, retry_after)


class DroppedConnection(Exception):
    """``drop_next``: the server closes this call's connection without answering."""
