"""*Show the programme*, on the welcome and `/peer status`: the nine steps with the triad's dates, to the clicker only.

Authorised as `/peer status` is: a member of the triad (or a coordinator) in its workspace; a forged or stale
value is explained and nothing is posted."""

from __future__ import annotations

from slack_bolt import Ack, App

from bot.services import triads as triad_service
from bot.services.access import Actor
from handlers.blocks.triad import SHOW_PROGRAMME, programme_text
from handlers.effects import Tell
from handlers.mistakes import Mistake
from handlers.payloads import button_id
from storage.unit_of_work import UnitOfWork


def programme_clicked(ack: Ack, action: dict, tell: Tell, uow: UnitOfWork, who: Actor) -> None:
    ack()
    triad_id = button_id(action.get("value"))
    if triad_id is None:
        raise Mistake("I can't tell which triad this button is about; try the one on the triad's latest message.")
    shown = triad_service.triad_programme(uow.session, who, triad_id)
    tell(programme_text(shown.number, shown.challenge, shown.fieldwork, shown.steps_done, shown.round_events))


def register(app: App) -> None:
    app.action(SHOW_PROGRAMME)(programme_clicked)
