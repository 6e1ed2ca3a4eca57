"""*Post the summit brief* on the summit-brief reminder: the same brief as `/peer summit`, posted where
the button was clicked (the coordinator's DM with the app); *Full brief* on the posted brief: its full
detail in a modal. Both authorised as `/peer summit` is (coordinators only)."""

from __future__ import annotations

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.services import summit as summit_service
from bot.services.access import Actor
from handlers.blocks.acting import POST_BRIEF
from handlers.effects import Tell, open_form
from handlers.effects.summit import post_brief
from handlers.listening import Clock
from handlers.mistakes import Mistake
from handlers.payloads import clicked_message
from handlers.summit.message import FULL_BRIEF, brief_view
from storage.unit_of_work import UnitOfWork

NO_ROUND = "I can't tell which round this button is about. Ask the coordinators to post the summit brief again."


def _round_of(action: dict) -> str:
    round_name = (action.get("value") or "").strip()
    if not round_name:
        raise Mistake(NO_ROUND)
    return round_name


def post_brief_clicked(
    ack: Ack, body: dict, action: dict, client: WebClient, uow: UnitOfWork, who: Actor, tell: Tell, now: Clock
) -> None:
    ack()
    brief = summit_service.summit_brief(uow.session, who, _round_of(action), now())
    post_brief(client, clicked_message(body)[0] or who.user_id, brief, tell)


def full_brief_clicked(
    ack: Ack, body: dict, action: dict, client: WebClient, uow: UnitOfWork, who: Actor, now: Clock
) -> None:
    ack()
    brief = summit_service.summit_brief(uow.session, who, _round_of(action), now())
    open_form(client, body, brief_view(brief))


def register(app: App) -> None:
    app.action(POST_BRIEF)(post_brief_clicked)
    app.action(FULL_BRIEF)(full_brief_clicked)
