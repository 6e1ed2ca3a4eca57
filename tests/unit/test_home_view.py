"""The Home tab's builder: what each person reads first, within its word budget, every ask with its button
and none asking anyone to type syntax."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from bot.demo import catalogue
from bot.demo.figures import ASK_TO_TYPE
from bot.demo.words import visible_text, words
from bot.rules.dates import FuzzyDate
from bot.rules.triads import NextStep, Outstanding
from bot.services.home import HomeData, HomeTriad
from handlers.blocks.home import NEXT_TEXT, day_text, gist, home_view, next_step_button, next_text

ZONE = ZoneInfo("Europe/London")
NOW = datetime(2018, 6, 4, 9, 0, tzinfo=UTC)
TODAY = date(2018, 6, 4)


@pytest.fixture(scope="module")
def homes() -> dict[str, dict]:
    """Every Home view the catalogue renders (`peerbot messages`), by kind."""
    return {e.kind: e.as_json() for e in catalogue.home()}


def test_the_catalogue_renders_each_kind_of_home(homes):
    assert set(homes) == {
        "Home: nothing yet",
        "Home: a coordinator in a triad",
        "Home: a DCS in a triad",
        "Home: a coordinator before any triad",
        "Home: a coordinator before any round",
    }


def test_no_home_asks_anyone_to_type_syntax(homes):
    for kind, entry in homes.items():
        assert not ASK_TO_TYPE.search(json.dumps(entry["blocks"], ensure_ascii=False)), kind
        assert "/peer" not in visible_text(entry), kind


@pytest.mark.parametrize(
    ("kind", "budget"),
    [("Home: a coordinator in a triad", 120), ("Home: a DCS in a triad", 80), ("Home: nothing yet", 20),
     ("Home: a coordinator before any triad", 20), ("Home: a coordinator before any round", 20)],
)  # fmt: skip
def test_each_home_keeps_to_its_word_budget(homes, kind, budget):
    entry = homes[kind]
    assert entry["words"] == words(visible_text(entry)) <= budget


def test_a_dcs_reads_the_next_step_and_its_button_first_then_dates_reminders_and_actions(homes):
    shown = homes["Home: a DCS in a triad"]["blocks"]
    assert [b["type"] for b in shown[:4]] == ["header", "section", "actions", "context"]
    assert shown[1]["text"]["text"] == "*Triad 1* · <#C1> · you: host DCS\n*Next:* the visiting DCS's report."
    assert [(e["text"]["text"], e["action_id"], e["value"]) for e in shown[2]["elements"]] == [
        ("Mark the report done", "step_done", "7:report")
    ]
    dates = shown[3]["elements"][0]["text"]
    assert dates.startswith("Challenge session Wednesday 14 February _(past)_ · fieldwork Monday 23 & Tuesday 24 July")
    assert "orientation" not in dates  # the round's orientation is past: not said again
    headers = [b["text"]["text"] for b in shown if b["type"] == "header"]
    assert headers == ["Your triads", "Coming up", "Your open actions"]
    coming = next(b for b in shown if b["type"] == "section" and b["text"]["text"].startswith("• "))
    assert coming["text"]["text"] == "• *Tue 4 September, 10:00* in <#C1> — Triad 1: the report is due"
    action_ids = [e["action_id"] for b in shown if b["type"] == "actions" for e in b["elements"]]
    assert action_ids == ["step_done", "action_progress", "action_done"]


def test_a_coordinators_home_says_each_triads_dates_once_in_the_round_at_a_glance(homes):
    shown = homes["Home: a coordinator in a triad"]
    text = visible_text(shown)
    assert text.count("14 February") == 1 and text.count("23 & Tuesday 24 July") == 1
    assert "SE 2018 at a glance" in text and "*1.* Kent · challenge Wednesday 14 February" in text
    ids = [e["action_id"] for b in shown["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert ids == [
        "step_done", "home_triad_new", "home_authority_add", "round_dates_open", "action_progress", "action_done"
    ]  # fmt: skip
    assert "March 2019 _(to be confirmed)_" in text  # the summit to confirm: the round's dates form is a click away
    round_dates = next(e for b in shown["blocks"] if b["type"] == "actions" for e in b["elements"]
                       if e["action_id"] == "round_dates_open")  # fmt: skip
    assert round_dates["value"] == "SE 2018"


def test_nothing_yet_is_said_in_plain_words(homes):
    assert visible_text(homes["Home: nothing yet"]).splitlines()[0] == (
        "You are not in a triad yet; a programme coordinator adds you."
    )
    coordinator = homes["Home: a coordinator before any triad"]
    assert "No triads yet: register three authorities, then form a triad." in visible_text(coordinator)
    assert [e["action_id"] for b in coordinator["blocks"] if b["type"] == "actions" for e in b["elements"]] == [
        "home_triad_new",
        "home_authority_add",
    ]


def test_a_coordinators_home_with_no_round_carries_the_new_round_button(homes):
    first = homes["Home: a coordinator before any round"]
    assert visible_text(first).splitlines()[1] == (
        "No round yet: start one, then register three authorities and form a triad."
    )
    buttons = [e for b in first["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [(e["action_id"], e.get("style")) for e in buttons] == [
        ("round_new_open", "primary"),
        ("home_authority_add", None),
    ]


def triad(step: NextStep, proposed: int = 0, channel: str | None = "C9") -> HomeTriad:
    return HomeTriad(
        triad=SimpleNamespace(id=7, channel_id=channel),  # type: ignore[arg-type]
        roles=["host DCS"], zone=ZONE, challenge=None, fieldwork=None,
        outstanding=[Outstanding(step)], proposed_lines=proposed,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("step", "buttons"),
    [
        (NextStep.SET_CHALLENGE, [("home_dates", "7", "Set dates")]),
        (NextStep.CONFIRM_CHALLENGE, [("home_dates", "7", "Confirm dates")]),
        (NextStep.SELF_ASSESSMENT, [("step_done", "7:self_assessment", "Mark the self-assessment done")]),
        (NextStep.AGREE_FOCUS, [("focus_propose_open", "7", "Propose a line of enquiry")]),
        (NextStep.SET_FIELDWORK, [("home_dates", "7", "Set dates")]),
        (NextStep.CONFIRM_FIELDWORK, [("home_dates", "7", "Confirm dates")]),
        (NextStep.REPORT, [("step_done", "7:report", "Mark the report done")]),
    ],
)
def test_every_next_step_has_the_button_that_does_it(step, buttons):
    block = next_step_button(triad(step)).to_dict()
    assert [(e["action_id"], e["value"], e["text"]["text"]) for e in block["elements"]] == buttons
    assert "/peer" not in next_text(triad(step))


def test_lines_proposed_point_at_their_agree_buttons_instead_of_another_form():
    assert next_step_button(triad(NextStep.AGREE_FOCUS, proposed=1)) is None
    assert next_text(triad(NextStep.AGREE_FOCUS, proposed=1)) == (
        "agree a line of enquiry: each proposal in <#C9> has its Agree button."
    )
    assert "the triad's channel" in next_text(triad(NextStep.AGREE_FOCUS, proposed=2, channel=None))
    assert next_text(triad(NextStep.AGREE_FOCUS)) == NEXT_TEXT[NextStep.AGREE_FOCUS] == "propose a line of enquiry."


def fuzzy(start: date, end: date, precision: str) -> FuzzyDate:
    return FuzzyDate("as given", start, end, precision)


def test_dates_are_said_once_with_their_weekday_and_the_year_only_when_not_the_rounds():
    assert day_text(None, 2018, TODAY) == "_not set yet_"
    assert day_text(fuzzy(date(2018, 9, 7), date(2018, 9, 7), "day"), 2018, TODAY) == "Friday 7 September"
    assert day_text(fuzzy(date(2019, 3, 1), date(2019, 3, 1), "day"), 2018, TODAY) == "Friday 1 March 2019"
    two_days = fuzzy(date(2018, 7, 23), date(2018, 7, 24), "days")
    assert day_text(two_days, 2018, TODAY) == "Monday 23 & Tuesday 24 July"
    across = fuzzy(date(2018, 7, 31), date(2018, 8, 2), "days")
    assert day_text(across, 2018, TODAY) == "Tuesday 31 July to Thursday 2 August"
    assert day_text(fuzzy(date(2018, 10, 1), date(2018, 10, 31), "month"), 2018, TODAY) == (
        "as given _(to be confirmed)_"
    )
    assert day_text(fuzzy(date(2018, 2, 1), date(2018, 2, 28), "month"), 2018, TODAY) == "as given _(past)_"
    assert day_text(fuzzy(date(2018, 2, 14), date(2018, 2, 14), "day"), 2018, TODAY).endswith("_(past)_")


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("Triad 1: the report is due, 6 weeks after fieldwork: headline findings.", "Triad 1: the report is due"),
        ("Triad 2: the host's self-assessment is due *Monday 8 January*, 1 week from now.",
         "Triad 2: the host's self-assessment is due *Monday 8 January*"),
        ("SE 2018: the annual summit is in March 2019.", "SE 2018: the annual summit is in March 2019"),
        ("Bring the data pack — Early help &amp; step-down", "Bring the data pack — Early help &amp; step-down"),
        ("Challenge session next week", "Challenge session next week"),
    ],
)  # fmt: skip
def test_a_reminder_coming_is_shown_by_its_gist(line, said):
    assert gist(line) == said


def test_no_reminders_and_no_actions_is_one_plain_line_without_empty_headers():
    item = HomeTriad(
        triad=SimpleNamespace(  # type: ignore[arg-type]
            id=7, number=1, channel_id="C1", round=SimpleNamespace(year=2018)
        ),
        roles=["visitor team"], zone=ZONE, challenge=None, fieldwork=None,
        outstanding=[Outstanding(NextStep.SET_CHALLENGE)],
    )  # fmt: skip
    view = home_view(HomeData("U1", ZONE, triads=[item]), NOW).to_dict()
    text = visible_text(view)
    assert "No reminders are planned and no action is waiting on you." in text
    assert [b["text"]["text"] for b in view["blocks"] if b["type"] == "header"] == ["Your triads"]
    assert words(text) <= 40
