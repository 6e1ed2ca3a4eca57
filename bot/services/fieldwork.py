"""Use cases of the fieldwork visit: book an interview, remove one, a triad's interviews, the agenda's
data and the calendar's input. No Slack here: results are facts, refusals are codes."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum

from sqlalchemy.orm import Session

from bot.rules.calendar_ics import CalendarInput
from bot.rules.dates import FuzzyDate
from bot.rules.fieldwork import Clash, Interview, SlotNote, find_clashes, interview_warnings, outside_interviewers
from bot.rules.limits import Field, check_length
from bot.rules.reminder_plan import PlanConfig, follow_up_day
from bot.services.access import Actor
from bot.services.errors import Refused
from bot.services.triads import triad_dates
from storage import fieldwork as fieldwork_store
from storage import focus, triads
from storage.fieldwork import to_interview
from storage.models import Interview as InterviewRow
from storage.models import Triad
from storage.rounds import round_date
from storage.triads import triad_date


class FieldworkRefusal(StrEnum):
    NOT_A_MEMBER = "interviewer_not_a_member"  # facts: user, number, host, visitor, observer
    DOUBLE_BOOKED = "interviewer_double_booked"  # facts: clashes (SeenClash, in time order), number, year
    NO_SUCH_INTERVIEW = "no_such_interview"  # facts: number, triad
    NO_CHANNEL = "no_channel_for_calendar"  # facts: number


@dataclass(frozen=True)
class Slot:
    """A parsed interview slot: the text as given, its day and times."""

    text: str
    day: date
    start: time
    end: time


@dataclass(frozen=True)
class SeenClash:
    """A clash as the person booking may see it: another triad's stakeholder only if they can see that triad."""

    clash: Clash
    stakeholder_visible: bool


@dataclass(frozen=True)
class Booked:
    interview: Interview
    warnings: list[SlotNote]
    channel_id: str | None


def book_interview(
    session: Session,
    who: Actor,
    triad: Triad,
    slot: Slot,
    stakeholder: str,
    *,
    role: str | None = None,
    place: str | None = None,
    interviewers: tuple[str, ...] = (),
) -> Booked:
    """Book a day-1 interview; refused if an interviewer is not in the triad or would be double-booked."""
    check_length(Field.SLOT, slot.text)
    check_length(Field.STAKEHOLDER, stakeholder)
    check_length(Field.ROLE, role or "")
    check_length(Field.PLACE, place or "")
    people = who.people(triad)
    outsiders = outside_interviewers(interviewers, people)
    if outsiders:
        raise Refused(
            FieldworkRefusal.NOT_A_MEMBER,
            user=outsiders[0], number=triad.number,
            host=people.host.name, visitor=people.visitor.name, observer=people.observer.name,
        )  # fmt: skip
    new = Interview(
        number=None, day=slot.day, start=slot.start, end=slot.end, stakeholder=stakeholder, role=role, place=place,
        interviewers=interviewers, triad_number=triad.number,
    )  # fmt: skip
    clashes = find_clashes(new, fieldwork_store.interviews_on_day(session, who.team_id, slot.day, for_booking=True))
    if clashes:
        raise Refused(
            FieldworkRefusal.DOUBLE_BOOKED,
            clashes=tuple(SeenClash(c, _may_see(session, who, triad, c.other.triad_number)) for c in clashes),
            number=triad.number,
            year=triad.round.year,
        )
    new = dataclasses.replace(new, number=fieldwork_store.next_interview_number(session, triad))
    warnings = interview_warnings(new, fieldwork_store.triad_interviews(session, triad), triad_date(triad, "fieldwork"))
    session.add(
        InterviewRow(
            team_id=who.team_id, triad_id=triad.id, number=new.number, slot_text=slot.text,
            day=slot.day, start_time=slot.start, end_time=slot.end, stakeholder=stakeholder, role=role, place=place,
            interviewers=list(new.interviewers), created_by=who.user_id,
        )
    )  # fmt: skip
    return Booked(new, warnings, triad.channel_id)


def _may_see(session: Session, who: Actor, triad: Triad, other_number: int | None) -> bool:
    if other_number in (None, triad.number):
        return True
    other = triads.triad_by_number(session, who.team_id, other_number)
    return other is not None and who.people(other).can_access(who.user_id)


@dataclass(frozen=True)
class Removed:
    interview: Interview
    channel_id: str | None


def remove_interview(session: Session, who: Actor, triad: Triad, number: int) -> Removed:
    """Remove interview ``number``; the others keep their numbers, and it is never reused."""
    row = fieldwork_store.interview_row(session, triad.id, number)
    if row is None:
        raise Refused(FieldworkRefusal.NO_SUCH_INTERVIEW, number=number, triad=triad.number)
    interview = to_interview(row, triad.number)
    session.delete(row)
    return Removed(interview, triad.channel_id)


@dataclass(frozen=True)
class Interviews:
    triad_id: int
    triad_number: int
    year: int | None  # the round's
    fieldwork: FuzzyDate | None
    interviews: list[Interview]  # in time order


def interviews_of(session: Session, triad: Triad) -> Interviews:
    interviews = fieldwork_store.triad_interviews(session, triad)
    return Interviews(triad.id, triad.number, triad.round.year, triad_date(triad, "fieldwork"), interviews)


@dataclass(frozen=True)
class AgendaData:
    triad_id: int
    triad_number: int
    round_name: str
    year: int | None  # the round's
    fieldwork: FuzzyDate | None
    interviews: list[Interview]
    agreed_lines: list[tuple[int, str]]  # (number, text) of the agreed lines of enquiry


def agenda_data(session: Session, triad: Triad) -> AgendaData:
    """What the two-day agenda is built from (``bot.rules.fieldwork.build_agenda``)."""
    return AgendaData(
        triad.id,
        triad.number,
        triad.round.name,
        triad.round.year,
        triad_date(triad, "fieldwork"),
        fieldwork_store.triad_interviews(session, triad),
        [(line.number, line.text) for line in focus.agreed_lines(session, triad.id)],
    )


@dataclass(frozen=True)
class CalendarRequest:
    channel_id: str
    calendar: CalendarInput  # interviewer_names empty: names are Slack's to tell, after the ack


def calendar_input(session: Session, who: Actor, triad: Triad, title: str) -> CalendarRequest:
    """The triad's calendar: challenge session, fieldwork days, interviews and the follow-up day."""
    if not triad.channel_id:
        raise Refused(FieldworkRefusal.NO_CHANNEL, number=triad.number)
    return CalendarRequest(channel_id=triad.channel_id, calendar=triad_calendar(session, triad, title))


def triad_calendar(session: Session, triad: Triad, title: str) -> CalendarInput:
    """What a triad's calendar file holds (also `peerbot calendar`, which has no channel to post it in)."""
    challenge, fieldwork = triad_dates(triad)
    months = PlanConfig.from_dict(triad.round.plan_config).follow_up_months_after_fieldwork
    follow_up = follow_up_day(fieldwork.end, months) if fieldwork is not None else None
    return CalendarInput(
        triad_number=triad.number,
        title=title,
        timezone=triad.round.timezone,
        challenge=challenge,
        fieldwork=fieldwork,
        interviews=tuple(fieldwork_store.triad_interviews(session, triad)),
        interviewer_names={},
        follow_up=follow_up,
        uid_domain=f"{triad.team_id.lower()}.peerbot",
        orientation=round_date(triad.round, "orientation"),
        summit=round_date(triad.round, "summit"),
        orientation_material=triad.round.orientation_material,
    )
