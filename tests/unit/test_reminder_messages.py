"""What reminders say: planned reminders worded from the plan's facts (byte for byte the texts
the plan used to carry), custom reminders and rows planned before facts existed by their stored
text, and the follow-up's action lines."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import get_args

import pytest

from bot.rules.dates import FuzzyDate
from bot.rules.reminder_facts import REMINDER_FACTS, ReminderFacts, ReportDue
from bot.rules.reminder_plan import (
    ActionInfo,
    Audience,
    PlanConfig,
    PlanInput,
    RoundEvents,
    RoundPlanInput,
    plan_reminders,
    plan_round_reminders,
)
from bot.services.reminder_messages import follow_up_action, reminder_message
from handlers.blocks.reminders import action_line, planned_text, reminder_text, render, say_day
from storage.models import Action, ActionNote, Reminder

UTC = timezone.utc
AUDIENCE = Audience(channel_id="C01", host_dcs="UHOST", visitor_dcs="UVISIT", coordinators=("UCO1", "UCO2"))
ESCAPED_ACTION = ActionInfo(3, "Share <audit> results with <@UHEAD> & partners", "UOWN", date(2018, 9, 28), False)


def fd(text, start, end=None, precision="day", provisional=False):
    return FuzzyDate(text=text, start=start, end=end or start, precision=precision, provisional=provisional)


def plan(number, challenge=None, fieldwork=None, *, actions=(), config=None):
    inp = PlanInput(number, "Europe/London", challenge, fieldwork, frozenset(), False, tuple(actions), AUDIENCE,
                    **({} if config is None else {"config": config}))  # fmt: skip
    return {r.key: r for r in plan_reminders(inp)}


def words(number, *args, **kw):
    return {key: planned_text(r.facts) for key, r in plan(number, *args, **kw).items()}


T1 = (fd("February 2018", date(2018, 2, 1), date(2018, 2, 28), "month"),
      fd("23 & 24 July 2018", date(2018, 7, 23), date(2018, 7, 24), "days"))  # fmt: skip
T2 = (fd("Early October", date(2018, 10, 1), date(2018, 10, 10), "part_month"),
      fd("December 2018 tbc", date(2018, 12, 1), date(2018, 12, 31), "month", provisional=True))  # fmt: skip
T3 = (fd("7 September", date(2018, 9, 7)), fd("8 & 9 November 2018", date(2018, 11, 8), date(2018, 11, 9), "days"))


# --------------------------------------------------------------------------- every message, byte for byte

# The texts the plan carried before it gave facts instead (bot.rules.reminder_plan, up to c689177), but for
# issue 18: an exact date said once with its weekday, a deadline on a working day. Planned without the
# round's year, every date is said with its year.
TRIAD_1_WORDS = {
    "action_due:3:UOWN": (
        "Triad 1: action 3 is due *Friday 28 September 2018*: Share &lt;audit&gt; results with "
        "&lt;@UHEAD&gt; &amp; partners"
    ),
    "challenge_session:day_before:C01": (
        "Triad 1: the challenge session (February 2018) could start as soon as Thursday 1 "
        "February 2018. Set the day once it is fixed."
    ),
    "challenge_session:week_before:C01": (
        "Triad 1: the challenge session (February 2018) could be as soon as Thursday 1 February "
        "2018. Set the day once it is fixed."
    ),
    "confirm_date:challenge:C01": (
        "Triad 1: the challenge session is still “February 2018”. Until the day is set, reminders count "
        "from Thursday 1 February 2018."
    ),
    "data_profile_due:UCO1": (
        "Triad 1: the data profile goes to the host by *Friday 29 December 2017*, a month before the challenge session."
    ),
    "fieldwork_agenda:C01": ("Triad 1: fieldwork starts on Monday 23 July 2018."),
    "finalise_interviews:C01": (
        "Triad 1: fieldwork is two weeks away, on Monday 23 July 2018: time to finalise the day 1 interviews."
    ),
    "follow_up:C01": (
        "Triad 1: four months after fieldwork, a supportive look at the actions; the visit is the host's choice."
    ),
    "follow_up:chase:UHOST": ("Triad 1: the channel asked two weeks ago; last reminder."),
    "pre_visit:UHOST": (
        "Triad 1: fieldwork is three weeks away, on Monday 23 July 2018. Host and visiting DCS: "
        "agree the scope, interviews and feedback format."
    ),
    "report_due:UVISIT": (
        "Triad 1: the report is due, four weeks after fieldwork: headline findings mapped "
        "one-to-one onto the agreed lines of enquiry."
    ),
    "self_assessment_due:on_day:UHOST": (
        "Triad 1: the host's self-assessment is due today, two weeks before the challenge session."
    ),
    "self_assessment_due:week_before:UHOST": (
        "Triad 1: the host's self-assessment is due *Thursday 18 January 2018*, a week from now "
        "(two weeks before the challenge session)."
    ),
}
TRIAD_2_WORDS = {
    "confirm_date:fieldwork:C01": (
        "Triad 2: the fieldwork visit is still “December 2018 tbc”. Until the days are set, reminders "
        "count from Saturday 1 December 2018."
    ),
    "fieldwork_agenda:C01": ("Triad 2: fieldwork (December 2018 tbc) could start as soon as Saturday 1 December 2018."),
    "finalise_interviews:C01": (
        "Triad 2: fieldwork (December 2018 tbc) could be as soon as two weeks away: time to "
        "finalise the day 1 interviews."
    ),
    "pre_visit:UHOST": (
        "Triad 2: fieldwork (December 2018 tbc) could be as soon as three weeks away. Host and "
        "visiting DCS: agree the scope, interviews and feedback format."
    ),
}
TRIAD_3_WORDS = {
    "challenge_session:day_before:C01": (
        "Triad 3: the challenge session is on Friday 7 September 2018. Bring the "
        "self-assessment, data profile and proposed lines of enquiry."
    ),
    "challenge_session:week_before:C01": (
        "Triad 3: the challenge session is a week away, on Friday 7 September 2018. Bring the "
        "self-assessment, data profile and proposed lines of enquiry."
    ),
}


def test_every_message_of_triad_1_word_for_word():
    got = words(1, *T1, actions=[ESCAPED_ACTION])
    assert {k: got[k] for k in TRIAD_1_WORDS} == TRIAD_1_WORDS
    # The same words for every recipient of the same reminder.
    assert got["data_profile_due:UCO2"] == got["data_profile_due:UCO1"]
    assert got["pre_visit:UVISIT"] == got["pre_visit:UHOST"]
    assert set(got) == set(TRIAD_1_WORDS) | {"data_profile_due:UCO2", "pre_visit:UVISIT"}


def test_imprecise_fieldwork_word_for_word():
    got = words(2, *T2)
    assert {k: got[k] for k in TRIAD_2_WORDS} == TRIAD_2_WORDS


def test_exact_challenge_word_for_word():
    got = words(3, *T3)
    assert {k: got[k] for k in TRIAD_3_WORDS} == TRIAD_3_WORDS


def test_every_message_is_worded():
    seen = {type(r.facts) for r in plan(1, *T1, actions=[ESCAPED_ACTION]).values()}
    seen |= {type(r.facts) for r in plan(3, *T3).values()}
    events = RoundEvents("SE 2018", fd("Early January 2018", date(2018, 1, 1), date(2018, 1, 10), "part_month"),
                         fd("14 March 2019", date(2019, 3, 14)), "https://example.org/slides")  # fmt: skip
    inp = PlanInput(1, "Europe/London", None, None, frozenset(), False, (), AUDIENCE, round_events=events)
    seen |= {type(r.facts) for r in plan_reminders(inp)}
    seen |= {type(r.facts) for r in plan_round_reminders(RoundPlanInput(7, "Europe/London", events, ("UCO1",)))}
    assert seen == set(get_args(get_args(ReminderFacts)[0]))
    for r in plan(2, *T2).values():
        assert planned_text(r.facts).startswith("Triad 2: ")


# --------------------------------------------------------------------------- what the words say


def test_texts_name_dates_as_given():
    got = words(1, *T1)
    assert got["challenge_session:week_before:C01"].startswith("Triad 1: the challenge session (February 2018)")
    # An exact fieldwork is said from its first day, with its weekday.
    assert "on Monday 23 July 2018" in got["pre_visit:UHOST"]
    assert "on Monday 23 July 2018" in got["finalise_interviews:C01"]
    assert "Thursday 18 January 2018" in got["self_assessment_due:week_before:UHOST"]
    assert "last reminder" in got["follow_up:chase:UHOST"]
    # No message asks anyone to type: each carries the button that answers it (see test_reminder_asks).
    assert not any("/peer" in text for text in got.values())


def test_confirm_text_names_the_date_as_given():
    text = words(2, *T2)["confirm_date:fieldwork:C01"]
    assert "December 2018 tbc" in text and "Until the days are set" in text
    tbc = words(1, fd("7 September tbc", date(2018, 9, 7), provisional=True))["confirm_date:challenge:C01"]
    assert "“7 September tbc”" in tbc and "Until the day is set" in tbc


def test_exact_and_imprecise_challenge_texts_differ():
    exact = words(3, *T3)["challenge_session:week_before:C01"]
    vague = words(1, *T1)["challenge_session:week_before:C01"]
    assert "is a week away" in exact and "Set the day" not in exact and "Bring the self-assessment" in exact
    assert "as soon as" in vague and "Set the day once it is fixed." in vague


def test_user_text_is_escaped_and_no_mention_comes_from_it():
    (text,) = words(1, actions=[ESCAPED_ACTION]).values()
    assert "&lt;audit&gt;" in text
    assert "&lt;@UHEAD&gt;" in text and "<@UHEAD>" not in text
    assert "&amp; partners" in text


def test_typed_text_is_escaped_once_whatever_it_holds():
    """Stored text is what the person typed (entities already unescaped on input): escaped exactly once."""
    given = "<b> &amp; <@U1> & <https://x.y|z> <!channel>"
    text = words(1, fd(given, date(2018, 9, 1), date(2018, 9, 30), "month"))["challenge_session:day_before:C01"]
    assert "(&lt;b&gt; &amp;amp; &lt;@U1&gt; &amp; &lt;https://x.y|z&gt; &lt;!channel&gt;)" in text


@pytest.mark.parametrize("weeks, said", [(1, "a week"), (3, "three weeks"), (4, "four weeks"), (7, "7 weeks")])
def test_weeks_in_words(weeks, said):
    text = words(3, *T3, config=PlanConfig(challenge_reminder_weeks_before=weeks))["challenge_session:week_before:C01"]
    assert f"is {said} away, on Friday 7 September 2018." in text


@pytest.mark.parametrize("months, said", [(1, "one month"), (6, "six months"), (5, "5 months"), (12, "12 months")])
def test_months_in_words(months, said):
    text = words(1, *T1, config=PlanConfig(follow_up_months_after_fieldwork=months))["follow_up:C01"]
    assert text.startswith(f"Triad 1: {said} after fieldwork")


def test_a_date_is_said_once_with_its_weekday_and_the_year_only_when_not_the_rounds():
    ev = RoundEvents("SE 2018", fd("25 January 2018", date(2018, 1, 25)), fd("14 March 2019", date(2019, 3, 14)),
                     year=2018)  # fmt: skip
    inp = PlanInput(1, "Europe/London", *T1, frozenset(), False, (), AUDIENCE, round_events=ev)
    got = {r.key: planned_text(r.facts) for r in plan_reminders(inp)}
    assert got["orientation:day_before:C01"] == "Triad 1: the round's orientation is on Thursday 25 January."
    assert got["orientation:week_before:C01"].startswith(
        "Triad 1: the round's orientation is a week away, on Thursday 25 January, "
    )
    assert got["summit:week_before:C01"].startswith(
        "Triad 1: the annual summit is a week away, on Thursday 14 March 2019, "
    )
    # the deadline a month before February is New Year's Day, a bank holiday: the working day before, in 2017
    assert "by *Friday 29 December 2017*," in got["data_profile_due:UCO1"]
    assert (
        "due *Thursday 18 January*, a week from now (two weeks before the challenge session)."
        in (got["self_assessment_due:week_before:UHOST"])
    )
    assert "could start as soon as Thursday 1 February." in got["challenge_session:day_before:C01"]
    assert "starts on Monday 23 July." in got["fieldwork_agenda:C01"]
    brief = plan_round_reminders(RoundPlanInput(7, "Europe/London", ev, ("UCO1",)))
    assert [planned_text(r.facts) for r in brief][0].startswith(
        "SE 2018: the annual summit is four weeks away, on Thursday 14 March 2019; the summit brief is ready."
    )


@pytest.mark.parametrize(
    "year, said",
    [(2018, "Thursday 25 January"), (2017, "Thursday 25 January 2018"), (None, "Thursday 25 January 2018")],
)
def test_say_day_says_the_year_only_when_it_is_not_the_rounds(year, said):
    assert say_day(date(2018, 1, 25), year) == said


def test_an_imprecise_date_keeps_the_words_it_was_given_in():
    ev = RoundEvents("SE 2018", fd("January 2018", date(2018, 1, 1), date(2018, 1, 31), "month"), year=2018)
    inp = PlanInput(1, "Europe/London", None, None, frozenset(), False, (), AUDIENCE, round_events=ev)
    got = {r.key: planned_text(r.facts) for r in plan_reminders(inp)}
    assert got["orientation:day_before:C01"] == (
        "Triad 1: the round's orientation (January 2018) could be as soon as Monday 1 January."
    )
    assert got["orientation:week_before:C01"].startswith(
        "Triad 1: the round's orientation (January 2018) could be as soon as Monday 1 January, for newcomers"
    )


# --------------------------------------------------------------------------- a reminder row's words


def row(**kw):
    values = {"team_id": "T1", "triad_id": 1, "key": "k", "kind": "pre_visit", "recipient": "C01", "text": "",
              "due_at": datetime(2018, 7, 2, 8, tzinfo=UTC), "status": "pending"}  # fmt: skip
    return Reminder(**(values | kw))


def test_a_planned_row_is_worded_from_its_facts():
    planned = plan(1, *T1)["pre_visit:UHOST"]
    reminder = row(key=planned.key, facts=REMINDER_FACTS.dump_python(planned.facts, mode="json"))
    assert reminder_text(reminder) == TRIAD_1_WORDS["pre_visit:UHOST"]
    # Not a follow-up: the words and the buttons that answer them (the session is not needed).
    text, blocks = render(reminder_message(None, reminder))
    assert text == TRIAD_1_WORDS["pre_visit:UHOST"]
    assert [e["value"] for e in blocks[-1]["elements"]] == ["1:presentation", "1:written", "1:verbal"]


def test_a_row_without_facts_says_its_stored_text():
    old = row(text="Triad 1: planned before reminders carried facts", facts=None)
    assert reminder_text(old) == "Triad 1: planned before reminders carried facts"
    custom = row(kind="custom", key="custom:1", text=":alarm_clock: Reminder from <@U1>: Book the room")
    assert reminder_text(custom) == ":alarm_clock: Reminder from <@U1>: Book the room"
    assert render(reminder_message(None, custom)) == (":alarm_clock: Reminder from <@U1>: Book the room", None)


def test_facts_win_over_stored_text():
    facts = ReportDue(triad=4, given="May 2018", weeks=4)
    assert reminder_text(
        row(kind="report_due", text="stale words", facts=REMINDER_FACTS.dump_python(facts, mode="json"))
    ) == planned_text(facts)
    assert planned_text(facts).startswith("Triad 4: the report is due, four weeks after fieldwork:")


# --------------------------------------------------------------------------- the follow-up's action lines


def test_an_action_is_one_line_with_its_due_day_said_once():
    action = Action(number=2, text="Audit <step-down> cases", owner_user_id="UOX", due_text="30 September 2018",
                    due_date=date(2018, 9, 30), status="open")  # fmt: skip
    action.notes = [
        ActionNote(text="Audit started", author="UOX", created_at=datetime(2018, 7, 31, 23, 30, tzinfo=timezone.utc))
    ]
    line = action_line(follow_up_action(action), 2018)
    assert line == "*2.* Audit &lt;step-down&gt; cases — <@UOX> · due Sunday 30 September · in progress"
    assert "due Sunday 30 September 2018 ·" in action_line(follow_up_action(action), 2019)
    action.notes, action.due_date = [], None  # a due date given as a range: said as given
    assert action_line(follow_up_action(action), 2018).endswith("· due 30 September 2018 · not started")
