"""A triad's record as plain facts (bot.rules.record), for its canvas and its documents."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.rules.record import ActionFact, LineFact, RecordFacts, RoundFacts, TriadLine
from bot.rules.reminder_plan import PlanConfig, follow_up_day
from bot.rules.triads import next_steps
from bot.services.themes import themes_of
from bot.services.triads import triad_dates
from storage import fieldwork as fieldwork_store
from storage import focus, triads
from storage.models import Action, Findings, Round, Triad
from storage.triads import steps_done, triad_people

NEXT_STEP_WORDS = {
    "set_challenge": 'Set the challenge session\'s date (`/peer dates challenge:"…"`)',
    "confirm_challenge": "Confirm the challenge session's date (given as {date})",
    "self_assessment": "Host: send the summary self-assessment, then `/peer mark self-assessment done`",
    "agree_focus": 'Agree a few tightly defined lines of enquiry (`/peer focus propose "…"`)',
    "set_fieldwork": 'Set the fieldwork dates (`/peer dates fieldwork:"…"`)',
    "confirm_fieldwork": "Confirm the fieldwork dates (given as {date})",
    "feedback_format": "Agree the feedback format with the host (`/peer feedback format:presentation`)",
    "report": "Visiting DCS: write the report after fieldwork, then `/peer mark report done`",
}


def record_facts(session: Session, triad: Triad) -> RecordFacts:
    challenge, fieldwork = triad_dates(triad)
    config = PlanConfig.from_dict(triad.round.plan_config)
    lines = focus.focus_lines(session, triad.id)
    agreed = [line for line in lines if line.status == "agreed"]
    themes = themes_of(session, triad.team_id, agreed)
    actions = session.scalars(select(Action).where(Action.triad_id == triad.id).order_by(Action.number)).all()
    findings = session.scalars(select(Findings.summary).where(Findings.triad_id == triad.id)).first()
    done = steps_done(triad)
    outstanding = next_steps(challenge, fieldwork, done, bool(agreed), bool(triad.feedback_format))
    end = fieldwork.end if fieldwork is not None else None
    return RecordFacts(
        team_id=triad.team_id,
        triad_number=triad.number,
        round_name=triad.round.name,
        people=triad_people(triad, frozenset()),
        challenge=challenge,
        fieldwork=fieldwork,
        steps_done=frozenset(done),
        agreed=tuple(
            LineFact(line.number, line.text, tuple(t.label for t in themes[line.id].topics)) for line in agreed
        ),
        proposed=sum(1 for line in lines if line.status == "proposed"),
        feedback_format=triad.feedback_format,
        interviews=tuple(fieldwork_store.triad_interviews(session, triad)),
        actions=tuple(
            ActionFact(
                a.number,
                a.text,
                a.owner_user_id,
                a.due_text,
                a.due_date,
                a.focus_number,
                a.status == "done",
                tuple(n.text for n in a.notes),
            )
            for a in actions
        ),
        follow_up_status=triad.follow_up_status,
        follow_up_day=follow_up_day(end, config.follow_up_months_after_fieldwork) if end else None,
        report_due=end + timedelta(weeks=config.report_weeks_after_fieldwork) if end else None,
        findings=findings,
        next_steps=tuple(
            NEXT_STEP_WORDS[o.step.value].format(date=o.date.describe() if o.date else "") for o in outstanding
        ),
    )


def round_facts(session: Session, round_: Round) -> RoundFacts:
    lines = []
    for triad in triads.triads(session, round_.team_id, round_.id):
        challenge, fieldwork = triad_dates(triad)
        agreed = sum(1 for line in focus.focus_lines(session, triad.id) if line.status == "agreed")
        statuses = list(session.scalars(select(Action.status).where(Action.triad_id == triad.id)))
        lines.append(
            TriadLine(
                triad.number,
                triad.host.name,
                triad.visitor.name,
                triad.observer.name,
                challenge,
                fieldwork,
                agreed,
                frozenset(steps_done(triad)),
                len(statuses),
                sum(1 for s in statuses if s != "done"),
                triad.follow_up_status,
            )
        )
    return RoundFacts(round_.name, tuple(lines))
