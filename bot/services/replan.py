"""Keep a triad's planned reminders in step with its dates, steps, actions and follow-up answer.

`replan_triad` derives the plan (`bot.rules.reminder_plan.plan_reminders`), reconciles it with the
triad's reminder rows (`bot.rules.reminder_reconciliation.reconcile`, where the policy is: what is
skipped, what is left alone, when a sent reminder is planned again) and applies the changes.
A planned row stores the plan's facts (`Reminder.facts`) and an empty `text`: the handlers word it
when it is shown or sent. Planning twice in a row changes nothing.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.orm import Session

from bot.rules.reminder_plan import (
    STEPS,
    ActionInfo,
    Audience,
    PlanConfig,
    PlanInput,
    PlannedReminder,
    facts_to_json,
    plan_reminders,
)
from bot.rules.reminder_reconciliation import CANCELLED, Changes, reconcile
from storage import reminder_store
from storage.mapping import existing_reminder, steps_done, triad_date
from storage.models import Reminder, Triad

logger = logging.getLogger(__name__)

ANSWERED = ("requested", "declined")
PLANNED_TEXT = ""  # a planned row's words come from its facts


def _config(triad: Triad) -> PlanConfig:
    try:
        return PlanConfig.from_dict(triad.round.plan_config)
    except (TypeError, ValueError) as exc:
        # A bad stored override must not stop /peer dates; the defaults are SPEC's plan.
        logger.warning("round %s has an unusable reminder plan config (%s); using the defaults", triad.round_id, exc)
        return PlanConfig()


def plan_input(session: Session, triad: Triad, coordinators: frozenset[str]) -> PlanInput:
    actions = reminder_store.triad_actions(session, triad.id)
    return PlanInput(
        triad_number=triad.number,
        timezone=triad.round.timezone or "Europe/London",
        challenge=triad_date(triad, "challenge"),
        fieldwork=triad_date(triad, "fieldwork"),
        steps_done=frozenset(steps_done(triad) & set(STEPS)),
        follow_up_declined=triad.follow_up_status == "declined",
        follow_up_answered=triad.follow_up_status in ANSWERED,
        actions=tuple(ActionInfo(a.number, a.text, a.owner_user_id, a.due_date, a.status == "done") for a in actions),
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
    _set(row, kind=planned.kind, recipient=planned.recipient, text=PLANNED_TEXT, facts=facts_to_json(planned.facts),
         due_at=planned.due_at)  # fmt: skip


def _apply(session: Session, triad: Triad, rows: dict[int, Reminder], changes: Changes) -> None:
    for archive in changes.archive:
        rows[archive.id].key = archive.key
    if changes.archive:
        session.flush()  # the archived keys are free before the reminders planned again take them
    for update in changes.update:
        row = rows[update.id]
        _take_plan(row, update.planned)
        _set(row, status=update.status)
        if update.reopen:
            _set(row, error=None, claimed_by=None, claimed_at=None)
    for reminder_id in changes.cancel:
        rows[reminder_id].status = CANCELLED
    for insert in changes.insert:
        p = insert.planned
        session.add(
            Reminder(team_id=triad.team_id, triad_id=triad.id, key=p.key, kind=p.kind, recipient=p.recipient,
                     text=PLANNED_TEXT, facts=facts_to_json(p.facts), due_at=p.due_at, status=insert.status)
        )  # fmt: skip


def replan_triad(session: Session, triad: Triad, coordinators: frozenset[str], now: datetime) -> None:
    """Re-derive the triad's reminder plan; only reminders not yet sent change."""
    planned = plan_reminders(plan_input(session, triad, coordinators))
    rows = {row.id: row for row in reminder_store.planned_reminders(session, triad.team_id, triad.id)}
    _apply(session, triad, rows, reconcile(planned, [existing_reminder(r) for r in rows.values()], now))
    session.flush()
