"""*Post the summit brief* on the summit-brief reminder: the same brief as `/peer summit`, posted where
the button was clicked (the coordinator's DM with the app)."""

from __future__ import annotations

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.services import summit as summit_service
from bot.services.access import Actor
from handlers.blocks.acting import POST_BRIEF
from handlers.effects import Tell
from handlers.effects.summit import post_brief
from handlers.listening import Clock
from handlers.mistakes import Mistake
from handlers.payloads import clicked_message
from storage.unit_of_work import UnitOfWork


def post_brief_clicked(
    ack: Ack, body: dict, action: dict, client: WebClient, uow: UnitOfWork, who: Actor, tell: Tell, now: Clock
) -> None:
    ack()
    round_name = (action.get("value") or "").strip()
    if not round_name:
        raise Mistake('I can\'t tell which round this button is about; use `/peer summit round:"…"` instead.')
    brief = summit_service.summit_brief(uow.session, who, round_name, now())
    post_brief(client, clicked_message(body)[0] or who.user_id, brief, tell)


def register(app: App) -> None:
    app.action(POST_BRIEF)(post_brief_clicked)
