"""What Slack sends to the app: a slash command's form body, the interaction payloads (``block_actions``,
``view_submission``, ``message_action``), an Events API callback, and the request-signing headers.

One builder for the tests, the benchmarks and ``peerbot demo``: each payload has the fields Slack puts in
it (see Slack's "Interaction payloads" reference), so the app reads them as it reads Slack's own. An
interaction is posted as the form field ``payload`` (``interaction_body``); an event as raw JSON.

    body = interaction_body(block_actions(user="U1", team="T1", message=message, action_id="focus_agree",
                                          response_url=double.response_url("k")))
    headers = sign(body, secret)
"""

from __future__ import annotations

import json
import time
import urllib.parse
from collections.abc import Mapping
from typing import Any

from slack_sdk.signature import SignatureVerifier

APP_ID = "A0PEER"
TOKEN = "legacy-verification-token"  # the deprecated verification token Slack still sends; Bolt ignores it
TEAM_DOMAIN = "peer"
BOT_ID, BOT_USER_ID = "BBOT", "UBOT"


def sign(body: str, secret: str, timestamp: int | None = None) -> dict[str, str]:
    """Slack's request-signing headers for ``body`` (now, or at ``timestamp``)."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    return {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": SignatureVerifier(secret).generate_signature(timestamp=ts, body=body) or "",
    }


def interaction_body(payload: Mapping[str, Any]) -> str:
    """An interaction's form body as Slack posts it: ``payload=<url-quoted JSON>``."""
    return "payload=" + urllib.parse.quote(json.dumps(payload))


def _new_trigger_id() -> str:
    return f"{time.monotonic_ns()}.trigger"


def _channel_name(channel: str, name: str | None = None) -> str:
    """Slack's channel name in a payload: ``directmessage`` for a DM (an id starting with D)."""
    return "directmessage" if channel.startswith("D") else (name or "triad")


def slash_command_body(text: str, *, team: str, user: str, channel: str, response_url: str, trigger_id: str,
                       app_id: str = APP_ID, token: str = TOKEN, team_domain: str = TEAM_DOMAIN,
                       command: str = "/peer") -> str:  # fmt: skip
    """The form fields of a slash command (``/peer text``) as Slack posts them."""
    return urllib.parse.urlencode({
        "token": token,
        "team_id": team,
        "team_domain": team_domain,
        "channel_id": channel,
        "channel_name": "triad" if channel.startswith(("C", "G")) else "directmessage",
        "user_id": user,
        "user_name": user.lower(),
        "command": command,
        "text": text,
        "api_app_id": app_id,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id,
    })  # fmt: skip


def _user(user: str, team: str) -> dict[str, str]:
    return {"id": user, "username": user.lower(), "name": user.lower(), "team_id": team}


def find_button(blocks: list[dict], action_id: str) -> tuple[dict, dict]:
    """(the actions block, the button) of ``action_id`` among ``blocks``."""
    return next(
        (b, e) for b in blocks if b["type"] == "actions" for e in b["elements"] if e.get("action_id") == action_id
    )


def button_action(block: dict, button: dict, *, value: str | None = None) -> dict[str, Any]:
    """One entry of a block_actions payload's ``actions``: the button as clicked."""
    return {
        "type": "button",
        "action_id": button["action_id"],
        "block_id": block.get("block_id", ""),
        "text": button["text"],
        "value": button.get("value", "") if value is None else value,
        "action_ts": f"{time.time():.6f}",
        **({"style": button["style"]} if "style" in button else {}),
    }


def block_actions(*, user: str, team: str, message: dict, action_id: str, response_url: str,
                  value: str | None = None, ephemeral: bool = False, channel_name: str | None = None,
                  trigger_id: str | None = None,
                  app_id: str = APP_ID, token: str = TOKEN, team_domain: str = TEAM_DOMAIN,
                  bot_id: str = BOT_ID, bot_user_id: str = BOT_USER_ID) -> dict[str, Any]:  # fmt: skip
    """A block_actions payload as Slack sends it when ``user`` clicks the button ``action_id`` of a message.

    ``message`` is the message as the app posted it (``channel``, ``ts``, ``text``, ``blocks``). An
    ephemeral message is not sent back (``ephemeral=True``: no ``message``, the container says so).
    ``value`` forges the button's value.
    """
    block, button = find_button(message.get("blocks") or [], action_id)
    channel = message["channel"]
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": _user(user, team),
        "api_app_id": app_id,
        "token": token,
        "container": {"type": "message", "message_ts": message["ts"], "channel_id": channel, "is_ephemeral": ephemeral},
        "trigger_id": trigger_id or _new_trigger_id(),
        "team": {"id": team, "domain": team_domain},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel, "name": _channel_name(channel, channel_name)},
        "message": {"type": "message", "subtype": "bot_message", "bot_id": bot_id, "user": bot_user_id,
                    "ts": message["ts"], "text": message.get("text") or "", "blocks": message["blocks"]},
        "state": {"values": {}},
        "response_url": response_url,
        "actions": [button_action(block, button, value=value)],
    }  # fmt: skip
    if ephemeral:
        del payload["message"]
    return payload


