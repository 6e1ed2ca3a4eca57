"""The action form (`/peer action add` typed bare, or the *Record as action* message shortcut with the
message's text): recorded as the typed command records it, then posted in the triad's channel."""

from __future__ import annotations

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.rules.dates import DateError, parse_fuzzy_date
from bot.rules.refusals import Refused
from bot.services import access
from bot.services import actions as action_service
from bot.services import focus as focus_service
from bot.services.access import Actor
from bot.services.actions import ActionRefusal
from bot.settings import Settings
from handlers.effects import Tell, open_form
from handlers.effects.actions import show_recorded
from handlers.events.home import publish_home
from handlers.listening import Clock
from handlers.mistakes import Mistake
from handlers.people import PersonProblem, check_people
from handlers.views.answering import form_triad, on_field
from handlers.views.forms import ACTION_ADD, RECORD_AS_ACTION, action_modal, value
from storage.unit_of_work import UnitOfWork


def _action_field(exc: Exception) -> str:
    code = exc.code if isinstance(exc, Refused) else None
    if isinstance(exc, DateError) or code == ActionRefusal.DUE_NOT_ONE_DAY:
        return "due"
    if isinstance(exc, PersonProblem):
        return "owner"
    return "focus" if code in (ActionRefusal.NO_SUCH_LINE, ActionRefusal.LINE_WITHDRAWN) else "text"


def action_submitted(
    ack: Ack, view: dict, client: WebClient, uow: UnitOfWork, who: Actor, tell: Tell, settings: Settings, now: Clock
) -> None:
    text = " ".join((value(view, "text", "text") or "").split())
    owner, due_text, focus = value(view, "owner", "owner"), value(view, "due", "due"), value(view, "focus", "focus")
    for field, missing, words in (
        ("text", not text, "Say what the action is."),
        ("owner", not owner, "Choose who owns the action."),
        ("due", not due_text, "Pick the day it is due."),
    ):
        if missing:
            raise Mistake(words, block_id=field)
    with on_field(_action_field):
        triad = form_triad(uow.session, who, view)
        due = parse_fuzzy_date(due_text, triad.round.year)
        focus_number = int(focus) if focus and focus.isdigit() else None
        added = action_service.add_action(
            uow.session, who, triad, text, owner, due, focus_number, now(), settings.peer_timezone
        )
        check_people(client, [owner], "an action's owner")  # after the rules: a refusal rolls back
    ack()
    show_recorded(client, triad.id, added, who.user_id, tell)
    for person in dict.fromkeys([who.user_id, owner]):
        publish_home(client, uow.sessions, settings, who.team_id, person, now())


def record_shortcut(ack: Ack, body: dict, client: WebClient, uow: UnitOfWork, who: Actor) -> None:
    """The message shortcut: the action form, with the message's text, for the triad whose channel it is in."""
    ack()
    channel_id = (body.get("channel") or {}).get("id", "")
    triad = access.triad_for(uow.session, who, channel_id=channel_id)
    lines = [(line.number, line.text) for line in focus_service.lines_of(uow.session, triad).lines]
    view = action_modal(triad.id, triad.number, lines, channel_id, (body.get("message") or {}).get("text") or "")
    open_form(client, body, view, "Try the shortcut again.")


def register(app: App) -> None:
    app.view(ACTION_ADD)(action_submitted)
    app.shortcut(RECORD_AS_ACTION)(record_shortcut)
