"""`/peer reviewer add` typed bare: the form, and its submission (the same use case as typing it)."""

from __future__ import annotations

import json
import logging

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import (
    Block,
    InputBlock,
    Option,
    PlainTextInputElement,
    StaticSelectElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot.rules.refusals import Refused
from bot.rules.visiting_team import SENIORITIES, ReviewerRefusal
from bot.services import access
from bot.services import visiting_team as team_service
from bot.services.visiting_team import PoolRefusal
from handlers.payloads import who_acted
from handlers.people import PersonProblem, check_people
from handlers.refusals import plain_word
from handlers.views.forms import MAX_OPTIONS, value
from storage.db import transaction

logger = logging.getLogger(__name__)

REVIEWER_ADD = "reviewer_add_form"
FIELD_OF = {
    ReviewerRefusal.UNKNOWN_SENIORITY: "seniority",
    ReviewerRefusal.EMPTY_EXPERTISE: "expertise",
    ReviewerRefusal.TERM_TOO_LONG: "expertise",
    ReviewerRefusal.TOO_MANY_TERMS: "expertise",
    PoolRefusal.UNKNOWN_AUTHORITY: "authority",
}


def reviewer_add_modal(authorities: list[str], channel_id: str) -> View:
    blocks: list[Block] = [
        InputBlock(block_id="reviewer", label="Reviewer", element=UserSelectElement(action_id="reviewer")),
        InputBlock(
            block_id="authority",
            label="Authority",
            element=StaticSelectElement(
                action_id="authority",
                placeholder="Choose their authority",
                options=[Option(text=n[:75], value=n[:150]) for n in authorities[:MAX_OPTIONS]],
            ),
        ),
        InputBlock(
            block_id="seniority",
            label="Seniority",
            element=StaticSelectElement(
                action_id="seniority", options=[Option(text=s.capitalize(), value=s) for s in SENIORITIES]
            ),
        ),
        InputBlock(
            block_id="expertise",
            label="Expertise",
            element=PlainTextInputElement(action_id="expertise", placeholder="early help, SEND", max_length=500),
            hint="Terms separated by commas; they are matched against the triad's agreed lines of enquiry.",
        ),
    ]
    return View(
        type="modal",
        callback_id=REVIEWER_ADD,
        title="Add a reviewer",
        submit="Add",
        close="Cancel",
        blocks=blocks,
        private_metadata=json.dumps({"channel": channel_id}),
    )


def register(app: App, deps) -> None:
    sessions, settings = deps.sessions, deps.settings

    def on_submit(ack: Ack, body: dict, view: dict, client: WebClient) -> None:
        from handlers.commands.visiting_team import added_text  # the words of a typed `reviewer add`

        team_id, user_id = who_acted(body)
        reviewer = value(view, "reviewer", "reviewer")
        if not reviewer:
            ack(response_action="errors", errors={"reviewer": "Choose the reviewer."})
            return
        try:
            check_people(client, [reviewer], "a reviewer")
        except PersonProblem as exc:
            ack(response_action="errors", errors={"reviewer": str(exc)})
            return
        try:
            with transaction(sessions) as session:
                who = access.actor(session, team_id, user_id, settings.peer_coordinators)
                added = team_service.add_reviewer(
                    session,
                    who,
                    reviewer,
                    value(view, "authority", "authority") or "",
                    value(view, "seniority", "seniority") or "",
                    value(view, "expertise", "expertise") or "",
                )
        except Refused as exc:
            ack(response_action="errors", errors={FIELD_OF.get(exc.code, "reviewer"): plain_word(exc)})
            return
        ack()
        try:
            client.chat_postMessage(channel=user_id, text=added_text(added))
        except SlackApiError as exc:
            logger.warning("could not DM %s: %s", user_id, exc.response.get("error"))

    app.view(REVIEWER_ADD)(on_submit)
