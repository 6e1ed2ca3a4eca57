"""Every reminder leads with its fact in at most 25 words, asks nobody to type a command, and carries the
button that answers it; the four-month follow-up asks its question first in at most 60 words."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from typing import get_args

import pytest

from bot.demo.words import visible_text, words
from bot.rules import reminder_facts as rf
from bot.services.reminder_messages import ActionLine, FollowUpState, ReminderMessage
from handlers.blocks.reminders import render

ASK_TO_TYPE = re.compile(r"`/peer [^`]+`")  # benchmarks/message_words.py's measure
TRIAD_ID = 7
D = date
JULY = "23 & 24 July 2018"

# (reminder kind, key, facts, the buttons that answer it), with the demo round's data (SE 2018).
SAMPLES = [
    ("self_assessment_due", "self_assessment_due:week_before",
     rf.SelfAssessmentSoon(triad=1, given="February 2018", due=D(2018, 1, 18), lead_weeks=2, weeks=1), ["step_done"]),
    ("self_assessment_due", "self_assessment_due:on_day",
     rf.SelfAssessmentToday(triad=1, given="14 February 2018", due=D(2018, 1, 31), lead_weeks=2), ["step_done"]),
    ("data_profile_due", "data_profile_due",
     rf.DataProfileDue(triad=1, given="February 2018", by=D(2017, 12, 29)), ["step_done"]),
    ("challenge_session", "challenge_session:week_before",
     rf.ChallengeSoon(triad=1, given="14 February 2018", exact=True, start=D(2018, 2, 14), weeks=1),
     ["focus_propose_open"]),
    ("challenge_session", "challenge_session:week_before",
     rf.ChallengeSoon(triad=2, given="Early October", exact=False, start=D(2018, 10, 1), weeks=1),
     ["home_dates", "focus_propose_open"]),
    ("challenge_session", "challenge_session:day_before",
     rf.ChallengeEve(triad=1, given="14 February 2018", exact=True, start=D(2018, 2, 14)), ["focus_propose_open"]),
    ("challenge_session", "challenge_session:day_before",
     rf.ChallengeEve(triad=2, given="Early October", exact=False, start=D(2018, 10, 1)),
     ["home_dates", "focus_propose_open"]),
    ("confirm_date", "confirm_date:challenge",
     rf.ConfirmDate(triad=1, event="challenge", given="February 2018", earliest=D(2018, 2, 1)), ["home_dates"]),
    ("confirm_date", "confirm_date:fieldwork",
     rf.ConfirmDate(triad=2, event="fieldwork", given="December 2018 tbc", earliest=D(2018, 12, 1)), ["home_dates"]),
    ("pre_visit", "pre_visit", rf.PreVisit(triad=1, given=JULY, exact=True, weeks=3),
     ["feedback_format_choose_presentation", "feedback_format_choose_written", "feedback_format_choose_verbal"]),
    ("pre_visit", "pre_visit", rf.PreVisit(triad=2, given="December 2018 tbc", exact=False, weeks=3),
     ["feedback_format_choose_presentation", "feedback_format_choose_written", "feedback_format_choose_verbal"]),
    ("finalise_interviews", "finalise_interviews", rf.FinaliseInterviews(triad=1, given=JULY, exact=True, weeks=2),
     ["interview_form_open"]),
    ("finalise_interviews", "finalise_interviews",
     rf.FinaliseInterviews(triad=2, given="December 2018 tbc", exact=False, weeks=2), ["interview_form_open"]),
    ("fieldwork_agenda", "fieldwork_agenda", rf.FieldworkAgenda(triad=1, given=JULY, exact=True, start=D(2018, 7, 23)),
     ["fieldwork_agenda_show"]),
    ("fieldwork_agenda", "fieldwork_agenda",
     rf.FieldworkAgenda(triad=2, given="December 2018 tbc", exact=False, start=D(2018, 12, 1)),
     ["fieldwork_agenda_show"]),
    ("report_due", "report_due", rf.ReportDue(triad=1, given=JULY, weeks=4), ["step_done"]),
    ("action_due", "action_due:2",
     rf.ActionDue(triad=1, number=2, text="Put the child's own words at the front of every plan", due=D(2018, 10, 31)),
     ["action_progress", "action_done"]),
    ("orientation", "orientation:week_before",
     rf.OrientationSoon(triad=1, given="25 January 2018", exact=True, start=D(2018, 1, 25), weeks=1,
                        material="https://example.org/orientation-slides"), []),
    ("orientation", "orientation:week_before",
     rf.OrientationSoon(triad=1, given="Early January 2018", exact=False, start=D(2018, 1, 1), weeks=1,
                        material="https://example.org/orientation-slides"), []),
    ("orientation", "orientation:day_before",
     rf.OrientationEve(triad=1, given="Early January 2018", exact=False, start=D(2018, 1, 1),
                       material="https://example.org/orientation-slides"), []),
    ("summit", "summit:week_before",
     rf.SummitSoon(triad=1, given="March 2019", exact=False, start=D(2019, 3, 1), weeks=1), []),
    ("summit", "summit_brief",
     rf.SummitBrief(round="SE 2018", given="March 2019", exact=False, start=D(2019, 3, 1), weeks=4),
     ["summit_brief_post"]),
    ("confirm_date", "confirm_date:summit",
     rf.ConfirmRoundDate(round="SE 2018", event="summit", given="March 2019 tbc", earliest=D(2019, 3, 1)),
     ["round_dates_open"]),
]  # fmt: skip

ACTIONS = (
    ActionLine(1, "Audit step-downs to early help since April", "UOXFTEAM", "30 September 2018", done=True,
               latest_note="Half the case files reviewed; themes emerging",
               latest_note_at=datetime(2018, 9, 14, 10, tzinfo=timezone.utc), due=D(2018, 9, 30)),
    ActionLine(2, "Put the child's own words at the front of every plan", "UOXFDCS", "31 October 2018", done=False,
               due=D(2018, 10, 31)),
)  # fmt: skip


def state(actions=ACTIONS, status=None) -> FollowUpState:
    return FollowUpState(
        triad_id=TRIAD_ID, host_dcs="UOXFDCS", host_name="Oxfordshire", timezone="Europe/London", status=status,
        answered_by="UOXFDCS" if status else None, actions=actions, year=2018,
    )  # fmt: skip


def rendered(kind, key, facts, follow_up=None) -> tuple[str, list[dict] | None]:
    facts = facts.model_copy(update={"year": 2018})  # the round's year: SE 2018
    return render(ReminderMessage(kind, key, "", facts, triad_id=TRIAD_ID, follow_up=follow_up))


def buttons(blocks) -> list[str]:
    return [e["action_id"] for b in blocks or [] if b["type"] == "actions" for e in b["elements"]]


def shown(text, blocks) -> str:
    return visible_text({"text": text, "blocks": blocks})


def test_every_kind_of_planned_reminder_is_sampled():
    assert {type(facts) for _, _, facts, _ in SAMPLES} | {rf.FollowUp, rf.FollowUpChase} == set(
        get_args(get_args(rf.ReminderFacts)[0])
    )


@pytest.mark.parametrize(
    "kind, key, facts, expected", SAMPLES, ids=[f"{s[2].message}-{i}" for i, s in enumerate(SAMPLES)]
)
def test_a_reminder_says_its_fact_in_25_words_and_carries_its_button(kind, key, facts, expected):
    text, blocks = rendered(kind, key, facts)
    said = shown(text, blocks)
    assert words(said) <= 25, said
    assert not ASK_TO_TYPE.search(said) and "/peer" not in said, said
    assert buttons(blocks) == expected
    assert said.startswith("SE 2018: " if hasattr(facts, "round") else "Triad ")


def test_a_date_is_said_once():
    text, _ = rendered("self_assessment_due", "k", SAMPLES[0][2])
    assert text.count("18 January") == 1 and "2018" not in text


def test_the_round_dates_button_names_the_round_and_the_dates_button_the_triad():
    _, blocks = rendered(*SAMPLES[-1][:3])
    [button] = blocks[-1]["elements"]
    assert (button["text"]["text"], button["value"]) == ("Set the round's dates", "SE 2018")
    _, blocks = rendered(*SAMPLES[4][:3])
    assert [e["value"] for e in blocks[-1]["elements"]] == [str(TRIAD_ID), str(TRIAD_ID)]


def test_the_follow_up_asks_its_question_first_in_60_words():
    facts = rf.FollowUp(triad=1, given=JULY, months=4)
    text, blocks = rendered("follow_up", "follow_up:C1", facts, state())
    said = shown("", blocks)
    assert words(said) <= 60, said
    assert said.splitlines()[0] == "<@UOXFDCS>, would a follow-up visit help Oxfordshire?"
    assert said.count("support") == 1 and said.count("choice") == 1
    assert "*1.* Audit step-downs to early help since April — <@UOXFTEAM> · due Sunday 30 September · " in said
    assert "*2.* Put the child's own words at the front of every plan — <@UOXFDCS> · due Wednesday 31 October" in said
    assert "/peer" not in said and "Half the case files" not in said
    assert buttons(blocks) == ["follow_up_visit", "follow_up_decline"]
    assert text.startswith("<@UOXFDCS>, would a follow-up visit help Oxfordshire?\nTriad 1: four months after")


def test_the_chase_asks_in_50_words():
    facts = rf.FollowUpChase(triad=1, given=JULY, months=4, weeks=2)
    _, blocks = rendered("follow_up", "follow_up:chase:UOXFDCS", facts, state())
    said = shown("", blocks)
    assert words(said) <= 50, said
    assert said.startswith(
        "Would a follow-up visit help Oxfordshire?\nTriad 1: the channel asked two weeks ago; last reminder."
    )
    assert buttons(blocks) == ["follow_up_visit", "follow_up_decline"]


def test_a_follow_up_without_actions_offers_the_action_form_not_a_command():
    facts = rf.FollowUp(triad=1, given=JULY, months=4)
    _, blocks = rendered("follow_up", "follow_up:C1", facts, state(actions=()))
    said = shown("", blocks)
    assert "No actions were recorded after the workshop." in said and "/peer" not in said
    assert buttons(blocks) == ["follow_up_visit", "follow_up_decline", "action_form_open"]
    assert blocks[-1]["elements"][-1]["value"] == str(TRIAD_ID)


def test_an_answered_follow_up_shows_the_answer_without_question_or_buttons():
    facts = rf.FollowUp(triad=1, given=JULY, months=4)
    text, blocks = rendered("follow_up", "follow_up:C1", facts, state(status="declined"))
    said = shown("", blocks)
    assert "would a follow-up visit help" not in said and not buttons(blocks)
    assert said.startswith("Triad 1: four months after fieldwork") and "said no follow-up visit is needed" in said
    assert "would a follow-up visit help" not in text


def test_a_triad_reminder_without_its_triad_has_no_buttons():
    facts = rf.PreVisit(triad=1, given=JULY, exact=True, weeks=3)
    text, blocks = render(ReminderMessage("pre_visit", "pre_visit", "", facts, triad_id=None))
    assert blocks is None and text.startswith("Triad 1: fieldwork")


def test_the_homes_feedback_step_carries_the_feedback_buttons_not_a_command():
    from types import SimpleNamespace
    from zoneinfo import ZoneInfo

    from bot.rules.triads import NextStep, Outstanding
    from bot.services.home import HomeTriad
    from handlers.blocks.home import NEXT_TEXT, next_step_button

    item = HomeTriad(
        triad=SimpleNamespace(id=TRIAD_ID),  # type: ignore[arg-type]
        roles=["host DCS"], zone=ZoneInfo("Europe/London"), challenge=None, fieldwork=None,
        outstanding=[Outstanding(NextStep.FEEDBACK_FORMAT)],
    )  # fmt: skip
    block = next_step_button(item).to_dict()
    assert [(e["action_id"], e["value"]) for e in block["elements"]] == [
        ("feedback_format_choose_presentation", f"{TRIAD_ID}:presentation"),
        ("feedback_format_choose_written", f"{TRIAD_ID}:written"),
        ("feedback_format_choose_verbal", f"{TRIAD_ID}:verbal"),
    ]
    assert not any("/peer" in text for text in NEXT_TEXT.values())
