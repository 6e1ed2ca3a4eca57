"""The import form (`/peer import` typed bare): authorities or an earlier round, its name, and the CSV
in a `file_input`. Its submission calls the same use case as `peerbot import` and a file sent in a DM;
bad rows come back on the file field and nothing is written."""

from __future__ import annotations

import json
import logging

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    RadioButtonsElement,
)
from slack_sdk.models.blocks.block_elements import FileInputElement
from slack_sdk.models.views import View

from handlers.commands.context import UserError
from handlers.imports import AUTHORITIES, AUTHORITY_HEADER, ROUND, ROUND_HEADER, download, run_import
from handlers.payloads import who_acted

logger = logging.getLogger(__name__)

IMPORT_FORM = "import_form"
MAX_ERROR = 1500  # a modal's field error stays readable


def import_modal(channel_id: str) -> View:
    kinds = [
        Option(text="Authorities, their DCS and team", value=AUTHORITIES),
        Option(text="An earlier round's triads and dates", value=ROUND),
    ]
    blocks: list[Block] = [
        InputBlock(block_id="what", label="What is in the file", element=RadioButtonsElement(
            action_id="what", options=kinds, initial_option=kinds[0])),
        InputBlock(block_id="round", label="The earlier round's name", optional=True, hint="Only for a round.",
                   element=PlainTextInputElement(action_id="round", placeholder="SE 2018", max_length=120)),
        InputBlock(block_id="file", label="CSV file", element=FileInputElement(
            action_id="file", filetypes=["csv", "txt"], max_files=1)),
        ContextBlock(elements=[MarkdownTextObject(text=(
            f"Authorities: columns *{AUTHORITY_HEADER}* (people by Slack user ID or e-mail). "
            f"A round: *{ROUND_HEADER}*, dates as the round wrote them. All or nothing: a bad row is named by "
            "its line and nothing is imported."
        ))]),
    ]  # fmt: skip
    return View(type="modal", callback_id=IMPORT_FORM, title="Import from CSV", submit="Import", close="Cancel",
                blocks=blocks, private_metadata=json.dumps({"channel": channel_id}))  # fmt: skip


def _state(view: dict, block_id: str) -> dict:
    return ((view.get("state") or {}).get("values") or {}).get(block_id, {}).get(block_id) or {}


def register(app: App, deps) -> None:
    sessions, settings, now = deps.sessions, deps.settings, deps.now

    def on_import(ack: Ack, body: dict, view: dict, client: WebClient) -> None:
        team_id, user_id = who_acted(body)
        kind = (_state(view, "what").get("selected_option") or {}).get("value") or AUTHORITIES
        round_name = (_state(view, "round").get("value") or "").strip() or None
        files = _state(view, "file").get("files") or []
        if not files:
            ack(response_action="errors", errors={"file": "Choose the CSV file to import."})
            return
        if kind == ROUND and not round_name:
            ack(response_action="errors", errors={"round": 'Give the earlier round\'s name, like "SE 2018".'})
            return
        try:
            _, content = download(client, files[0].get("id", ""))
        except UserError as exc:
            ack(response_action="errors", errors={"file": str(exc)})
            return
        imported, text = run_import(
            sessions, settings, client, team_id=team_id, user_id=user_id, kind=kind, round_name=round_name,
            content=content, now=now(),
        )  # fmt: skip
        if not imported:
            shown = text.removeprefix(":x: ")
            ack(
                response_action="errors", errors={"file": shown if len(shown) <= MAX_ERROR else shown[:MAX_ERROR] + "…"}
            )
            return
        ack()
        try:
            client.chat_postMessage(channel=user_id, text=text)
        except Exception:
            logger.exception("could not tell %s what was imported", user_id)

    app.view(IMPORT_FORM)(on_import)
