"""The Home's Documents button: the triad's documents posted as `/peer documents` posts them,
authorised again on the server (a member of the triad, or a coordinator)."""

from __future__ import annotations

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.services import access
from bot.services import documents as documents_service
from bot.services.access import Actor
from handlers.commands.documents import WHAT
from handlers.documents import deliver
from handlers.effects import Tell
from handlers.mistakes import Mistake
from handlers.payloads import button_id
from storage.unit_of_work import UnitOfWork

HOME_DOCUMENTS = "home_documents"


def documents_clicked(ack: Ack, action: dict, client: WebClient, uow: UnitOfWork, who: Actor, tell: Tell) -> None:
    ack()
    triad_id = button_id(action.get("value"))
    if triad_id is None:
        raise Mistake("I can't tell which triad this button is about; use `/peer documents` in its channel.")
    plan = documents_service.on_demand(uow.session, access.triad_by_id(uow.session, who, triad_id))
    results = deliver(client, plan, f"<@{who.user_id}> asked for the documents (from the Home tab).")
    sent = [WHAT[d.kind] for d, _, error in results if not error]
    failed = [f"{WHAT[d.kind]} ({error})" for d, _, error in results if error]
    number = plan.facts.triad_number
    if sent:
        tell(f":white_check_mark: Triad {number}: posted {', '.join(sent)}.")
    if failed:
        tell(f":x: Triad {number}: I couldn't post {', '.join(failed)}. Try `/peer documents` in a minute.")


def register(app: App) -> None:
    app.action(HOME_DOCUMENTS)(documents_clicked)
