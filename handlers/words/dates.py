"""The words for a date, time or duration that cannot be read (``bot.rules.dates.DateError``): one line
a code, saying what was wrong and how to write it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from bot.rules.dates import MONTH_NAMES, WEEKDAY_NAMES, DateError, DateProblem
from bot.rules.limits import too_long
from handlers.mrkdwn import escape

# Shared by the templates below: each may name them as it names a fact ("{examples}").
SHARED = {
    "examples": (
        'Write it like "23 July 2018", "23 & 24 July 2018", "July 2018" or "early July 2018", '
        'adding "tbc" if it is not confirmed.'
    ),
    "durations": 'Write it like "30 minutes", "2 hours", "1h30m", "3 days" or "1 week".',
    "slot": '"23 July 2018 09:30-10:15"',
    "datetime": '"20 July 2018 09:00"',
    "like": 'Write it like "23 July 2018".',
}


def day_text(day: date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month]} {day.year}"


def _run(first: date, last: date) -> str:
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}-{day_text(last)}"
    if first.year == last.year:
        return f"{first.day} {MONTH_NAMES[first.month]}-{day_text(last)}"
    return f"{day_text(first)} - {day_text(last)}"


def _no_year(f: dict[str, Any]) -> str:
    month = MONTH_NAMES[f["month"]]
    example = f"{f['part']} {month}" if f["part"] else f"{f['day']} {month}" if f["day"] is not None else month
    return (
        f'"{f["given"]}" has no year, and the round has none to take it from. '
        f'Add the year, like "{example} {date.today().year}".'
    )


Wording = str | Callable[[dict[str, Any]], str]  # a str.format template over the facts, or a function of them

WORDS: dict[DateProblem, Wording] = {
    DateProblem.DATE_TOO_LONG: lambda f: too_long("date", f["length"], f["limit"]),
    DateProblem.SLOT_TOO_LONG: lambda f: too_long("slot", f["length"], f["limit"]),
    DateProblem.DATETIME_TOO_LONG: lambda f: too_long("date and time", f["length"], f["limit"]),
    DateProblem.DURATION_TOO_LONG: lambda f: too_long("length of time", f["length"], f["limit"]),
    DateProblem.NO_DATE: "No date given. {examples}",
    DateProblem.ONLY_PROVISIONAL: (
        '"{given}" is not a date: it only says the date is not confirmed. '
        'Give at least the month, like "December 2018 tbc".'
    ),
    DateProblem.ISO_NO_SUCH_MONTH: (
        '"{given}" is not a date: there is no month {month} (ISO dates are year-month-day, like 2018-07-23).'
    ),
    DateProblem.UK_NO_SUCH_MONTH: (
        '"{given}" is not a date: there is no month {month} (write the day first, like 23/07/2018).'
    ),
    DateProblem.LIST_AND_RANGE: (
        '"{given}" is not a date: list days with "&" or give a run with "-", not both, '
        'like "8 & 9 November 2018" or "8-10 November 2018".'
    ),
    DateProblem.DAYS_OUT_OF_ORDER: (
        '"{given}" is not a date: the days must be in order, earliest first, each once, like "23 & 24 July 2018".'
    ),
    DateProblem.DAYS_NOT_NEXT: lambda f: (
        f'"{f["given"]}": {day_text(f["earlier"])} and {day_text(f["later"])} are not next to each other. '
        f'For a run of days write it like "{_run(f["earlier"], f["later"])}".'
    ),
    DateProblem.SPAN_TOO_LONG: lambda f: (
        f'"{f["given"]}" covers {f["span"]} days; a date can cover at most {f["limit"]}. '
        f'For a longer or looser period give the month, like "{MONTH_NAMES[f["first"].month]} {f["first"].year}".'
    ),
    DateProblem.NO_YEAR: _no_year,
    DateProblem.BAD_YEAR: '"{given}" is not a date: the year {year} looks wrong. {like}',
    DateProblem.NO_SUCH_DAY: '"{given}" is not a date: there is no day {day}. {like}',
    DateProblem.MONTH_TOO_SHORT: lambda f: (
        f'"{f["given"]}" is not a date: {MONTH_NAMES[f["month"]]} {f["year"]} has {f["length"]} days. {f["like"]}'
    ),
    DateProblem.WRONG_WEEKDAY: lambda f: (
        f'"{f["given"]}" is not a date: {day_text(f["day"])} is a {WEEKDAY_NAMES[f["day"].weekday()]}, '
        f"not a {WEEKDAY_NAMES[f['weekday']]}."
    ),
    DateProblem.UNKNOWN_WORD: '"{given}" is not a date I can read: I don\'t know the word "{word}". {examples}',
    DateProblem.UNREADABLE_DATE: '"{given}" is not a date I can read. {examples}',
    DateProblem.UNREADABLE_SLOT: '"{given}" is not a slot I can read: write the day and times like {slot}.',
    DateProblem.SLOT_ENDS_FIRST: '"{given}": the slot must end after it starts, like {slot}.',
    DateProblem.SLOT_NO_DAY: '"{given}" has no day: write it like {slot}.',
    DateProblem.SLOT_NOT_ONE_DAY: '"{given}" needs one exact day, like {slot}.',
    DateProblem.NO_TIME: '"{given}" has no time I can read: write it like {datetime} or "20/07/2018 9am".',
    DateProblem.DATETIME_NO_DAY: '"{given}" has no day: write it like {datetime}.',
    DateProblem.DATETIME_NOT_ONE_DAY: '"{given}" needs one exact day, like {datetime}.',
    DateProblem.UNCLEAR_TIME: '"{given}": "{token}" is not a clear time. Write it like "09:30" or "9:30am".',
    DateProblem.HOUR_NOT_12: '"{given}": "{token}" is not a time; with am or pm the hour is 1 to 12.',
    DateProblem.NOT_A_TIME: '"{given}": "{token}" is not a time. Write it like "09:30" or "14:15".',
    DateProblem.NEGATIVE_DURATION: '"{given}": a time from now cannot be negative. {durations}',
    DateProblem.NO_UNIT: '"{given}" has no unit. {durations}',
    DateProblem.UNREADABLE_DURATION: '"{given}" is not a length of time I can read. {durations}',
    DateProblem.ZERO_DURATION: '"{given}" is no time at all: give a length above zero. {durations}',
    DateProblem.DURATION_TOO_FAR: '"{given}" is too far ahead: give at most a year, or a date instead.',
    DateProblem.VARIABLE_UNIT: '"{given}": months and years vary in length; give days or weeks, or a date.',
    DateProblem.UNKNOWN_UNIT: '"{given}": I don\'t know the unit "{unit}". {durations}',
}


def describe(error: DateError, *, plain: bool = False) -> str:
    """The error's one line, as mrkdwn (what was typed escaped), or as plain text (a modal field's error)."""
    wording, facts = WORDS[error.code], SHARED | error.facts
    text = wording(facts) if callable(wording) else wording.format(**facts)
    return text if plain else escape(text)
