"""Use cases of a triad: form it, set its dates, see its status, agree the feedback format, mark a step done."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from difflib import get_close_matches
from typing import Any

from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from bot.rules import roles
from bot.rules.dates import DateError, FuzzyDate, parse_fuzzy_date
from bot.rules.focus import check_feedback_format
from bot.rules.refusals import Refused
from bot.rules.reminder_plan import RoundEvents
from bot.rules.roles import TriadPeople
from bot.rules.triads import (
    Outstanding,
    TriadRefusal,
    channel_name_candidates,
    check_fieldwork_after_challenge,
    next_steps,
    unusual_visit_length,
)
from bot.services import access
from bot.services.access import Actor, require_coordinator
from bot.services.replan import replan_triad
from storage import authorities, focus, rounds, triads
from storage.dates import write_given_date
from storage.models import StepDone, Triad, TriadDate
from storage.rounds import round_events
from storage.triads import TriadShown, steps_done, triad_date

ROLES = ("host", "visitor", "observer")


@dataclass(frozen=True)
class TriadPlan:
    """A triad checked and ready to be recorded once Slack has given it a channel."""

    round_id: int
    round_name: str
    round_year: int | None
    host_id: int
    visitor_id: int
    observer_id: int
    host_name: str
    visitor_name: str
    observer_name: str
    second_observer_id: int | None = None  # a group of four (suggested triads)


def plan_triad(session: Session, who: Actor, names: dict[str, str], round_name: str | None) -> TriadPlan:
    """Check a new triad: three different registered authorities, a round, a host not hosting already."""
    require_coordinator(who, "form_triad")
    roles.check_distinct_authorities(names["host"], names["visitor"], names["observer"])
    found = {}
    for role in ROLES:
        authority = authorities.authority_by_name(session, who.team_id, names[role])
        if authority is None:
            registered = [a.name for a in authorities.authorities(session, who.team_id)]
            near = get_close_matches(names[role], registered, n=1)
            raise Refused(TriadRefusal.AUTHORITY_NOT_FOUND, name=names[role], role=role, near=near)
        found[role] = authority
    if round_name:
        round_ = rounds.round_by_name(session, who.team_id, round_name)
        if round_ is None:
            known = [r.name for r in rounds.rounds(session, who.team_id)]
            raise Refused(TriadRefusal.NO_SUCH_ROUND, name=round_name, rounds=known)
    else:
        round_ = rounds.latest_round(session, who.team_id)
        if round_ is None:
            raise Refused(TriadRefusal.NO_ROUND_YET)
    plan = TriadPlan(
        round_.id, round_.name, round_.year,
        found["host"].id, found["visitor"].id, found["observer"].id,
        found["host"].name, found["visitor"].name, found["observer"].name,
    )  # fmt: skip
    check_host_free(session, who.team_id, plan)
    return plan


def check_host_free(session: Session, team_id: str, plan: TriadPlan) -> None:
    """One host per round: refused if the round already has a triad with this host."""
    for existing in triads.triads(session, team_id, plan.round_id):
        if existing.host_id == plan.host_id:
            raise Refused(TriadRefusal.ALREADY_HOST, host=plan.host_name, number=existing.number, round=plan.round_name)


def free_channel_names(session: Session, team_id: str, plan: TriadPlan) -> list[str]:
    """Channel names to try, in order, leaving out those our own triads already use."""
    names = channel_name_candidates(plan.round_year, plan.host_name)
    return [n for n in names if not triads.channel_name_in_use(session, team_id, n)]


@dataclass(frozen=True)
class FormedTriad:
    triad_id: int
    number: int
    people: TriadPeople
    channel_id: str
    round_events: RoundEvents  # the round's orientation and summit, for the welcome


def record_triad(
    session: Session, who: Actor, plan: TriadPlan, channel_id: str, channel_name: str, now: datetime
) -> FormedTriad:
    """Write the triad for the channel Slack created, and plan its reminders."""
    check_host_free(session, who.team_id, plan)  # the same command twice in a second
    triad = Triad(
        team_id=who.team_id,
        number=triads.next_triad_number(session, who.team_id),
        round_id=plan.round_id,
        host_id=plan.host_id,
        visitor_id=plan.visitor_id,
        observer_id=plan.observer_id,
        second_observer_id=plan.second_observer_id,
        channel_id=channel_id,
        channel_name=channel_name,
        created_by=who.user_id,
    )
    session.add(triad)
    session.flush()
    loaded = triads.triad_by_number(session, who.team_id, triad.number)
    assert loaded is not None
    replan_triad(session, loaded, who.coordinators, now)
    return FormedTriad(loaded.id, loaded.number, who.people(loaded), channel_id, round_events(loaded.round))


def triad_dates(triad: Triad) -> tuple[FuzzyDate | None, FuzzyDate | None]:
    """(challenge session, fieldwork) as given."""
    return triad_date(triad, "challenge"), triad_date(triad, "fieldwork")


def visible_triads(session: Session, who: Actor) -> list[Triad]:
    """Every triad for a coordinator; a member's own triads otherwise."""
    if who.is_coordinator:
        return triads.triads(session, who.team_id)
    return triads.triads_for_user(session, who.team_id, who.user_id)