def home_block_actions(*, user: str, team: str, view: dict, action_id: str, value: str | None = None,
                       app_id: str = APP_ID, token: str = TOKEN, team_domain: str = TEAM_DOMAIN,
                       bot_id: str = BOT_ID) -> dict[str, Any]:  # fmt: skip
    """A block_actions payload for a button on the App Home tab ``view`` (Slack gives no response_url there).

    The button is found in an actions block, or as a section's accessory (the block then has the id
    Slack gave it when the app set none)."""
    found = next(
        ((b, b["accessory"]) for b in view["blocks"] if (b.get("accessory") or {}).get("action_id") == action_id),
        None,
    )
    block, button = found if found else find_button(view["blocks"], action_id)
    view_id = view.get("id", "V0HOME")
    return {
        "type": "block_actions",
        "user": _user(user, team),
        "api_app_id": app_id, "token": token, "trigger_id": _new_trigger_id(),
        "container": {"type": "view", "view_id": view_id},
        "team": {"id": team, "domain": team_domain}, "enterprise": None, "is_enterprise_install": False,
        "view": {"id": view_id, "type": "home", "blocks": view["blocks"], "team_id": team,
                 "private_metadata": "", "callback_id": "", "state": {"values": {}}, "hash": "1.a",
                 "app_id": app_id, "external_id": "", "app_installed_team_id": team, "bot_id": bot_id,
                 "root_view_id": view_id, "previous_view_id": None, "title": {"type": "plain_text", "text": "Home"},
                 "close": None, "submit": None, "clear_on_close": False, "notify_on_close": False},
        "actions": [button_action({"block_id": block.get("block_id", "Q7x+c")}, button, value=value)],
    }  # fmt: skip


def view_submission(*, user: str, team: str, view: dict, values: dict[str, dict[str, dict]],
                    app_id: str = APP_ID, token: str = TOKEN, team_domain: str = TEAM_DOMAIN,
                    bot_id: str = BOT_ID) -> dict[str, Any]:  # fmt: skip
    """A view_submission payload as Slack sends it: the opened ``view`` with the state the person filled in
    (``values``: block_id -> action_id -> the element's state)."""
    view_id = view.get("id") or "V0FORM"
    return {
        "type": "view_submission",
        "team": {"id": team, "domain": team_domain},
        "user": _user(user, team),
        "api_app_id": app_id,
        "token": token,
        "trigger_id": _new_trigger_id(),
        "view": {
            "id": view_id, "team_id": team, "type": "modal", "blocks": view["blocks"],
            "private_metadata": view.get("private_metadata", ""), "callback_id": view["callback_id"],
            "state": {"values": values}, "hash": "1700000000.abcd", "title": view["title"],
            "close": view.get("close"), "submit": view.get("submit"), "previous_view_id": None,
            "root_view_id": view_id, "app_id": app_id, "external_id": "", "app_installed_team_id": team,
            "bot_id": bot_id,
        },
        "response_urls": [],
        "is_enterprise_install": False,
        "enterprise": None,
    }  # fmt: skip


def message_action(*, callback_id: str, user: str, team: str, channel: str, message: dict, response_url: str,
                   channel_name: str | None = None, app_id: str = APP_ID, token: str = TOKEN,
                   team_domain: str = TEAM_DOMAIN) -> dict[str, Any]:  # fmt: skip
    """A message_action payload as Slack sends it for a message shortcut (``callback_id``) on ``message``
    (its ``ts``, ``user``, ``text``, ``files``, …) in ``channel``."""
    return {
        "type": "message_action", "callback_id": callback_id, "trigger_id": _new_trigger_id(),
        "team": {"id": team, "domain": team_domain}, "user": {"id": user, "name": user.lower(), "team_id": team},
        "channel": {"id": channel, "name": _channel_name(channel, channel_name)}, "api_app_id": app_id,
        "token": token, "message_ts": message["ts"], "response_url": response_url,
        "message": {"type": "message", **message},
        "is_enterprise_install": False, "enterprise": None,
    }  # fmt: skip


def event_callback(event: dict, *, team: str, event_id: str = "Ev001", app_id: str = APP_ID, token: str = TOKEN,
                   bot_user_id: str = BOT_USER_ID) -> dict[str, Any]:  # fmt: skip
    """An Events API callback wrapping ``event`` (posted as raw JSON, or as a Socket Mode envelope's payload)."""
    return {
        "token": token,
        "team_id": team,
        "api_app_id": app_id,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "event": event,
        "authorizations": [{"team_id": team, "user_id": bot_user_id, "is_bot": True}],
    }
