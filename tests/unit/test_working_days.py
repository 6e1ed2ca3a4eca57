from datetime import date, datetime, timezone
from zoneinfo import ZoneInfoNotFoundError

import pytest

from bot.rules.working_days import (
    at_local_hour,
    at_nine_local,
    bank_holidays,
    is_working_day,
    next_working_day,
    previous_working_day,
    subtract_working_days,
    working_day_on_or_after,
    working_day_on_or_before,
)

UTC = timezone.utc


def test_bank_holidays_of_england_and_wales_2018():
    assert bank_holidays(2018) == {
        date(2018, 1, 1),  # New Year's Day
        date(2018, 3, 30),  # Good Friday
        date(2018, 4, 2),  # Easter Monday
        date(2018, 5, 7),  # Early May
        date(2018, 5, 28),  # Spring
        date(2018, 8, 27),  # Summer
        date(2018, 12, 25),
        date(2018, 12, 26),
    }


@pytest.mark.parametrize(
    "d, expected",
    [
        (date(2018, 7, 23), True),  # Monday
        (date(2018, 7, 21), False),  # Saturday
        (date(2018, 7, 22), False),  # Sunday
        (date(2018, 4, 2), False),  # Easter Monday
        (date(2018, 3, 30), False),  # Good Friday
        (date(2018, 8, 27), False),  # Summer bank holiday
        (date(2018, 12, 25), False),
        (date(2018, 12, 26), False),
        # Holidays elsewhere in the UK are working days in England and Wales.
        (date(2018, 1, 2), True),  # Scotland
        (date(2018, 8, 6), True),  # Scotland's summer holiday
        (date(2018, 11, 30), True),  # St Andrew's Day
        (date(2018, 7, 12), True),  # Northern Ireland
        (date(2018, 3, 19), True),  # St Patrick's Day observed in NI
        # Substitute and one-off days.
        (date(2020, 12, 28), False),  # Boxing Day (observed)
        (date(2022, 9, 19), False),  # State funeral
        (date(2023, 5, 8), False),  # Coronation
    ],
)
def test_is_working_day(d, expected):
    assert is_working_day(d) is expected


def test_on_or_before_and_after_keep_a_working_day():
    tue = date(2018, 7, 24)
    assert working_day_on_or_before(tue) == tue
    assert working_day_on_or_after(tue) == tue


def test_on_or_before_rolls_back_over_easter():
    # Easter Monday -> Sunday, Saturday, Good Friday -> Maundy Thursday.
    assert working_day_on_or_before(date(2018, 4, 2)) == date(2018, 3, 29)


def test_on_or_after_rolls_forward_over_easter():
    assert working_day_on_or_after(date(2018, 3, 30)) == date(2018, 4, 3)


def test_on_or_after_rolls_forward_over_christmas_and_boxing_day():
    assert working_day_on_or_after(date(2018, 12, 25)) == date(2018, 12, 27)
    # Saturday 26 December 2020: Boxing Day is observed on Monday 28th.
    assert working_day_on_or_after(date(2020, 12, 26)) == date(2020, 12, 29)


def test_previous_working_day_is_strictly_before():
    assert previous_working_day(date(2018, 7, 24)) == date(2018, 7, 23)
    assert previous_working_day(date(2018, 7, 23)) == date(2018, 7, 20)  # Monday -> Friday
    assert previous_working_day(date(2018, 4, 3)) == date(2018, 3, 29)  # over Easter
    assert previous_working_day(date(2018, 8, 28)) == date(2018, 8, 24)  # over the Summer bank holiday


def test_next_working_day_is_strictly_after():
    assert next_working_day(date(2018, 12, 24)) == date(2018, 12, 27)
    assert next_working_day(date(2018, 12, 31)) == date(2019, 1, 2)


def test_subtract_working_days_across_christmas_and_the_year_end():
    # 5 working days before New Year's Day 2018: 29, 28, 27 Dec, (26, 25 holidays,
    # 24, 23 weekend) 22, 21 Dec.
    assert subtract_working_days(date(2018, 1, 1), 5) == date(2017, 12, 21)
    assert subtract_working_days(date(2018, 1, 2), 1) == date(2017, 12, 29)


def test_subtract_working_days_over_a_bank_holiday_weekend():
    # Saturday 1 Sept 2018: 31, 30, 29, 28 Aug, (27 holiday, 26, 25 weekend) 24 Aug.
    assert subtract_working_days(date(2018, 9, 1), 5) == date(2018, 8, 24)
    assert subtract_working_days(date(2018, 9, 1), 4) == date(2018, 8, 28)


def test_subtract_one_is_previous_working_day_and_zero_is_on_or_before():
    for d in (date(2018, 4, 2), date(2018, 4, 3), date(2018, 7, 21), date(2018, 12, 27)):
        assert subtract_working_days(d, 1) == previous_working_day(d)
        assert subtract_working_days(d, 0) == working_day_on_or_before(d)


def test_subtract_negative_working_days_is_refused():
    with pytest.raises(ValueError):
        subtract_working_days(date(2018, 1, 1), -1)


@pytest.mark.parametrize(
    "d, utc_hour",
    [
        (date(2018, 3, 23), 9),  # Friday before the clocks go forward (25 March): GMT
        (date(2018, 3, 26), 8),  # Monday after: BST
        (date(2018, 10, 26), 8),  # Friday before the clocks go back (28 October): BST
        (date(2018, 10, 29), 9),  # Monday after: GMT
        (date(2018, 11, 26), 9),
        (date(2018, 7, 20), 8),
    ],
)
def test_at_nine_local_london_follows_the_clock_changes(d, utc_hour):
    got = at_nine_local(d, "Europe/London")
    assert got == datetime(d.year, d.month, d.day, utc_hour, 0, tzinfo=UTC)
    assert got.utcoffset().total_seconds() == 0


def test_at_nine_local_other_zone():
    # 09:00 in Paris in summer (CEST, UTC+2) is 07:00Z.
    assert at_nine_local(date(2018, 7, 20), "Europe/Paris") == datetime(2018, 7, 20, 7, tzinfo=UTC)


def test_at_local_hour_other_hour():
    assert at_local_hour(date(2018, 7, 20), "Europe/London", 14) == datetime(2018, 7, 20, 13, tzinfo=UTC)


def test_at_nine_local_unknown_zone():
    with pytest.raises(ZoneInfoNotFoundError):
        at_nine_local(date(2018, 7, 20), "Europe/Atlantis")
