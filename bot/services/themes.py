"""Use cases of themes: the workspace's topic vocabulary, and the topics of each line of enquiry."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.rules.refusals import Refused
from bot.rules.themes import Topic, check_topic, find_topics, suggest_topics
from bot.services.access import Actor, require_coordinator
from bot.services.focus import LineRefusal
from storage import focus, themes
from storage.models import FocusLine, Triad


def vocabulary(session: Session, team_id: str) -> list[Topic]:
    return themes.vocabulary(session, team_id)


@dataclass(frozen=True)
class TopicSaved:
    topic: Topic
    is_new: bool


def add_topic(session: Session, who: Actor, label: str, words: Iterable[str]) -> TopicSaved:
    require_coordinator(who, "edit_topics")
    topic = check_topic(label, words)
    return TopicSaved(topic, themes.save_topic(session, who.team_id, topic, who.user_id))


def remove_topic(session: Session, who: Actor, label: str) -> Topic:
    require_coordinator(who, "edit_topics")
    topics = vocabulary(session, who.team_id)
    (key,) = find_topics([label], topics)
    themes.remove_topic(session, who.team_id, key, who.user_id)
    return next(t for t in topics if t.key == key)


@dataclass(frozen=True)
class LineThemes:
    line_id: int
    number: int
    text: str
    status: str
    topics: tuple[Topic, ...]
    chosen: bool  # the triad chose them (else suggested from the line's words)


def themes_of(session: Session, team_id: str, lines: Sequence[FocusLine]) -> dict[int, LineThemes]:
    """Each line's topics by line id: the triad's choice where it made one, else suggested from its words."""
    topics = vocabulary(session, team_id)
    by_key = {t.key: t for t in topics}
    chosen = themes.chosen_topics(session, (line.id for line in lines))
    out: dict[int, LineThemes] = {}
    for line in lines:
        keys = chosen.get(line.id)
        picked = keys if keys is not None else suggest_topics(line.text, topics)
        out[line.id] = LineThemes(
            line.id,
            line.number,
            line.text,
            line.status,
            tuple(by_key[k] for k in picked if k in by_key),
            keys is not None,
        )
    return out


def tag_line(session: Session, who: Actor, triad: Triad, number: int, labels: Sequence[str] | None) -> LineThemes:
    """Set a line's topics (``[]``: none; ``None``: back to the suggested ones). ``triad`` comes from
    `access.triad_for`, so only its members and coordinators get here."""
    line = focus.focus_line(session, triad.id, number)
    if line is None or line.status == "withdrawn":
        raise Refused(LineRefusal.NO_SUCH_LINE, number=number)
    keys = None if labels is None else find_topics(labels, vocabulary(session, who.team_id))
    themes.choose_topics(session, line.id, keys, who.user_id)
    session.flush()
    return themes_of(session, who.team_id, [line])[line.id]
