"""Acting from the message that asks: *Mark done* on a step's reminder, *Add progress* / *Mark done* on an action.

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
from handlers.commands.context import item_number
from handlers.commands.triads import STEP_LABELS
from handlers.effects import Tell, post
from handlers.effects.actions import show_acted, show_done
from handlers.effects.clicked import ClickedMessage
from handlers.events.home import publish_home
from handlers.listening import Clock
from handlers.mistakes import Mistake
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
    channel, number = triad.channel_id, triad.number
    uow.commit()  # recorded before it is shown
    label, clicked = STEP_LABELS[step], ClickedMessage.of(body)
    show_acted(
        client, clicked, f":white_check_mark: <@{who.user_id}> marked the {label} done; its reminders are cancelled."
    )
    if clicked.channel != channel or not clicked.blocks:  # elsewhere, or on an ephemeral (`/peer status`)
        post(client, channel, f":white_check_mark: <@{who.user_id}> marked the {label} done.", tell)
    else:
        tell(f":white_check_mark: {label.capitalize()} marked done for triad {number}.")
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
    try:
        client.views_open(trigger_id=body.get("trigger_id"), view=view)
    except SlackApiError as exc:
        raise Mistake(
            f"I couldn't open the form ({exc.response.get('error')}). "
            f'Add the note with `/peer action update {number} "…"`.'
        ) from None


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
    thanks = (
        f":white_check_mark: Progress noted on action {number} of triad {noted.triad_number} — thank you. "
        "`/peer action list` shows it."
    )
    try:
        if meta.get("channel"):
            client.chat_postEphemeral(channel=meta["channel"], user=who.user_id, text=thanks)
        else:
            client.chat_postMessage(channel=who.user_id, text=thanks)
    except SlackApiError:  # the app left the channel: the person hears it in their DM
        client.chat_postMessage(channel=who.user_id, text=thanks)
    _publish_homes(client, uow, settings, now, who, noted.owner)


def register(app: App) -> None:
    app.action(STEP_DONE)(step_done_clicked)
    app.action(ACTION_DONE)(action_done_clicked)
    app.action(ACTION_PROGRESS)(action_progress_clicked)
    app.view(PROGRESS_FORM)(progress_submitted)
