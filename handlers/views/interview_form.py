"""`/peer interview add` typed bare: a day-1 interview booked as the typed command books it, then
announced in the triad's channel."""

from __future__ import annotations

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.rules.dates import DateError, parse_slot
from bot.rules.limits import Field, LimitRefusal
from bot.rules.refusals import Refused
from bot.services import fieldwork as fieldwork_service
from bot.services.access import Actor
from bot.services.fieldwork import FieldworkRefusal, Slot
from handlers.blocks.fieldwork import interview_line
from handlers.effects import Tell, post
from handlers.mistakes import Mistake
from handlers.people import PersonProblem, check_people
from handlers.views.answering import form_triad, on_field
from handlers.views.forms import INTERVIEW_ADD, value
from handlers.words.fieldwork import warning_text
from storage.unit_of_work import UnitOfWork

# The form's block for each field a too-long value is refused on, and for each other refusal.
TOO_LONG_BLOCKS = {Field.SLOT: "day", Field.STAKEHOLDER: "stakeholder", Field.ROLE: "role", Field.PLACE: "where"}
REFUSAL_BLOCKS: dict[object, str] = {
    FieldworkRefusal.NOT_A_MEMBER: "interviewers",
    FieldworkRefusal.DOUBLE_BOOKED: "start",
}


def _interview_field(exc: Exception) -> str:
    if isinstance(exc, PersonProblem):
        return "interviewers"
    if isinstance(exc, DateError):
        return "end"
    if isinstance(exc, Refused) and exc.code == LimitRefusal.TOO_LONG:
        return TOO_LONG_BLOCKS.get(exc.facts["field"], "day")
    return REFUSAL_BLOCKS.get(exc.code, "day") if isinstance(exc, Refused) else "day"


def interview_submitted(ack: Ack, view: dict, client: WebClient, uow: UnitOfWork, who: Actor, tell: Tell) -> None:
    day, start, end = value(view, "day", "day"), value(view, "start", "start"), value(view, "end", "end")
    stakeholder = " ".join((value(view, "stakeholder", "stakeholder") or "").split())
    role = " ".join((value(view, "role", "role") or "").split()) or None
    place = " ".join((value(view, "where", "where") or "").split()) or None
    interviewers = tuple(dict.fromkeys(value(view, "interviewers", "interviewers") or []))
    if not stakeholder:
        raise Mistake("Say who is interviewed.", block_id="stakeholder")
    if not (day and start and end):
        raise Mistake("Pick the day and the times.", block_id="day" if not day else "start")
    slot_text = f"{day} {start}-{end}"
    with on_field(_interview_field):
        triad = form_triad(uow.session, who, view)
        parsed_day, start_time, end_time = parse_slot(slot_text, triad.round.year)
        booked = fieldwork_service.book_interview(
            uow.session, who, triad, Slot(slot_text, parsed_day, start_time, end_time), stakeholder,
            role=role, place=place, interviewers=interviewers,
        )  # fmt: skip
        check_people(client, interviewers, "an interviewer")  # a refusal rolls the booking back
        summary = interview_line(booked.interview, triad.round.year)
        warnings = [warning_text(w, triad.round.year, triad.number) for w in booked.warnings]
    ack()
    post(client, booked.channel_id, f"<@{who.user_id}> booked interview {summary}", tell)
    for warning in warnings:
        tell(f":warning: {warning}")


def register(app: App) -> None:
    app.view(INTERVIEW_ADD)(interview_submitted)
