"""Preparing claimed reminders to be posted: the service loads each claimed row's message into plain
values (bot.services.reminder_messages), the injected renderer words it, and the job is ready to post.

The renderer (`Renderer`) is supplied by the composition root (bot.app.reminder_renderer): the
handlers word every message and the clock does not import them. A reminder sent more than
`late_after` after it was due carries `Late` (its due time and time zone); the renderer words the note.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from bot.clock.config import SendConfig
from bot.clock.outcomes import Job, Result, retry_or_give_up
from bot.services.reminder_messages import Late, ReminderMessage, reminder_message
from storage.reminder_claims import claimed_reminders

log = logging.getLogger("peerbot.clock")


@dataclass(frozen=True)
class Renderer:
    """The handlers' words for the clock."""

    message: Callable[[ReminderMessage], tuple[str, list[dict] | None]]  # -> (text, blocks | None)
    undeliverable: Callable[[str, str], str]  # (recipient, Slack's error) -> the DM to each coordinator


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
            late = current - row.due_at > config.late_after
            job = Job(row.id, row.attempts, worker_id, row.team_id, row.recipient, row.due_at, "", None, late, deadline)
            try:
                when = Late(row.due_at, config.default_timezone if zone is None else zone) if late else None
                text, blocks = render.message(reminder_message(session, row, late=when))
            except Exception as exc:  # a bug in rendering must not stop the other reminders
                log.exception("reminder %s: could not build its message", row.id)
                early.append(retry_or_give_up(job, f"render: {exc!r}", config))
                continue
            jobs.append(replace(job, text=text, blocks=blocks))
        session.rollback()
    return jobs, early
