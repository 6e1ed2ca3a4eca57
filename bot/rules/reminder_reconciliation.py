"""Reconciling a triad's reminder plan with the reminders it already has (SPEC, "Timed reminders").

Plain Python: no Slack, no database. The caller hands in the plan
(``bot.rules.reminder_plan.plan_reminders``), the triad's existing planned reminders as plain
values (``ExistingReminder``; custom reminders are not part of the plan and are ignored) and
the time now, and gets back the changes to make (``Changes``). Matching is by key:

* a planned key with no reminder yet: inserted ``pending``, or ``skipped`` if its time has
  already passed (SPEC: a reminder that was already late when planned is never sent);
* a planned key with a ``pending`` reminder: the reminder takes the plan (time, recipient,
  facts); if its time moved into the past it is ``skipped``. A pending reminder whose time did
  not change stays pending even when overdue: it was waiting while the app was down, and the
  clock sends it late;
* a ``cancelled`` or ``skipped`` reminder whose key is planned again in the future: it takes
  the plan and is ``pending`` again, its last error and claim cleared (``reopen``);
* a ``sent`` (or ``late``) reminder whose event moved by ``EVENT_MOVED`` or more, to a time
  still ahead: the sent reminder keeps its history under an archived key and the reminder is
  inserted again for the new time;
* a ``pending`` reminder whose key is no longer planned: ``cancelled``;
* reminders being sent, failed ones, sent ones whose time stayed (or moved less than a day)
  and cancelled or skipped ones planned in the past: left as they are.

A reminder that already matches the plan gives no change, so reconciling twice in a row
gives nothing to do the second time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.rules.reminder_facts import ReminderFacts
from bot.rules.reminder_plan import PlannedReminder

__all__ = [
    "EVENT_MOVED",
    "Archive",
    "Changes",
    "ExistingReminder",
    "Insert",
    "Update",
    "archived_key",
    "reconcile",
]

PENDING, SENDING, SENT, LATE = "pending", "sending", "sent", "late"
CANCELLED, SKIPPED, FAILED = "cancelled", "skipped", "failed"
CUSTOM = "custom"  # a reminder someone set with /peer remind: not the plan's

EVENT_MOVED = timedelta(days=1)  # a sent reminder is planned again only when its date moved this much


@dataclass(frozen=True)
class ExistingReminder:
    """A reminder the triad already has, as the reconciliation needs it."""

    id: int
    key: str
    kind: str
    recipient: str
    due_at: datetime  # aware
    status: str  # pending | sending | sent | late | cancelled | skipped | failed
    facts: ReminderFacts | None  # None: planned before reminders carried facts (its words are its text)

    def matches(self, planned: PlannedReminder) -> bool:
        """True when the reminder already says and does what the plan says."""
        return (self.kind, self.recipient, self.due_at, self.facts) == (
            planned.kind, planned.recipient, planned.due_at, planned.facts
        )  # fmt: skip


@dataclass(frozen=True)
class Insert:
    """A new reminder for the plan's ``planned``, with this status (pending or skipped)."""

    planned: PlannedReminder
    status: str


@dataclass(frozen=True)
class Update:
    """Reminder ``id`` takes ``planned`` (time, recipient, kind, facts) and ``status``;
    ``reopen``: its last error and claim are cleared (it is pending again)."""

    id: int
    planned: PlannedReminder
    status: str
    reopen: bool = False


@dataclass(frozen=True)
class Archive:
    """Reminder ``id`` (already sent) keeps its history under ``key``, freeing its own key."""

    id: int
    key: str


@dataclass(frozen=True)
class Changes:
    """What to do, in this order: archive, then update, cancel and insert."""

    archive: tuple[Archive, ...] = ()
    update: tuple[Update, ...] = ()
    cancel: tuple[int, ...] = ()  # ids of pending reminders whose keys left the plan
    insert: tuple[Insert, ...] = ()  # in plan order

    def __bool__(self) -> bool:
        return bool(self.archive or self.update or self.cancel or self.insert)


def archived_key(key: str, reminder_id: int) -> str:
    """The key a sent reminder keeps when its reminder is planned again: ``pre_visit:U1#sent-42``."""
    return f"{key}#sent-{reminder_id}"


def _moved(planned: PlannedReminder, row: ExistingReminder) -> bool:
    return abs(planned.due_at - row.due_at) >= EVENT_MOVED


def reconcile(planned: Iterable[PlannedReminder], existing: Iterable[ExistingReminder], now: datetime) -> Changes:
    """The changes that bring ``existing`` in step with ``planned`` at ``now`` (see the module)."""
    plan = {p.key: p for p in planned}
    rows = {r.key: r for r in existing if r.kind != CUSTOM}
    archive: list[Archive] = []
    update: list[Update] = []
    insert: list[Insert] = []
    for key, p in plan.items():
        row = rows.get(key)
        ahead = p.due_at >= now
        if row is None:
            insert.append(Insert(p, PENDING if ahead else SKIPPED))
        elif row.status == PENDING:
            status = SKIPPED if row.due_at != p.due_at and not ahead else PENDING
            if status != PENDING or not row.matches(p):
                update.append(Update(row.id, p, status))
        elif row.status in (CANCELLED, SKIPPED) and ahead:
            update.append(Update(row.id, p, PENDING, reopen=True))
        elif row.status in (SENT, LATE) and ahead and _moved(p, row):
            # The event moved after this was sent (fieldwork postponed): the sent reminder keeps
            # its history under an archived key, and the reminder is planned again for the new date.
            archive.append(Archive(row.id, archived_key(key, row.id)))
            insert.append(Insert(p, PENDING))
        # sending, failed, and sent ones whose date stayed: what happened stays as it happened.
    cancel = tuple(row.id for key, row in rows.items() if key not in plan and row.status == PENDING)
    return Changes(tuple(archive), tuple(update), cancel, tuple(insert))
