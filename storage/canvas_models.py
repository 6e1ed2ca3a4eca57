"""The channel canvases the app keeps (issue 20): each triad's (and each round's) canvas id and whether it
is behind the database.

`wanted` counts the changes to a triad's record (storage.canvases marks them as they are flushed);
`built` is the `wanted` the canvas last showed. A canvas is dirty while `built < wanted`; the clock
rebuilds it from the database, so a failed edit is simply tried again and the canvas converges.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.rules.times import utcnow
from storage.models import Base, UTCDateTime


class ChannelCanvas(Base):
    """A canvas the app keeps: a triad's, in its channel (`triad_id`), or the coordinator's round canvas
    (`round_id`), in the programme channel the coordinator chose (`channel_id`)."""

    __tablename__ = "channel_canvases"
    __table_args__ = (
        UniqueConstraint("triad_id"),
        UniqueConstraint("round_id"),
        Index("ix_channel_canvases_dirty", "team_id", "built", "wanted"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    triad_id: Mapped[int | None] = mapped_column(ForeignKey("triads.id", ondelete="CASCADE"))
    round_id: Mapped[int | None] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    channel_id: Mapped[str | None] = mapped_column(String(32))  # a round canvas's channel (a triad's is its own)
    canvas_id: Mapped[str | None] = mapped_column(String(32))
    wanted: Mapped[int] = mapped_column(Integer, default=1)
    built: Mapped[int] = mapped_column(Integer, default=0)
    # the first change the canvas does not show yet (how long a change waits: benchmarks/canvas_updates.py)
    dirty_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    not_before: Mapped[datetime | None] = mapped_column(UTCDateTime())  # a failed edit waits before the next try
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(String(64))
    built_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class CanvasUnavailable(Base):
    """A workspace that cannot have channel canvases (its plan, its admins, or the app's scopes);
    its coordinators are told once (`told_at`)."""

    __tablename__ = "canvas_unavailable"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    error: Mapped[str] = mapped_column(String(64))
    told_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class DocumentPost(Base):
    """A document posted with a reminder (the day-2 presentation with the fieldwork agenda, the report
    skeleton with the report-due reminder, the follow-up review with the follow-up): one per reminder,
    the row taken before the upload so that two clocks never post it twice."""

    __tablename__ = "document_posts"
    __table_args__ = (UniqueConstraint("reminder_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    reminder_id: Mapped[int] = mapped_column(ForeignKey("reminders.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # presentation | report | follow_up | none
    status: Mapped[str] = mapped_column(String(20))  # posting | posted | failed | not_wanted
    file_id: Mapped[str | None] = mapped_column(String(32))
    error: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
