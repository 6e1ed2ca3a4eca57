"""The fieldwork visit as plain Python: interview slots, clashes, warnings, the agenda.

The programme's handbook fixes the shape of the two-day visit:

* Day 1 — interviews with key stakeholders (managers, practitioners, partners,
  service users).
* Day 2 — morning: the team builds hypotheses and insights; just before lunch:
  presentation of findings to the host; afternoon: a facilitated workshop that turns
  the findings into recommendations and actions.

Nothing here knows about Slack or the database. People are Slack user ids, carried as
opaque strings and never worded here: an agenda item and a clash carry the ids, and the
handlers' builders name them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only for annotations: the rules import nothing at run time
    from bot.rules.dates import FuzzyDate
    from bot.rules.roles import TriadPeople

#: Day 1 starts at this time; free time before the first interview counts from here.
DAY_START = time(9, 0)
#: Free time shorter than this between interviews is not shown on the agenda.
MIN_GAP = timedelta(minutes=15)

#: Day 2's fixed structure: (start, end, title).
DAY2_HYPOTHESES = (time(9, 0), time(11, 30), "Team builds hypotheses and insights")
DAY2_PRESENTATION = (time(11, 45), time(12, 30), "Presentation of findings to the host")
DAY2_LUNCH = (time(12, 30), time(13, 15), "Lunch")
DAY2_WORKSHOP = (
    time(13, 15),
    time(16, 0),
    "Facilitated workshop: findings into recommendations and actions",
)
DAY2_STRUCTURE = (DAY2_HYPOTHESES, DAY2_PRESENTATION, DAY2_LUNCH, DAY2_WORKSHOP)


# --------------------------------------------------------------------------- values


@dataclass(frozen=True)
class Interview:
    """One interview slot on the fieldwork visit."""

    number: int | None  # None for one not saved yet
    day: date
    start: time
    end: time
    stakeholder: str
    role: str | None
    place: str | None
    interviewers: tuple[str, ...]  # Slack user ids
    triad_number: int | None = None

    def __post_init__(self) -> None:
        if not self.stakeholder or not self.stakeholder.strip():
            raise ValueError("An interview needs a stakeholder: who is being interviewed?")
        if self.end <= self.start:
            raise ValueError(
                f"An interview must end after it starts ({format_time(self.start)}-{format_time(self.end)})."
            )
        # Accept any iterable of ids; keep the first of any repeats, in order.
        object.__setattr__(self, "interviewers", tuple(dict.fromkeys(self.interviewers)))

    @property
    def slot(self) -> str:
        """``Monday 23 July 2018, 09:30-10:15``."""
        return f"{format_day(self.day)}, {format_time(self.start)}-{format_time(self.end)}"

    def overlaps(self, other: Interview) -> bool:
        """Same day and the time ranges overlap; touching (end == start) does not."""
        return self.day == other.day and self.start < other.end and other.start < self.end

    def is_same_slot_as(self, other: Interview) -> bool:
        """Whether ``other`` is this very interview (e.g. the stored copy of one being edited)."""
        return self.number is not None and self.number == other.number and self.triad_number == other.triad_number


@dataclass(frozen=True)
class Clash:
    """An interviewer who would be in two places at once."""

    interviewer: str
    other: Interview  # the existing interview it overlaps


@dataclass(frozen=True)
class AgendaItem:
    start: time | None
    end: time | None
    title: str
    detail: str | None  # for an interview: its note or day, if any (the rest is in the fields below)
    kind: str  # "interview" | "gap" | "fixed"
    interviewers: tuple[str, ...] = ()  # an interview's interviewers (user ids)
    place: str | None = None
    number: int | None = None  # an interview's number


@dataclass(frozen=True)
class AgendaDay:
    label: str
    day: date | None
    items: tuple[AgendaItem, ...]


# --------------------------------------------------------------------------- formatting


def format_day(d: date) -> str:
    """``Monday 23 July 2018`` (no platform-specific strftime flags)."""
    return f"{d:%A} {d.day} {d:%B %Y}"


def format_time(t: time) -> str:
    return f"{t:%H:%M}"


def format_duration(delta: timedelta) -> str:
    """``45 minutes``, ``1 hour``, ``2 hours 15 minutes``."""
    minutes = int(delta.total_seconds() // 60)
    hours, mins = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if mins or not hours:
        parts.append(f"{mins} minute{'s' if mins != 1 else ''}")
    return " ".join(parts)


def interview_ref(interview: Interview, *, from_triad: int | None = None) -> str:
    """``interview 2`` / ``triad 3's interview 2`` / ``an unsaved interview``."""
    ref = f"interview {interview.number}" if interview.number is not None else "another interview"
    if interview.triad_number is not None and interview.triad_number != from_triad:
        ref = f"triad {interview.triad_number}'s {ref}"
    return ref


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


# --------------------------------------------------------------------------- who may interview


