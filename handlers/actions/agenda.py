"""The fieldwork agenda's buttons, authorised as the commands are (the triad's members and the coordinators):
*Show the agenda* shows the clicker the agenda as `/peer agenda` does, and *Add to calendar* posts the triad's
calendar file in its channel as `/peer calendar` does."""

from __future__ import annotations

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.services import access
from bot.services import fieldwork as fieldwork_service
from bot.services.access import Actor
from handlers.blocks.asks import SHOW_AGENDA
from handlers.blocks.fieldwork import ADD_TO_CALENDAR, agenda_message
from handlers.effects import Tell
from handlers.effects.calendar import calendar_job, post_calendar
from handlers.listening import Clock
from handlers.mistakes import Mistake
from handlers.payloads import button_id, clicked_message
from storage.unit_of_work import UnitOfWork


def _triad_id(action: dict) -> int:
    triad_id = button_id(action.get("value"))
    if triad_id is None:
        raise Mistake("I can't tell which triad this button is about; nothing was posted.")
    return triad_id


def add_to_calendar_clicked(
    ack: Ack, body: dict, action: dict, client: WebClient, tell: Tell, uow: UnitOfWork, who: Actor, now: Clock
) -> None:
    ack()
    job = calendar_job(uow.session, who, access.triad_by_id(uow.session, who, _triad_id(action)))
    uow.commit()  # nothing was written: the request's transaction ends before the upload
    posted = post_calendar(client, who.user_id, job, tell, now())
    if posted and clicked_message(body)[0] != job.channel:
        tell(f":white_check_mark: Posted in <#{job.channel}>.")


def show_agenda_clicked(
    ack: Ack, body: dict, action: dict, client: WebClient, respond: Respond, uow: UnitOfWork, who: Actor
) -> None:
    ack()
    data = fieldwork_service.agenda_data(uow.session, access.triad_by_id(uow.session, who, _triad_id(action)))
    text, shown = agenda_message(data)
    payload = [block.to_dict() for block in shown]
    if body.get("response_url"):  # under a message: to the clicker only
        respond(text=text, blocks=payload, response_type="ephemeral", replace_original=False)
    else:  # from the Home tab: in the clicker's DM with the app
        client.chat_postMessage(channel=who.user_id, text=text, blocks=payload)


def register(app: App) -> None:
    app.action(ADD_TO_CALENDAR)(add_to_calendar_clicked)
    app.action(SHOW_AGENDA)(show_agenda_clicked)
