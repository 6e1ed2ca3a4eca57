"""The Home's Documents button: the triad's documents posted as `/peer documents` posts them,
authorised again on the server (a member of the triad, or a coordinator)."""

from __future__ import annotations

import logging

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.rules.refusals import Refused
from bot.services import access
from bot.services import documents as documents_service
from handlers.documents import deliver
from handlers.payloads import who_acted
from handlers.refusals import word
from storage.db import transaction

logger = logging.getLogger(__name__)

HOME_DOCUMENTS = "home_documents"
WHAT = {"presentation": "the day-2 presentation", "report": "the report skeleton", "follow_up": "the follow-up review"}


def register(app: App, deps) -> None:
    sessions, settings = deps.sessions, deps.settings

    def on_click(ack: Ack, body: dict, action: dict, client: WebClient) -> None:
        ack()
        team_id, user_id = who_acted(body)

        def tell(text: str) -> None:
            try:
                client.chat_postMessage(channel=user_id, text=text)
            except SlackApiError as exc:
                logger.warning("could not DM %s: %s", user_id, exc.response.get("error"))

        value = action.get("value") or ""
        if not (value.isascii() and value.isdigit() and len(value) <= 12):
            tell(":x: I can't tell which triad this button is about; use `/peer documents` in its channel.")
            return
        try:
            with transaction(sessions) as session:
                who = access.actor(session, team_id, user_id, settings.peer_coordinators)
                plan = documents_service.on_demand(session, access.triad_by_id(session, who, int(value)))
        except Refused as exc:
            tell(f":x: {word(exc)}")
            return
        results = deliver(client, plan, f"<@{user_id}> asked for the documents (from the Home tab).")
        sent = [WHAT[d.kind] for d, _, error in results if not error]
        failed = [f"{WHAT[d.kind]} ({error})" for d, _, error in results if error]
        number = plan.facts.triad_number
        if sent:
            tell(f":white_check_mark: Triad {number}: posted {', '.join(sent)}.")
        if failed:
            tell(f":x: Triad {number}: I couldn't post {', '.join(failed)}. Try `/peer documents` in a minute.")

    app.action(HOME_DOCUMENTS)(on_click)