def outside_interviewers(interviewers: Iterable[str], people: TriadPeople) -> list[str]:
    """Interviewers come from the triad's three authorities (DCSs and teams): those who don't, in order."""
    return [user for user in interviewers if not people.is_member(user)]


# --------------------------------------------------------------------------- clashes


def find_clashes(new: Interview, existing: Iterable[Interview]) -> list[Clash]:
    """Every (interviewer, existing interview) pair that ``new`` would double-book.

    ``existing`` may hold other triads' interviews too: an interviewer cannot be in two
    triads' interviews at once either. The stored copy of ``new`` itself (same number,
    same triad) is ignored, so an edited slot does not clash with its old self.
    Clashes come back in time order of the existing interviews.
    """
    others = sorted(
        (e for e in existing if not new.is_same_slot_as(e) and new.overlaps(e)),
        key=lambda e: (e.day, e.start, e.end, e.triad_number or 0, e.number or 0),
    )
    return [
        Clash(interviewer=person, other=other)
        for other in others
        for person in new.interviewers
        if person in other.interviewers
    ]


# --------------------------------------------------------------------------- warnings


class SlotWarning(StrEnum):
    """A slot that is allowed but probably wrong; the handlers word each."""

    DATES_NOT_SET = "fieldwork_not_set"  # nothing to check against
    NOT_CONFIRMED = "fieldwork_not_confirmed"  # within an imprecise fieldwork date: given
    OUTSIDE_GIVEN = "outside_given_dates"  # outside an imprecise fieldwork date: day, given
    NOT_FIELDWORK_DAY = "not_a_fieldwork_day"  # day, given
    DAY_TWO = "fieldwork_day_two"  # day 2 is not for interviews: day, day1
    STAKEHOLDER_TWICE = "stakeholder_booked_twice"  # other (the interview already booked)
    NO_INTERVIEWER = "no_interviewer"


@dataclass(frozen=True)
class SlotNote:
    kind: SlotWarning
    day: date | None = None
    day1: date | None = None
    given: str | None = None
    other: Interview | None = None


def _date_warning(new: Interview, fieldwork: FuzzyDate | None) -> SlotNote | None:
    if fieldwork is None:
        return SlotNote(SlotWarning.DATES_NOT_SET)
    if not fieldwork.is_exact:
        if fieldwork.start <= new.day <= fieldwork.end:
            return SlotNote(SlotWarning.NOT_CONFIRMED, given=fieldwork.text)
        return SlotNote(SlotWarning.OUTSIDE_GIVEN, day=new.day, given=fieldwork.text)
    days = fieldwork.days()
    if new.day not in days:
        return SlotNote(SlotWarning.NOT_FIELDWORK_DAY, day=new.day, given=fieldwork.text)
    if len(days) >= 2 and new.day == days[1]:
        return SlotNote(SlotWarning.DAY_TWO, day=new.day, day1=days[0])
    return None


def interview_warnings(new: Interview, same_triad: Iterable[Interview], fieldwork: FuzzyDate | None) -> list[SlotNote]:
    """What is allowed but probably wrong about a slot, in the order to say it."""
    dated = _date_warning(new, fieldwork)
    warnings = [dated] if dated is not None else []
    wanted = _norm(new.stakeholder)
    warnings += [
        SlotNote(SlotWarning.STAKEHOLDER_TWICE, other=other)
        for other in sorted(same_triad, key=lambda i: (i.day, i.start))
        if not new.is_same_slot_as(other) and _norm(other.stakeholder) == wanted
    ]
    if not new.interviewers:
        warnings.append(SlotNote(SlotWarning.NO_INTERVIEWER))
    return warnings


# --------------------------------------------------------------------------- agenda


def fieldwork_days(fieldwork: FuzzyDate | None) -> tuple[date, date] | None:
    """The two fieldwork days, or None while the fieldwork is not two exact days."""
    if fieldwork is None or not fieldwork.is_exact:
        return None
    days = fieldwork.days()
    if len(days) != 2:
        return None
    return days[0], days[1]


def _unconfirmed(fieldwork: FuzzyDate | None) -> str:
    if fieldwork is None:
        return "fieldwork dates not set yet"
    if fieldwork.is_exact:
        return f"dates not confirmed as two days: {fieldwork.text}"
    return f"dates not confirmed: {fieldwork.text}"


def _interview_item(interview: Interview, *, show_day: bool, note: str | None) -> AgendaItem:
    """An interview on the agenda: its note (or its day), then the interviewers, place and number as facts."""
    title = interview.stakeholder + (f" ({interview.role})" if interview.role else "")
    detail = note or (format_day(interview.day) if show_day else None)
    return AgendaItem(
        start=interview.start,
        end=interview.end,
        title=title,
        detail=detail,
        kind="interview",
        interviewers=interview.interviewers,
        place=interview.place,
        number=interview.number,
    )


