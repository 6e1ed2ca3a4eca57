"""The themes' forms: add a topic to the vocabulary (coordinators), and choose a line's themes (the triad).

`/peer topics add` and `/peer focus tag` typed bare (or `/peer focus tag 2`) open them; a submission
calls the same service as the typed command, and a mistake comes back on its field.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.models.blocks import (
    Block,
    InputBlock,
    Option,
    PlainTextInputElement,
    StaticMultiSelectElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.rules.themes import LABEL_LIMIT, WORD_LIMIT, WORDS_PER_TOPIC_LIMIT, ThemeRefusal, Topic
from bot.services import access
from bot.services import themes as theme_service
from bot.services.access import Actor
from bot.services.themes import LineThemes
from handlers.mistakes import Mistake
from handlers.mrkdwn import escape
from handlers.views.answering import on_field
from handlers.views.forms import MAX_OPTIONS, _modal, metadata, value
from storage.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)

TOPIC_ADD = "topic_add_form"
LINE_TOPICS = "line_topics_form"
WORD_FIELDS = (ThemeRefusal.NO_WORDS, ThemeRefusal.WORD_TOO_LONG, ThemeRefusal.TOO_MANY_WORDS)


# Room for the most words a topic may have, each at its longest, with ", " between them.
WORDS_MAX_LENGTH = min(3000, WORDS_PER_TOPIC_LIMIT * (WORD_LIMIT + 2))


def topic_add_modal(channel_id: str) -> View:
    blocks: list[Block] = [
        InputBlock(
            block_id="label",
            label="Theme",
            element=PlainTextInputElement(action_id="label", placeholder="Youth justice", max_length=LABEL_LIMIT),
        ),
        InputBlock(
            block_id="words",
            label="Words that mark a line as about it",
            hint="Comma-separated. A word in capitals (YOT, SEND) only matches in capitals.",
            element=PlainTextInputElement(
                action_id="words", multiline=True, placeholder="youth offending, YOT", max_length=WORDS_MAX_LENGTH
            ),
        ),
    ]
    return _modal(TOPIC_ADD, "Add a theme", "Save", blocks, {"channel": channel_id})


def _topic_option(topic: Topic) -> Option:
    return Option(text=topic.label[:75], value=topic.key)


def line_topics_modal(
    triad_id: int,
    triad_number: int,
    lines: Sequence[LineThemes],
    topics: Sequence[Topic],
    chosen_line: int | None,
    channel_id: str,
) -> View:
    line_options = [Option(text=f"{line.number}. {line.text}"[:75], value=str(line.number)) for line in lines][
        :MAX_OPTIONS
    ]
    picked = next((line for line in lines if line.number == chosen_line), None)
    initial_line = next((o for o in line_options if picked and o.value == str(picked.number)), None)
    topic_options = [_topic_option(t) for t in topics][:MAX_OPTIONS]
    initial_topics = [_topic_option(t) for t in picked.topics] if picked and picked.topics else None
    blocks: list[Block] = [
        InputBlock(
            block_id="line",
            label="Line of enquiry",
            element=StaticSelectElement(action_id="line", options=line_options, initial_option=initial_line),
        ),
        InputBlock(
            block_id="topics",
            label="Its themes",
            hint="Leave empty for no theme.",
            optional=True,
            element=StaticMultiSelectElement(action_id="topics", options=topic_options, initial_options=initial_topics),
        ),
    ]
    return _modal(
        LINE_TOPICS, f"Triad {triad_number}: themes", "Save", blocks, {"triad_id": triad_id, "channel": channel_id}
    )


def tell(client: WebClient, channel: str, user_id: str, text: str) -> None:
    """After the form closed: ephemeral where the form was opened, else in the person's DM; never raises."""
    try:
        client.chat_postEphemeral(channel=channel or user_id, user=user_id, text=text)
    except Exception:
        try:
            client.chat_postMessage(channel=user_id, text=text)
        except Exception:
            logger.exception("could not answer a form")


def topic_submitted(ack: Ack, view: dict, client: WebClient, uow: UnitOfWork, who: Actor) -> None:
    label = value(view, "label", "label") or ""
    words = [w.strip() for w in (value(view, "words", "words") or "").replace(";", ",").replace("\n", ",").split(",")]
    with on_field(lambda error: "words" if getattr(error, "code", None) in WORD_FIELDS else "label"):
        saved = theme_service.add_topic(uow.session, who, label, words)
    ack()
    verb = "added" if saved.is_new else "updated"
    tell(
        client,
        metadata(view).get("channel", ""),
        who.user_id,
        f':white_check_mark: Theme "{escape(saved.topic.label)}" {verb}: {escape(", ".join(saved.topic.words))}.',
    )


def line_topics_submitted(ack: Ack, view: dict, client: WebClient, uow: UnitOfWork, who: Actor) -> None:
    meta = metadata(view)
    number = value(view, "line", "line")
    if not isinstance(meta.get("triad_id"), int) or not (number or "").isdigit():
        raise Mistake("Choose the line of enquiry.", block_id="line")
    with on_field(lambda error: "topics" if getattr(error, "code", None) == ThemeRefusal.UNKNOWN_TOPIC else "line"):
        triad = access.triad_by_id(uow.session, who, meta["triad_id"])
        tagged = theme_service.tag_line(uow.session, who, triad, int(number), value(view, "topics", "topics") or [])
    ack()
    said = ", ".join(escape(t.label) for t in tagged.topics) or "no theme"
    tell(
        client,
        meta.get("channel", ""),
        who.user_id,
        f":label: Line {tagged.number} is now tagged {said} (as you chose).",
    )


def register(app: App) -> None:
    app.view(TOPIC_ADD)(topic_submitted)
    app.view(LINE_TOPICS)(line_topics_submitted)
