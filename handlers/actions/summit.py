"""*Post the summit brief* on the summit-brief reminder: the same brief as `/peer summit`, posted where
the button was clicked (the coordinator's DM with the app)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.rules.refusals import Refused
from bot.services import access
from bot.services import summit as summit_service
from handlers.blocks.acting import POST_BRIEF
from handlers.payloads import click_teller, clicked_message, who_acted
from handlers.refusals import word
from handlers.summit.posting import post_brief
from storage.db import transaction

logger = logging.getLogger(__name__)


def register(app: App, deps) -> None:
    sessions, settings, now = deps.sessions, deps.settings, deps.now

    def on_post_brief(ack: Ack, body: dict, action: dict, client: WebClient, respond: Callable) -> None:
        ack()
        team_id, user_id = who_acted(body)
        channel = clicked_message(body)[0] or user_id
        tell = click_teller(respond, body, client)

        round_name = (action.get("value") or "").strip()
        if not round_name:
            tell(':x: I can\'t tell which round this button is about; use `/peer summit round:"…"` instead.')
            return
        try:
            with transaction(sessions) as session:
                who = access.actor(session, team_id, user_id, settings.peer_coordinators)
                brief = summit_service.summit_brief(session, who, round_name, now())
        except Refused as exc:
            tell(f":x: {word(exc)}")
            return
        try:
            post_brief(client, channel, brief)
        except SlackApiError as exc:
            tell(f":x: I couldn't post the summit brief here ({exc.response.get('error', 'error')}).")

    app.action(POST_BRIEF)(on_post_brief)
