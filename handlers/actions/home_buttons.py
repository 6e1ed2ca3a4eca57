"""The App Home's own buttons: set a triad's dates, form a triad, add an authority — each opens its form."""

from __future__ import annotations

import logging

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.rules.refusals import Refused
from bot.services import access, admin
from handlers.blocks.home import HOME_AUTHORITY_ADD, HOME_DATES, HOME_TRIAD_NEW
from handlers.payloads import who_acted
from handlers.refusals import word
from handlers.views import forms
from storage.db import transaction
from storage.mapping import triad_dates

logger = logging.getLogger(__name__)


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

        try:
            with transaction(sessions) as session:
                who = access.actor(session, team_id, user_id, settings.peer_coordinators)
                view = form_for(session, who, action)
        except Refused as exc:
            tell(f":x: {word(exc)}")
            return
        if isinstance(view, str):
            tell(f":x: {view}")
            return
        try:
            client.views_open(trigger_id=body.get("trigger_id"), view=view)
        except SlackApiError as exc:
            tell(f":x: I couldn't open the form ({exc.response.get('error')}). Please try again, or type `/peer help`.")

    for action_id in (HOME_DATES, HOME_TRIAD_NEW, HOME_AUTHORITY_ADD):
        app.action(action_id)(on_click)


def form_for(session, who: access.Actor, action: dict):
    """The form a Home button opens, authorised as the command would be; a str says why not."""
    action_id = action.get("action_id")
    if action_id == HOME_DATES:
        value = action.get("value") or ""
        if not (value.isascii() and value.isdigit() and len(value) <= 12):
            return "I can't tell which triad this button is about; use `/peer dates` in its channel."
        triad = access.triad_by_id(session, who, int(value))
        challenge, fieldwork = triad_dates(triad)
        return forms.dates_modal(triad.id, triad.number, challenge, fieldwork)
    if action_id == HOME_TRIAD_NEW:
        access.require_coordinator(who, "form_triad")
        authorities = [a.name for a in admin.authorities(session, who)]
        rounds = admin.rounds(session, who)
        if len(authorities) < 3 or not rounds:
            return (
                "A triad needs a round and three registered authorities first (`/peer round new`, then Add authority)."
            )
        latest = admin.latest_round(session, who)
        return forms.triad_new_modal(authorities, [r.name for r in rounds], latest.name if latest else None, "")
    access.require_coordinator(who, "register_authority")
    return forms.authority_add_modal("")
