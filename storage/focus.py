"""A triad's lines of enquiry and their agreement."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.engine import CursorResult, Row
from sqlalchemy.orm import Session

from storage.models import Action, FocusLine, Interview

_ALL_LINES = select(FocusLine).where(FocusLine.triad_id == bindparam("triad_id")).order_by(FocusLine.number)
_LIVE_LINES = _ALL_LINES.where(FocusLine.status != "withdrawn")


def focus_lines(session: Session, triad_id: int, include_withdrawn: bool = False) -> list[FocusLine]:
    return list(session.scalars(_ALL_LINES if include_withdrawn else _LIVE_LINES, {"triad_id": triad_id}))


def focus_line(session: Session, triad_id: int, number: int, *, for_update: bool = False) -> FocusLine | None:
    query = select(FocusLine).where(FocusLine.triad_id == triad_id, FocusLine.number == number)
    if for_update:  # two DCSs agreeing at the same moment must see each other's agreement
        query = query.with_for_update().execution_options(populate_existing=True)
    return session.scalar(query)


def agreed_lines(session: Session, triad_id: int) -> list[FocusLine]:
    return [line for line in focus_lines(session, triad_id) if line.status == "agreed"]


_FIELDWORK_COUNTS = select(
    select(func.count()).select_from(Interview).where(Interview.triad_id == bindparam("triad_id")).scalar_subquery(),
    select(func.count())
    .select_from(Action)
    .where(Action.triad_id == bindparam("triad_id"), Action.status == "open")
    .scalar_subquery(),
)


def fieldwork_counts(session: Session, triad_id: int) -> tuple[int, int]:
    """(interviews planned, open actions) in one round trip."""
    row = session.execute(_FIELDWORK_COUNTS, {"triad_id": triad_id}).one()
    return row[0], row[1]


_LINE_COLUMNS = (
    FocusLine.number, FocusLine.text, FocusLine.status, FocusLine.host_agreed_by, FocusLine.visitor_agreed_by,
)  # fmt: skip
_LINES_WITH_COUNTS = (
    select(*_LINE_COLUMNS, *_FIELDWORK_COUNTS.selected_columns)
    .where(FocusLine.triad_id == bindparam("triad_id"), FocusLine.status != "withdrawn")
    .order_by(FocusLine.number)
)


def lines_and_fieldwork_counts(session: Session, triad_id: int) -> tuple[list[Row[Any]], int, int]:
    """The live lines of enquiry as rows (number, text, status, host_agreed_by, visitor_agreed_by) with
    (interviews planned, open actions): one statement when there are lines."""
    rows = session.execute(_LINES_WITH_COUNTS, {"triad_id": triad_id}).all()
    if not rows:
        return [], *fieldwork_counts(session, triad_id)
    return list(rows), rows[0][-2], rows[0][-1]


def set_line_agreement(
    session: Session, line: FocusLine, seen: tuple[str, str | None, str | None], new: tuple[str, str | None, str | None]
) -> bool:
    """Move the line from the agreement ``seen`` (status, host, visitor) to ``new``, unless it changed meanwhile.

    The check is in the UPDATE itself, so it holds on SQLite too, where nothing locks the row
    between reading it and writing it; False means someone else's click landed first.
    """
    status, host, visitor = seen
    result = session.execute(
        update(FocusLine)
        .where(
            FocusLine.id == line.id,
            FocusLine.status == status,
            FocusLine.host_agreed_by.is_(None) if host is None else FocusLine.host_agreed_by == host,
            FocusLine.visitor_agreed_by.is_(None) if visitor is None else FocusLine.visitor_agreed_by == visitor,
        )
        .values(status=new[0], host_agreed_by=new[1], visitor_agreed_by=new[2])
        .execution_options(synchronize_session=False)
    )
    session.refresh(line)
    return cast(CursorResult, result).rowcount > 0
