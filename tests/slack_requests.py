"""What Slack sends: a signed slash command's form body. Used by the e2e harness, the process tests and benchmarks."""

from __future__ import annotations

import re
import time
import urllib.parse

from slack_sdk.signature import SignatureVerifier


def slash_command_body(text: str, *, team: str, user: str, channel: str, response_url: str, trigger_id: str,
                       app_id: str = "A0PEER") -> str:  # fmt: skip
    """The form fields of a `/peer` command as Slack posts them."""
    return urllib.parse.urlencode({
        "token": "legacy-verification-token",
        "team_id": team,
        "team_domain": "peer",
        "channel_id": channel,
        "channel_name": "triad" if channel.startswith(("C", "G")) else "directmessage",
        "user_id": user,
        "user_name": user.lower(),
        "command": "/peer",
        "text": text,
        "api_app_id": app_id,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id,
    })  # fmt: skip


def sign(body: str, secret: str, timestamp: int | None = None) -> dict[str, str]:
    """Slack's request-signing headers for `body`."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    return {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": SignatureVerifier(secret).generate_signature(timestamp=ts, body=body),
    }


def shown(mrkdwn: str) -> str:
    """What a reader sees of mrkdwn's escaped characters (Slack's three entities, in one pass)."""
    return re.sub(r"&(amp|lt|gt);", lambda m: {"amp": "&", "lt": "<", "gt": ">"}[m.group(1)], mrkdwn)
