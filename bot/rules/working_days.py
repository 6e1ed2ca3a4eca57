"""Working days in England and Wales, and 09:00 local time.

A working day is Monday to Friday and not a bank holiday of England and Wales
(the ``holidays`` package, country GB, subdivision ENG, which includes substitute
days such as "Boxing Day (observed)" and one-off holidays such as a state funeral).
Scottish and Northern Irish holidays (2 January, St Andrew's Day, 12 July) are
working days here.

Plain Python: no Slack, no database.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from functools import cache
from zoneinfo import ZoneInfo

import holidays

__all__ = [
    "bank_holidays",
    "is_bank_holiday",
    "is_working_day",
    "working_day_on_or_before",
    "working_day_on_or_after",
    "previous_working_day",
    "next_working_day",
    "subtract_working_days",
    "at_local_hour",
    "at_nine_local",
]

_ONE_DAY = timedelta(days=1)


@cache
def bank_holidays(year: int) -> frozenset[date]:
    """The bank holidays of England and Wales in ``year`` (cached per year)."""
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_bank_holiday(d: date) -> bool:
    return d in bank_holidays(d.year)


def is_working_day(d: date) -> bool:
    """Monday to Friday and not a bank holiday in England and Wales."""
    return d.weekday() < 5 and not is_bank_holiday(d)


def working_day_on_or_before(d: date) -> date:
    """``d`` if it is a working day, else the nearest working day before it."""
    while not is_working_day(d):
        d -= _ONE_DAY
    return d


def working_day_on_or_after(d: date) -> date:
    """``d`` if it is a working day, else the nearest working day after it."""
    while not is_working_day(d):
        d += _ONE_DAY
    return d


def previous_working_day(d: date) -> date:
    """The last working day strictly before ``d``."""
    return working_day_on_or_before(d - _ONE_DAY)


def next_working_day(d: date) -> date:
    """The first working day strictly after ``d``."""
    return working_day_on_or_after(d + _ONE_DAY)


def subtract_working_days(d: date, n: int) -> date:
    """The working day ``n`` working days before ``d``.

    Counts back one working day at a time, strictly before ``d``, so
    ``subtract_working_days(d, 1) == previous_working_day(d)`` whether or not ``d``
    itself is a working day. ``n == 0`` gives ``working_day_on_or_before(d)``.
    """
    if n < 0:
        raise ValueError(f"n must be 0 or more, not {n}")
    if n == 0:
        return working_day_on_or_before(d)
    for _ in range(n):
        d = previous_working_day(d)
    return d


def at_local_hour(d: date, tz_name: str, hour: int, minute: int = 0) -> datetime:
    """``hour:minute`` local time on ``d`` in the zone ``tz_name``, as an aware UTC datetime.

    Follows the zone's clock changes: 09:00 in Europe/London is 08:00Z in summer
    (BST) and 09:00Z in winter (GMT). Raises ``zoneinfo.ZoneInfoNotFoundError`` for an
    unknown zone.
    """
    local = datetime.combine(d, time(hour, minute), tzinfo=ZoneInfo(tz_name))
    return local.astimezone(timezone.utc)


def at_nine_local(d: date, tz_name: str) -> datetime:
    """09:00 local time on ``d`` in ``tz_name``, as an aware UTC datetime."""
    return at_local_hour(d, tz_name, 9)
