"""Dates as people write them in a peer challenge round (SPEC, the 2018 round's table).

A date is kept with the precision it was given: a day, a few days, "early/mid/late" a
month, or a month, possibly provisional ("tbc"). ``FuzzyDate`` holds the text as given
and the earliest and latest day it could be, so reminders can hang on the earliest day
and everything shown back to people uses their own words.

Also here: interview slots, local date-times and durations for ``/peer remind``.
Every refusal is a ``DateError``: a ``DateProblem`` code and the facts its words need (the text as
typed, the dates, the limit); ``handlers.words.dates`` words it.

Every reader checks the length first (``bot.rules.limits``) and then runs in time linear in its input:
whitespace is folded to single spaces before any pattern runs, and no pattern can backtrack over a run
of characters more than once (the worst cases are measured by ``benchmarks/worst_case_inputs.py``).

Pure domain: standard library only.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from itertools import pairwise
from typing import Any, cast

from bot.rules import limits

__all__ = [
    "DateError",
    "DateProblem",
    "FuzzyDate",
    "parse_fuzzy_date",
    "parse_slot",
    "parse_local_datetime",
    "parse_duration",
    "year_from_round_name",
]


class DateProblem(StrEnum):
    """What is wrong with a date, time or duration as typed; ``given`` (the text, on one line) is a fact
    of every code but the first five."""

    DATE_TOO_LONG = "date_too_long"  # facts: length, limit
    SLOT_TOO_LONG = "slot_too_long"  # facts: length, limit
    DATETIME_TOO_LONG = "datetime_too_long"  # facts: length, limit
    DURATION_TOO_LONG = "duration_too_long"  # facts: length, limit
    NO_DATE = "no_date"  # no facts
    ONLY_PROVISIONAL = "only_provisional"  # facts: given
    ISO_NO_SUCH_MONTH = "iso_no_such_month"  # facts: given, month
    UK_NO_SUCH_MONTH = "uk_no_such_month"  # facts: given, month
    LIST_AND_RANGE = "list_and_range"  # facts: given
    DAYS_OUT_OF_ORDER = "days_out_of_order"  # facts: given
    DAYS_NOT_NEXT = "days_not_next"  # facts: given, earlier, later (dates)
    SPAN_TOO_LONG = "span_too_long"  # facts: given, span, limit, first (date)
    NO_YEAR = "no_year"  # facts: given, part (early/mid/late or None), day (or None), month (1-12)
    BAD_YEAR = "bad_year"  # facts: given, year
    NO_SUCH_DAY = "no_such_day"  # facts: given, day
    MONTH_TOO_SHORT = "month_too_short"  # facts: given, year, month, length
    WRONG_WEEKDAY = "wrong_weekday"  # facts: given, day (date), weekday (0 = Monday, as typed)
    UNKNOWN_WORD = "unknown_word"  # facts: given, word
    UNREADABLE_DATE = "unreadable_date"  # facts: given
    UNREADABLE_SLOT = "unreadable_slot"  # facts: given
    SLOT_ENDS_FIRST = "slot_ends_first"  # facts: given
    SLOT_NO_DAY = "slot_no_day"  # facts: given
    SLOT_NOT_ONE_DAY = "slot_not_one_day"  # facts: given
    NO_TIME = "no_time"  # facts: given
    DATETIME_NO_DAY = "datetime_no_day"  # facts: given
    DATETIME_NOT_ONE_DAY = "datetime_not_one_day"  # facts: given
    UNCLEAR_TIME = "unclear_time"  # facts: given, token
    HOUR_NOT_12 = "hour_not_12"  # facts: given, token
    NOT_A_TIME = "not_a_time"  # facts: given, token
    NEGATIVE_DURATION = "negative_duration"  # facts: given
    NO_UNIT = "no_unit"  # facts: given
    UNREADABLE_DURATION = "unreadable_duration"  # facts: given
    ZERO_DURATION = "zero_duration"  # facts: given
    DURATION_TOO_FAR = "duration_too_far"  # facts: given, limit (a timedelta)
    VARIABLE_UNIT = "variable_unit"  # facts: given, unit
    UNKNOWN_UNIT = "unknown_unit"  # facts: given, unit


class DateError(ValueError):
    """A date, time or duration the user wrote that cannot be read: ``code`` says what is wrong,
    ``facts`` hold what its words need (``handlers.words.dates``)."""

    def __init__(self, code: DateProblem, **facts: Any) -> None:
        super().__init__(f"{code}: {facts}")
        self.code = code
        self.facts = facts


PRECISIONS = ("day", "days", "part_month", "month")
MAX_SPAN_DAYS = 7
MIN_YEAR, MAX_YEAR = 2000, 2099
MAX_DURATION = timedelta(days=366)

MONTH_NAMES = (
    "", "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_MONTHS = {name.lower(): number for number, name in enumerate(MONTH_NAMES) if name}
_MONTHS |= {name[:3]: number for name, number in _MONTHS.items()} | {"sept": 9}
_WEEKDAYS = {name.lower(): number for number, name in enumerate(WEEKDAY_NAMES)}
_WEEKDAYS |= {name[:3]: number for name, number in _WEEKDAYS.items()}
_WEEKDAYS |= {"tues": 1, "thur": 3, "thurs": 3}

# early = 1st-10th, mid = 11th-20th, late = 21st to the end of the month (SPEC)
_PART_OF_MONTH = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
_PART_SYNONYMS = {"beginning of": "early", "start of": "early", "middle of": "mid", "end of": "late"}


def _alternation(words: Iterable[str]) -> str:
    # Longest first, so "sept" is tried before "sep".
    return "|".join(sorted(words, key=len, reverse=True))


_MONTH = rf"(?:{_alternation(_MONTHS)})"
_WEEKDAY = rf"(?:{_alternation(_WEEKDAYS)})"
_YEAR = r"\d{4}"

_PROVISIONAL_RE = re.compile(
    r"[(\[]?\s*\b(?:tbc|tba|tbd|t\.b\.c\.?|to be confirmed|provisional(?:ly)?)(?![a-z])\s*[)\]]?",
    re.IGNORECASE,
)
_DASH_RE = re.compile(r"[\u2010\u2011\u2012\u2013\u2014\u2212]")  # hyphens, en/em dash, minus
_ISO_DATE_RE = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\b")
_UK_NUMERIC_DATE_RE = re.compile(r"\b(?P<day>\d{1,2})(?P<sep>[/.-])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})\b")
_PART_MONTH_RE = re.compile(
    rf"(?P<part>{_alternation([*_PART_OF_MONTH, *_PART_SYNONYMS])})(?:\s*-\s*|\s+)"
    rf"(?P<month>{_MONTH})(?:\s+(?P<year>{_YEAR}))?"
)
_MONTH_RE = re.compile(rf"(?P<month>{_MONTH})(?:\s+(?P<year>{_YEAR}))?")
_DAY_RE = re.compile(
    rf"(?:(?P<weekday>{_WEEKDAY})\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"(?:\s+(?:of\s+)?(?P<month>{_MONTH})(?:\s+(?P<year>{_YEAR}))?)?"
)
# "23 & 24", "23 and 24", "8, 9 & 10" list days; "23-24", "23 to 24" give a range.
_DAY_SEPARATOR_RE = re.compile(r"\s*(?:(?P<list>,|&|\+|\band\b)|(?P<range>-|\bto\b))\s*")


# --------------------------------------------------------------------------- FuzzyDate


@dataclass(frozen=True)
class FuzzyDate:
    """A date as the user gave it, with the range of days it could be."""

    text: str
    start: date
    end: date
    precision: str
    provisional: bool = False

    def __post_init__(self) -> None:
        if self.precision not in PRECISIONS:
            raise ValueError(f"precision must be one of {PRECISIONS}, not {self.precision!r}")
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        if self.precision == "day" and self.start != self.end:
            raise ValueError("a date of precision 'day' must start and end on the same day")

    @property
    def is_exact(self) -> bool:
        return self.precision in ("day", "days") and not self.provisional

    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]

    def describe(self) -> str:
        if self.provisional and not _PROVISIONAL_RE.search(self.text):
            return f"{self.text} (provisional)"
        return self.text

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "precision": self.precision,
            "provisional": self.provisional,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FuzzyDate:
        return cls(
            text=d["text"],
            start=date.fromisoformat(d["start"]),
            end=date.fromisoformat(d["end"]),
            precision=d["precision"],
            provisional=bool(d.get("provisional", False)),
        )


# --------------------------------------------------------------------------- parse_fuzzy_date


def parse_fuzzy_date(text: str, default_year: int | None, *, provisional: bool = False) -> FuzzyDate:
    """Read a date in any of the forms of SPEC's 2018 table, ISO or UK day-first.

    ``default_year`` (the round's year) fills in a missing year; with none, a date
    without a year is refused.
    """
    given = text.strip()
    if len(given) > limits.DATE:
        raise DateError(DateProblem.DATE_TOO_LONG, length=len(given), limit=limits.DATE)
    return _read_fuzzy_date(given, default_year, provisional=provisional)


def _read_fuzzy_date(given: str, default_year: int | None, *, provisional: bool = False) -> FuzzyDate:
    """`parse_fuzzy_date` without the length check (linear in ``given``: the benchmark measures it)."""
    # One space between words: the date is kept and quoted back on one line, and no pattern below meets a
    # long run of spaces.
    given = " ".join(given.split())
    if not given:
        raise DateError(DateProblem.NO_DATE)
    provisional = provisional or bool(_PROVISIONAL_RE.search(given))
    core = _normalise(given)
    if not core:
        raise DateError(DateProblem.ONLY_PROVISIONAL, given=given)
    for reader in (_read_part_month, _read_month, _read_days):
        found = reader(core, given, default_year)
        if found is not None:
            start, end, precision = found
            return FuzzyDate(given, start, end, precision, provisional)
    raise _unreadable(given, core)


def _normalise(given: str) -> str:
    """Lower-case words, no provisional marker, numeric dates spelt out, single spaces."""
    core = _PROVISIONAL_RE.sub(" ", given).lower()
    core = _DASH_RE.sub("-", core)
    core = re.sub(r"(?<=[a-z])\.", "", core)  # "Sept." -> "sept"
    core = _spell_out_numeric_dates(core, given)
    core = re.sub(rf"\b({_WEEKDAY}),", r"\1", core)  # "Monday, 23 July"
    core = re.sub(rf",(?=\s*{_YEAR}\b)", " ", core)  # "23 July, 2018"
    core = re.sub(r"\s+", " ", core)
    return core.strip(" ,;:-")


def _spell_out_numeric_dates(core: str, given: str) -> str:
    """Turn "2018-07-23" and "23/07/2018" into "23 july 2018" so one grammar reads all."""

    def spell(match: re.Match[str], problem: DateProblem) -> str:
        year = int(match["year"])
        if year < 100:
            year += 2000
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise DateError(problem, given=given, month=month)
        return f"{int(match['day'])} {MONTH_NAMES[month].lower()} {year}"

    core = _ISO_DATE_RE.sub(lambda m: spell(m, DateProblem.ISO_NO_SUCH_MONTH), core)
    return _UK_NUMERIC_DATE_RE.sub(lambda m: spell(m, DateProblem.UK_NO_SUCH_MONTH), core)


# What each reader finds: the first day, the last day and the precision.
_Found = tuple[date, date, str]


def _read_part_month(core: str, given: str, default_year: int | None) -> _Found | None:
    match = _PART_MONTH_RE.fullmatch(core)
    if match is None:
        return None
    part = _PART_SYNONYMS.get(match["part"], match["part"])
    month = _MONTHS[match["month"]]
    year = _year(match["year"], default_year, given, month, part=part)
    first, last = _PART_OF_MONTH[part]
    last = min(last, _days_in_month(year, month))
    return date(year, month, first), date(year, month, last), "part_month"


def _read_month(core: str, given: str, default_year: int | None) -> _Found | None:
    match = _MONTH_RE.fullmatch(core)
    if match is None:
        return None
    month = _MONTHS[match["month"]]
    year = _year(match["year"], default_year, given, month)
    return date(year, month, 1), date(year, month, _days_in_month(year, month)), "month"


@dataclass
class _DayPart:
    day: int
    month: int | None
    year: int | None
    weekday: int | None


def _read_days(core: str, given: str, default_year: int | None) -> _Found | None:
    """One day, days listed ("23 & 24 July") or a run of days ("23-24 July")."""
    pieces, separators = _split_on_separators(core)
    if "list" in separators and "range" in separators:
        raise DateError(DateProblem.LIST_AND_RANGE, given=given)
    if "range" in separators and len(pieces) != 2:
        return None
    read = [_day_part(piece) for piece in pieces]
    parts = [part for part in read if part is not None]
    if len(parts) != len(read) or parts[-1].month is None:
        return None
    days = _dates_of(parts, default_year, given)
    _check_run_of_days(days, given, is_range="range" in separators)
    return days[0], days[-1], "day" if len(days) == 1 else "days"


def _split_on_separators(core: str) -> tuple[list[str], set[str]]:
    pieces: list[str] = []
    kinds: set[str] = set()
    position = 0
    for match in _DAY_SEPARATOR_RE.finditer(core):
        pieces.append(core[position : match.start()])
        kinds.add(str(match.lastgroup))
        position = match.end()
    pieces.append(core[position:])
    return pieces, kinds


def _day_part(piece: str) -> _DayPart | None:
    match = _DAY_RE.fullmatch(piece)
    if match is None:
        return None
    return _DayPart(
        day=int(match["day"]),
        month=_MONTHS[match["month"]] if match["month"] else None,
        year=int(match["year"]) if match["year"] else None,
        weekday=_WEEKDAYS[match["weekday"]] if match["weekday"] else None,
    )


def _dates_of(parts: list[_DayPart], default_year: int | None, given: str) -> list[date]:
    # A day without a month takes the month of the day after it: "23 & 24 July".
    given_months = [part.month for part in parts]
    for i in range(len(given_months) - 2, -1, -1):
        given_months[i] = given_months[i] or given_months[i + 1]
    months = cast(list[int], given_months)  # every day has a month now: the last one always had

    years: list[int | None] = [None if part.year is None else _check_year(part.year, given) for part in parts]
    if all(year is None for year in years):
        years[0] = _year(None, default_year, given, months[-1], day=parts[-1].day)
    # Fill the other years out from a known one, turning the year only from December to
    # January ("31 December & 1 January 2019" starts in 2018); any other step back in the
    # months is days out of order, refused below.
    known = next(i for i, year in enumerate(years) if year is not None)
    for i in range(known - 1, -1, -1):
        years[i] = cast(int, years[i + 1]) - _new_year_between(months[i], months[i + 1])
    for i in range(known + 1, len(years)):
        if years[i] is None:
            years[i] = cast(int, years[i - 1]) + _new_year_between(months[i - 1], months[i])

    days = []
    for part, month, year in zip(parts, months, cast(list[int], years), strict=True):
        day = _make_date(year, month, part.day, given)
        _check_weekday(day, part.weekday, given)
        days.append(day)
    return days


def _new_year_between(month: int, next_month: int) -> int:
    return 1 if (month, next_month) == (12, 1) else 0


def _check_run_of_days(days: list[date], given: str, *, is_range: bool) -> None:
    for earlier, later in pairwise(days):
        if later <= earlier:
            raise DateError(DateProblem.DAYS_OUT_OF_ORDER, given=given)
        if not is_range and later - earlier != timedelta(days=1):
            raise DateError(DateProblem.DAYS_NOT_NEXT, given=given, earlier=earlier, later=later)
    span = (days[-1] - days[0]).days + 1
    if span > MAX_SPAN_DAYS:
        raise DateError(DateProblem.SPAN_TOO_LONG, given=given, span=span, limit=MAX_SPAN_DAYS, first=days[0])


def _year(
    year_text: str | None,
    default_year: int | None,
    given: str,
    month: int,
    *,
    part: str | None = None,
    day: int | None = None,
) -> int:
    if year_text is not None:
        return _check_year(int(year_text), given)
    if default_year is None:
        raise DateError(DateProblem.NO_YEAR, given=given, part=part, day=day, month=month)
    return default_year


def _check_year(year: int, given: str) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateError(DateProblem.BAD_YEAR, given=given, year=year)
    return year


def _make_date(year: int, month: int, day: int, given: str) -> date:
    length = _days_in_month(year, month)
    if day < 1:
        raise DateError(DateProblem.NO_SUCH_DAY, given=given, day=day)
    if day > length:
        raise DateError(DateProblem.MONTH_TOO_SHORT, given=given, year=year, month=month, length=length)
    return date(year, month, day)


def _check_weekday(day: date, weekday: int | None, given: str) -> None:
    if weekday is not None and day.weekday() != weekday:
        raise DateError(DateProblem.WRONG_WEEKDAY, given=given, day=day, weekday=weekday)


def _unreadable(given: str, core: str) -> DateError:
    known = {*_MONTHS, *_WEEKDAYS, *_PART_OF_MONTH, *" ".join(_PART_SYNONYMS).split()}
    known |= {"and", "to", "of", "st", "nd", "rd", "th"}
    unknown = [word for word in re.findall(r"[a-z]+", core) if word not in known]
    if unknown and re.search(r"\d", core):
        return DateError(DateProblem.UNKNOWN_WORD, given=given, word=unknown[0])
    return DateError(DateProblem.UNREADABLE_DATE, given=given)


def _days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


# --------------------------------------------------------------------------- times

# "09:30", "9.30", "9am", "2:30 p.m.": _TIME finds one (twice in a slot), _TIME_RE reads it.
_TIME = r"\d{1,2}(?:[:.]\d{2}(?::\d{2})?)?\s*(?:[ap]\.?m\b\.?)?"
_TIME_RE = re.compile(
    r"(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
    r"\s*(?:(?P<meridiem>[ap])\.?m\.?)?",
    re.IGNORECASE,
)
_TIME_SEPARATOR = r"(?:[-\u2013\u2014]|\bto\b|\btill\b|\buntil\b)"
_SLOT_TIMES_RE = re.compile(
    rf"(?:^|(?<=[\s,]))(?P<start>{_TIME})\s*{_TIME_SEPARATOR}\s*(?P<end>{_TIME})\s*$",
    re.IGNORECASE,
)
_TRAILING_TIME_RE = re.compile(rf"(?:^|(?<=[\s,]))(?P<time>{_TIME})\s*$", re.IGNORECASE)
_TAIL_WORDS = ("at", "on", "from")


def parse_slot(text: str, default_year: int | None) -> tuple[date, time, time]:
    """An interview slot: one exact day and a start and end time, "23 July 2018 09:30-10:15"."""
    given = text.strip()
    if len(given) > limits.SLOT:
        raise DateError(DateProblem.SLOT_TOO_LONG, length=len(given), limit=limits.SLOT)
    return _read_slot(given, default_year)


def _read_slot(given: str, default_year: int | None) -> tuple[date, time, time]:
    given = " ".join(given.split())  # quoted back on one line; single spaces for the patterns
    match = _SLOT_TIMES_RE.search(given)
    if match is None:
        raise DateError(DateProblem.UNREADABLE_SLOT, given=given)
    day = _exact_day(given[: match.start()], default_year, given, slot=True)
    end = _clock_time(match["end"], given)
    start = _slot_start(match["start"], match["end"], end, given)
    if end <= start:
        raise DateError(DateProblem.SLOT_ENDS_FIRST, given=given)
    return day, start, end


def parse_local_datetime(text: str, default_year: int | None) -> datetime:
    """A naive local date and time: "2018-07-20 09:00", "20/07/2018 9am", "20 July 2018 2:30pm"."""
    given = text.strip()
    if len(given) > limits.DATE:
        raise DateError(DateProblem.DATETIME_TOO_LONG, length=len(given), limit=limits.DATE)
    return _read_local_datetime(given, default_year)


def _read_local_datetime(given: str, default_year: int | None) -> datetime:
    given = " ".join(given.split())  # quoted back on one line; single spaces for the patterns
    spaced = re.sub(r"(?<=\d)[Tt](?=\d)", " ", given)  # ISO "2018-07-20T09:00"
    match = _TRAILING_TIME_RE.search(spaced)
    if match is None:
        raise DateError(DateProblem.NO_TIME, given=given)
    day = _exact_day(spaced[: match.start()], default_year, given, slot=False)
    return datetime.combine(day, _clock_time(match["time"], given))


def _exact_day(date_text: str, default_year: int | None, given: str, *, slot: bool) -> date:
    date_text = _without_tail(date_text)
    if not date_text:
        raise DateError(DateProblem.SLOT_NO_DAY if slot else DateProblem.DATETIME_NO_DAY, given=given)
    when = _read_fuzzy_date(date_text.strip(), default_year)
    if when.precision != "day" or when.provisional:
        raise DateError(DateProblem.SLOT_NOT_ONE_DAY if slot else DateProblem.DATETIME_NOT_ONE_DAY, given=given)
    return when.start


def _without_tail(text: str) -> str:
    """The date before a time, without the spaces, commas and "at"/"on"/"from" that lead to the time
    ("23 July 2018, at" -> "23 July 2018"). One walk back from the end: linear, whatever the text."""
    end = len(text)
    while True:
        while end and (text[end - 1].isspace() or text[end - 1] == ","):
            end -= 1
        for word in _TAIL_WORDS:
            start = end - len(word)
            if start >= 0 and text[start:end].lower() == word and (start == 0 or not _is_word_char(text[start - 1])):
                end = start
                break
        else:
            return text[:end]


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _slot_start(token: str, end_token: str, end: time, given: str) -> time:
    """The start time; in "2-3pm" and "11-12pm" it borrows am/pm from the end time sensibly."""
    start_parts, end_parts = _TIME_RE.fullmatch(token.strip()), _TIME_RE.fullmatch(end_token.strip())
    assert start_parts is not None and end_parts is not None  # the slot's pattern matched both already
    if start_parts["meridiem"] or not end_parts["meridiem"] or not 1 <= int(start_parts["hour"]) <= 12:
        return _clock_time(token, given)
    candidates = [_clock_time(token, given, meridiem=m) for m in (end_parts["meridiem"], "a")]
    return next((start for start in candidates if start < end), candidates[0])


def _clock_time(token: str, given: str, *, meridiem: str | None = None) -> time:
    token = token.strip()
    parts = _TIME_RE.fullmatch(token)
    assert parts is not None  # the slot's pattern matched the token already
    hour, minute, second = int(parts["hour"]), int(parts["minute"] or 0), int(parts["second"] or 0)
    meridiem = (parts["meridiem"] or meridiem or "").lower()
    if not meridiem and parts["minute"] is None:
        raise DateError(DateProblem.UNCLEAR_TIME, given=given, token=token)
    if meridiem:
        if not 1 <= hour <= 12:
            raise DateError(DateProblem.HOUR_NOT_12, given=given, token=token)
        hour = hour % 12 + (12 if meridiem == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise DateError(DateProblem.NOT_A_TIME, given=given, token=token)
    return time(hour, minute, second)


# --------------------------------------------------------------------------- durations

_DURATION_UNITS = {
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), "minutes"),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), "hours"),
    **dict.fromkeys(("d", "day", "days"), "days"),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), "weeks"),
}
_VARIABLE_UNITS = {"month", "months", "mo", "mos", "year", "years", "yr", "yrs", "y"}
# One part of a duration, after the separator from the part before it ("," or "and", or nothing: "1h30m").
# The parts are read one after another from where the last one ended, so nothing is ever read twice.
_DURATION_PART_RE = re.compile(r"(?P<sep>\s*,\s*|\s+and\s+|\s*)(?P<amount>\d+(?:\.\d+)?|an?(?=\s))\s*(?P<unit>[a-z]+)")


def parse_duration(text: str) -> timedelta:
    """A positive length of time: "30 minutes", "2 hours", "1h30m", "3 days", "1 week"."""
    given = text.strip()
    if len(given) > limits.DATE:
        raise DateError(DateProblem.DURATION_TOO_LONG, length=len(given), limit=limits.DATE)
    return _read_duration(given)


def _read_duration(given: str) -> timedelta:
    given = " ".join(given.split())  # quoted back on one line
    spoken = given.lower()
    if spoken.startswith("-"):
        raise DateError(DateProblem.NEGATIVE_DURATION, given=given)
    if re.fullmatch(r"\d+(?:\.\d+)?", spoken):
        raise DateError(DateProblem.NO_UNIT, given=given)
    parts = _duration_parts(spoken)
    if parts is None:
        raise DateError(DateProblem.UNREADABLE_DURATION, given=given)
    try:
        total = sum((_duration_part(amount, unit, given) for amount, unit in parts), timedelta())
    except OverflowError:
        total = timedelta.max
    if total <= timedelta():
        raise DateError(DateProblem.ZERO_DURATION, given=given)
    if total > MAX_DURATION:
        raise DateError(DateProblem.DURATION_TOO_FAR, given=given, limit=MAX_DURATION)
    return total


def _duration_parts(spoken: str) -> list[tuple[str, str]] | None:
    """The (amount, unit) parts of the whole text, or None if something else is in it."""
    parts: list[tuple[str, str]] = []
    position = 0
    while position < len(spoken):
        match = _DURATION_PART_RE.match(spoken, position)
        if match is None or match.end() == position or (not parts and match["sep"]):
            return None
        parts.append((match["amount"], match["unit"]))
        position = match.end()
    return parts or None


def _duration_part(amount: str, unit: str, given: str) -> timedelta:
    number = 1.0 if amount in ("a", "an") else float(amount)
    if unit in _DURATION_UNITS:
        return timedelta(**{_DURATION_UNITS[unit]: number})
    if unit in _VARIABLE_UNITS:
        raise DateError(DateProblem.VARIABLE_UNIT, given=given, unit=unit)
    raise DateError(DateProblem.UNKNOWN_UNIT, given=given, unit=unit)


# --------------------------------------------------------------------------- rounds

_ROUND_YEAR_RE = re.compile(r"(?<!\d)(20\d{2})(?!\d)")


def year_from_round_name(name: str) -> int | None:
    """The year a round's name starts with: "SE 2018" -> 2018, "2019/20 round" -> 2019."""
    match = _ROUND_YEAR_RE.search(name)
    return int(match.group(1)) if match else None
