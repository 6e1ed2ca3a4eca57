"""`/peer round new` typed bare, or the New round button: the form's submission starts the round as the typed
command does, and says so in the command's words."""

from __future__ import annotations

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.rules import limits
from bot.rules.refusals import Refused
from bot.services import admin
from bot.services.access import Actor
from bot.services.admin import AdminRefusal
from bot.settings import Settings
from handlers.commands.admin import round_created
from handlers.effects import Tell, post
from handlers.events.home import publish_home
from handlers.listening import Clock
from handlers.mistakes import Mistake
from handlers.views.answering import on_field
from handlers.views.forms import ROUND_NEW, value
from storage.unit_of_work import UnitOfWork


def _field(exc: Exception) -> str:
    return "tz" if isinstance(exc, Refused) and exc.code == AdminRefusal.UNKNOWN_TIME_ZONE else "name"


def round_new_submitted(
    ack: Ack, view: dict, client: WebClient, uow: UnitOfWork, who: Actor, tell: Tell, settings: Settings, now: Clock
) -> None:
    name = " ".join((value(view, "name", "name") or "").split())
    tz = (value(view, "tz", "tz") or "").strip() or settings.peer_timezone
    if not name or len(name) > limits.ROUND_NAME:
        raise Mistake(f"Give the round's name, under {limits.ROUND_NAME} characters.", block_id="name")
    with on_field(_field):
        round_ = admin.create_round(uow.session, who, name, tz, None)
    ack()
    uow.commit()  # recorded before it is said
    reply = round_created(round_.name, round_.timezone, round_.year)
    post(client, who.user_id, reply.text, tell, reply.blocks)
    publish_home(client, uow.sessions, settings, who.team_id, who.user_id, now())


def register(app: App) -> None:
    app.view(ROUND_NEW)(round_new_submitted)
