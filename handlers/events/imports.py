"""A CSV sent to the app in a DM is imported: authorities, or an earlier round (its name in the message).

Slack delivers it as a `message` event (subtype `file_share`) in an `im` channel. Only a coordinator's
files are looked at: that is decided first, before files.info or any download. The file is fetched with
the bot token from Slack's file host only (`handlers.slack_files.download`) and imported by the same use
case as `peerbot import`.
A retried delivery answers as the first one did (the message's ts is the request key).
"""

from __future__ import annotations

import logging
import re

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.rules.imports import looks_like_round
from bot.services.access import Actor, require_coordinator
from bot.services.errors import Refused
from bot.settings import Settings
from handlers.events.home import publish_home
from handlers.imports import AUTHORITIES, ROUND, run_import
from handlers.listening import Clock
from handlers.mistakes import Mistake
from handlers.mrkdwn import escape
from handlers.refusals import word
from handlers.slack_files import download
from storage.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)

MAX_FILES = 5
ROUND_NAME_HINT = (
    "That looks like an earlier round's table (host, visitor, observer). Send it again with the round's "
    'name as the message, like: round "SE 2018"'
)


NOT_CSV_HINT = (
    "I import authorities (columns name, DCS, team) or an earlier round (triad, host, visitor, observer, "
    "challenge session, fieldwork) from CSV: save the sheet as CSV and send it here."
)
CSV_TYPES = ("csv", "text", "txt", "tsv")


def is_csv(shared: dict) -> bool:
    """A file Slack calls CSV or plain text (or named .csv); a PDF or a picture is not imported."""
    name = str(shared.get("name") or "").lower()
    return shared.get("filetype") in CSV_TYPES or name.endswith((".csv", ".txt")) or not shared.get("filetype")


def round_name_of(text: str | None) -> str | None:
    """The round's name from the message sent with the file: `SE 2018`, `round "SE 2018"`, curly quotes too."""
    said = re.sub(r"^\s*(?:import\s+)?round\b:?", "", text or "", flags=re.IGNORECASE)
    said = " ".join(said.strip().strip("\"'“”‘’").split())
    return said or None


def on_message(
    event: dict, client: WebClient, uow: UnitOfWork, who: Actor | None, settings: Settings, now: Clock
) -> None:
    if event.get("channel_type") != "im" or not event.get("files") or event.get("bot_id") or who is None:
        return
    channel = event.get("channel") or ""

    def reply(text: str) -> None:
        try:
            client.chat_postMessage(channel=channel, text=text)
        except SlackApiError as exc:
            logger.warning("could not answer the import in %s: %s", channel, exc.response.get("error"))

    try:  # who may import, before anything is fetched or even asked about
        require_coordinator(who, "import_files")
    except Refused as exc:
        reply(f":x: {word(exc)}")
        return
    for shared in event["files"][:MAX_FILES]:
        if not is_csv(shared):
            reply(f":x: {escape(shared.get('name') or 'That file')} isn't a CSV file. {NOT_CSV_HINT}")
            continue
        try:
            name, content = download(
                client, shared, api_url=settings.slack_api_url, deadline_seconds=settings.slack_file_download_seconds
            )
        except Mistake as exc:
            reply(f":x: {exc}")
            continue
        kind = ROUND if looks_like_round(content) else AUTHORITIES
        round_name = round_name_of(event.get("text"))
        if kind == ROUND and not round_name:
            reply(f":x: {escape(name)}: {ROUND_NAME_HINT}")
            continue
        try:
            imported, text = run_import(
                uow.sessions, settings, client, team_id=who.team_id, user_id=who.user_id, kind=kind,
                round_name=round_name, content=content, now=now(),
                request_key=f"import:{channel}:{event.get('ts')}:{shared.get('id')}",
            )  # fmt: skip
        except Exception:  # the transaction rolled back: nothing was written
            logger.exception("an import from a DM failed")
            imported, text = False, ":x: Something went wrong on my side and nothing was imported. Please try again."
        reply(f"{escape(name)}: {text}")
        if imported:  # a coordinator's Home shows the round at a glance
            publish_home(client, uow.sessions, settings, who.team_id, who.user_id, now())


def register(app: App) -> None:
    app.event("message")(on_message)
