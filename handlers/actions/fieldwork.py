"""The fieldwork asks answered from the message that asks: the feedback format (three buttons), a day-1
interview (opens its form) and the two-day agenda (shown to the person who clicked).

Each click is authorised again as its typed command would be (`/peer feedback format:…`, `/peer interview
add`, `/peer agenda`) and calls the same use case. The feedback format updates the clicked message in place:
that is the only answer in the triad's channel; clicked anywhere else (a DM, the Home) the channel also
hears it, as it does from the command.
"""

from __future__ import annotations

import logging

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.services import access
from bot.services import triads as triad_service
from bot.services.access import Actor
from bot.services.triads import triad_dates
from bot.settings import Settings
from handlers.blocks.acting import read_pair
from handlers.blocks.asks import FEEDBACK_FORMAT, FEEDBACK_FORMATS, PLAN_INTERVIEWS
from handlers.commands.triads import feedback_agreed
from handlers.effects import Tell, open_form, post
from handlers.effects.actions import show_acted
from handlers.effects.clicked import ClickedMessage
from handlers.events.home import publish_home
from handlers.listening import Clock
from handlers.mistakes import Mistake
from handlers.payloads import button_id
from handlers.views import forms
from storage.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)


def feedback_format_clicked(
    ack: Ack,
    body: dict,
    action: dict,
    client: WebClient,
    tell: Tell,
    uow: UnitOfWork,
    who: Actor,
    settings: Settings,
    now: Clock,
) -> None:
    """Record the format agreed with the host, as `/peer feedback format:…` does."""
    ack()
    pair = read_pair(action.get("value"))
    if pair is None or pair[1] not in FEEDBACK_FORMATS:
        raise Mistake("I can't tell which feedback format this button is about; nothing was recorded.")
    triad_id, chosen = pair
    triad = access.triad_by_id(uow.session, who, triad_id)
    agreed = triad_service.agree_feedback_format(uow.session, who, triad, chosen)
    channel, said = triad.channel_id, feedback_agreed(triad.host.name, agreed, who.user_id)
    uow.commit()  # recorded before it is shown
    clicked = ClickedMessage.of(body)
    show_acted(client, clicked, said)
    if clicked.channel != channel:
        post(client, channel, said, tell)
    publish_home(client, uow.sessions, settings, who.team_id, who.user_id, now())


def plan_interviews_clicked(ack: Ack, body: dict, action: dict, client: WebClient, uow: UnitOfWork, who: Actor) -> None:
    """Open the interview form for the triad, authorised as `/peer interview add` is."""
    ack()
    triad_id = button_id(action.get("value"))
    if triad_id is None:
        raise Mistake("I can't tell which triad this button is about; nothing was opened.")
    triad = access.triad_by_id(uow.session, who, triad_id)
    _, fieldwork = triad_dates(triad)
    day = fieldwork.start.isoformat() if fieldwork and fieldwork.is_exact else None
    channel = ClickedMessage.of(body).channel or ""
    open_form(client, body, forms.interview_modal(triad.id, triad.number, channel, day))


def register(app: App) -> None:
    for kind in FEEDBACK_FORMATS:
        app.action(f"{FEEDBACK_FORMAT}_{kind}")(feedback_format_clicked)
    app.action(PLAN_INTERVIEWS)(plan_interviews_clicked)
