"""Preparing claimed reminders to be posted: load the rows, render each with the injected
renderer, and put a late note on those sent more than `late_after` after they were due.

The renderer (`Renderer`: ``render(session, reminder) -> (text, blocks | None)``) is supplied
by the composition root (bot.app.reminder_renderer): the clock does not import the handlers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TypeAlias
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import ContextBlock, MarkdownTextObject
from sqlalchemy.orm import Session, sessionmaker

from bot.clock.config import SendConfig
from bot.clock.outcomes import Job, Result, retry_or_give_up
from storage.models import Reminder
from storage.reminder_claims import claimed_reminders

log = logging.getLogger("peerbot.clock")

Renderer: TypeAlias = Callable[[Session, Reminder], tuple[str, list[dict] | None]]


def late_note(due_at: datetime, tz_name: str) -> str:
    local = due_at.astimezone(ZoneInfo(tz_name))
    when = f"{local:%a} {local.day} {local:%b %Y}, {local:%H:%M}"
    return f":hourglass: _Sent late — this reminder was due {when} ({tz_name} time) but could not be sent then._"


def with_late_note(text: str, blocks: list[dict] | None, note: str) -> tuple[str, list[dict] | None]:
    """The note above the text, and as a context block above the blocks (Slack allows 50)."""
    if blocks is not None:
        context = ContextBlock(elements=[MarkdownTextObject(text=note)]).to_dict()
        blocks = [context, *blocks][:50]
    return f"{note}\n{text}", blocks


def prepare(
    sessions: sessionmaker[Session],
    ids: list[int],
    *,
    current: datetime,
    worker_id: str,
    config: SendConfig,
    render: Renderer,
    deadline: float,
) -> tuple[list[Job], list[Result]]:
    """Load and render the claimed rows (at sending time, in this thread: the session is not
    shared). Returns the jobs to post, and the results of those that could not be rendered."""
    jobs, early = [], []
    with sessions() as session:
        for row, zone in claimed_reminders(session, ids):
            job = Job(
                row.id,
                row.attempts,
                worker_id,
                row.team_id,
                row.recipient,
                row.due_at,
                "",
                None,
                current - row.due_at > config.late_after,
                deadline,
            )
            try:
                text, blocks = render(session, row)
                if job.late:
                    tz_name = config.default_timezone if zone is None else zone
                    text, blocks = with_late_note(text, blocks, late_note(row.due_at, tz_name))
            except Exception as exc:  # a bug in rendering must not stop the other reminders
                log.exception("reminder %s: could not build its message", row.id)
                early.append(retry_or_give_up(job, f"render: {exc!r}", config))
                continue
            jobs.append(replace(job, text=text, blocks=blocks))
        session.rollback()
    return jobs, early
