"""`/peer reviewer add` typed bare: the form, and its submission (the same use case as typing it)."""

from __future__ import annotations

import json
import logging

from slack_bolt import Ack, App
from slack_sdk import WebClient
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
from bot.services import visiting_team as team_service
from bot.services.access import Actor
from bot.services.visiting_team import PoolRefusal
from handlers.effects import Tell
from handlers.mistakes import Mistake
from handlers.people import check_people
from handlers.views.answering import on_field
from handlers.views.forms import MAX_OPTIONS, value
from storage.unit_of_work import UnitOfWork

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


def reviewer_submitted(ack: Ack, view: dict, client: WebClient, uow: UnitOfWork, who: Actor, tell: Tell) -> None:
    from handlers.commands.visiting_team import added_text  # the words of a typed `reviewer add`

    reviewer = value(view, "reviewer", "reviewer")
    if not reviewer:
        raise Mistake("Choose the reviewer.", block_id="reviewer")
    check_people(client, [reviewer], "a reviewer")  # a person who can't be named: on the reviewer field
    with on_field(_field_of):
        added = team_service.add_reviewer(
            uow.session,
            who,
            reviewer,
            value(view, "authority", "authority") or "",
            value(view, "seniority", "seniority") or "",
            value(view, "expertise", "expertise") or "",
        )
    ack()
    tell(added_text(added))


def _field_of(error: Exception) -> str:
    return (isinstance(error, Refused) and FIELD_OF.get(error.code)) or "reviewer"


def register(app: App) -> None:
    app.view(REVIEWER_ADD)(reviewer_submitted)
