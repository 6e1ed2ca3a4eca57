"""`/peer authority add` typed bare: the form's submission registers the authority as the typed command does."""

from __future__ import annotations

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.services import admin
from bot.services.access import Actor
from bot.settings import Settings
from handlers.commands.admin import registered_text
from handlers.effects import Tell
from handlers.events.home import publish_home
from handlers.listening import Clock
from handlers.mistakes import Mistake
from handlers.people import check_people, lookups_within
from handlers.views.answering import on_field
from handlers.views.forms import AUTHORITY_ADD, MAX_NAME, value
from storage.unit_of_work import UnitOfWork


def authority_submitted(
    ack: Ack, view: dict, client: WebClient, uow: UnitOfWork, who: Actor, tell: Tell, settings: Settings, now: Clock
) -> None:
    name = " ".join((value(view, "name", "name") or "").split())
    dcs, team = value(view, "dcs", "dcs"), value(view, "team", "team") or []
    if not name or len(name) > MAX_NAME:
        raise Mistake(f"Give the authority's name, under {MAX_NAME} characters.", block_id="name")
    with lookups_within():  # the DCS and the team are checked before the ack: in time
        with on_field("dcs"):
            check_people(client, [dcs] if dcs else [], "an authority's DCS")
        with on_field("team"):
            check_people(client, team, "on an authority's team")
    if not dcs:
        raise Mistake("Choose the authority's DCS.", block_id="dcs")
    with on_field("name"):
        members = list(admin.add_authority(uow.session, who, name, dcs, team).team_user_ids)
    ack()
    tell(registered_text(name, dcs, members))
    publish_home(client, uow.sessions, settings, who.team_id, who.user_id, now())


def register(app: App) -> None:
    app.view(AUTHORITY_ADD)(authority_submitted)
