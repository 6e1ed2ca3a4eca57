"""A triad's calendar as iCalendar (RFC 5545), built with ``icalendar``.

Rules kept here:

* The calendar carries a ``VTIMEZONE`` for the round's zone (Outlook shows the wrong
  hour without one); interviews are timed events with ``TZID`` of that zone.
* A date known only roughly (a month, "early/mid/late" a month, or provisional) becomes
  an all-day ``TENTATIVE`` event over every day it could be, whose summary says
  "date to be confirmed: <the date as given>". No time or day is ever invented.
* UIDs are stable (derived from the triad and what the event is), so importing the file
  again updates the events instead of duplicating them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import TYPE_CHECKING, cast
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

from bot.rules.fieldwork import Interview, day2_structure_text, format_day

if TYPE_CHECKING:
    from bot.rules.dates import FuzzyDate

PRODID = "-//peerbot//Peer Challenge assistant//EN"


@dataclass(frozen=True)
class CalendarInput:
    triad_number: int
    title: str  # e.g. "Triad 1: Oxfordshire (host), Milton Keynes, Portsmouth"
    timezone: str  # the round's zone, e.g. "Europe/London"
    challenge: FuzzyDate | None
    fieldwork: FuzzyDate | None
    interviews: tuple[Interview, ...]
    interviewer_names: Mapping[str, str]  # user id -> display name (fallback: the id)
    follow_up: date | None  # the four-month follow-up day
    uid_domain: str = "peerbot"
    # The round's own dates, shared by its triads (SPEC steps 3 and 9).
    orientation: FuzzyDate | None = None
    summit: FuzzyDate | None = None
    orientation_material: str | None = None


@lru_cache(maxsize=32)
def _vtimezone_ical(tzid: str, first: date, last: date) -> bytes:
    # Generating a VTIMEZONE from zoneinfo is slow-ish; the bytes are immutable.
    return cast(bytes, Timezone.from_tzid(tzid, first_date=first, last_date=last).to_ical())


def _vtimezone(tzid: str, years: set[int]) -> Timezone:
    """The round's zone, with its transitions from the year before the first event
    to the year after the last (so both STANDARD and DAYLIGHT are present)."""
    first = date(min(years) - 1, 1, 1)
    last = date(max(years) + 2, 1, 1)
    return cast(Timezone, Timezone.from_ical(_vtimezone_ical(tzid, first, last)))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "x"


class _Builder:
    def __init__(self, inp: CalendarInput, now: datetime) -> None:
        self.inp = inp
        self.zone = ZoneInfo(inp.timezone)
        self.stamp = now.astimezone(timezone.utc)
        self.cal = Calendar()
        self.prefix = f"Triad {inp.triad_number}"

    def uid(self, what: str) -> str:
        return f"triad-{self.inp.triad_number}-{what}@{self.inp.uid_domain}"

    def event(self, uid: str, summary: str, description: str) -> Event:
        ev = Event()
        ev.add("uid", self.uid(uid))
        ev.add("dtstamp", self.stamp)
        ev.add("summary", summary)
        ev.add("description", description)
        return ev

    def all_day(
        self,
        uid: str,
        summary: str,
        description: str,
        first: date,
        last: date,
        *,
        tentative: bool,
        busy: bool,
    ) -> Event:
        ev = self.event(uid, summary, description)
        ev.add("dtstart", first)  # a date -> DTSTART;VALUE=DATE
        ev.add("dtend", last + timedelta(days=1))  # exclusive
        ev.add("status", "TENTATIVE" if tentative else "CONFIRMED")
        ev.add("transp", "OPAQUE" if busy else "TRANSPARENT")
        self.cal.add_component(ev)
        return ev

    def fuzzy(self, uid: str, what: str, when: FuzzyDate, description: str) -> None:
        """A date not known to the day: tentative, all day, over every day it could be."""
        note = f"date to be confirmed: {when.text}"
        self.all_day(
            uid,
            f"{self.prefix}: {what} ({note})",
            f"{self.inp.title}\n{what[0].upper()}{what[1:]}, {note}.\n{description}",
            when.start,
            when.end,
            tentative=True,
            busy=False,  # a month-long placeholder must not block anyone's diary
        )

    # -- the programme's events

    def challenge(self, when: FuzzyDate) -> None:
        description = (
            "The three DCSs challenge the host's self-assessment and agree the area of "
            "focus: a small number of tightly defined lines of enquiry."
        )
        if not when.is_exact:
            self.fuzzy("challenge", "challenge session", when, description)
            return
        self.all_day(
            "challenge",
            f"{self.prefix}: challenge session",
            f"{self.inp.title}\nChallenge session, {when.text} (time not set).\n{description}",
            when.start,
            when.end,
            tentative=False,
            busy=True,
        )

    def fieldwork(self, when: FuzzyDate) -> None:
        if not when.is_exact:
            self.fuzzy(
                "fieldwork",
                "fieldwork visit",
                when,
                "Two days: day 1 interviews; day 2 hypotheses, presentation and workshop.",
            )
            return
        days = when.days()
        if len(days) == 1:
            self.all_day(
                "fieldwork",
                f"{self.prefix}: fieldwork visit",
                f"{self.inp.title}\nFieldwork visit, {when.text}.",
                days[0],
                days[0],
                tentative=False,
                busy=True,
            )
            return
        for index, day in enumerate(days, start=1):
            if index == 1:
                # Same UID as the tentative placeholder, so confirming the date
                # replaces it in a calendar that imported the earlier file.
                uid, summary = "fieldwork", f"{self.prefix}: fieldwork day 1, interviews"
                body = "Day 1: interviews with key stakeholders."
            elif index == 2:
                uid = "fieldwork-day-2"
                summary = f"{self.prefix}: fieldwork day 2, hypotheses, presentation to the host, workshop"
                body = "Day 2:\n" + day2_structure_text()
            else:
                uid, summary = f"fieldwork-day-{index}", f"{self.prefix}: fieldwork day {index}"
                body = f"Day {index}."
            self.all_day(
                uid,
                summary,
                f"{self.inp.title}\nFieldwork visit, {when.text}.\n{body}",
                day,
                day,
                tentative=False,
                busy=True,
            )

    def round_event(self, uid: str, what: str, when: FuzzyDate, description: str) -> None:
        """The round's orientation or summit: all day on its day(s), or tentative over its range."""
        if not when.is_exact:
            self.fuzzy(uid, what, when, description)
            return
        self.all_day(
            uid,
            f"{self.prefix}: {what}",
            f"{self.inp.title}\n{what[0].upper()}{what[1:]}, {when.text} (time not set).\n{description}",
            when.start,
            when.end,
            tentative=False,
            busy=True,
        )

    def interview(self, interview: Interview) -> None:
        names = [self.inp.interviewer_names.get(u) or u for u in interview.interviewers]
        who = interview.stakeholder + (f" ({interview.role})" if interview.role else "")
        if interview.number is not None:
            uid = f"interview-{interview.number}"
        else:
            uid = f"interview-{interview.day:%Y%m%d}-{interview.start:%H%M}-{_slug(interview.stakeholder)}"
        lines = [
            self.inp.title,
            f"Interview with {who}, {format_day(interview.day)} {interview.start:%H:%M}-{interview.end:%H:%M}.",
            f"Interviewers: {', '.join(names) if names else 'none assigned yet'}",
        ]
        if interview.place:
            lines.append(f"Place: {interview.place}")
        ev = self.event(uid, f"{self.prefix}: interview with {who}", "\n".join(lines))
        ev.add("dtstart", datetime.combine(interview.day, interview.start, tzinfo=self.zone))
        ev.add("dtend", datetime.combine(interview.day, interview.end, tzinfo=self.zone))
        ev.add("status", "CONFIRMED")
        ev.add("transp", "OPAQUE")
        if interview.place:
            ev.add("location", interview.place)
        self.cal.add_component(ev)

    def follow_up(self, day: date, fieldwork: FuzzyDate | None) -> None:
        description = (
            "Four months after the fieldwork: a supportive review of progress on the "
            "actions chosen at the workshop. The host may decline a follow-up visit."
        )
        if fieldwork is not None and not fieldwork.is_exact:
            # Derived from a fieldwork date that is not confirmed: say so, claim no day.
            note = f"date to be confirmed: fieldwork {fieldwork.text}"
            summary = f"{self.prefix}: four-month follow-up ({note})"
            description = f"{self.inp.title}\nFour-month follow-up, {note}.\n{description}"
            tentative = True
        else:
            summary = f"{self.prefix}: four-month follow-up"
            description = f"{self.inp.title}\n{description}"
            tentative = False
        self.all_day("follow-up", summary, description, day, day, tentative=tentative, busy=False)


