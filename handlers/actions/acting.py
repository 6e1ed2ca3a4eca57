"""Acting from the message that asks: *Mark done* on a step's reminder, *Add progress* / *Mark done* on an action.

Each click is authorised again (clicker, triad, workspace) and calls the same use case as the
typed command; the clicked message is updated in place so the channel shows the current state.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.rules.refusals import Refused
from bot.rules.triads import PROGRAMME_STEPS
from bot.services import access
from bot.services import actions as action_service
from bot.services import triads as triad_service
from handlers.blocks.acting import (
    ACTION_DONE,
    ACTION_PROGRESS,
    MAX_NOTE,
    PROGRESS_FORM,
    STEP_DONE,
    acted_blocks,
    progress_modal,
    read_pair,
)
from handlers.commands.context import item_number
from handlers.commands.triads import STEP_LABELS
from handlers.events.home import publish_home
from handlers.mrkdwn import escape
from handlers.payloads import click_teller, clicked_message, who_acted
from handlers.refusals import plain_word, word
from handlers.views.forms import metadata, value
from storage.db import transaction

logger = logging.getLogger(__name__)


def register(app: App, deps) -> None:
    sessions, settings, now = deps.sessions, deps.settings, deps.now

    def show_done(client: WebClient, body: dict, note: str) -> None:
        channel, ts = clicked_message(body)
        message = body.get("message") or {}
        if not (channel and ts and message.get("blocks")):
            return
        try:
            client.chat_update(
                channel=channel, ts=ts, text=f"{message.get('text') or ''}\n{note}"[:3900],
                blocks=acted_blocks(message["blocks"], note),
            )  # fmt: skip
        except SlackApiError as exc:
            logger.warning("could not update the clicked message: %s", exc.response.get("error"))

    def post(client: WebClient, channel: str | None, text: str) -> None:
        if channel:
            try:
                client.chat_postMessage(channel=channel, text=text)
            except SlackApiError as exc:
                logger.warning("could not post in %s: %s", channel, exc.response.get("error"))

    def on_step_done(ack: Ack, body: dict, action: dict, client: WebClient, respond: Callable) -> None:
        ack()
        tell = click_teller(respond, body, client)
        team_id, user_id = who_acted(body)
        pair = read_pair(action.get("value"))
        if pair is None or pair[1] not in PROGRAMME_STEPS:
            tell(":x: I can't tell which step this button is about; use `/peer mark self-assessment done` instead.")
            return
        triad_id, step = pair
        try:
            with transaction(sessions) as session:
                who = access.actor(session, team_id, user_id, settings.peer_coordinators)
                triad = access.triad_by_id(session, who, triad_id)
                triad_service.mark_step_done(session, who, triad, step, now())
                channel, number = triad.channel_id, triad.number
        except Refused as exc:
            tell(f":x: {word(exc)}")
            return
        label = STEP_LABELS[step]
        show_done(
            client, body, f":white_check_mark: <@{user_id}> marked the {label} done; its reminders are cancelled."
        )
        if clicked_message(body)[0] != channel:
            post(client, channel, f":white_check_mark: <@{user_id}> marked the {label} done.")
        else:
            tell(f":white_check_mark: {label.capitalize()} marked done for triad {number}.")
        publish_home(client, sessions, settings, team_id, user_id, now())

    def parse_action(action: dict, tell: Callable[[str], None]) -> tuple[int, int] | None:
        pair = read_pair(action.get("value"))
        number = item_number(pair[1]) if pair else None
        if pair is None or number is None:
            tell(":x: I can't tell which action this button is about; `/peer action list` shows them.")
            return None
        return pair[0], number

    def on_action_done(ack: Ack, body: dict, action: dict, client: WebClient, respond: Callable) -> None:
        ack()
        tell = click_teller(respond, body, client)
        team_id, user_id = who_acted(body)
        names = parse_action(action, tell)
        if names is None:
            return
        triad_id, number = names
        try:
            with transaction(sessions) as session:
                who = access.actor(session, team_id, user_id, settings.peer_coordinators)
                done = action_service.mark_done(session, who, access.triad_by_id(session, who, triad_id), number, now())
        except Refused as exc:
            tell(f":x: {word(exc)}")
            return
        show_done(client, body, f":white_check_mark: <@{user_id}> marked action {number} done. Well done!")
        if clicked_message(body)[0] != done.channel_id:
            post(
                client,
                done.channel_id,
                f":white_check_mark: <@{user_id}> marked action *{number}* done: {escape(done.text)}. Well done!",
            )
        for person in dict.fromkeys([user_id, done.owner]):
            publish_home(client, sessions, settings, team_id, person, now())

    def on_action_progress(ack: Ack, body: dict, action: dict, client: WebClient, respond: Callable) -> None:
        ack()
        tell = click_teller(respond, body, client)
        team_id, user_id = who_acted(body)
        names = parse_action(action, tell)
        if names is None:
            return
        triad_id, number = names
        try:
            with transaction(sessions) as session:
                who = access.actor(session, team_id, user_id, settings.peer_coordinators)
                triad = access.triad_by_id(session, who, triad_id)
                found = action_service.open_action(session, who, triad, number)
                view = progress_modal(triad_id, triad.number, number, found.text, clicked_message(body)[0] or "")
        except Refused as exc:
            tell(f":x: {word(exc)}")
            return
        try:
            client.views_open(trigger_id=body.get("trigger_id"), view=view)
        except SlackApiError as exc:
            tell(
                f':x: I couldn\'t open the form ({exc.response.get("error")}). Add the note with `/peer action update {number} "…"`.'
            )

    def on_progress_form(ack: Ack, body: dict, view: dict, client: WebClient) -> None:
        team_id, user_id = who_acted(body)
        note = " ".join((value(view, "note", "note") or "").split())
        if not note or len(note) > MAX_NOTE:
            ack(
                response_action="errors",
                errors={"note": f"Write a short note of where it stands (under {MAX_NOTE} characters)."},
            )
            return
        meta = metadata(view)
        triad_id, number = meta.get("triad_id"), meta.get("number")
        try:
            if not (isinstance(triad_id, int) and isinstance(number, int)):
                raise Refused(access.AccessRefusal.TRIAD_GONE)
            with transaction(sessions) as session:
                who = access.actor(session, team_id, user_id, settings.peer_coordinators)
                noted = action_service.note_progress(
                    session, who, access.triad_by_id(session, who, triad_id), number, note, now()
                )
        except Refused as exc:
            ack(response_action="errors", errors={"note": plain_word(exc)})
            return
        ack()
        thanks = f":white_check_mark: Progress noted on action {number} of triad {noted.triad_number} — thank you. `/peer action list` shows it."
        try:
            if meta.get("channel"):
                client.chat_postEphemeral(channel=meta["channel"], user=user_id, text=thanks)
            else:
                client.chat_postMessage(channel=user_id, text=thanks)
        except SlackApiError:
            client.chat_postMessage(channel=user_id, text=thanks)
        for person in dict.fromkeys([user_id, noted.owner]):
            publish_home(client, sessions, settings, team_id, person, now())

    app.action(STEP_DONE)(on_step_done)
    app.action(ACTION_DONE)(on_action_done)
    app.action(ACTION_PROGRESS)(on_action_progress)
    app.view(PROGRESS_FORM)(on_progress_form)
