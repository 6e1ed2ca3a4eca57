"""The host's answer to the four-month follow-up: "Arrange a follow-up visit" / "No follow-up needed".

Only the host DCS answers (or a programme coordinator on their behalf); the first answer is
recorded once, even if the button is clicked twice or by two people at the same moment. The
message loses its buttons and shows the answer, and the reminder plan is derived again, so a
host who has answered is not chased.
"""

from __future__ import annotations

import logging

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import ContextBlock, MarkdownTextObject

from bot.services import follow_up as follow_up_service
from bot.services.access import Actor
from bot.services.reminder_messages import reminder_message
from handlers.blocks.reminders import (
    ANSWER_BLOCK,
    DECLINE_ACTION,
    QUESTION_BLOCK,
    VISIT_ACTION,
    render,
)
from handlers.effects import Tell
from handlers.effects.clicked import ClickedMessage
from handlers.listening import Clock
from handlers.mistakes import Mistake
from handlers.payloads import button_id
from handlers.words.follow_up import answer_words
from storage.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)

ANSWERS = {VISIT_ACTION: "requested", DECLINE_ACTION: "declined"}


def answered_blocks(message_blocks: list[dict], answer: str) -> list[dict]:
    """The message as it was, without the question and its buttons, with the answer below."""
    kept = [
        b
        for b in message_blocks
        if b.get("block_id") not in (ANSWER_BLOCK, QUESTION_BLOCK) and b.get("type") != "actions"
    ]
    return kept + [ContextBlock(elements=[MarkdownTextObject(text=answer)]).to_dict()]


def follow_up_answered(
    ack: Ack, body: dict, action: dict, client: WebClient, uow: UnitOfWork, who: Actor, tell: Tell, now: Clock
) -> None:
    """Record the answer; then the clicked message shows it, as do the other follow-up messages posted."""
    ack()
    triad_id = button_id(action.get("value"))
    if triad_id is None:
        raise Mistake("I can't tell which triad this follow-up is about; please ask the programme team.")
    clicked = ClickedMessage.of(body)
    answer = ANSWERS[action["action_id"]]
    answered = follow_up_service.answer_follow_up(uow.session, who, triad_id, answer, now())
    triad = answered.triad
    said, triad_channel, host = answer_words(triad), triad.channel_id, triad.host.dcs_user_id
    others = [
        (r.message_channel, r.message_ts, *render(reminder_message(uow.session, r)))
        for r in answered.posted
        if r.message_channel and r.message_ts and (r.message_channel, r.message_ts) != (clicked.channel, clicked.ts)
    ]
    uow.commit()  # recorded before it is shown
    if clicked.channel and clicked.ts and clicked.blocks:
        try:
            client.chat_update(
                channel=clicked.channel,
                ts=clicked.ts,
                text=f"{clicked.text or 'Four-month follow-up'}\n{said}"[:3900],
                blocks=answered_blocks(list(clicked.blocks), said),
            )
        except SlackApiError as exc:
            logger.warning("could not update the follow-up message: %s", exc.response.get("error"))
            tell(f"Your answer is recorded ({said}), but I couldn't update the message.")
    else:
        tell(said)
    for channel, ts, text, blocks in others:
        try:
            client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)
        except SlackApiError as exc:
            logger.info("could not update follow-up %s/%s: %s", channel, ts, exc.response.get("error"))
    if answer == "requested" and triad_channel:
        in_thread = clicked.channel == triad_channel and clicked.ts
        team = " ".join(f"<@{c}>" for c in sorted(who.coordinators)) or "Programme team"
        try:
            client.chat_postMessage(
                channel=triad_channel,
                thread_ts=clicked.ts if in_thread else None,
                text=f":calendar: A follow-up visit is wanted. {team}, please arrange it with <@{host}> and the triad.",
            )
        except SlackApiError as exc:
            logger.warning("could not tell the triad channel about the follow-up visit: %s", exc.response.get("error"))


def register(app: App) -> None:
    app.action(VISIT_ACTION)(follow_up_answered)
    app.action(DECLINE_ACTION)(follow_up_answered)
