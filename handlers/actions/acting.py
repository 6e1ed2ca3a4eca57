"""Acting from the message that asks: *Mark done* on a step's reminder, *Add progress* / *Mark done* on an action,
and the forms a reminder opens: the round's dates (its confirm-the-date nudge) and an action (the follow-up
that has none).

Each click is authorised again (clicker, triad, workspace) and calls the same use case as the
typed command; the clicked message is updated in place so the channel shows the current state.
"""

from __future__ import annotations

import logging

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.rules.refusals import Refused
from bot.rules.triads import PROGRAMME_STEPS
from bot.services import access
from bot.services import actions as action_service
from bot.services import focus as focus_service
from bot.services import rounds as round_service
from bot.services import triads as triad_service
from bot.services.access import Actor
from bot.settings import Settings
from handlers.blocks.acting import (
    ACTION_DONE,
    ACTION_PROGRESS,
    MAX_NOTE,
    PROGRESS_FORM,
    STEP_DONE,
    progress_modal,
    read_pair,
)
from handlers.blocks.actions import progress_noted
from handlers.blocks.asks import ACTION_ADD, ROUND_DATES
from handlers.commands.context import item_number
from handlers.commands.triads import STEP_LABELS
from handlers.effects import Tell, open_form, post
from handlers.effects.actions import show_acted, show_done
from handlers.effects.clicked import ClickedMessage
from handlers.events.home import publish_home
from handlers.listening import Clock
from handlers.mistakes import Mistake
from handlers.payloads import button_id
from handlers.views import forms
from handlers.views.forms import metadata, value
from storage.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)


def _publish_homes(
    client: WebClient, uow: UnitOfWork, settings: Settings, now: Clock, who: Actor, *others: str
) -> None:
    for person in dict.fromkeys([who.user_id, *others]):
        publish_home(client, uow.sessions, settings, who.team_id, person, now())


def step_done_clicked(
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
    ack()
    pair = read_pair(action.get("value"))
    if pair is None or pair[1] not in PROGRAMME_STEPS:
        raise Mistake("I can't tell which step this button is about; use `/peer mark self-assessment done` instead.")
    triad_id, step = pair
    triad = access.triad_by_id(uow.session, who, triad_id)
    triad_service.mark_step_done(uow.session, who, triad, step, now())
    channel = triad.channel_id
    uow.commit()  # recorded before it is shown
    label, clicked = STEP_LABELS[step], ClickedMessage.of(body)
    show_acted(
        client, clicked, f":white_check_mark: <@{who.user_id}> marked the {label} done; its reminders are cancelled."
    )
    if clicked.channel != channel or not clicked.blocks:  # elsewhere, or on an ephemeral (`/peer status`)
        post(client, channel, f":white_check_mark: <@{who.user_id}> marked the {label} done.", tell)
    _publish_homes(client, uow, settings, now, who)


def _action_named(action: dict) -> tuple[int, int]:
    """(triad id, action number) from the button's value."""
    pair = read_pair(action.get("value"))
    number = item_number(pair[1]) if pair else None
    if pair is None or number is None:
        raise Mistake("I can't tell which action this button is about; `/peer action list` shows them.")
    return pair[0], number


def action_done_clicked(
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
    ack()
    triad_id, number = _action_named(action)
    done = action_service.mark_done(uow.session, who, access.triad_by_id(uow.session, who, triad_id), number, now())
    uow.commit()  # recorded before it is shown
    show_done(client, done, who.user_id, ClickedMessage.of(body), tell)
    _publish_homes(client, uow, settings, now, who, done.owner)


def action_progress_clicked(ack: Ack, body: dict, action: dict, client: WebClient, uow: UnitOfWork, who: Actor) -> None:
    ack()
    triad_id, number = _action_named(action)
    triad = access.triad_by_id(uow.session, who, triad_id)
    found = action_service.open_action(uow.session, who, triad, number)
    view = progress_modal(triad_id, triad.number, number, found.text, ClickedMessage.of(body).channel or "")
    open_form(client, body, view)


def progress_submitted(
    ack: Ack, view: dict, client: WebClient, uow: UnitOfWork, who: Actor, settings: Settings, now: Clock
) -> None:
    note = " ".join((value(view, "note", "note") or "").split())
    if not note or len(note) > MAX_NOTE:
        raise Mistake(f"Write a short note of where it stands (under {MAX_NOTE} characters).", block_id="note")
    meta = metadata(view)
    triad_id, number = meta.get("triad_id"), meta.get("number")
    if not (isinstance(triad_id, int) and isinstance(number, int)):
        raise Refused(access.AccessRefusal.TRIAD_GONE)
    noted = action_service.note_progress(
        uow.session, who, access.triad_by_id(uow.session, who, triad_id), number, note, now()
    )
    ack()  # commits first
    thanks = progress_noted(number)
    try:
        if meta.get("channel"):
            client.chat_postEphemeral(channel=meta["channel"], user=who.user_id, text=thanks)
        else:
            client.chat_postMessage(channel=who.user_id, text=thanks)
    except SlackApiError:  # the app left the channel: the person hears it in their DM
        client.chat_postMessage(channel=who.user_id, text=thanks)
    _publish_homes(client, uow, settings, now, who, noted.owner)


def round_dates_clicked(ack: Ack, body: dict, action: dict, client: WebClient, uow: UnitOfWork, who: Actor) -> None:
    """Open the round's dates form, authorised as `/peer round dates` is (coordinators only)."""
    ack()
    access.require_coordinator(who, "set_round_dates")
    name = (action.get("value") or "").strip()
    if not name:
        raise Mistake("I can't tell which round this button is about; nothing was opened.")
    round_ = round_service.find_round(uow.session, who, name)
    orientation, summit = round_service.given_dates(round_)
    view = forms.round_dates_modal(round_.id, round_.name, orientation, summit)
    open_form(client, body, view)


def action_form_clicked(ack: Ack, body: dict, action: dict, client: WebClient, uow: UnitOfWork, who: Actor) -> None:
    """Open the form that records an action, authorised as `/peer action add` is (the triad's members)."""
    ack()
    triad_id = button_id(action.get("value"))
    if triad_id is None:
        raise Mistake("I can't tell which triad this button is about; nothing was opened.")
    triad = access.triad_by_id(uow.session, who, triad_id)
    lines = [(line.number, line.text) for line in focus_service.lines_of(uow.session, triad).lines]
    view = forms.action_modal(triad.id, triad.number, lines, ClickedMessage.of(body).channel or "")
    open_form(client, body, view)


def register(app: App) -> None:
    app.action(STEP_DONE)(step_done_clicked)
    app.action(ACTION_DONE)(action_done_clicked)
    app.action(ACTION_PROGRESS)(action_progress_clicked)
    app.view(PROGRESS_FORM)(progress_submitted)
    app.action(ROUND_DATES)(round_dates_clicked)
    app.action(ACTION_ADD)(action_form_clicked)
