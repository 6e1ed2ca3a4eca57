"""The triad channel's words (issue 18): the welcome, the programme, `/peer status`, dates set and the coordinator's
replies lead with what matters, fit their word budgets, ask no one to type syntax, carry the button that answers
their ask, say a date once with its weekday (its year only when not the round's) and escape what people typed."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from bot.demo.words import visible_text, words
from bot.rules.dates import parse_fuzzy_date
from bot.rules.reminder_plan import RoundEvents
from bot.rules.roles import AuthorityPeople, TriadPeople
from bot.rules.triads import NextStep, Outstanding, next_steps
from bot.services.rounds import RoundDatesSet
from bot.services.triads import DatesSet
from handlers.blocks.triad import programme_text, say_date, status_blocks, welcome_blocks
from handlers.commands.rounds import round_dates_reply
from handlers.commands.triads import forming_text
from handlers.effects.dates import dates_said, dates_warning, round_dates_said

ASK_TO_TYPE = re.compile(r"`/peer [^`]+`")  # benchmarks/message_words.py's measure
TYPED = "Bath & <North> East *Somerset*"  # a name as a coordinator might type it


def day(text: str, year: int | None = 2018):
    return parse_fuzzy_date(text, year)


def people(second_observer: bool = False) -> TriadPeople:
    return TriadPeople(
        host=AuthorityPeople("Windsor and Maidenhead", "UHOSTDCS", ("UHOSTDCS", "UHOST1", "UHOST2")),
        visitor=AuthorityPeople(TYPED, "UVISDCS", ("UVIS1", "UVIS2")),
        observer=AuthorityPeople("Brighton and Hove", "UOBSDCS"),
        coordinators=frozenset({"UCOORD"}),
        second_observer=AuthorityPeople("Slough", "USLODCS") if second_observer else None,
    )


def as_dicts(blocks: list) -> list[dict]:
    return [b if isinstance(b, dict) else b.to_dict() for b in blocks]


def shown(blocks: list) -> str:
    return visible_text({"blocks": as_dicts(blocks)})


def action_ids(blocks: list) -> list[tuple[str, str]]:
    return [(e["action_id"], e["value"]) for b in as_dicts(blocks) if b["type"] == "actions" for e in b["elements"]]


# --------------------------------------------------------------------------- say_date


@pytest.mark.parametrize(
    "given, said",
    [
        ("14 February 2018", "Wednesday 14 February"),
        ("14 March 2019", "Thursday 14 March 2019"),  # not the round's year
        ("23 & 24 July 2018", "Monday 23 & Tuesday 24 July"),
        ("31 July & 1 August 2018", "Tuesday 31 July & Wednesday 1 August"),  # across a month
        ("23-25 July 2018", "Monday 23 to Wednesday 25 July"),
        ("February 2018", "February"),
        ("February 2019", "February 2019"),
        ("Late March 2018", "late March"),
        ("mid-May", "mid May"),
        ("7 September tbc", "Friday 7 September _(to be confirmed)_"),  # provisional
    ],
)
def test_a_date_is_said_once_with_its_weekday_and_its_year_only_when_not_the_rounds(given, said):
    assert say_date(day(given), 2018) == said


def test_without_a_round_year_every_date_carries_its_year_and_an_unset_one_says_so():
    assert say_date(day("14 February 2018"), None) == "Wednesday 14 February 2018"
    assert say_date(None, 2018) == "_not set yet_"


# --------------------------------------------------------------------------- the welcome


@pytest.mark.parametrize("second_observer", [False, True])
def test_the_welcome_fits_its_budget_with_the_roster_and_three_buttons(second_observer):
    blocks = welcome_blocks(42, 3, "SE 2018", people(second_observer))
    text = shown(blocks)
    assert words(text) <= 60, (words(text), text)
    assert not ASK_TO_TYPE.search(text) and "/peer" not in text
    assert text.startswith("*Triad 3 — SE 2018*\nThis private channel plans Windsor and Maidenhead's peer challenge.")
    assert "First: set the challenge session and fieldwork dates." in text
    assert "*Host:* Windsor and Maidenhead — DCS <@UHOSTDCS>, team <@UHOST1>, <@UHOST2>" in text
    assert "*Visitor (leads the challenge):* Bath &amp; &lt;North&gt; East *Somerset* — DCS <@UVISDCS>" in text
    assert "*Observer:* Brighton and Hove — DCS <@UOBSDCS>" in text
    assert ("*Observer:* Slough — DCS <@USLODCS>" in text) is second_observer
    assert "<North>" not in text  # typed text is escaped
    assert action_ids(blocks) == [("home_dates", "42"), ("focus_propose_open", "42"), ("show_programme", "42")]


def test_the_welcome_names_no_example_dates_so_every_triad_reads_its_own():
    one, two = (shown(welcome_blocks(n, n, "SE 2018", people())) for n in (1, 2))
    assert '2018"' not in one and "July" not in one and one.replace("Triad 1", "Triad 2") == two


# --------------------------------------------------------------------------- the programme


def test_the_programme_has_the_nine_steps_with_this_triads_dates_within_100_words():
    events = RoundEvents(
        "SE <2018>", day("25 January 2018"), day("14 March 2019"), "https://example.org/a?b=1&c=<2>", 2018
    )
    text = programme_text(1, day("February 2018"), day("23 & 24 July 2018"), {"self_assessment", "report"}, events)
    assert words(text) <= 100, words(text)
    assert not ASK_TO_TYPE.search(text)
    lines = text.split("\n")
    assert lines[0] == "*Triad 1's programme* (SE &lt;2018&gt;)"
    assert [line.split(".")[0] for line in lines[1:]] == [str(n) for n in range(1, 10)]
    assert "3. *Orientation* — Thursday 25 January (<https://example.org/a?b=1&amp;c=&lt;2&gt;|material>)" in text
    assert "4. *Challenge session* — February: agree the lines of enquiry" in text
    assert "6. *Fieldwork* — Monday 23 & Tuesday 24 July:" in text
    assert "9. *Annual summit* — Thursday 14 March 2019" in text
    assert lines[1].endswith(":white_check_mark:") and lines[7].endswith(":white_check_mark:")
    assert not lines[2].endswith(":white_check_mark:")


def test_the_programme_of_a_triad_without_dates_says_so():
    text = programme_text(2, None, None, set(), RoundEvents("SE 2018", year=2018))
    assert "4. *Challenge session* — _not set yet_" in text and "9. *Annual summit* — _not set yet_" in text


# --------------------------------------------------------------------------- /peer status


def status(outstanding, feedback=None, counts=(2, 1, 3, 1), done=("self-assessment", "data profile")):
    return status_blocks(
        9, 4, people(), (day("14 February 2018"), day("23 & 24 July 2018")), 2018, list(done), counts, feedback,
        outstanding,
    )  # fmt: skip


STEP_BUTTONS = {
    NextStep.SET_CHALLENGE: [("home_dates", "9")],
    NextStep.CONFIRM_CHALLENGE: [("home_dates", "9")],
    NextStep.SET_FIELDWORK: [("home_dates", "9")],
    NextStep.CONFIRM_FIELDWORK: [("home_dates", "9")],
    NextStep.SELF_ASSESSMENT: [("step_done", "9:self_assessment")],
    NextStep.REPORT: [("step_done", "9:report")],
    NextStep.AGREE_FOCUS: [("focus_propose_open", "9")],
    NextStep.FEEDBACK_FORMAT: [
        ("feedback_format_choose_presentation", "9:presentation"),
        ("feedback_format_choose_written", "9:written"),
        ("feedback_format_choose_verbal", "9:verbal"),
    ],
}


@pytest.mark.parametrize("step", list(NextStep))
def test_status_fits_one_screen_and_its_next_step_carries_the_button_that_does_it(step):
    everything = [Outstanding(s) for s in NextStep]
    outstanding = [Outstanding(step)] + [o for o in everything if o.step != step]
    blocks = status(outstanding)
    text = shown(blocks)
    assert words(text) <= 60, (words(text), text)
    assert not ASK_TO_TYPE.search(text) and "/peer" not in text
    assert f"({len(NextStep) - 1} more to do)." in text
    assert action_ids(blocks) == [*STEP_BUTTONS[step], ("show_programme", "9")]


def test_status_says_roles_dates_steps_and_counts_once_escaped():
    text = shown(status([Outstanding(NextStep.REPORT)], feedback="<written>"))
    assert text.split("\n") == [
        "*Triad 4* · Host Windsor and Maidenhead · visitor Bath &amp; &lt;North&gt; East *Somerset* · "
        "observer Brighton and Hove",
        "*Challenge session* Wednesday 14 February · *fieldwork* Monday 23 & Tuesday 24 July",
        "*Done:* self-assessment, data profile · *feedback:* &lt;written&gt;",
        "2 lines of enquiry agreed, 1 waiting · 3 interviews · 1 open action",
        "*Next:* the visiting DCS writes the report.",
    ]


def test_status_with_nothing_outstanding_offers_only_the_programme():
    outstanding = next_steps(
        day("14 February 2018"), day("23 & 24 July 2018"), {"self_assessment", "report"}, True, True
    )
    blocks = status(outstanding, feedback="verbal", counts=(1, 0, 1, 0), done=("self-assessment", "report"))
    text = shown(blocks)
    assert "*Next:* nothing outstanding — well done." in text and "1 line of enquiry agreed · 1 interview ·" in text
    assert action_ids(blocks) == [("show_programme", "9")]


# --------------------------------------------------------------------------- dates set


def dates_set(**texts: str) -> DatesSet:
    parsed = {kind: day(text) for kind, text in texts.items()}
    return DatesSet(1, "C1", parsed, None, 2018)


@pytest.mark.parametrize(
    "texts, said",
    [
        (
            {"challenge": "February 2018", "fieldwork": "23 & 24 July 2018"},
            ":calendar: <@UX> set the dates: challenge session February; fieldwork Monday 23 & Tuesday 24 July.\n"
            "I'll ask for the exact day in good time.",
        ),
        (
            {"challenge": "14 February 2018"},
            ":calendar: <@UX> set the dates: challenge session Wednesday 14 February.",
        ),
        (
            {"challenge": "Early October", "fieldwork": "December 2018 tbc"},
            ":calendar: <@UX> set the dates: challenge session early October; fieldwork December _(to be confirmed)_.\n"
            "I'll ask for the exact day in good time.",
        ),
    ],
)
def test_dates_set_are_said_once_in_at_most_20_words_and_a_short_second_line(texts, said):
    text = dates_said(dates_set(**texts), "UX")
    assert text == said
    first, *second = text.split("\n")
    assert words(first) <= 20 and all(words(line) <= 10 for line in second) and len(second) <= 1
    assert not ASK_TO_TYPE.search(text)


def test_an_unusual_visit_is_told_to_the_person_with_the_dates_as_typed_escaped():
    result = DatesSet(1, "C1", {"fieldwork": day("23-25 July 2018")}, 3, 2018)
    assert dates_warning(result) == ":warning: The visit is normally two days; 23-25 July 2018 is 3."
    typed = DatesSet(1, "C1", {"fieldwork": parse_fuzzy_date("23-25 July 2018", 2018)}, None, 2018)
    assert dates_warning(typed) is None


# --------------------------------------------------------------------------- the coordinator's replies


def test_forming_a_triad_is_said_in_under_20_words_escaped():
    plan = SimpleNamespace(host_name=TYPED, visitor_name="Kent", observer_name="Medway", round_name="SE 2018")
    text = forming_text(plan)  # type: ignore[arg-type]
    assert words(text) <= 20 and "Bath &amp; &lt;North&gt;" in text and not ASK_TO_TYPE.search(text)


def test_round_dates_are_said_to_the_coordinator_only_where_no_channel_shows_them():
    result = RoundDatesSet("SE <2018>", {"orientation": day("Early February 2018")}, ("summit",), (), 2018)
    said = round_dates_said(result)
    assert said == "orientation early February; summit removed"
    nowhere = round_dates_reply(result, said, "D1")
    assert nowhere == (
        ":white_check_mark: SE &lt;2018&gt;: orientation early February; summit removed.\n"
        "I'll ask for the exact day in good time."
    )
    posted = RoundDatesSet("SE 2018", {"summit": day("14 March 2019")}, (), ("C1", "C2"), 2018)
    assert round_dates_reply(posted, round_dates_said(posted), "D1") == (
        ":white_check_mark: Posted in the round's 2 triad channels."
    )
    assert round_dates_reply(posted, round_dates_said(posted), "C2") == ""  # typed where it is posted: no echo
    for text in (nowhere, round_dates_reply(posted, "", "D1")):
        assert words(text) <= 20 and not ASK_TO_TYPE.search(text)
