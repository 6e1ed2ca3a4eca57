"""Use cases of the workshop's actions: add one, note progress, mark it done, list a triad's actions.
No Slack here: results are facts, refusals are codes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.rules.actions import LineProblem, is_one_exact_day, line_problem
from bot.rules.dates import FuzzyDate
from bot.rules.limits import Field, check_length
from bot.rules.times import DEFAULT_ZONE_NAME, zone_of
from bot.services.access import Actor
from bot.services.errors import Refused
from bot.services.replan import replan_triad
from storage import actions as actions_store
from storage import focus, triads
from storage.models import Action, ActionNote, FocusLine, Triad


class ActionRefusal(StrEnum):
    DUE_NOT_ONE_DAY = "action_due_not_one_day"  # facts: due (the date as described)
    NO_SUCH_LINE = "action_no_such_line"  # facts: triad, number, lines (current)
    LINE_WITHDRAWN = "action_line_withdrawn"  # facts: number, lines (current)
    NO_SUCH_ACTION = "no_such_action"  # facts: triad, number, numbers (its actions)
    ALREADY_DONE = "action_already_done"  # facts: number


@dataclass(frozen=True)
class Added:
    number: int
    triad_number: int
    text: str
    owner: str
    due: date
    focus_number: int | None
    channel_id: str | None
    owner_outside_triad: bool  # the owner can't see the triad's channel
    due_has_passed: bool  # in the round's time zone
    year: int | None  # the round's


def add_action(
    session: Session,
    who: Actor,
    triad: Triad,
    text: str,
    owner: str,
    due: FuzzyDate,
    focus_number: int | None,
    now: datetime,
    fallback_zone: str = DEFAULT_ZONE_NAME,
) -> Added:
    """Record an action from the workshop, due on one exact day, optionally answering a current line of enquiry."""
    check_length(Field.ACTION, text)
    if not is_one_exact_day(due):
        raise Refused(ActionRefusal.DUE_NOT_ONE_DAY, due=due.describe())
    if focus_number is not None:
        line = focus.focus_line(session, triad.id, focus_number)
        problem = line_problem(line.status if line is not None else None)
        if problem is not None:  # refused, naming the triad's current lines
            lines = [live.number for live in focus.focus_lines(session, triad.id)]
            if problem is LineProblem.MISSING:
                raise Refused(ActionRefusal.NO_SUCH_LINE, triad=triad.number, number=focus_number, lines=lines)
            raise Refused(ActionRefusal.LINE_WITHDRAWN, number=focus_number, lines=lines)
    number = triads.next_number(session, Action, triad.id)
    session.add(
        Action(
            team_id=who.team_id,
            triad_id=triad.id,
            number=number,
            text=text,
            owner_user_id=owner,
            due_text=due.text,
            due_date=due.start,
            focus_number=focus_number,
            status="open",
            created_by=who.user_id,
            created_at=now,
        )
    )
    session.flush()
    replan_triad(session, triad, who.coordinators, now)
    today = now.astimezone(zone_of(triad.round.timezone, fallback_zone)).date()
    return Added(
        number=number,
        triad_number=triad.number,
        text=text,
        owner=owner,
        due=due.start,
        focus_number=focus_number,
        channel_id=triad.channel_id,
        owner_outside_triad=not who.people(triad).can_access(owner),
        due_has_passed=due.start < today,
        year=triad.round.year,
    )


def _action(session: Session, who: Actor, triad: Triad, number: int) -> Action:
    action = actions_store.triad_action(session, who.team_id, triad.id, number)
    if action is None:
        numbers = [a.number for a in actions_store.triad_actions(session, who.team_id, triad.id)]
        raise Refused(ActionRefusal.NO_SUCH_ACTION, triad=triad.number, number=number, numbers=numbers)
    return action


@dataclass(frozen=True)
class Noted:
    number: int
    triad_number: int
    owner: str


def note_progress(session: Session, who: Actor, triad: Triad, number: int, note: str, now: datetime) -> Noted:
    """A progress note on an action; it changes no reminder."""
    check_length(Field.PROGRESS_NOTE, note)
    action = _action(session, who, triad, number)
    action.notes.append(ActionNote(text=note, author=who.user_id, created_at=now))
    return Noted(number, triad.number, action.owner_user_id)


def open_action(session: Session, who: Actor, triad: Triad, number: int) -> Action:
    """An action still open (a button on a done action is stale)."""
    action = _action(session, who, triad, number)
    if action.status == "done":
        raise Refused(ActionRefusal.ALREADY_DONE, number=number)
    return action


@dataclass(frozen=True)
class Done:
    number: int
    text: str
    owner: str
    channel_id: str | None


def mark_done(session: Session, who: Actor, triad: Triad, number: int, now: datetime) -> Done:
    """Mark an action done; its reminder is cancelled by the re-plan."""
    action = _action(session, who, triad, number)
    if action.status == "done":
        raise Refused(ActionRefusal.ALREADY_DONE, number=number)
    action.status = "done"
    action.done_at = now
    session.flush()
    replan_triad(session, triad, who.coordinators, now)
    return Done(number, action.text, action.owner_user_id, triad.channel_id)


@dataclass(frozen=True)
class Actions:
    triad_number: int
    actions: list[Action]  # by number, each with its notes
    lines: dict[int, FocusLine]  # every line of enquiry by number, withdrawn ones too
    zone: ZoneInfo  # the round's
    today: date  # in the round's zone
    open_count: int = 0  # of all the triad's actions, not only those listed
    total: int = 0
    year: int | None = None  # the round's


# A list shows the first actions by number; the counts are of them all. Keeps the reply (and its
# query) the same size however many actions a triad has recorded over the years.
MAX_LISTED = 100


def actions_of(
    session: Session, who: Actor, triad: Triad, now: datetime, fallback_zone: str = DEFAULT_ZONE_NAME
) -> Actions:
    actions = actions_store.triad_actions(session, who.team_id, triad.id, limit=MAX_LISTED)
    zone = zone_of(triad.round.timezone, fallback_zone)
    lines = {} if not actions else {
        line.number: line for line in focus.focus_lines(session, triad.id, include_withdrawn=True)
    }  # fmt: skip
    if len(actions) < MAX_LISTED:
        open_count, total = sum(1 for a in actions if a.status == "open"), len(actions)
    else:
        open_count, total = actions_store.action_counts(session, who.team_id, triad.id)
    today = now.astimezone(zone).date()
    return Actions(triad.number, actions, lines, zone, today, open_count, total, triad.round.year)
