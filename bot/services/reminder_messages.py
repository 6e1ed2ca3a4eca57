"""Everything a reminder's message needs, loaded into plain values (`ReminderMessage`).

The handlers' renderer (``handlers.blocks.reminders.render(message)``) is pure: it words these
values and queries nothing. The clock loads each claimed reminder with `reminder_message`, renders
it, and posts it; the follow-up's button handler does the same for the messages it updates.

A planned reminder carries its facts (``bot.rules.reminder_facts``); a custom one, or one planned
before reminders carried facts, its stored text. The four-month follow-up also needs its triad's
answer so far and its actions with their latest progress (`FollowUpState`), read at sending time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from bot.rules.reminder_facts import REMINDER_FACTS, ReminderFacts, ReminderKind
from storage import reminders
from storage.models import Action, Reminder, Triad

__all__ = ["ActionLine", "FollowUpState", "Late", "ReminderMessage", "follow_up_action", "reminder_message"]


@dataclass(frozen=True)
class ActionLine:
    """One of the triad's actions, as the follow-up lists it."""

    number: int
    text: str
    owner: str
    due_text: str | None
    done: bool
    latest_note: str | None = None  # the latest progress note's text, as typed
    latest_note_at: datetime | None = None  # aware, UTC
    due: date | None = None  # the due day, when it is one exact day


@dataclass(frozen=True)
class FollowUpState:
    """The triad of a four-month follow-up, as its message shows it at sending time."""

    triad_id: int
    host_dcs: str
    host_name: str
    timezone: str  # the round's, for dates of progress notes
    status: str | None  # the host's answer so far: "requested", "declined" or None
    answered_by: str | None
    actions: tuple[ActionLine, ...] = ()
    year: int | None = None  # the round's: a due day in it is said without its year


@dataclass(frozen=True)
class Late:
    """A reminder sent after its time: when it was due, and the time zone to say it in."""

    due_at: datetime
    timezone: str


@dataclass(frozen=True)
class ReminderMessage:
    """What the renderer needs to word one reminder's message."""

    kind: str  # a `ReminderKind`, or "custom"
    key: str
    text: str  # the stored text: said by a custom reminder, or one without facts
    facts: ReminderFacts | None = None
    triad_id: int | None = None
    follow_up: FollowUpState | None = None  # a follow-up whose triad is still there
    late: Late | None = None

    @property
    def chase(self) -> bool:
        """The single nudge to the host DCS after the follow-up (not the follow-up itself)."""
        return self.key.startswith("follow_up:chase")


def follow_up_action(action: Action) -> ActionLine:
    latest = action.notes[-1] if action.notes else None
    return ActionLine(
        number=action.number,
        text=action.text,
        owner=action.owner_user_id,
        due_text=action.due_text,
        done=action.status == "done",
        latest_note=latest.text if latest is not None else None,
        latest_note_at=latest.created_at if latest is not None else None,
        due=action.due_date,
    )


def _follow_up_state(session: Session, triad: Triad) -> FollowUpState:
    actions = reminders.triad_actions(session, triad.id)
    return FollowUpState(
        triad_id=triad.id,
        host_dcs=triad.host.dcs_user_id,
        host_name=triad.host.name,
        timezone=triad.round.timezone,
        status=triad.follow_up_status,
        answered_by=triad.follow_up_answered_by,
        actions=tuple(follow_up_action(a) for a in actions),
        year=triad.round.year,
    )


def reminder_message(session: Session, reminder: Reminder, *, late: Late | None = None) -> ReminderMessage:
    """The reminder's message as plain values; `late` when it goes out after its time."""
    follow_up = None
    if reminder.kind == ReminderKind.FOLLOW_UP:
        triad = reminders.reminder_triad(session, reminder)
        follow_up = _follow_up_state(session, triad) if triad is not None else None
    return ReminderMessage(
        kind=reminder.kind,
        key=reminder.key,
        text=reminder.text,
        facts=REMINDER_FACTS.validate_python(reminder.facts) if reminder.facts else None,
        triad_id=reminder.triad_id,
        follow_up=follow_up,
        late=late,
    )
