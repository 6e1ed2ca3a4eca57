"""The round's own dates and material from Slack's surfaces: the round dates form (`/peer round dates`
typed bare) and the *Orientation material* message shortcut on a posted file or link."""

from __future__ import annotations

import re

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.rules.refusals import Refused
from bot.services import rounds as round_service
from bot.services.access import Actor
from bot.services.rounds import RoundRefusal
from bot.settings import Settings
from handlers.commands.rounds import round_dates_reply
from handlers.effects import Tell
from handlers.effects.dates import announce_round_dates, round_dates_said
from handlers.events.home import publish_home
from handlers.listening import Clock
from handlers.mistakes import Mistake
from handlers.mrkdwn import escape
from handlers.views.answering import dates_field, on_field
from handlers.views.forms import ORIENTATION_MATERIAL, ROUND_DATES, metadata, value
from storage.unit_of_work import UnitOfWork

# Neither part runs past a "<" (Slack sends a typed one as &lt;), so a search is linear in the text: the
# label's [^>]* ran to the end from every "<https://…|" when no ">" followed (44k characters: 1.5 s).
_MESSAGE_LINK = re.compile(r"<(https?://[^|<>\s]+)(?:\|[^<>]*)?>")


def material_of(message: dict) -> str | None:
    """The link a message carries: its first file's permalink, else the first link in its text."""
    for file in message.get("files") or []:
        link = file.get("permalink") or file.get("url_private")
        if isinstance(link, str) and link:
            return link
    found = _MESSAGE_LINK.search(message.get("text") or "")
    return found.group(1) if found else None


_round_dates_field = dates_field(
    RoundRefusal.UNREADABLE_DATE, RoundRefusal.SUMMIT_BEFORE_ORIENTATION, "summit", "orientation"
)


def round_dates_submitted(
    ack: Ack, view: dict, client: WebClient, uow: UnitOfWork, who: Actor, tell: Tell, settings: Settings, now: Clock
) -> None:
    meta = metadata(view)
    had: list = meta["had"] if isinstance(meta.get("had"), list) else []
    texts: dict[str, str | None] = {}
    for kind in ("orientation", "summit"):
        text = (value(view, kind, "date") or "").strip()
        if text:
            texts[kind] = text
        elif kind in had:
            texts[kind] = None  # emptied: the date is removed
    if not texts:
        raise Mistake("Give the orientation or the summit date (or both).", block_id="orientation")
    provisional = "provisional" in (value(view, "provisional", "provisional") or [])
    round_id = meta.get("round_id")
    with on_field(_round_dates_field):
        if not isinstance(round_id, int):
            raise Refused(RoundRefusal.NO_SUCH_ROUND, name="?")
        result = round_service.set_round_dates(uow.session, who, None, texts, provisional, now(), round_id=round_id)
    ack()
    said = round_dates_said(result)
    announce_round_dates(client, result.channels, who.user_id, result.round_name, said, tell)
    tell(round_dates_reply(result, said, None))  # the form has no channel of its own: always told
    publish_home(client, uow.sessions, settings, who.team_id, who.user_id, now())


def material_shortcut(ack: Ack, body: dict, uow: UnitOfWork, who: Actor, tell: Tell, now: Clock) -> None:
    """A coordinator makes a posted file (or a message's link) the latest round's orientation material,
    linked from every triad's programme and the orientation reminders."""
    ack()
    link = material_of(body.get("message") or {})
    if link is None:
        raise Mistake("That message has no file or link to use as the orientation material.")
    result = round_service.set_orientation_material(uow.session, who, None, link, now())
    uow.commit()  # recorded before it is said
    tell(
        f":white_check_mark: {escape(result.round_name)}: <{escape(link)}|this> is now the orientation material, "
        "linked from every triad's programme and the orientation reminders."
    )


def register(app: App) -> None:
    app.view(ROUND_DATES)(round_dates_submitted)
    app.shortcut(ORIENTATION_MATERIAL)(material_shortcut)
