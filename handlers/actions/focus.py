"""The Agree and Withdraw buttons on a proposed line of enquiry, and the button that opens the form proposing one.

Every click is authorised again: the button's value names the triad (and the line), and the
clicker, the triad and the workspace are checked as for `/peer focus agree N` or `/peer focus propose`."""

from __future__ import annotations

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.services import access
from bot.services import focus as focus_service
from bot.services.access import Actor
from handlers.blocks.asks import PROPOSE_LINE
from handlers.blocks.focus import AGREE_ACTION, WITHDRAW_ACTION, propose_modal, read_button_value
from handlers.effects import Tell, open_form
from handlers.effects.focus import show_line_change
from handlers.mistakes import Mistake
from handlers.payloads import button_id, clicked_message
from storage.unit_of_work import UnitOfWork


def focus_clicked(
    ack: Ack, body: dict, action: dict, client: WebClient, uow: UnitOfWork, who: Actor, tell: Tell
) -> None:
    ack()
    names = read_button_value(action.get("value"))
    if names is None:
        raise Mistake("I can't tell which line of enquiry this button is about; use `/peer focus list` instead.")
    triad_id, number = names
    triad = access.triad_by_id(uow.session, who, triad_id)
    clicked = clicked_message(body)
    if action.get("action_id") == AGREE_ACTION:
        change = focus_service.agree_line(uow.session, who, triad, number, shown_at=clicked[1])
    else:
        change = focus_service.withdraw_line(uow.session, who, triad, number)
    uow.commit()  # recorded before it is shown
    show_line_change(client, uow, change, who.user_id, clicked, tell)


def propose_clicked(ack: Ack, body: dict, action: dict, client: WebClient, uow: UnitOfWork, who: Actor) -> None:
    """Propose a line of enquiry: the form opens for whoever may type `/peer focus propose` in the triad."""
    ack()
    triad_id = button_id(action.get("value"))
    if triad_id is None:
        raise Mistake("I can't tell which triad this button is about; propose the line in the triad's channel.")
    triad = access.triad_by_id(uow.session, who, triad_id)
    opened_in = clicked_message(body)[0]
    open_form(client, body, propose_modal(triad.id, triad.number, opened_in))


def register(app: App) -> None:
    app.action(PROPOSE_LINE)(propose_clicked)
    app.action(AGREE_ACTION)(focus_clicked)
    app.action(WITHDRAW_ACTION)(focus_clicked)
