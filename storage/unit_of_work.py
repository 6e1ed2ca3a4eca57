"""One Slack request's unit of work: one session, opened when first needed, committed once."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storage.db import transaction
from storage.models import ProcessedRequest

logger = logging.getLogger(__name__)


def reply_to_seen(session: Session, team_id: str, request_key: str) -> str | None:
    """The reply given when this request was first applied, or None if it is new."""
    seen = session.scalar(
        select(ProcessedRequest).where(ProcessedRequest.team_id == team_id, ProcessedRequest.request_key == request_key)
    )
    if seen is None:
        return None
    return seen.reply or "That request was already handled."


def remember(session: Session, team_id: str, request_key: str, reply: str) -> None:
    """Recorded in the request's own transaction: a retry racing it fails on the unique key."""
    session.add(ProcessedRequest(team_id=team_id, request_key=request_key, reply=reply))


class UnitOfWork:
    """The request's database work. The listening middleware makes one per request; the listener's
    end commits it (or a failure rolls it back); work after the ack continues in the same session."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions  # for work that must outlive the request (a thread of its own)
        self._session: Session | None = None
        self._lock = threading.Lock()
        self.handed_off = False  # a listener took it: the listener's end closes it
        self.closed = False
        self.failed = False  # the listener failed: its work is rolled back, nothing is committed
        self.inline = False  # its listener runs in the request's thread: `later` is handed to another
        self.later: list[Callable[[], object]] = []  # slow or external work after the ack, in order

    def run_later(self) -> None:
        """The work after the ack, each committed on its own: one failing loses only itself."""
        for work in self.later:
            try:
                work()
                self.commit()
            except Exception:
                self.rollback()
                logger.exception("work after the acknowledgement failed")

    # A unit of work of its own, for work after the ack or in a thread: `with UnitOfWork.separate(sessions) as
    # session:` commits on success and rolls everything back on any error.
    separate = staticmethod(transaction)

    def fail(self) -> None:
        self.failed = True
        self.rollback()

    @property
    def session(self) -> Session:
        with self._lock:
            if self.closed:
                raise RuntimeError("this request's unit of work is closed")
            if self._session is None:
                self._session = self.sessions()
            return self._session

    def commit(self) -> None:
        if self._session is not None and self._session.in_transaction():
            self._session.commit()

    def rollback(self) -> None:
        if self._session is not None:
            self._session.rollback()

    def close(self, *, commit: bool) -> None:
        """Commit (or roll back) and release the connection; safe to call twice."""
        with self._lock:
            session, self._session, self.closed = self._session, None, True
        if session is None:
            return
        try:
            if commit and session.in_transaction():
                session.commit()
        finally:
            session.close()  # rolls back whatever was not committed

    # A request Slack sends again (a retry, a double click) gets the first reply, not a second change.
    def earlier_reply(self, team_id: str, request_key: str | None) -> str | None:
        return reply_to_seen(self.session, team_id, request_key) if request_key else None

    def remember_reply(self, team_id: str, request_key: str | None, reply: str) -> None:
        if request_key:
            remember(self.session, team_id, request_key, reply)
