"""The App Home's own buttons: set a triad's dates, start a round, form a triad, add an authority — each opens its
form."""

from __future__ import annotations

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.models.views import View
from sqlalchemy.orm import Session

from bot.services import access, admin
from bot.services.access import Actor
from bot.services.triads import triad_dates
from bot.settings import Settings
from handlers.blocks.asks import ROUND_NEW
from handlers.blocks.home import HOME_AUTHORITY_ADD, HOME_DATES, HOME_TRIAD_NEW
from handlers.effects import open_form
from handlers.mistakes import Mistake
from handlers.payloads import button_id
from handlers.views import forms
from storage.unit_of_work import UnitOfWork


def home_button_clicked(
    ack: Ack, body: dict, action: dict, client: WebClient, uow: UnitOfWork, who: Actor, settings: Settings
) -> None:
    ack()
    view = form_for(uow.session, who, action, settings.peer_timezone)
    open_form(client, body, view)


def form_for(session: Session, who: Actor, action: dict, default_tz: str) -> View:
    """The form a Home button opens, authorised as the command would be."""
    action_id = action.get("action_id")
    if action_id == ROUND_NEW:
        access.require_coordinator(who, "create_round")
        return forms.round_new_modal(default_tz)
    if action_id == HOME_DATES:
        triad_id = button_id(action.get("value"))
        if triad_id is None:
            raise Mistake("I can't tell which triad this button is about; open the Home again and use its button.")
        triad = access.triad_by_id(session, who, triad_id)
        challenge, fieldwork = triad_dates(triad)
        return forms.dates_modal(triad.id, triad.number, challenge, fieldwork)
    if action_id == HOME_TRIAD_NEW:
        access.require_coordinator(who, "form_triad")
        authorities = [a.name for a in admin.authorities(session, who)]
        rounds = admin.rounds(session, who)
        if len(authorities) < 3 or not rounds:
            raise Mistake(
                "A triad needs a round and three registered authorities first: New round, then Add authority."
            )
        latest = admin.latest_round(session, who)
        return forms.triad_new_modal(authorities, [r.name for r in rounds], latest.name if latest else None, "")
    access.require_coordinator(who, "register_authority")
    return forms.authority_add_modal("")


def register(app: App) -> None:
    for action_id in (HOME_DATES, ROUND_NEW, HOME_TRIAD_NEW, HOME_AUTHORITY_ADD):
        app.action(action_id)(home_button_clicked)
