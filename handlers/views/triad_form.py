"""`/peer triad new` typed bare: the form's submission plans the triad as the typed command does;
its channel is created after the form closed."""

from __future__ import annotations

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.rules.refusals import Refused
from bot.rules.roles import RoleRefusal
from bot.rules.triads import TriadRefusal
from bot.services import triads as triad_service
from bot.services.access import Actor
from bot.settings import Settings
from handlers.commands.triads import forming_text
from handlers.effects import Tell
from handlers.effects.triads import form_triad_with_channel
from handlers.events.home import publish_home
from handlers.listening import Clock
from handlers.views.answering import on_field
from handlers.views.forms import TRIAD_NEW, value
from storage.unit_of_work import UnitOfWork


def _triad_field(exc: Exception) -> str:
    """The field of the triad form a refusal is about."""
    code, facts = (exc.code, exc.facts) if isinstance(exc, Refused) else (None, {})
    if code == RoleRefusal.SAME_AUTHORITY_TWICE:
        return facts["other_role"]
    if code == TriadRefusal.AUTHORITY_NOT_FOUND:
        return facts["role"]
    if code in (TriadRefusal.NO_SUCH_ROUND, TriadRefusal.NO_ROUND_YET):
        return "round"
    return "host"


def triad_submitted(
    ack: Ack, view: dict, client: WebClient, uow: UnitOfWork, who: Actor, tell: Tell, settings: Settings, now: Clock
) -> None:
    names = {role: value(view, role, "authority") or "" for role in ("host", "visitor", "observer")}
    with on_field(_triad_field):
        plan = triad_service.plan_triad(uow.session, who, names, value(view, "round", "round"))
    ack()
    tell(forming_text(plan))
    form_triad_with_channel(client, uow.sessions, who, plan, now, tell)
    publish_home(client, uow.sessions, settings, who.team_id, who.user_id, now())


def register(app: App) -> None:
    app.view(TRIAD_NEW)(triad_submitted)
