"""The words for a date that cannot be read (handlers.words.dates): every code has its wording, which
formats with the facts its raise site gives, and a typed text is escaped for mrkdwn only."""

from __future__ import annotations

import pytest

from bot.rules.dates import DateError, DateProblem, parse_duration, parse_fuzzy_date, parse_local_datetime, parse_slot
from handlers.words.dates import WORDS, describe

D, SLOT, AT, IN = parse_fuzzy_date, parse_slot, parse_local_datetime, parse_duration
# One text (and the round's year) that reaches each raise site in bot.rules.dates, with the words it gets.
CASES = [
    (D, "x" * 121, None, DateProblem.DATE_TOO_LONG, "That date is 121 characters; a date is at most 120."),
    (SLOT, "x" * 121, None, DateProblem.SLOT_TOO_LONG, "That slot is 121 characters; a slot is at most 120."),
    (AT, "x" * 121, None, DateProblem.DATETIME_TOO_LONG,
     "That date and time is 121 characters; a date and time is at most 120."),
    (IN, "x" * 121, None, DateProblem.DURATION_TOO_LONG,
     "That length of time is 121 characters; a length of time is at most 120."),
    (D, " ", 2018, DateProblem.NO_DATE,
     'No date given. Write it like "23 July 2018", "23 & 24 July 2018", "July 2018" or "early July 2018", '
     'adding "tbc" if it is not confirmed.'),
    (D, "tbc", 2018, DateProblem.ONLY_PROVISIONAL,
     '"tbc" is not a date: it only says the date is not confirmed. Give at least the month, '
     'like "December 2018 tbc".'),
    (D, "2018-13-01", 2018, DateProblem.ISO_NO_SUCH_MONTH,
     '"2018-13-01" is not a date: there is no month 13 (ISO dates are year-month-day, like 2018-07-23).'),
    (D, "23/13/2018", 2018, DateProblem.UK_NO_SUCH_MONTH,
     '"23/13/2018" is not a date: there is no month 13 (write the day first, like 23/07/2018).'),
    (D, "8 & 9-10 November 2018", 2018, DateProblem.LIST_AND_RANGE,
     '"8 & 9-10 November 2018" is not a date: list days with "&" or give a run with "-", not both, '
     'like "8 & 9 November 2018" or "8-10 November 2018".'),
    (D, "24 & 23 July 2018", 2018, DateProblem.DAYS_OUT_OF_ORDER,
     '"24 & 23 July 2018" is not a date: the days must be in order, earliest first, each once, '
     'like "23 & 24 July 2018".'),
    (D, "30 June & 2 July", 2018, DateProblem.DAYS_NOT_NEXT,
     '"30 June & 2 July": 30 June 2018 and 2 July 2018 are not next to each other. '
     'For a run of days write it like "30 June-2 July 2018".'),
    (D, "1-10 July 2018", 2018, DateProblem.SPAN_TOO_LONG,
     '"1-10 July 2018" covers 10 days; a date can cover at most 7. For a longer or looser period give the month, '
     'like "July 2018".'),
    (D, "beginning of July", None, DateProblem.NO_YEAR, None),
    (D, "23 July 1999", 2018, DateProblem.BAD_YEAR,
     '"23 July 1999" is not a date: the year 1999 looks wrong. Write it like "23 July 2018".'),
    (D, "0 July 2018", 2018, DateProblem.NO_SUCH_DAY,
     '"0 July 2018" is not a date: there is no day 0. Write it like "23 July 2018".'),
    (D, "31 February 2018", 2018, DateProblem.MONTH_TOO_SHORT,
     '"31 February 2018" is not a date: February 2018 has 28 days. Write it like "23 July 2018".'),
    (D, "Tuesday 23 July 2018", 2018, DateProblem.WRONG_WEEKDAY,
     '"Tuesday 23 July 2018" is not a date: 23 July 2018 is a Monday, not a Tuesday.'),
    (D, "7 Septembre 2018", 2018, DateProblem.UNKNOWN_WORD, None),
    (D, "blah", 2018, DateProblem.UNREADABLE_DATE, None),
    (SLOT, "23 July 2018", 2018, DateProblem.UNREADABLE_SLOT,
     '"23 July 2018" is not a slot I can read: write the day and times like "23 July 2018 09:30-10:15".'),
    (SLOT, "23 July 2018 10:00-09:00", 2018, DateProblem.SLOT_ENDS_FIRST, None),
    (SLOT, "at 09:00-10:00", 2018, DateProblem.SLOT_NO_DAY, None),
    (SLOT, "July 2018 09:00-10:00", 2018, DateProblem.SLOT_NOT_ONE_DAY, None),
    (AT, "23 July 2018", 2018, DateProblem.NO_TIME,
     '"23 July 2018" has no time I can read: write it like "20 July 2018 09:00" or "20/07/2018 9am".'),
    (AT, "on 09:00", 2018, DateProblem.DATETIME_NO_DAY, None),
    (AT, "July 2018 09:00", 2018, DateProblem.DATETIME_NOT_ONE_DAY,
     '"July 2018 09:00" needs one exact day, like "20 July 2018 09:00".'),
    (AT, "23 July 2018 9", 2018, DateProblem.UNCLEAR_TIME,
     '"23 July 2018 9": "9" is not a clear time. Write it like "09:30" or "9:30am".'),
    (AT, "23 July 2018 13pm", 2018, DateProblem.HOUR_NOT_12, None),
    (AT, "23 July 2018 24:00", 2018, DateProblem.NOT_A_TIME, None),
    (IN, "-3 days", None, DateProblem.NEGATIVE_DURATION, None),
    (IN, "30", None, DateProblem.NO_UNIT,
     '"30" has no unit. Write it like "30 minutes", "2 hours", "1h30m", "3 days" or "1 week".'),
    (IN, "abc", None, DateProblem.UNREADABLE_DURATION, None),
    (IN, "0 minutes", None, DateProblem.ZERO_DURATION, None),
    (IN, "400 days", None, DateProblem.DURATION_TOO_FAR,
     '"400 days" is too far ahead: give at most a year, or a date instead.'),
    (IN, "2 months", None, DateProblem.VARIABLE_UNIT, None),
    (IN, "3 fortnights", None, DateProblem.UNKNOWN_UNIT,
     '"3 fortnights": I don\'t know the unit "fortnights". Write it like "30 minutes", "2 hours", "1h30m", '
     '"3 days" or "1 week".'),
]  # fmt: skip


def test_every_problem_has_its_words_and_a_case_here():
    assert set(WORDS) == set(DateProblem)
    assert {case[3] for case in CASES} == set(DateProblem)


@pytest.mark.parametrize(("read", "text", "year", "code", "words"), CASES, ids=[case[3].value for case in CASES])
def test_each_raise_site_gives_the_facts_its_words_need(read, text, year, code, words):
    args = (text,) if read is IN else (text, year)
    with pytest.raises(DateError) as caught:
        read(*args)
    assert caught.value.code == code
    said = describe(caught.value, plain=True)
    assert said and "\n" not in said and "{" not in said
    if words is not None:
        assert said == words


def test_what_was_typed_is_escaped_for_mrkdwn_only():
    with pytest.raises(DateError) as caught:
        parse_fuzzy_date("<!channel> & July", None)
    assert describe(caught.value, plain=True).startswith('"<!channel> & July" is not a date I can read')
    assert describe(caught.value).startswith('"&lt;!channel&gt; &amp; July" is not a date I can read')
