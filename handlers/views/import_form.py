"""The import form (`/peer import` typed bare): authorities or an earlier round, its name, and the CSV
in a `file_input`. Its submission calls the same use case as `peerbot import` and a file sent in a DM;
bad rows come back on the file field and nothing is written."""

from __future__ import annotations

import json
import logging

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    RadioButtonsElement,
    SectionBlock,
)
from slack_sdk.models.blocks.block_elements import FileInputElement
from slack_sdk.models.views import View

from bot.rules import limits
from bot.services.access import Actor, require_coordinator
from bot.settings import Settings
from handlers.events.home import publish_home
from handlers.imports import AUTHORITIES, ROUND, run_import
from handlers.listening import Clock
from handlers.mistakes import Mistake
from handlers.mrkdwn import escape
from handlers.slack_files import download, refusal_of
from handlers.views.answering import on_field
from handlers.views.forms import value
from handlers.words.imports import AUTHORITY_HEADER, ROUND_HEADER
from storage.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)

IMPORT_FORM = "import_form"
IMPORT_RESULT = "import_result"
MAX_SECTION = 3000  # Slack's limit for a section's text
MAX_SECTIONS = 20


def import_modal(channel_id: str) -> View:
    kinds = [
        Option(text="Authorities, their DCS and team", value=AUTHORITIES),
        Option(text="An earlier round's triads and dates", value=ROUND),
    ]
    blocks: list[Block] = [
        InputBlock(
            block_id="what",
            label="What is in the file",
            element=RadioButtonsElement(action_id="what", options=kinds, initial_option=kinds[0]),
        ),
        InputBlock(
            block_id="round",
            label="The earlier round's name",
            optional=True,
            hint="Only for a round.",
            element=PlainTextInputElement(action_id="round", placeholder="SE 2018", max_length=limits.ROUND_NAME),
        ),
        InputBlock(
            block_id="file",
            label="CSV file",
            element=FileInputElement(action_id="file", filetypes=["csv", "txt"], max_files=1),
        ),
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=(
                        f"Authorities: columns *{AUTHORITY_HEADER}* (people by Slack user ID or e-mail). "
                        f"A round: *{ROUND_HEADER}*, dates as the round wrote them. All or nothing: "
                        "a bad row is named by "
                        "its line and nothing is imported."
                    )
                )
            ]
        ),
    ]
    return View(type="modal", callback_id=IMPORT_FORM, title="Import from CSV", submit="Import", close="Cancel",
                blocks=blocks, private_metadata=json.dumps({"channel": channel_id}))  # fmt: skip


def result_view(title: str, text: str) -> View:
    """The form once its file is taken: "importing…", then what was imported or every bad row."""
    sections: list[Block] = []
    chunk = ""
    for line in text.splitlines():
        if len(chunk) + len(line) + 1 > MAX_SECTION:
            sections.append(SectionBlock(text=MarkdownTextObject(text=chunk)))
            chunk = ""
        chunk = f"{chunk}\n{line}" if chunk else line[:MAX_SECTION]
    if chunk:
        sections.append(SectionBlock(text=MarkdownTextObject(text=chunk)))
    return View(type="modal", callback_id=IMPORT_RESULT, title=title, close="Close", blocks=sections[:MAX_SECTIONS])


def import_submitted(
    ack: Ack, view: dict, client: WebClient, uow: UnitOfWork, who: Actor, settings: Settings, now: Clock
) -> None:
    kind = value(view, "what", "what") or AUTHORITIES
    round_name = (value(view, "round", "round") or "").strip() or None
    files = value(view, "file", "file")
    if not files:
        raise Mistake("Choose the CSV file to import.", block_id="file")
    if kind == ROUND and not round_name:
        raise Mistake('Give the earlier round\'s name, like "SE 2018".', block_id="round")
    with on_field("file"):
        require_coordinator(who, f"import_{kind}")
    if (why := refusal_of(files[0])) is not None:  # a file kept outside Slack: said on the field
        raise Mistake(why, block_id="file")
    # Fetching the file and asking Slack about each person can take longer than the 3 seconds a
    # submission may wait: the form says it is working, then shows what came of it.
    name = files[0].get("name") or "the file"
    ack(
        response_action="update",
        view=result_view("Import from CSV", f":hourglass_flowing_sand: Importing {escape(name)}…"),
    )
    try:
        _, content = download(
            client, files[0], api_url=settings.slack_api_url, deadline_seconds=settings.slack_file_download_seconds
        )
        imported, text = run_import(
            uow.sessions, settings, client, team_id=who.team_id, user_id=who.user_id, kind=kind,
            round_name=round_name, content=content, now=now(),
        )  # fmt: skip
    except Mistake as exc:
        imported, text = False, f":x: {exc}"
    except Exception:  # the import's transaction rolled back; its outcome is shown in the form, as every other
        logger.exception("an import from the form failed")
        imported, text = False, ":x: Something went wrong on my side and nothing was imported. Please try again."
    if not imported:
        text += "\nCorrect the file and import it again with `/peer import`, or send it to me in a DM."
    in_dm = imported  # what was imported is also kept in the DM; bad rows only in the form
    try:
        client.views_update(view_id=view["id"], view=result_view("Imported" if imported else "Not imported", text))
    except SlackApiError as exc:
        logger.warning("could not show the import's outcome in its form: %s", exc.response.get("error"))
        in_dm = True
    if in_dm:
        try:
            client.chat_postMessage(channel=who.user_id, text=text)
        except SlackApiError:
            logger.exception("could not tell %s what was imported", who.user_id)
    if imported:
        publish_home(client, uow.sessions, settings, who.team_id, who.user_id, now())


def register(app: App) -> None:
    app.view(IMPORT_FORM)(import_submitted)
