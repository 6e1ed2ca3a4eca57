"""`/peer remind` typed bare: a custom reminder in the triad's channel, set as the typed command sets it."""

from __future__ import annotations

from slack_bolt import Ack, App

from bot.rules import limits
from bot.rules.dates import DateError, parse_local_datetime
from bot.rules.limits import too_long
from bot.rules.refusals import Refused
from bot.services import custom_reminders as reminder_service
from bot.services.access import Actor
from bot.services.custom_reminders import ReminderRefusal
from bot.settings import Settings
from handlers.commands.reminders import local_text
from handlers.effects import Tell
from handlers.listening import Clock
from handlers.mistakes import Mistake
from handlers.mrkdwn import escape
from handlers.views.answering import form_triad, on_field
from handlers.views.forms import REMIND, value
from storage.unit_of_work import UnitOfWork


def _reminder_field(exc: Exception) -> str:
    in_the_past = isinstance(exc, Refused) and exc.code == ReminderRefusal.IN_THE_PAST
    return "day" if in_the_past or isinstance(exc, DateError) else "text"


def reminder_submitted(
    ack: Ack, view: dict, uow: UnitOfWork, who: Actor, tell: Tell, settings: Settings, now: Clock
) -> None:
    text = " ".join((value(view, "text", "text") or "").split())
    day, at_time = value(view, "day", "day"), value(view, "time", "time")
    if not text:
        raise Mistake("Say what to remind the channel of.", block_id="text")
    if len(text) > limits.REMINDER:  # Slack's max_length stops it in the client; a forged submission lands here
        raise Mistake(too_long("reminder", len(text), limits.REMINDER), block_id="text")
    if not (day and at_time):
        raise Mistake("Pick the day and the time.", block_id="day")
    with on_field(_reminder_field):
        triad = form_triad(uow.session, who, view)
        at = parse_local_datetime(f"{day} {at_time}", triad.round.year)
        created = reminder_service.set_reminder(
            uow.session, who, triad, f":alarm_clock: Reminder from <@{who.user_id}>: {escape(text)}", now(),
            at=at, fallback_zone=settings.peer_timezone,
        )  # fmt: skip
    ack()
    tell(
        f":alarm_clock: Reminder {created.number} set for {local_text(created.due_at, created.zone)} "
        f"({created.zone.key}), in <#{created.channel_id}>: {escape(text)}"
    )


def register(app: App) -> None:
    app.view(REMIND)(reminder_submitted)