@dataclass(frozen=True)
class DatesSet:
    triad_number: int
    channel_id: str | None
    parsed: dict[str, FuzzyDate]  # the dates given, by kind
    unusual_visit_days: int | None  # an exact visit of other than two days
    year: int | None = None  # the round's: a date is said with its year only when it differs


def set_dates(
    session: Session, who: Actor, triad: Triad, texts: dict[str, str], provisional: bool, now: datetime
) -> DatesSet:
    """Set the challenge session and/or fieldwork dates as given, keeping their precision; re-plan reminders."""
    parsed: dict[str, FuzzyDate] = {}
    for kind, text in texts.items():
        try:
            parsed[kind] = parse_fuzzy_date(text, triad.round.year, provisional=provisional)
        except DateError as exc:
            raise Refused(TriadRefusal.UNREADABLE_DATE, kind=kind, reason=exc) from None
    challenge, fieldwork = triad_dates(triad)
    challenge = parsed.get("challenge", challenge)
    fieldwork = parsed.get("fieldwork", fieldwork)
    unusual = unusual_visit_length(parsed["fieldwork"]) if "fieldwork" in parsed else None
    check_fieldwork_after_challenge(challenge, fieldwork)
    for kind, value in parsed.items():
        row = triads.date_row(triad, kind)
        if row is None:
            row = TriadDate(kind=kind)
            triad.dates.append(row)
        write_given_date(row, value, who.user_id)
    session.flush()
    replan_triad(session, triad, who.coordinators, now)
    return DatesSet(triad.number, triad.channel_id, parsed, unusual, triad.round.year)


@dataclass(frozen=True)
class TriadStatus:
    triad: TriadShown
    people: TriadPeople
    challenge: FuzzyDate | None
    fieldwork: FuzzyDate | None
    steps_done: set[str]
    lines: list[Row[Any]]  # number, text, status, host_agreed_by, visitor_agreed_by
    interviews: int
    open_actions: int
    outstanding: list[Outstanding]
    round_events: RoundEvents


def triad_status(
    session: Session, who: Actor, *, number: int | None = None, channel_id: str | None = None
) -> TriadStatus:
    """Triad ``number`` (else the channel's) as `/peer status` shows it; refused like `access.triad_for`."""
    triad, people = access.shown_triad(session, who, number=number, channel_id=channel_id)
    challenge, fieldwork = triad.dates.get("challenge"), triad.dates.get("fieldwork")
    lines, interviews, open_actions = focus.lines_and_fieldwork_counts(session, triad.id)
    outstanding = next_steps(
        challenge, fieldwork, triad.steps, any(line.status == "agreed" for line in lines),
        triad.feedback_format is not None,
    )  # fmt: skip
    events = RoundEvents(
        triad.round_name, triad.dates.get("orientation"), triad.dates.get("summit"), triad.orientation_material,
        triad.round_year,
    )  # fmt: skip
    return TriadStatus(
        triad, people, challenge, fieldwork, triad.steps, lines, interviews, open_actions, outstanding, events
    )


@dataclass(frozen=True)
class Programme:
    """What *Show the programme* shows: the triad's dates and steps done, the round's dates."""

    number: int
    challenge: FuzzyDate | None
    fieldwork: FuzzyDate | None
    steps_done: set[str]
    round_events: RoundEvents


def triad_programme(session: Session, who: Actor, triad_id: int) -> Programme:
    """Triad ``triad_id``'s programme, for its members and the coordinators (refused like `access.triad_by_id`)."""
    triad = access.triad_by_id(session, who, triad_id)
    challenge, fieldwork = triad_dates(triad)
    return Programme(triad.number, challenge, fieldwork, set(steps_done(triad)), round_events(triad.round))


def agree_feedback_format(session: Session, who: Actor, triad: Triad, value: str | None) -> str:
    """Record the feedback format as agreed with the host; returns it as stored."""
    value = check_feedback_format(value)
    roles.check_may_agree_feedback(who.people(triad), who.user_id)
    triad.feedback_format = value
    triad.feedback_agreed_by = who.user_id
    return value


def mark_step_done(session: Session, who: Actor, triad: Triad, step: str, now: datetime) -> None:
    """Mark a programme step done; the reminders that chase it are cancelled."""
    roles.check_may_mark_step(who.people(triad), who.user_id, step)
    if step in steps_done(triad):
        raise Refused(TriadRefusal.STEP_ALREADY_DONE, step=step, number=triad.number)
    triad.steps.append(StepDone(step=step, done_by=who.user_id))
    session.flush()
    replan_triad(session, triad, who.coordinators, now)
