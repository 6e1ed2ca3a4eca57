"""The round's timeline as bars: one row per triad (named by its host), each step a range of days on a shared calendar.

A step known to the day is `exact`; one given as a month, "early October" or derived from such a
date spans every day it could be, and is drawn as a hatched range; so is a provisional one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.rules.dates import FuzzyDate
from bot.rules.reminder_plan import PlanConfig, RoundEvents, add_months

STEPS = ("self_assessment", "challenge", "fieldwork", "report", "follow_up")


@dataclass(frozen=True)
class Bar:
    step: str  # one of STEPS, or "orientation" / "summit" for the round's own dates
    start: date
    end: date
    exact: bool  # known to the day (or days) and confirmed
    provisional: bool


@dataclass(frozen=True)
class TimelineRow:
    triad_number: int
    label: str  # the host authority ("Oxfordshire"): the picture names its rows so
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Timeline:
    rows: tuple[TimelineRow, ...]
    round_bars: tuple[Bar, ...]  # orientation and summit, drawn across every row
    start: date
    end: date
    today: date


@dataclass(frozen=True)
class TriadTimes:
    triad_number: int
    label: str
    challenge: FuzzyDate | None
    fieldwork: FuzzyDate | None


def _bar(step: str, given: FuzzyDate, shift_start: date, shift_end: date) -> Bar:
    return Bar(step, shift_start, shift_end, given.is_exact, given.provisional)


def triad_bars(challenge: FuzzyDate | None, fieldwork: FuzzyDate | None, config: PlanConfig | None = None) -> list[Bar]:
    """The programme's steps as the triad's dates place them (SPEC's plan: self-assessment due two weeks
    before the challenge session, the report four weeks after fieldwork, the follow-up four months after)."""
    config = config or PlanConfig()
    bars: list[Bar] = []
    if challenge is not None:
        before = timedelta(weeks=config.self_assessment_due_weeks_before_challenge)
        bars.append(_bar("self_assessment", challenge, challenge.start - before, challenge.end - before))
        bars.append(_bar("challenge", challenge, challenge.start, challenge.end))
    if fieldwork is not None:
        after = timedelta(weeks=config.report_weeks_after_fieldwork)
        months = config.follow_up_months_after_fieldwork
        bars.append(_bar("fieldwork", fieldwork, fieldwork.start, fieldwork.end))
        bars.append(
            _bar("report", fieldwork, fieldwork.end + after, fieldwork.end + after + (fieldwork.end - fieldwork.start))
        )
        bars.append(
            Bar(
                "follow_up",
                add_months(fieldwork.end, months),
                add_months(fieldwork.end, months) + (fieldwork.end - fieldwork.start),
                fieldwork.is_exact,
                fieldwork.provisional,
            )
        )
    return bars


def timeline_of(
    triads: Sequence[TriadTimes], events: RoundEvents, today: date, config: PlanConfig | None = None
) -> Timeline:
    rows = tuple(
        TimelineRow(t.triad_number, t.label, tuple(triad_bars(t.challenge, t.fieldwork, config))) for t in triads
    )
    round_bars = tuple(
        Bar(step, given.start, given.end, given.is_exact, given.provisional)
        for step, given in (("orientation", events.orientation), ("summit", events.summit))
        if given is not None
    )
    days = [d for row in rows for bar in row.bars for d in (bar.start, bar.end)]
    days += [d for bar in round_bars for d in (bar.start, bar.end)]
    if not days:
        days = [today]
    start, end = min(days), max(days)
    margin = max(timedelta(days=7), (end - start) / 30)
    return Timeline(rows, round_bars, start - margin, end + margin, today)


# The picture's layout: what is drawn where, decided here so that it can be tested without looking.
SPANS = ("challenge", "fieldwork")  # a triad's labelled spans
POINTS = ("report", "follow_up")  # a triad's marked points
BANDS = ("orientation", "summit")  # the round's own dates, across every row
IMPRECISE, PROVISIONAL, TODAY = "imprecise", "provisional", "today"
LEGEND_ORDER = (*SPANS, *POINTS, *BANDS, IMPRECISE, PROVISIONAL, TODAY)


@dataclass(frozen=True)
class Mark:
    kind: str  # one of SPANS, POINTS or BANDS
    row: int | None  # 0 is the top row; None for a band across every row
    start: date
    end: date  # a point known to the day starts and ends on it; an imprecise one spans its possible days
    exact: bool
    provisional: bool

    @property
    def shape(self) -> str:
        return "span" if self.kind in SPANS else "point" if self.kind in POINTS else "band"

    @property
    def look(self) -> str | None:
        """How an inexact date is drawn: a hatched range over its possible days (crossed when provisional)."""
        return None if self.exact else PROVISIONAL if self.provisional else IMPRECISE


@dataclass(frozen=True)
class Layout:
    rows: tuple[str, ...]  # the rows' labels, top to bottom (the host authorities)
    marks: tuple[Mark, ...]
    today: date
    start: date  # the x-axis: what is drawn, and a small margin
    end: date
    legend: tuple[str, ...]  # only what is drawn, in LEGEND_ORDER


def _mark(bar: Bar, row: int | None) -> Mark:
    if bar.step in POINTS and bar.exact:
        return Mark(bar.step, row, bar.start, bar.start, True, False)  # the day it is due
    return Mark(bar.step, row, bar.start, bar.end, bar.exact, bar.provisional)


def layout(timeline: Timeline, margin_share: float = 0.02) -> Layout:
    """Rows named by the timeline's labels; challenge session and fieldwork as spans, report and follow-up
    as points, orientation and summit as bands; the x-axis as wide as the marks and today, with a margin of
    ``margin_share`` of that width (at least two days) either side."""
    marks = [
        _mark(bar, index) for index, row in enumerate(timeline.rows) for bar in row.bars if bar.step in SPANS + POINTS
    ]
    marks += [_mark(bar, None) for bar in timeline.round_bars if bar.step in BANDS]
    days = [d for m in marks for d in (m.start, m.end)] + [timeline.today]
    first, last = min(days), max(days)
    margin = max(timedelta(days=2), timedelta(days=round((last - first).days * margin_share)))
    present = {m.kind for m in marks} | {m.look for m in marks if m.look} | {TODAY}
    return Layout(
        rows=tuple(row.label for row in timeline.rows),
        marks=tuple(marks),
        today=timeline.today,
        start=first - margin,
        end=last + margin,
        legend=tuple(k for k in LEGEND_ORDER if k in present),
    )
