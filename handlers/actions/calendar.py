"""*Add to calendar* on the fieldwork agenda: posts the triad's calendar file in its channel, as `/peer calendar`
does, authorised the same way (the triad's members and the coordinators)."""

from __future__ import annotations

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.services import access
from bot.services.access import Actor
from handlers.blocks.fieldwork import ADD_TO_CALENDAR
from handlers.effects import Tell
from handlers.effects.calendar import calendar_job, post_calendar
from handlers.listening import Clock
from handlers.mistakes import Mistake
from handlers.payloads import button_id, clicked_message
from storage.unit_of_work import UnitOfWork


def add_to_calendar_clicked(
    ack: Ack, body: dict, action: dict, client: WebClient, tell: Tell, uow: UnitOfWork, who: Actor, now: Clock
) -> None:
    ack()
    triad_id = button_id(action.get("value"))
    if triad_id is None:
        raise Mistake("I can't tell which triad this button is about; nothing was posted.")
    job = calendar_job(uow.session, who, access.triad_by_id(uow.session, who, triad_id))
    uow.commit()  # nothing was written: the request's transaction ends before the upload
    posted = post_calendar(client, who.user_id, job, tell, now())
    if posted and clicked_message(body)[0] != job.channel:
        tell(f":white_check_mark: Posted in <#{job.channel}>.")


def register(app: App) -> None:
    app.action(ADD_TO_CALENDAR)(add_to_calendar_clicked)
