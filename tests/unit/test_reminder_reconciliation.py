"""Reconciling a plan with the reminders a triad already has, as plain values (no database)."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone

import pytest

from bot.rules.reminder_facts import PreVisit
from bot.rules.reminder_plan import PlannedReminder
from bot.rules.reminder_reconciliation import (
    EVENT_MOVED,
    Archive,
    Changes,
    ExistingReminder,
    Insert,
    Update,
    archived_key,
    reconcile,
)

UTC = timezone.utc
NOW = datetime(2018, 3, 1, 10, tzinfo=UTC)
AHEAD = datetime(2018, 7, 2, 8, tzinfo=UTC)
PAST = datetime(2018, 2, 1, 9, tzinfo=UTC)
FACTS = PreVisit(triad=1, given="23 & 24 July 2018", exact=True, weeks=3)


def planned(key="pre_visit:UHOST", due_at=AHEAD, facts=FACTS, recipient="UHOST", kind="pre_visit"):
    return PlannedReminder(key=key, kind=kind, recipient=recipient, due_at=due_at, facts=facts)


def existing(p: PlannedReminder, status="pending", id=7, **changed):
    """The row that planning `p` wrote, in `status`, with some fields `changed`."""
    values = {"id": id, "key": p.key, "kind": p.kind, "recipient": p.recipient, "due_at": p.due_at,
              "status": status, "facts": p.facts}  # fmt: skip
    return ExistingReminder(**(values | changed))


# --------------------------------------------------------------------------- new keys


def test_a_new_key_is_inserted_pending_or_skipped_if_already_past():
    ahead, past = planned("a:C01", AHEAD), planned("b:C01", PAST)
    assert reconcile([ahead, past], [], NOW) == Changes(insert=(Insert(ahead, "pending"), Insert(past, "skipped")))


def test_a_reminder_due_exactly_now_is_still_sent():
    p = planned(due_at=NOW)
    assert reconcile([p], [], NOW).insert == (Insert(p, "pending"),)


def test_inserts_keep_the_plan_order():
    plan = [planned(f"k{n}:C01", AHEAD + timedelta(days=n)) for n in (3, 1, 2)]
    assert [i.planned.key for i in reconcile(plan, [], NOW).insert] == ["k3:C01", "k1:C01", "k2:C01"]


# --------------------------------------------------------------------------- pending rows


def test_a_row_that_matches_the_plan_gives_no_change():
    p = planned()
    changes = reconcile([p], [existing(p)], NOW)
    assert changes == Changes() and not changes


def test_an_overdue_pending_row_whose_time_stayed_waits_for_the_clock():
    p = planned(due_at=PAST)  # the clock was down: still pending, sent late
    assert not reconcile([p], [existing(p)], NOW)


def test_a_pending_row_takes_the_new_time_recipient_and_facts():
    p = planned()
    for changed in (
        {"due_at": AHEAD - timedelta(days=3)},
        {"recipient": "UOLD"},
        {"kind": "old_kind"},
        {"facts": FACTS.model_copy(update={"given": "July 2018"})},
    ):
        assert reconcile([p], [existing(p, **changed)], NOW) == Changes(update=(Update(7, p, "pending"),)), changed


def test_a_row_planned_before_facts_existed_takes_them():
    p = planned()
    assert reconcile([p], [existing(p, facts=None)], NOW).update == (Update(7, p, "pending"),)


def test_a_pending_row_moved_into_the_past_is_skipped():
    p = planned(due_at=PAST)
    assert reconcile([p], [existing(p, due_at=AHEAD)], NOW) == Changes(update=(Update(7, p, "skipped"),))


def test_a_pending_row_whose_key_left_the_plan_is_cancelled():
    gone = planned("confirm_date:challenge:C01")
    kept = planned()
    rows = [existing(gone, id=1), existing(kept, id=2), existing(planned("x:C01"), id=3, status="sent")]
    assert reconcile([kept], rows, NOW) == Changes(cancel=(1,))


# --------------------------------------------------------------------------- cancelled and skipped rows


@pytest.mark.parametrize("status", ["cancelled", "skipped"])
def test_a_cancelled_or_skipped_row_planned_again_ahead_is_reopened(status):
    p = planned()
    assert reconcile([p], [existing(p, status=status)], NOW) == Changes(update=(Update(7, p, "pending", reopen=True),))


@pytest.mark.parametrize("status", ["cancelled", "skipped"])
def test_a_cancelled_or_skipped_row_planned_in_the_past_stays(status):
    p = planned(due_at=PAST)
    assert not reconcile([p], [existing(p, status=status, due_at=PAST - timedelta(days=9))], NOW)


# --------------------------------------------------------------------------- rows already sent or being sent


@pytest.mark.parametrize("status", ["sending", "failed", "sent", "late"])
def test_what_happened_stays_as_it_happened(status):
    p = planned()
    moved = AHEAD - EVENT_MOVED + timedelta(minutes=1)  # moved, but by less than a day
    assert not reconcile([p], [existing(p, status=status, due_at=moved, facts=None)], NOW)
    # Nor is it cancelled when its key leaves the plan.
    assert reconcile([], [existing(p, status=status)], NOW) == Changes()


@pytest.mark.parametrize("status", ["sent", "late"])
@pytest.mark.parametrize("shift", [EVENT_MOVED, -EVENT_MOVED, timedelta(weeks=7)])
def test_a_sent_row_whose_event_moved_a_day_or_more_is_archived_and_planned_again(status, shift):
    p = planned()
    changes = reconcile([p], [existing(p, status=status, id=42, due_at=AHEAD - shift)], NOW)
    assert changes == Changes(archive=(Archive(42, "pre_visit:UHOST#sent-42"),), insert=(Insert(p, "pending"),))


def test_a_sent_row_is_not_planned_again_for_a_time_already_past():
    p = planned(due_at=PAST)
    assert not reconcile([p], [existing(p, status="sent", due_at=PAST - timedelta(weeks=2))], NOW)


def test_failed_and_sending_rows_are_never_planned_again():
    p = planned()
    for status in ("failed", "sending"):
        assert not reconcile([p], [existing(p, status=status, due_at=AHEAD - timedelta(weeks=7))], NOW)


def test_an_archived_row_is_left_alone():
    p = planned()
    archived = existing(p, status="sent", id=42, key=archived_key(p.key, 42), due_at=AHEAD - timedelta(weeks=7))
    current = existing(p, id=43)
    assert not reconcile([p], [archived, current], NOW)


# --------------------------------------------------------------------------- custom reminders, idempotence


def test_custom_reminders_are_not_the_plans():
    custom = ExistingReminder(id=5, key="custom:1", kind="custom", recipient="C01", due_at=AHEAD, status="pending",
                              facts=None)  # fmt: skip
    assert not reconcile([], [custom], NOW)


def test_applying_the_changes_then_reconciling_again_gives_nothing():
    """Play the changes onto plain rows (as the service does on the database) and ask again."""
    plan = [planned("a:C01", AHEAD), planned("b:C01", PAST), planned("c:C01", AHEAD), planned("d:C01", AHEAD)]
    rows = {
        1: existing(plan[2], id=1, status="cancelled", due_at=PAST),
        2: existing(plan[3], id=2, status="sent", due_at=AHEAD - timedelta(weeks=2)),
        3: existing(planned("gone:C01"), id=3),
    }
    changes = reconcile(plan, rows.values(), NOW)
    assert changes
    for a in changes.archive:
        rows[a.id] = dataclasses.replace(rows[a.id], key=a.key)
    for u in changes.update:
        p = u.planned
        rows[u.id] = dataclasses.replace(rows[u.id], kind=p.kind, recipient=p.recipient, due_at=p.due_at,
                                         facts=p.facts, status=u.status)  # fmt: skip
    for c in changes.cancel:
        rows[c] = dataclasses.replace(rows[c], status="cancelled")
    for n, i in enumerate(changes.insert, start=10):
        rows[n] = existing(i.planned, id=n, status=i.status)
    assert {r.key: r.status for r in rows.values()} == {
        "a:C01": "pending",
        "b:C01": "skipped",
        "c:C01": "pending",
        "d:C01": "pending",
        "d:C01#sent-2": "sent",
        "gone:C01": "cancelled",
    }
    assert not reconcile(plan, rows.values(), NOW)