def _with_gaps(interviews: Sequence[Interview], *, show_day: bool) -> list[AgendaItem]:
    """One day's interviews in time order, with free time of 15 minutes or more
    between 09:00 and the end of the last interview."""
    items: list[AgendaItem] = []
    cursor: datetime | None = None
    for interview in interviews:
        begin = datetime.combine(interview.day, interview.start)
        if cursor is None:
            cursor = datetime.combine(interview.day, DAY_START)
        if begin - cursor >= MIN_GAP:
            items.append(
                AgendaItem(
                    start=cursor.time(),
                    end=interview.start,
                    title="Free time",
                    detail=format_duration(begin - cursor),
                    kind="gap",
                )
            )
        items.append(_interview_item(interview, show_day=show_day, note=None))
        cursor = max(cursor, datetime.combine(interview.day, interview.end))
    return items


def _lines_detail(agreed_focus: Sequence[tuple[int, str]]) -> str:
    if not agreed_focus:
        return "no agreed lines of enquiry yet"
    return "\n".join(f"{number}. {text}" for number, text in agreed_focus)


@dataclass(frozen=True)
class AgendaFacts:
    """The agenda as facts, for a message to word: the two days (None while not two exact days), day 1's
    interviews in time order, and those booked on any other day (every interview when the days are not known)."""

    days: tuple[date, date] | None
    day1: tuple[Interview, ...]
    elsewhere: tuple[Interview, ...]


def agenda_facts(fieldwork: FuzzyDate | None, interviews: Iterable[Interview]) -> AgendaFacts:
    ordered = sorted(interviews, key=lambda i: (i.day, i.start, i.end, i.number or 0))
    days = fieldwork_days(fieldwork)
    if days is None:
        return AgendaFacts(None, (), tuple(ordered))
    return AgendaFacts(
        days, tuple(i for i in ordered if i.day == days[0]), tuple(i for i in ordered if i.day != days[0])
    )


def build_agenda(
    fieldwork: FuzzyDate | None,
    interviews: Iterable[Interview],
    agreed_focus: Sequence[tuple[int, str]],
) -> tuple[AgendaDay, AgendaDay]:
    """The two-day fieldwork agenda.

    Day 1 lists the interviews in time order with the free time between them; interviews
    booked on another day are listed after, each noting its day. Day 2 is the
    programme's fixed structure. When the fieldwork is not two exact days, the days have
    no date and their labels say the dates are not confirmed; day 1 then lists every
    interview, each with its day.
    """
    ordered = sorted(interviews, key=lambda i: (i.day, i.start, i.end, i.number or 0))
    dates = fieldwork_days(fieldwork)

    day1_items: list[AgendaItem] = []
    day1: date | None
    day2: date | None
    if dates is not None:
        day1, day2 = dates
        day1_items.extend(_with_gaps([i for i in ordered if i.day == day1], show_day=False))
        for interview in (i for i in ordered if i.day != day1):
            which = "fieldwork day 2" if interview.day == day2 else "not a fieldwork day"
            note = f"not on day 1: {format_day(interview.day)} ({which})"
            day1_items.append(_interview_item(interview, show_day=False, note=note))
        label1 = f"Day 1, {format_day(day1)}: interviews"
        label2 = f"Day 2, {format_day(day2)}: hypotheses, presentation and workshop"
    else:
        day1 = day2 = None
        for d in sorted({i.day for i in ordered}):
            day1_items.extend(_with_gaps([i for i in ordered if i.day == d], show_day=True))
        label1 = f"Day 1 ({_unconfirmed(fieldwork)}): interviews"
        label2 = f"Day 2 ({_unconfirmed(fieldwork)}): hypotheses, presentation and workshop"

    lines = _lines_detail(agreed_focus)
    if agreed_focus:
        numbers = ", ".join(str(number) for number, _ in agreed_focus)
        workshop = f"Each action is linked to one of the agreed lines of enquiry ({numbers})."
    else:
        workshop = "Actions are linked to the agreed lines of enquiry (none agreed yet)."
    details = {
        DAY2_HYPOTHESES: f"Lines of enquiry:\n{lines}" if agreed_focus else lines,
        DAY2_PRESENTATION: "Just before lunch, the visiting team presents its findings to the host.",
        DAY2_LUNCH: None,
        DAY2_WORKSHOP: workshop,
    }
    day2_items = tuple(
        AgendaItem(start=slot[0], end=slot[1], title=slot[2], detail=details[slot], kind="fixed")
        for slot in DAY2_STRUCTURE
    )

    return (
        AgendaDay(label=label1, day=day1, items=tuple(day1_items)),
        AgendaDay(label=label2, day=day2, items=day2_items),
    )


def day2_structure_text() -> str:
    """Day 2's fixed structure as plain lines, e.g. for a calendar description."""
    return "\n".join(f"{format_time(start)}-{format_time(end)} {title}" for start, end, title in DAY2_STRUCTURE)
