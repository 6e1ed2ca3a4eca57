"""Rows to the domain's plain values: the one place that maps storage onto bot.rules."""

from __future__ import annotations

from typing import TypeVar

from bot.rules.dates import FuzzyDate
from bot.rules.fieldwork import Interview as InterviewSlot
from bot.rules.reminder_facts import REMINDER_FACTS
from bot.rules.reminder_plan import RoundEvents
from bot.rules.reminder_reconciliation import ExistingReminder
from bot.rules.roles import AuthorityPeople, TriadPeople
from storage.models import Authority, GivenDate, Reminder, Round, RoundDate, Triad, TriadDate
from storage.models import Interview as InterviewRow

_Row = TypeVar("_Row", TriadDate, RoundDate)


def fuzzy_date(row: GivenDate | None) -> FuzzyDate | None:
    if row is None:
        return None
    return FuzzyDate(row.text, row.start, row.end, row.precision, row.provisional)


def _of_kind(rows: list[_Row], kind: str) -> _Row | None:
    return next((row for row in rows if row.kind == kind), None)


def write_given_date(row: GivenDate, value: FuzzyDate, set_by: str) -> None:
    """A date as given, with its parsed range and precision, onto its row (a triad's or the round's)."""
    row.text, row.start, row.end = value.text, value.start, value.end
    row.precision, row.provisional, row.set_by = value.precision, value.provisional, set_by


def date_row(triad: Triad, kind: str) -> TriadDate | None:
    return _of_kind(triad.dates, kind)


def triad_date(triad: Triad, kind: str) -> FuzzyDate | None:
    return fuzzy_date(date_row(triad, kind))


def triad_dates(triad: Triad) -> tuple[FuzzyDate | None, FuzzyDate | None]:
    """(challenge session, fieldwork) as given."""
    return triad_date(triad, "challenge"), triad_date(triad, "fieldwork")


def round_date_row(round_: Round, kind: str) -> RoundDate | None:
    return _of_kind(round_.dates, kind)


def round_date(round_: Round, kind: str) -> FuzzyDate | None:
    """The round's "orientation" or "summit" as given, or None."""
    return fuzzy_date(round_date_row(round_, kind))


def round_events(round_: Round) -> RoundEvents:
    return RoundEvents(
        round_name=round_.name,
        orientation=round_date(round_, "orientation"),
        summit=round_date(round_, "summit"),
        orientation_material=round_.orientation_material,
    )


def steps_done(triad: Triad) -> set[str]:
    return {s.step for s in triad.steps}


def authority_people(authority: Authority) -> AuthorityPeople:
    return AuthorityPeople(authority.name, authority.dcs_user_id, tuple(authority.team_user_ids))


def triad_people(triad: Triad, coordinators: frozenset[str]) -> TriadPeople:
    return TriadPeople(
        host=authority_people(triad.host),
        visitor=authority_people(triad.visitor),
        observer=authority_people(triad.observer),
        coordinators=coordinators,
        second_observer=authority_people(triad.second_observer) if triad.second_observer else None,
    )


def existing_reminder(row: Reminder) -> ExistingReminder:
    return ExistingReminder(
        id=row.id,
        key=row.key,
        kind=row.kind,
        recipient=row.recipient,
        due_at=row.due_at,
        status=row.status,
        facts=REMINDER_FACTS.validate_python(row.facts) if row.facts else None,
    )


def to_interview(row: InterviewRow, triad_number: int | None) -> InterviewSlot:
    """A stored row as the domain's ``Interview`` (interviewers as a tuple of user ids)."""
    return InterviewSlot(
        number=row.number,
        day=row.day,
        start=row.start_time,
        end=row.end_time,
        stakeholder=row.stakeholder,
        role=row.role,
        place=row.place,
        interviewers=tuple(row.interviewers or ()),
        triad_number=triad_number,
    )
