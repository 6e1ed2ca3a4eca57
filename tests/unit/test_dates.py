"""Dates as people write them (bot.rules.dates): the 2018 round's table, ISO, UK day-first."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from bot.rules.dates import (
    DateError,
    FuzzyDate,
    parse_duration,
    parse_fuzzy_date,
    parse_local_datetime,
    parse_slot,
    year_from_round_name,
)
from handlers.words.dates import describe

D = date


def refusal(call, *args, **kwargs) -> str:
    """The words (handlers.words.dates) for the DateError that ``call`` raises; it is one line."""
    with pytest.raises(DateError) as caught:
        call(*args, **kwargs)
    message = describe(caught.value, plain=True)
    assert message and "\n" not in message
    return message


# --------------------------------------------------------------------------- the 2018 table


@pytest.mark.parametrize(
    ("text", "start", "end", "precision", "provisional"),
    [
        ("February 2018", D(2018, 2, 1), D(2018, 2, 28), "month", False),
        ("23 & 24 July 2018", D(2018, 7, 23), D(2018, 7, 24), "days", False),
        ("Early October", D(2018, 10, 1), D(2018, 10, 10), "part_month", False),
        ("December 2018 tbc", D(2018, 12, 1), D(2018, 12, 31), "month", True),
        ("7 September", D(2018, 9, 7), D(2018, 9, 7), "day", False),
        ("8 & 9 November 2018", D(2018, 11, 8), D(2018, 11, 9), "days", False),
    ],
)
def test_every_date_of_the_2018_round_table(text, start, end, precision, provisional):
    parsed = parse_fuzzy_date(text, 2018)

    assert parsed == FuzzyDate(text, start, end, precision, provisional)


# --------------------------------------------------------------------------- forms accepted


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("23 and 24 July 2018", D(2018, 7, 23), D(2018, 7, 24)),
        ("23-24 July 2018", D(2018, 7, 23), D(2018, 7, 24)),
        ("23 - 24 July 2018", D(2018, 7, 23), D(2018, 7, 24)),
        ("23\u201324 July", D(2018, 7, 23), D(2018, 7, 24)),  # en dash, year from the round
        ("23\u201424 July 2018", D(2018, 7, 23), D(2018, 7, 24)),  # em dash
        ("23 to 24 July 2018", D(2018, 7, 23), D(2018, 7, 24)),
        ("23rd & 24th July 2018", D(2018, 7, 23), D(2018, 7, 24)),
        ("Monday 23 & Tuesday 24 July 2018", D(2018, 7, 23), D(2018, 7, 24)),
        ("30 June & 1 July 2018", D(2018, 6, 30), D(2018, 7, 1)),
        ("30 June-2 July 2018", D(2018, 6, 30), D(2018, 7, 2)),
        ("31 December & 1 January 2019", D(2018, 12, 31), D(2019, 1, 1)),
        ("8, 9 & 10 November 2018", D(2018, 11, 8), D(2018, 11, 10)),
        ("1-7 July 2018", D(2018, 7, 1), D(2018, 7, 7)),  # the longest run allowed
        ("23 July 2018 & 24 July 2018", D(2018, 7, 23), D(2018, 7, 24)),
        ("23/07/2018 - 24/07/2018", D(2018, 7, 23), D(2018, 7, 24)),
        ("2018-07-23 to 2018-07-24", D(2018, 7, 23), D(2018, 7, 24)),
    ],
)
def test_two_or_more_days(text, start, end):
    parsed = parse_fuzzy_date(text, 2018)

    assert (parsed.start, parsed.end, parsed.precision) == (start, end, "days")
    assert parsed.is_exact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("23 July 2018", D(2018, 7, 23)),
        ("7 September", D(2018, 9, 7)),
        ("2018-07-23", D(2018, 7, 23)),
        ("2018-7-3", D(2018, 7, 3)),
        ("03/04/2018", D(2018, 4, 3)),  # UK day-first: 3 April, not 4 March
        ("3/4/2018", D(2018, 4, 3)),
        ("3/4/18", D(2018, 4, 3)),
        ("03.04.2018", D(2018, 4, 3)),
        ("03-04-2018", D(2018, 4, 3)),
        ("1st July 2018", D(2018, 7, 1)),
        ("2nd July 2018", D(2018, 7, 2)),
        ("23rd July 2018", D(2018, 7, 23)),
        ("23rd of July 2018", D(2018, 7, 23)),
        ("Monday 23 July 2018", D(2018, 7, 23)),
        ("Mon 23 July 2018", D(2018, 7, 23)),
        ("Monday, 23rd July, 2018", D(2018, 7, 23)),
        ("Monday 23/07/2018", D(2018, 7, 23)),
        ("23 Jul 2018", D(2018, 7, 23)),
        ("7 Sept 2018", D(2018, 9, 7)),
        ("7 Sep 2018", D(2018, 9, 7)),
        ("7 Sept. 2018", D(2018, 9, 7)),
        ("29 Feb 2020", D(2020, 2, 29)),
        ("23 JULY 2018", D(2018, 7, 23)),
        ("  23 july 2018  ", D(2018, 7, 23)),
    ],
)
def test_one_day(text, expected):
    parsed = parse_fuzzy_date(text, 2018)

    assert (parsed.start, parsed.end, parsed.precision) == (expected, expected, "day")


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("February 2018", D(2018, 2, 1), D(2018, 2, 28)),
        ("February 2020", D(2020, 2, 1), D(2020, 2, 29)),
        ("Feb 2018", D(2018, 2, 1), D(2018, 2, 28)),
        ("sept 2018", D(2018, 9, 1), D(2018, 9, 30)),
        ("Sep 2018", D(2018, 9, 1), D(2018, 9, 30)),
        ("SEPTEMBER 2018", D(2018, 9, 1), D(2018, 9, 30)),
        ("December", D(2018, 12, 1), D(2018, 12, 31)),
    ],
)
def test_a_month(text, start, end):
    parsed = parse_fuzzy_date(text, 2018)

    assert (parsed.start, parsed.end, parsed.precision) == (start, end, "month")
    assert not parsed.is_exact


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Early October", D(2018, 10, 1), D(2018, 10, 10)),
        ("mid March 2019", D(2019, 3, 11), D(2019, 3, 20)),
        ("mid-March 2019", D(2019, 3, 11), D(2019, 3, 20)),
        ("late May", D(2018, 5, 21), D(2018, 5, 31)),
        ("late June", D(2018, 6, 21), D(2018, 6, 30)),
        ("late February 2018", D(2018, 2, 21), D(2018, 2, 28)),
        ("late Feb 2020", D(2020, 2, 21), D(2020, 2, 29)),
        ("EARLY oct 2018", D(2018, 10, 1), D(2018, 10, 10)),
        ("end of March 2019", D(2019, 3, 21), D(2019, 3, 31)),
        ("beginning of March 2019", D(2019, 3, 1), D(2019, 3, 10)),
    ],
)
def test_early_mid_or_late_in_a_month(text, start, end):
    parsed = parse_fuzzy_date(text, 2018)

    assert (parsed.start, parsed.end, parsed.precision) == (start, end, "part_month")
    assert not parsed.is_exact


def test_a_missing_year_comes_from_the_round():
    assert parse_fuzzy_date("7 September", 2019).start == D(2019, 9, 7)
    assert parse_fuzzy_date("late May", 2020).start == D(2020, 5, 21)
    assert parse_fuzzy_date("23 & 24 July", 2021).days() == [D(2021, 7, 23), D(2021, 7, 24)]


def test_a_given_year_wins_over_the_round_year():
    assert parse_fuzzy_date("mid March 2019", 2018).start == D(2019, 3, 11)


def test_days_without_a_year_that_cross_new_year_start_in_the_round_year():
    parsed = parse_fuzzy_date("31 December & 1 January", 2018)

    assert (parsed.start, parsed.end) == (D(2018, 12, 31), D(2019, 1, 1))


def test_text_is_kept_exactly_as_given_apart_from_outer_whitespace():
    assert parse_fuzzy_date("  23 & 24 JULY 2018 (TBC) ", None).text == "23 & 24 JULY 2018 (TBC)"
    assert parse_fuzzy_date("03/04/2018", None).text == "03/04/2018"


# --------------------------------------------------------------------------- provisional


@pytest.mark.parametrize(
    "text",
    [
        "December 2018 tbc",
        "December 2018 TBC",
        "December 2018 (tbc)",
        "December 2018 [TBC]",
        "December 2018 - tbc",
        "December 2018 provisional",
        "provisional: December 2018",
        "December 2018, to be confirmed",
        "December 2018 T.B.C.",
    ],
)
def test_provisional_markers(text):
    parsed = parse_fuzzy_date(text, None)

    assert parsed.provisional
    assert (parsed.start, parsed.end) == (D(2018, 12, 1), D(2018, 12, 31))


def test_an_exact_day_marked_tbc_is_not_exact():
    parsed = parse_fuzzy_date("23 & 24 July 2018 tbc", None)

    assert parsed.precision == "days"
    assert parsed.provisional
    assert not parsed.is_exact


def test_provisional_can_be_passed_in():
    parsed = parse_fuzzy_date("23 & 24 July 2018", None, provisional=True)

    assert parsed.provisional
    assert not parsed.is_exact
    assert parsed.text == "23 & 24 July 2018"


def test_a_date_without_a_marker_is_not_provisional():
    assert not parse_fuzzy_date("23 & 24 July 2018", None).provisional


def test_a_word_that_merely_contains_tbc_is_not_a_marker():
    # "tbc" must stand alone; here it is part of an unreadable word, so the date is refused.
    assert "not a date" in refusal(parse_fuzzy_date, "23 July 2018 xtbc", None)


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("31 February 2018", "February 2018 has 28 days"),
        ("2018-02-31", "February 2018 has 28 days"),
        ("30/02/2018", "February 2018 has 28 days"),
        ("29 February 2019", "February 2019 has 28 days"),
        ("32 July 2018", "July 2018 has 31 days"),
        ("31 June 2018", "June 2018 has 30 days"),
        ("0 July 2018", "no day 0"),
        ("13/13/2018", "no month 13"),
        ("03/13/2018", "write the day first"),
        ("2018-13-01", "no month 13"),
        ("23 July 1018", "year 1018"),
        ("Monday 24 July 2018", "24 July 2018 is a Tuesday, not a Monday"),
    ],
)
def test_impossible_dates_are_refused_saying_why(text, why):
    message = refusal(parse_fuzzy_date, text, 2018)

    assert f'"{text}"' in message
    assert why in message


def test_the_brief_example_message_for_31_february():
    assert refusal(parse_fuzzy_date, "31 February 2018", None) == (
        '"31 February 2018" is not a date: February 2018 has 28 days. Write it like "23 July 2018".'
    )


@pytest.mark.parametrize("text", ["soon", "next week", "2018", "whenever it suits", "23 July?"])
def test_garbage_is_refused_with_examples_of_good_forms(text):
    message = refusal(parse_fuzzy_date, text, 2018)

    assert f'"{text}"' in message
    assert '"23 July 2018"' in message and '"23 & 24 July 2018"' in message


def test_an_empty_date_is_refused():
    for blank in ("", "   "):
        assert "No date given" in refusal(parse_fuzzy_date, blank, 2018)


@pytest.mark.parametrize("text", ["tbc", "TBC", "(tbc)", "provisional"])
def test_tbc_alone_is_not_a_date(text):
    message = refusal(parse_fuzzy_date, text, 2018)

    assert "not confirmed" in message
    assert "month" in message


def test_an_unknown_word_is_named():
    message = refusal(parse_fuzzy_date, "23 Jly 2018", 2018)

    assert '"jly"' in message


@pytest.mark.parametrize("text", ["7 September", "23 & 24 July", "Early October", "December", "December tbc"])
def test_a_missing_year_without_a_round_year_asks_for_the_year(text):
    message = refusal(parse_fuzzy_date, text, None)

    assert f'"{text}" has no year' in message
    assert "Add the year" in message


def test_days_out_of_order_are_refused():
    for text in ("24 & 23 July 2018", "24-23 July 2018", "23 & 23 July 2018", "1 July & 30 June 2018"):
        assert "in order" in refusal(parse_fuzzy_date, text, None)


def test_a_run_of_more_than_seven_days_is_refused():
    message = refusal(parse_fuzzy_date, "1-8 July 2018", None)

    assert "covers 8 days" in message
    assert "at most 7" in message
    assert '"July 2018"' in message


def test_listed_days_must_be_next_to_each_other():
    message = refusal(parse_fuzzy_date, "23 & 25 July 2018", None)

    assert "not next to each other" in message
    assert '"23-25 July 2018"' in message  # and the suggestion is itself readable
    assert parse_fuzzy_date("23-25 July 2018", None).days() == [D(2018, 7, 23), D(2018, 7, 24), D(2018, 7, 25)]


def test_listing_and_a_run_together_are_refused():
    assert "not both" in refusal(parse_fuzzy_date, "23 & 24-25 July 2018", None)


def test_a_dayless_first_part_needs_the_month_at_the_end():
    assert "not a date I can read" in refusal(parse_fuzzy_date, "23 July & 24", None)


# --------------------------------------------------------------------------- FuzzyDate


def test_days_lists_every_day_inclusive():
    assert parse_fuzzy_date("30 June & 1 July 2018", None).days() == [D(2018, 6, 30), D(2018, 7, 1)]
    assert parse_fuzzy_date("7 September 2018", None).days() == [D(2018, 9, 7)]
    assert len(parse_fuzzy_date("February 2018", None).days()) == 28


@pytest.mark.parametrize(
    ("text", "provisional", "exact"),
    [
        ("23 July 2018", False, True),
        ("23 & 24 July 2018", False, True),
        ("23 July 2018", True, False),
        ("early July 2018", False, False),
        ("July 2018", False, False),
    ],
)
def test_is_exact(text, provisional, exact):
    assert parse_fuzzy_date(text, None, provisional=provisional).is_exact is exact


@pytest.mark.parametrize(
    ("text", "provisional", "described"),
    [
        ("23 & 24 July 2018", False, "23 & 24 July 2018"),
        ("23 & 24 July 2018", True, "23 & 24 July 2018 (provisional)"),
        ("December 2018 tbc", False, "December 2018 tbc"),
        ("December 2018 tbc", True, "December 2018 tbc"),
        ("December 2018 (TBC)", True, "December 2018 (TBC)"),
        ("Provisionally 7 September 2018", True, "Provisionally 7 September 2018"),
        ("Early October", False, "Early October"),
    ],
)
def test_describe_shows_the_text_as_given(text, provisional, described):
    assert parse_fuzzy_date(text, 2018, provisional=provisional).describe() == described


def test_to_dict():
    parsed = parse_fuzzy_date("December 2018 tbc", None)

    assert parsed.to_dict() == {
        "text": "December 2018 tbc",
        "start": "2018-12-01",
        "end": "2018-12-31",
        "precision": "month",
        "provisional": True,
    }


@pytest.mark.parametrize(
    "text", ["February 2018", "23 & 24 July 2018", "Early October", "December 2018 tbc", "7 September"]
)
def test_to_dict_from_dict_round_trip(text):
    parsed = parse_fuzzy_date(text, 2018)

    assert FuzzyDate.from_dict(parsed.to_dict()) == parsed


def test_from_dict_keeps_a_provisional_flag_not_in_the_text():
    parsed = parse_fuzzy_date("23 & 24 July 2018", None, provisional=True)

    again = FuzzyDate.from_dict(parsed.to_dict())

    assert again.provisional
    assert again.describe() == "23 & 24 July 2018 (provisional)"


@pytest.mark.parametrize(
    ("start", "end", "precision"),
    [
        (D(2018, 7, 24), D(2018, 7, 23), "days"),  # ends before it starts
        (D(2018, 7, 23), D(2018, 7, 24), "day"),  # one day spanning two
        (D(2018, 7, 23), D(2018, 7, 23), "week"),  # unknown precision
    ],
)
def test_a_fuzzy_date_cannot_be_built_inconsistent(start, end, precision):
    with pytest.raises(ValueError):
        FuzzyDate("x", start, end, precision, False)


def test_a_fuzzy_date_is_immutable():
    parsed = parse_fuzzy_date("23 July 2018", None)

    with pytest.raises(AttributeError):
        parsed.text = "24 July 2018"  # type: ignore[misc]


# --------------------------------------------------------------------------- interview slots


@pytest.mark.parametrize(
    ("text", "day", "start", "end"),
    [
        ("23 July 2018 09:30-10:15", D(2018, 7, 23), time(9, 30), time(10, 15)),
        ("23/07/2018 9:30\u201310:15", D(2018, 7, 23), time(9, 30), time(10, 15)),
        ("2018-07-23 09:30 - 10:15", D(2018, 7, 23), time(9, 30), time(10, 15)),
        ("23 July 09:30-10:15", D(2018, 7, 23), time(9, 30), time(10, 15)),
        ("23 July 2018 09:30\u201410:15", D(2018, 7, 23), time(9, 30), time(10, 15)),
        ("23 July 2018 09:30 to 10:15", D(2018, 7, 23), time(9, 30), time(10, 15)),
        ("23 July 2018, 09:30-10:15", D(2018, 7, 23), time(9, 30), time(10, 15)),
        ("Monday 23 July 2018 from 9:30am to 10:15am", D(2018, 7, 23), time(9, 30), time(10, 15)),
        ("23.07.2018 9.30-10.15", D(2018, 7, 23), time(9, 30), time(10, 15)),
        ("23 July 2018 13:00-14:30", D(2018, 7, 23), time(13, 0), time(14, 30)),
        ("23 July 2018 2-3pm", D(2018, 7, 23), time(14, 0), time(15, 0)),
        ("23 July 2018 11-12pm", D(2018, 7, 23), time(11, 0), time(12, 0)),
        ("23 July 2018 10:30-1pm", D(2018, 7, 23), time(10, 30), time(13, 0)),
    ],
)
def test_slots(text, day, start, end):
    assert parse_slot(text, 2018) == (day, start, end)


def test_a_slot_must_end_after_it_starts():
    for text in ("23 July 2018 10:15-09:30", "23 July 2018 09:30-09:30"):
        assert "end after it starts" in refusal(parse_slot, text, 2018)


@pytest.mark.parametrize(
    "text", ["July 2018 09:30-10:15", "23 & 24 July 2018 09:30-10:15", "23 July 2018 tbc 09:30-10:15"]
)
def test_a_slot_must_be_one_exact_day(text):
    assert "one exact day" in refusal(parse_slot, text, 2018)


def test_a_slot_without_times_is_refused():
    message = refusal(parse_slot, "23 July 2018", 2018)

    assert '"23 July 2018 09:30-10:15"' in message


def test_a_slot_with_an_impossible_time_is_refused():
    assert '"25:00" is not a time' in refusal(parse_slot, "23 July 2018 09:30-25:00", 2018)
    assert '"09:75" is not a time' in refusal(parse_slot, "23 July 2018 09:30-09:75", 2018)


def test_a_slot_with_bare_hours_is_refused():
    assert "not a clear time" in refusal(parse_slot, "23 July 2018 9-10", 2018)


def test_a_slot_without_a_year_and_no_round_year_asks_for_the_year():
    assert "has no year" in refusal(parse_slot, "23 July 09:30-10:15", None)


def test_a_slot_on_an_impossible_day_is_refused():
    assert "February 2018 has 28 days" in refusal(parse_slot, "30 February 2018 09:30-10:15", 2018)


# --------------------------------------------------------------------------- local date-times


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2018-07-20 09:00", datetime(2018, 7, 20, 9, 0)),
        ("2018-07-20T09:00", datetime(2018, 7, 20, 9, 0)),
        ("20 July 2018 09:00", datetime(2018, 7, 20, 9, 0)),
        ("20/07/2018 9am", datetime(2018, 7, 20, 9, 0)),
        ("20 July 2018 2:30pm", datetime(2018, 7, 20, 14, 30)),
        ("20 July 2018 2:30 PM", datetime(2018, 7, 20, 14, 30)),
        ("20 July 2018 9 a.m.", datetime(2018, 7, 20, 9, 0)),
        ("20 July 2018 at 17:45", datetime(2018, 7, 20, 17, 45)),
        ("20 July 2018 12am", datetime(2018, 7, 20, 0, 0)),
        ("20 July 2018 12pm", datetime(2018, 7, 20, 12, 0)),
        ("20 July 09:00", datetime(2018, 7, 20, 9, 0)),
    ],
)
def test_local_datetimes(text, expected):
    parsed = parse_local_datetime(text, 2018)

    assert parsed == expected
    assert parsed.tzinfo is None


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("20 July 2018", "has no time"),
        ("9am", "has no day"),
        ("20 July 2018 9", "not a clear time"),
        ("20 July 2018 13pm", "hour is 1 to 12"),
        ("20 July 2018 24:00", "not a time"),
        ("July 2018 09:00", "one exact day"),
        ("31 June 2018 09:00", "June 2018 has 30 days"),
    ],
)
def test_local_datetime_refusals(text, why):
    assert why in refusal(parse_local_datetime, text, 2018)


def test_a_local_datetime_without_a_year_and_no_round_year_asks_for_the_year():
    assert "has no year" in refusal(parse_local_datetime, "20 July 09:00", None)


# --------------------------------------------------------------------------- durations


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30 minutes", timedelta(minutes=30)),
        ("1 minute", timedelta(minutes=1)),
        ("90 mins", timedelta(minutes=90)),
        ("45 min", timedelta(minutes=45)),
        ("5m", timedelta(minutes=5)),
        ("2 hours", timedelta(hours=2)),
        ("1 hour", timedelta(hours=1)),
        ("3 hrs", timedelta(hours=3)),
        ("2h", timedelta(hours=2)),
        ("1.5 hours", timedelta(minutes=90)),
        ("an hour", timedelta(hours=1)),
        ("1 day", timedelta(days=1)),
        ("3 days", timedelta(days=3)),
        ("2d", timedelta(days=2)),
        ("a day", timedelta(days=1)),
        ("1 week", timedelta(weeks=1)),
        ("2 weeks", timedelta(weeks=2)),
        ("2 wks", timedelta(weeks=2)),
        ("1h30m", timedelta(minutes=90)),
        ("1h 30m", timedelta(minutes=90)),
        ("1 hour 30 minutes", timedelta(minutes=90)),
        ("1 hour and 30 minutes", timedelta(minutes=90)),
        ("1 day, 2 hours", timedelta(hours=26)),
        ("30 MINUTES", timedelta(minutes=30)),
        (" 30 minutes ", timedelta(minutes=30)),
    ],
)
def test_durations(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("0 minutes", "length above zero"),
        ("0h0m", "length above zero"),
        ("-5 minutes", "cannot be negative"),
        ("30", "no unit"),
        ("soon", "not a length of time"),
        ("", "not a length of time"),
        ("5 fortnights", 'unit "fortnights"'),
        ("30 seconds", 'unit "seconds"'),
        ("4 months", "vary in length"),
        ("1 year", "vary in length"),
        ("400 days", "at most a year"),
        ("99999999999 weeks", "at most a year"),
    ],
)
def test_duration_refusals(text, why):
    message = refusal(parse_duration, text)

    assert why in message


def test_duration_refusals_show_examples():
    assert '"30 minutes"' in refusal(parse_duration, "soon")


# --------------------------------------------------------------------------- round names


@pytest.mark.parametrize(
    ("name", "year"),
    [
        ("SE 2018", 2018),
        ("2019/20 round", 2019),
        ("2019-20", 2019),
        ("SE2018", 2018),
        ("South East 2021 round", 2021),
        ("Autumn", None),
        ("Round 12345", None),
        ("", None),
    ],
)
def test_year_from_round_name(name, year):
    assert year_from_round_name(name) == year
