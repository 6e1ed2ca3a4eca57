"""The host's answer to the four-month follow-up: "Arrange a follow-up visit" / "No follow-up needed".

Only the host DCS answers (or a programme coordinator on their behalf); the first answer is
recorded once, even if the button is clicked twice or by two people at the same moment. The
message loses its buttons and shows the answer, and the reminder plan is derived again, so a
host who has answered is not chased.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import ContextBlock, MarkdownTextObject

from bot.rules.refusals import Refused
from bot.services import access
from bot.services import follow_up as follow_up_service
from bot.services.follow_up import FollowUpRefusal
from bot.services.reminder_messages import reminder_message
from handlers.blocks.reminders import (
    ANSWER_BLOCK,
    DECLINE_ACTION,
    QUESTION_BLOCK,
    VISIT_ACTION,
    render,
)
from handlers.payloads import who_acted
from handlers.refusals import word
from handlers.words.follow_up import answer_words
from storage.db import transaction

logger = logging.getLogger(__name__)

ANSWERS = {VISIT_ACTION: "requested", DECLINE_ACTION: "declined"}


@dataclass
class Outcome:
    kind: str  # "recorded" | "already" | "refused" | "missing"
    text: str = ""
    triad_channel: str | None = None
    coordinators: tuple[str, ...] = ()
    host: str | None = None
    others: list[tuple[str | None, str | None, str, list[dict] | None]] = field(
        default_factory=list
    )  # channel, ts, text, blocks


def answer_follow_up(
    body: dict, action: dict, *, sessions, settings, now, container: tuple[str | None, str | None]
) -> Outcome:
    """Record the answer in one transaction; returns what to tell Slack afterwards."""
    team_id, user_id = who_acted(body)
    try:
        triad_id = int(action.get("value") or "")
    except ValueError:
        return Outcome("missing", "I can't tell which triad this follow-up is about; please ask the programme team.")
    with transaction(sessions) as session:
        who = access.actor(session, team_id, user_id, settings.peer_coordinators)
        try:
            answered = follow_up_service.answer_follow_up(session, who, triad_id, ANSWERS[action["action_id"]], now())
        except Refused as exc:
            kinds: dict[object, str] = {
                FollowUpRefusal.ALREADY_ANSWERED: "already",
                FollowUpRefusal.NO_SUCH_TRIAD: "missing",
            }
            return Outcome(kinds.get(exc.code, "refused"), word(exc))
        triad = answered.triad
        others = [
            (r.message_channel, r.message_ts, *render(reminder_message(session, r)))
            for r in answered.posted
            if (r.message_channel, r.message_ts) != container
        ]
        return Outcome(
            "recorded",
            answer_words(triad),
            triad_channel=triad.channel_id,
            coordinators=tuple(sorted(who.coordinators)),
            host=triad.host.dcs_user_id,
            others=others,
        )


def answered_blocks(message_blocks: list[dict], answer: str) -> list[dict]:
    """The message as it was, without the question and its buttons, with the answer below."""
    kept = [
        b
        for b in message_blocks
        if b.get("block_id") not in (ANSWER_BLOCK, QUESTION_BLOCK) and b.get("type") != "actions"
    ]
    return kept + [ContextBlock(elements=[MarkdownTextObject(text=answer)]).to_dict()]


def register(app: App, deps) -> None:
    sessions, settings, now = deps.sessions, deps.settings, deps.now

    def on_answer(ack: Ack, body: dict, action: dict, client: WebClient, respond, logger: logging.Logger) -> None:
        ack()
        user_id = (body.get("user") or {}).get("id", "")
        container_info = body.get("container") or {}
        message = body.get("message") or {}
        channel_id = container_info.get("channel_id") or (body.get("channel") or {}).get("id")
        message_ts = container_info.get("message_ts") or message.get("ts")

        def tell(text: str) -> None:
            try:
                if body.get("response_url"):
                    respond(text=text, response_type="ephemeral", replace_original=False)
                elif channel_id:
                    client.chat_postEphemeral(channel=channel_id, user=user_id, text=text)
            except Exception:
                logger.exception("could not tell %s about the follow-up answer", user_id)

        try:
            outcome = answer_follow_up(
                body, action, sessions=sessions, settings=settings, now=now, container=(channel_id, message_ts)
            )
        except Exception:
            logger.exception("recording the follow-up answer failed")
            tell(":x: Something went wrong on my side and nothing was recorded. Please try the button again.")
            return
        if outcome.kind != "recorded":
            tell(f":information_source: {outcome.text}" if outcome.kind == "already" else f":x: {outcome.text}")
            return

        if channel_id and message_ts and message.get("blocks"):
            try:
                client.chat_update(
                    channel=channel_id,
                    ts=message_ts,
                    text=f"{message.get('text') or 'Four-month follow-up'}\n{outcome.text}"[:3900],
                    blocks=answered_blocks(message["blocks"], outcome.text),
                )
            except SlackApiError as exc:
                logger.warning("could not update the follow-up message: %s", exc.response.get("error"))
                tell(f"Your answer is recorded ({outcome.text}), but I couldn't update the message.")
        else:
            tell(outcome.text)
        for other_channel, other_ts, text, blocks in outcome.others:
            if not (other_channel and other_ts):
                continue
            try:
                client.chat_update(channel=other_channel, ts=other_ts, text=text, blocks=blocks)
            except SlackApiError as exc:
                logger.info("could not update follow-up %s/%s: %s", other_channel, other_ts, exc.response.get("error"))
        if ANSWERS[action["action_id"]] == "requested" and outcome.triad_channel:
            in_thread = channel_id == outcome.triad_channel and message_ts
            team = " ".join(f"<@{c}>" for c in outcome.coordinators) or "Programme team"
            try:
                client.chat_postMessage(
                    channel=outcome.triad_channel,
                    thread_ts=message_ts if in_thread else None,
                    text=f":calendar: A follow-up visit is wanted. {team}, please arrange it with <@{outcome.host}> and the triad.",
                )
            except SlackApiError as exc:
                logger.warning(
                    "could not tell the triad channel about the follow-up visit: %s", exc.response.get("error")
                )

    app.action(VISIT_ACTION)(on_answer)
    app.action(DECLINE_ACTION)(on_answer)
