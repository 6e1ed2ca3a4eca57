"""`/peer dates` typed bare: the triad's dates form, set as the typed command sets them."""

from __future__ import annotations

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.rules.triads import TriadRefusal
from bot.services import triads as triad_service
from bot.services.access import Actor
from bot.services.triads import triad_dates
from bot.settings import Settings
from handlers.effects import Tell
from handlers.effects.dates import announce_dates, dates_said, dates_warning
from handlers.events.home import publish_home
from handlers.listening import Clock
from handlers.mistakes import Mistake
from handlers.views.answering import dates_field, form_triad, on_field
from handlers.views.forms import DATES, value
from storage.models import Triad
from storage.unit_of_work import UnitOfWork

_dates_field = dates_field(
    TriadRefusal.UNREADABLE_DATE, TriadRefusal.FIELDWORK_BEFORE_CHALLENGE, "fieldwork", "challenge"
)


def dates_submitted(
    ack: Ack, view: dict, client: WebClient, uow: UnitOfWork, who: Actor, tell: Tell, settings: Settings, now: Clock
) -> None:
    texts = {k: (value(view, k, "date") or "").strip() for k in ("challenge", "fieldwork")}
    texts = {k: v for k, v in texts.items() if v}
    provisional = "provisional" in (value(view, "provisional", "provisional") or [])
    if not texts:
        raise Mistake("Give the challenge session or the fieldwork dates (or both).", block_id="challenge")
    with on_field(_dates_field):
        triad = form_triad(uow.session, who, view)
        result = triad_service.set_dates(
            uow.session, who, triad, _changed(texts, triad, provisional), provisional, now()
        )
    ack()
    said, warning = dates_said(result, who.user_id), dates_warning(result)
    announce_dates(client, result.channel_id, said, tell)
    if result.channel_id is None:
        tell(said)  # nowhere to post it: the person who set them is told
    if warning:
        tell(warning)
    publish_home(client, uow.sessions, settings, who.team_id, who.user_id, now())


def _changed(texts: dict[str, str], triad: Triad, provisional: bool) -> dict[str, str]:
    """The dates the person changed: the form opens with the dates as set and Slack sends them back as they
    were, so one left alone is not set (and said) again. None changed: all of them, as given."""
    current = dict(zip(("challenge", "fieldwork"), triad_dates(triad), strict=True))
    changed = {
        kind: text
        for kind, text in texts.items()
        if not ((was := current[kind]) and was.text == text and was.provisional == provisional)
    }
    return changed or texts


def register(app: App) -> None:
    app.view(DATES)(dates_submitted)
