"""The topic vocabulary of a workspace, the topics chosen for lines of enquiry, and the agreed lines the summit groups
by them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.rules.themes import DEFAULT_TOPICS
from bot.rules.themes import Topic as TopicValue
from storage.models import FocusLine, LineTopics, Topic, Triad


def _rows(session: Session, team_id: str) -> list[Topic]:
    return list(session.scalars(select(Topic).where(Topic.team_id == team_id).order_by(Topic.position, Topic.id)))


def vocabulary(session: Session, team_id: str) -> list[TopicValue]:
    """The workspace's topics: its own once edited, else the defaults."""
    rows = _rows(session, team_id)
    if not rows:
        return list(DEFAULT_TOPICS)
    return [TopicValue(r.key, r.label, tuple(r.words)) for r in rows if not r.removed]


def _new_row(team_id: str, topic: TopicValue, position: int, user_id: str) -> Topic:
    return Topic(
        team_id=team_id,
        key=topic.key,
        label=topic.label,
        words=list(topic.words),
        position=position,
        removed=False,
        updated_by=user_id,
    )


def _editable(session: Session, team_id: str, user_id: str) -> list[Topic]:
    """The workspace's rows, the defaults written out first if it never edited them."""
    rows = _rows(session, team_id)
    if rows:
        return rows
    for position, topic in enumerate(DEFAULT_TOPICS):
        row = _new_row(team_id, topic, position, user_id)
        session.add(row)
        rows.append(row)
    session.flush()
    return rows


def save_topic(session: Session, team_id: str, topic: TopicValue, user_id: str) -> bool:
    """Add the topic, or replace the words of the one with its key; True when it is new."""
    rows = _editable(session, team_id, user_id)
    for row in rows:
        if row.key == topic.key:
            is_new = row.removed
            row.label, row.words, row.removed, row.updated_by = topic.label, list(topic.words), False, user_id
            return is_new
    session.add(_new_row(team_id, topic, max((r.position for r in rows), default=-1) + 1, user_id))
    return True


def remove_topic(session: Session, team_id: str, key: str, user_id: str) -> None:
    for row in _editable(session, team_id, user_id):
        if row.key == key:
            row.removed, row.updated_by = True, user_id


def chosen_topics(session: Session, line_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
    """The topics chosen by a triad for these lines (lines with none chosen are absent)."""
    ids = list(line_ids)
    if not ids:
        return {}
    rows = session.scalars(select(LineTopics).where(LineTopics.line_id.in_(ids)))
    return {row.line_id: tuple(row.topics) for row in rows}


def choose_topics(session: Session, line_id: int, keys: Sequence[str] | None, user_id: str) -> None:
    """Record the triad's choice for a line; None goes back to the topics suggested by its words."""
    row = session.scalar(select(LineTopics).where(LineTopics.line_id == line_id))
    if keys is None:
        if row is not None:
            session.delete(row)
        return
    if row is None:
        session.add(LineTopics(line_id=line_id, topics=list(keys), set_by=user_id))
    else:
        row.topics, row.set_by = list(keys), user_id


def agreed_lines_by_round(session: Session, team_id: str, round_ids: Iterable[int]) -> dict[int, list[FocusLine]]:
    """The agreed lines of enquiry of these rounds of the workspace, by round id."""
    ids = list(round_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(Triad.round_id, FocusLine)
        .join(FocusLine, FocusLine.triad_id == Triad.id)
        .where(Triad.team_id == team_id, Triad.round_id.in_(ids), FocusLine.status == "agreed")
        .order_by(Triad.round_id, Triad.number, FocusLine.number)
    )
    out: dict[int, list[FocusLine]] = {}
    for round_id, line in rows:
        out.setdefault(round_id, []).append(line)
    return out
