"""The fieldwork and action messages as their builders word them: word budgets, no typed syntax, typed text
escaped, a day said once with its weekday and the year only when it is not the round's."""

from __future__ import annotations

import re
from datetime import date, time

from bot.demo.words import visible_text, words
from bot.rules.dates import FuzzyDate
from bot.rules.fieldwork import Clash, Interview, agenda_facts
from handlers.blocks.actions import progress_noted, recorded_text
from handlers.blocks.fieldwork import agenda_blocks, describe_clash, interview_line, interview_list

ASK_TO_TYPE = re.compile(r"`/peer [^`]+`")  # the benchmark's regex
TWO_DAYS = FuzzyDate("23 & 24 July 2018", date(2018, 7, 23), date(2018, 7, 24), "days", False)
DAY1 = date(2018, 7, 23)


def iv(number, start, end, stakeholder, *interviewers, place=None, role=None, day=DAY1) -> Interview:
    return Interview(number, day, time(*start), time(*end), stakeholder, role, place, interviewers, 1)


# The demo round's three interviews of triad 1.
DEMO = [
    iv(
        1,
        (9, 30),
        (10, 15),
        "Head of Children's Social Care",
        "UMKDCS",
        "UMKTEAM1",
        place="County Hall",
        role="manager",
    ),
    iv(2, (10, 30), (11, 30), "Early help practitioners", "UMKTEAM1", "UPORDCS", place="Abingdon hub"),
    iv(3, (14, 0), (15, 0), "Children in care council", "UMKDCS", "UPORDCS", place="County Hall"),
]


def shown(blocks) -> str:
    return visible_text({"blocks": [b.to_dict() for b in blocks]})


def test_the_agenda_with_the_demos_interviews_is_a_glance():
    body = agenda_blocks(7, 1, 2018, TWO_DAYS, agenda_facts(TWO_DAYS, DEMO), [1, 2])
    text = shown(body)
    assert words(text) <= 60, text
    assert not ASK_TO_TYPE.search(text)
    assert text.count("Monday 23 July") == 1 and text.count("Tuesday 24 July") == 1 and "2018" not in text
    assert "Free time" not in text and "voice of the child" not in text.lower()
    assert "hypotheses on lines 1, 2" in text  # the lines of enquiry by number only
    assert body[-1].to_dict()["elements"][0] == {
        "type": "button",
        "action_id": "fieldwork_calendar",
        "text": {"type": "plain_text", "text": "Add to calendar", "emoji": True},
        "value": "7",
        "style": "primary",
    }


def test_the_agenda_says_the_year_of_a_fieldwork_in_another_year_and_escapes_what_was_typed():
    january = FuzzyDate("7 & 8 January 2019", date(2019, 1, 7), date(2019, 1, 8), "days", False)
    typed = iv(1, (9, 0), (10, 0), "<!channel> & *panel*", "UA", place="<http://x|room>", day=date(2019, 1, 7))
    text = shown(agenda_blocks(7, 1, 2018, january, agenda_facts(january, [typed]), []))
    assert "*Day 1, Monday 7 January 2019: interviews*" in text and "*Day 2, Tuesday 8 January 2019:*" in text
    assert "&lt;!channel&gt; &amp; *panel*" in text and "&lt;http://x|room&gt;" in text
    assert "<!channel>" not in text and "hypotheses ·" in text  # no agreed line: no numbers


def test_an_agenda_with_dates_not_confirmed_names_each_interviews_day():
    tbc = FuzzyDate("July 2018 tbc", date(2018, 7, 1), date(2018, 7, 31), "month", True)
    text = shown(agenda_blocks(7, 1, 2018, tbc, agenda_facts(tbc, DEMO[:1]), []))
    assert "*Fieldwork July 2018 tbc, not confirmed.*" in text
    assert "Monday 23 July, 09:30-10:15: *Head of Children's Social Care* with" in text
    assert "_(not day 1)_" not in text


def test_a_booked_interview_is_one_line_of_at_most_18_words():
    for interview in DEMO:
        posted = f"<@UOXFDCS> booked interview {interview_line(interview, 2018)}"
        assert words(posted) <= 18, posted
        assert not ASK_TO_TYPE.search(posted)
    assert interview_line(DEMO[0], 2018) == (
        "1: Monday 23 July, 09:30-10:15, *Head of Children's Social Care* with <@UMKDCS>, <@UMKTEAM1> · County Hall"
    )
    assert interview_line(DEMO[0], 2019).startswith("1: Monday 23 July 2018, 09:30-10:15,")  # not the round's year


def test_the_interview_list_has_the_role_and_numbers_and_no_syntax():
    text, body = interview_list(1, DEMO, 2018)
    listed = shown(body)
    assert text == "Triad 1: 3 interviews"
    assert "• 1: Monday 23 July, 09:30-10:15, *Head of Children's Social Care* (manager) with" in listed
    assert not ASK_TO_TYPE.search(listed) and "2018" not in listed


def test_a_clash_names_who_what_and_when_once():
    said = describe_clash(Clash("UA", DEMO[1]), 2018, triad_number=1)
    assert said == (
        "<@UA> is already interviewing Early help practitioners then (Monday 23 July, 10:30-11:30, interview 2)."
    )
    assert said.count("July") == 1


def test_the_action_messages_are_short_and_ask_no_syntax():
    for posted in (
        recorded_text(1, "Audit step-downs to early help since April", "UOXFTEAM", date(2018, 9, 30), 2, 2018),
        recorded_text(
            2, "Put the child's own words at the front of every plan", "UOXFDCS", date(2018, 10, 31), 1, 2018
        ),
    ):
        assert words(posted) <= 20 and not ASK_TO_TYPE.search(posted), posted
        assert ", due Sunday 30 September" in posted or ", due Wednesday 31 October" in posted
    noted = progress_noted(1)
    assert words(noted) <= 12 and "/peer" not in noted
