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
    RoundPlanInput,
    plan_reminders,
    plan_round_reminders,
    round_key_prefix,
)
from bot.rules.reminder_reconciliation import CANCELLED, Changes, reconcile
from storage import reminders, rounds, triads
from storage.models import Reminder, Round, Triad
from storage.reminders import existing_reminder
from storage.rounds import round_events
from storage.triads import steps_done, triad_date

logger = logging.getLogger(__name__)

ANSWERED = ("requested", "declined")
PLANNED_TEXT = ""  # a planned row's words come from its facts


def _config(round_: Round) -> PlanConfig:
    try:
        return PlanConfig.from_dict(round_.plan_config)
    except (TypeError, ValueError) as exc:
        # A bad stored override must not stop /peer dates; the defaults are SPEC's plan.
        logger.warning("round %s has an unusable reminder plan config (%s); using the defaults", round_.id, exc)
        return PlanConfig()


def plan_input(session: Session, triad: Triad, coordinators: frozenset[str]) -> PlanInput:
    actions = reminders.triad_actions(session, triad.id)
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
        config=_config(triad.round),
        round_events=round_events(triad.round),
    )


def _set(row: Reminder, **values) -> None:
    """Assign only what differs, so an unchanged plan writes nothing."""
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)


def _take_plan(row: Reminder, planned: PlannedReminder) -> None:
    facts = planned.facts.model_dump(mode="json")
    _set(row, kind=planned.kind, recipient=planned.recipient, text=PLANNED_TEXT, facts=facts, due_at=planned.due_at)


def _apply(session: Session, team_id: str, triad_id: int | None, rows: dict[int, Reminder], changes: Changes) -> None:
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
            Reminder(team_id=team_id, triad_id=triad_id, key=p.key, kind=p.kind, recipient=p.recipient,
                     text=PLANNED_TEXT, facts=p.facts.model_dump(mode="json"), due_at=p.due_at, status=insert.status)
        )  # fmt: skip


def replan_triad(session: Session, triad: Triad, coordinators: frozenset[str], now: datetime) -> None:
    """Re-derive the triad's reminder plan; only reminders not yet sent change."""
    planned = plan_reminders(plan_input(session, triad, coordinators))
    rows = {row.id: row for row in reminders.planned_reminders(session, triad.team_id, triad.id)}
    _apply(
        session, triad.team_id, triad.id, rows, reconcile(planned, [existing_reminder(r) for r in rows.values()], now)
    )
    session.flush()


def round_plan_input(round_: Round, coordinators: frozenset[str]) -> RoundPlanInput:
    return RoundPlanInput(
        round_id=round_.id,
        timezone=round_.timezone or "Europe/London",
        events=round_events(round_),
        coordinators=tuple(sorted(coordinators)),
        config=_config(round_),
    )


def replan_round(session: Session, round_: Round, coordinators: frozenset[str], now: datetime) -> None:
    """Re-derive the round-level reminders (once per round) and every triad's plan of the round.

    The round-level rows have no triad and keys ``round:<id>:…``; they are reconciled by the same
    rule as a triad's (`reconcile`): only the unsent ones move."""
    rounds.lock_round(session, round_.id)
    planned = plan_round_reminders(round_plan_input(round_, coordinators))
    rows = {
        row.id: row for row in reminders.round_planned_reminders(session, round_.team_id, round_key_prefix(round_.id))
    }
    _apply(session, round_.team_id, None, rows, reconcile(planned, [existing_reminder(r) for r in rows.values()], now))
    session.flush()
    for triad in triads.triads(session, round_.team_id, round_.id):
        replan_triad(session, triad, coordinators, now)