def build_calendar(inp: CalendarInput, *, now: datetime | None = None) -> bytes:
    """The triad's calendar file. ``now`` (default: the current time) is the DTSTAMP."""
    now = now or datetime.now(timezone.utc)
    b = _Builder(inp, now)
    cal = b.cal
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", inp.title)

    years: set[int] = set()
    for when in (inp.challenge, inp.fieldwork, inp.orientation, inp.summit):
        if when is not None:
            years |= {when.start.year, when.end.year}
    years |= {i.day.year for i in inp.interviews}
    if inp.follow_up is not None:
        years.add(inp.follow_up.year)
    years = years or {now.year}
    cal.add_component(_vtimezone(inp.timezone, years))

    if inp.orientation is not None:
        material = f"\nMaterial: {inp.orientation_material}" if inp.orientation_material else ""
        b.round_event(
            "orientation", "orientation", inp.orientation,
            "The round's orientation for the triads taking part: peer challenge and how to prepare." + material,
        )  # fmt: skip
    if inp.challenge is not None:
        b.challenge(inp.challenge)
    if inp.fieldwork is not None:
        b.fieldwork(inp.fieldwork)
    for interview in sorted(inp.interviews, key=lambda i: (i.day, i.start, i.end)):
        b.interview(interview)
    if inp.follow_up is not None:
        b.follow_up(inp.follow_up, inp.fieldwork)
    if inp.summit is not None:
        b.round_event(
            "summit", "annual summit", inp.summit,
            "The region reviews improvement priorities across all triads.",
        )  # fmt: skip

    # Belt and braces: any zone referenced but not yet described (none, normally).
    cal.add_missing_timezones(first_date=date(min(years) - 1, 1, 1), last_date=date(max(years) + 2, 1, 1))
    return cast(bytes, cal.to_ical())
