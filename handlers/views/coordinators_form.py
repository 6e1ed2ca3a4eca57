"""The coordinators' form: the same checks as `/peer coordinator add|remove`, on the whole set."""

from __future__ import annotations

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.services import admin
from bot.services.access import Actor
from bot.settings import Settings
from handlers.effects import Tell
from handlers.events.home import publish_home
from handlers.listening import Clock
from handlers.people import check_people
from handlers.views.answering import on_field
from handlers.views.forms import COORDINATORS, value
from storage.unit_of_work import UnitOfWork


def coordinators_submitted(
    ack: Ack, view: dict, client: WebClient, uow: UnitOfWork, who: Actor, tell: Tell, settings: Settings, now: Clock
) -> None:
    wanted = list(dict.fromkeys(value(view, "coordinators", "coordinators") or []))
    with on_field("coordinators"):
        check_people(client, [u for u in wanted if u not in who.coordinators], "a coordinator")
        change = admin.set_coordinators(uow.session, who, wanted, now())
    ack()
    said = [f"added {', '.join(f'<@{u}>' for u in change.added)}"] if change.added else []
    said += [f"removed {', '.join(f'<@{u}>' for u in change.removed)}"] if change.removed else []
    tell(
        f":white_check_mark: Coordinators of this workspace: {'; '.join(said)}."
        if said
        else "No change to the coordinators."
    )
    publish_home(client, uow.sessions, settings, who.team_id, who.user_id, now())


def register(app: App) -> None:
    app.view(COORDINATORS)(coordinators_submitted)
