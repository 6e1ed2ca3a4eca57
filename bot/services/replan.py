"""Keep a triad's planned reminders in step with its dates, steps, actions and follow-up answer.

`replan_triad` derives the plan (`bot.rules.reminder_plan.plan_reminders`) and reconciles it with the
triad's rows by key:

* a planned key with a pending row: the row takes the new time, text and recipient; if the
  time moved into the past it is `skipped` (SPEC: never send old news). A pending row whose
  time did not change stays pending even when overdue: the clock sends it late.
* a new key: inserted `pending`, or `skipped` if its time has already passed;
* a cancelled or skipped row whose key is planned again in the future: pending again;
* a pending row whose key is no longer planned: `cancelled`;
* rows being sent or already sent, late or failed, and custom reminders: never touched.

Planning twice in a row changes nothing.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.rules.dates import FuzzyDate
from bot.rules.reminder_plan import STEPS, ActionInfo, Audience, PlanConfig, PlanInput, PlannedReminder, plan_reminders
from storage.models import Action, Reminder, Triad, TriadDate

logger = logging.getLogger(__name__)

ANSWERED = ("requested", "declined")


def _fuzzy(row: TriadDate | None) -> FuzzyDate | None:
    if row is None:
        return None
    return FuzzyDate(row.text, row.start, row.end, row.precision, row.provisional)


def _date(triad: Triad, kind: str) -> FuzzyDate | None:
    return _fuzzy(next((row for row in triad.dates if row.kind == kind), None))


def _config(triad: Triad) -> PlanConfig:
    try:
        return PlanConfig.from_dict(triad.round.plan_config)
    except (TypeError, ValueError) as exc:
        # A bad stored override must not stop /peer dates; the defaults are SPEC's plan.
        logger.warning("round %s has an unusable reminder plan config (%s); using the defaults", triad.round_id, exc)
        return PlanConfig()


def plan_input(session: Session, triad: Triad, coordinators: frozenset[str]) -> PlanInput:
    actions = session.scalars(select(Action).where(Action.triad_id == triad.id).order_by(Action.number))
    return PlanInput(
        triad_number=triad.number,
        timezone=triad.round.timezone or "Europe/London",
        challenge=_date(triad, "challenge"),
        fieldwork=_date(triad, "fieldwork"),
        steps_done=frozenset(s.step for s in triad.steps if s.step in STEPS),
        follow_up_declined=triad.follow_up_status == "declined",
        follow_up_answered=triad.follow_up_status in ANSWERED,
        actions=tuple(
            ActionInfo(a.number, a.text, a.owner_user_id, a.due_date, a.status == "done") for a in actions
        ),
        audience=Audience(
            channel_id=triad.channel_id,
            host_dcs=triad.host.dcs_user_id if triad.host else None,
            visitor_dcs=triad.visitor.dcs_user_id if triad.visitor else None,
            coordinators=tuple(sorted(coordinators)),
        ),
        config=_config(triad),
    )


def _set(row: Reminder, **values) -> None:
    """Assign only what differs, so an unchanged plan writes nothing."""
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)


def _take_plan(row: Reminder, planned: PlannedReminder) -> None:
    _set(row, kind=planned.kind, recipient=planned.recipient, text=planned.text, due_at=planned.due_at)


EVENT_MOVED = timedelta(days=1)  # a sent reminder is planned again only when its date moved this much


def replan_triad(session: Session, triad: Triad, coordinators: frozenset[str], now: datetime) -> None:
    """Re-derive the triad's reminder plan; only reminders not yet sent change."""
    planned = {p.key: p for p in plan_reminders(plan_input(session, triad, coordinators))}
    rows = {
        row.key: row
        for row in session.scalars(
            select(Reminder)
            .where(Reminder.team_id == triad.team_id, Reminder.triad_id == triad.id, Reminder.kind != "custom")
            .order_by(Reminder.id)
            # Locked, and re-read once locked, so a row the clock claims meanwhile (PostgreSQL) is seen
            # as `sending` and left alone rather than overwritten as cancelled.
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    }
    for key, p in planned.items():
        row = rows.get(key)
        if row is None:
            session.add(
                Reminder(
                    team_id=triad.team_id,
                    triad_id=triad.id,
                    key=key,
                    kind=p.kind,
                    recipient=p.recipient,
                    text=p.text,
                    due_at=p.due_at,
                    status="pending" if p.due_at >= now else "skipped",
                )
            )
        elif row.status == "pending":
            moved = row.due_at != p.due_at
            _take_plan(row, p)
            if moved and p.due_at < now:
                row.status = "skipped"
        elif row.status in ("cancelled", "skipped") and p.due_at >= now:
            _take_plan(row, p)
            _set(row, status="pending", error=None, claimed_by=None, claimed_at=None)
        elif row.status in ("sent", "late") and p.due_at >= now and abs(p.due_at - row.due_at) >= EVENT_MOVED:
            # The event moved after this was sent (fieldwork postponed): the sent row keeps its history
            # under an archived key, and the reminder is planned again for the new date.
            row.key = f"{key}#sent-{row.id}"
            session.flush()
            session.add(
                Reminder(team_id=triad.team_id, triad_id=triad.id, key=key, kind=p.kind,
                         recipient=p.recipient, text=p.text, due_at=p.due_at, status="pending")
            )  # fmt: skip
        # sending, failed, and sent ones whose date stayed: what happened stays as it happened.
    for key, row in rows.items():
        if key not in planned and row.status == "pending":
            row.status = "cancelled"
    session.flush()
