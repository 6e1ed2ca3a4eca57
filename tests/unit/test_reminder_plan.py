"""The reminder plan, worked out by hand for the 2018 round (SPEC's table).

The plan gives facts, not words: what each reminder says is tested in test_reminder_messages.py.

Calendar facts used below (2018): BST from Sunday 25 March to Sunday 28 October, so
09:00 Europe/London is 08:00Z in between and 09:00Z outside. Bank holidays: 1 Jan,
30 Mar (Good Friday), 2 Apr (Easter Monday), 7 May, 28 May, 27 Aug, 25 and 26 Dec.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timezone
from typing import get_args

import pytest

from bot.rules.dates import FuzzyDate
from bot.rules.reminder_facts import (
    REMINDER_FACTS,
    ActionDue,
    ChallengeEve,
    ChallengeSoon,
    ConfirmDate,
    DataProfileDue,
    FactsKind,
    FieldworkAgenda,
    FinaliseInterviews,
    FollowUp,
    FollowUpChase,
    PreVisit,
    ReminderFacts,
    ReminderKind,
    ReportDue,
    SelfAssessmentSoon,
    SelfAssessmentToday,
)
from bot.rules.reminder_plan import ActionInfo, Audience, PlanConfig, PlanInput, add_months, plan_reminders
from bot.rules.working_days import is_working_day

UTC = timezone.utc
TZ = "Europe/London"


def fd(text, start, end=None, precision="day", provisional=False):
    return FuzzyDate(text=text, start=start, end=end or start, precision=precision, provisional=provisional)


def utc(y, m, d, h):
    return datetime(y, m, d, h, 0, tzinfo=UTC)


# The 2018 round.
T1_CHALLENGE = fd("February 2018", date(2018, 2, 1), date(2018, 2, 28), "month")
T1_FIELDWORK = fd("23 & 24 July 2018", date(2018, 7, 23), date(2018, 7, 24), "days")
T2_CHALLENGE = fd("Early October", date(2018, 10, 1), date(2018, 10, 10), "part_month")
T2_FIELDWORK = fd("December 2018 tbc", date(2018, 12, 1), date(2018, 12, 31), "month", provisional=True)
T3_CHALLENGE = fd("7 September", date(2018, 9, 7))
T3_FIELDWORK = fd("8 & 9 November 2018", date(2018, 11, 8), date(2018, 11, 9), "days")

AUDIENCE = Audience(channel_id="C01", host_dcs="UHOST", visitor_dcs="UVISIT", coordinators=("UCO1", "UCO2"))


def make(
    number=1,
    challenge=None,
    fieldwork=None,
    *,
    steps=(),
    declined=False,
    actions=(),
    audience=AUDIENCE,
    config=None,
    tz=TZ,
):
    kwargs = {} if config is None else {"config": config}
    return PlanInput(
        triad_number=number,
        timezone=tz,
        challenge=challenge,
        fieldwork=fieldwork,
        steps_done=frozenset(steps),
        follow_up_declined=declined,
        actions=tuple(actions),
        audience=audience,
        **kwargs,
    )


def triad(n, **kw):
    dates = {1: (T1_CHALLENGE, T1_FIELDWORK), 2: (T2_CHALLENGE, T2_FIELDWORK), 3: (T3_CHALLENGE, T3_FIELDWORK)}[n]
    return make(n, *dates, **kw)


def by_key(reminders):
    keys = [r.key for r in reminders]
    assert len(keys) == len(set(keys)), f"duplicate keys: {keys}"
    return {r.key: r for r in reminders}


def schedule(reminders):
    return {r.key: r.due_at for r in reminders}


# --------------------------------------------------------------------------- the 2018 round


def test_triad_1_full_plan():
    assert schedule(plan_reminders(triad(1))) == {
        # Challenge "February 2018" counts from its earliest day, Thursday 1 February.
        # Self-assessment due 18 Jan; a week before that 11 Jan.
        "self_assessment_due:week_before:UHOST": utc(2018, 1, 11, 9),
        "self_assessment_due:on_day:UHOST": utc(2018, 1, 18, 9),
        # One month before = Monday 1 Jan 2018 (New Year's Day); 5 working days before:
        # 29, 28, 27 Dec, (Boxing Day, Christmas, weekend) 22, 21 Dec 2017.
        "data_profile_due:UCO1": utc(2017, 12, 21, 9),
        "data_profile_due:UCO2": utc(2017, 12, 21, 9),
        "challenge_session:week_before:C01": utc(2018, 1, 25, 9),
        "challenge_session:day_before:C01": utc(2018, 1, 31, 9),
        # A month is imprecise: confirm it 3 weeks before 1 Feb.
        "confirm_date:challenge:C01": utc(2018, 1, 11, 9),
        # Fieldwork Monday 23 July (BST): 3 weeks before = Monday 2 July.
        "pre_visit:UHOST": utc(2018, 7, 2, 8),
        "pre_visit:UVISIT": utc(2018, 7, 2, 8),
        "finalise_interviews:C01": utc(2018, 7, 9, 8),
        "fieldwork_agenda:C01": utc(2018, 7, 20, 8),  # the Friday before
        # 4 weeks after the last day, Tuesday 24 July.
        "report_due:UVISIT": utc(2018, 8, 21, 8),
        # SPEC's own example: 24 Nov 2018 is a Saturday -> Monday 26 Nov, 09:00 GMT.
        "follow_up:C01": utc(2018, 11, 26, 9),
        # Unanswered, the host DCS is asked once more two weeks later: Monday 10 December.
        "follow_up:chase:UHOST": utc(2018, 12, 10, 9),
    }


def test_triad_2_imprecise_and_provisional_dates():
    assert schedule(plan_reminders(triad(2))) == {
        # "Early October" starts Monday 1 October 2018.
        "self_assessment_due:week_before:UHOST": utc(2018, 9, 10, 8),
        "self_assessment_due:on_day:UHOST": utc(2018, 9, 17, 8),
        # One month before = Saturday 1 Sept; 5 working days before: 31, 30, 29, 28 Aug,
        # (Summer bank holiday 27 Aug, weekend) Friday 24 Aug.
        "data_profile_due:UCO1": utc(2018, 8, 24, 8),
        "data_profile_due:UCO2": utc(2018, 8, 24, 8),
        "challenge_session:week_before:C01": utc(2018, 9, 24, 8),
        "challenge_session:day_before:C01": utc(2018, 9, 28, 8),
        "confirm_date:challenge:C01": utc(2018, 9, 10, 8),
        # "December 2018 tbc" starts Saturday 1 Dec; 3 weeks before is Saturday 10 Nov
        # -> back to Friday 9 Nov (GMT by then).
        "confirm_date:fieldwork:C01": utc(2018, 11, 9, 9),
        "pre_visit:UHOST": utc(2018, 11, 9, 9),
        "pre_visit:UVISIT": utc(2018, 11, 9, 9),
        "finalise_interviews:C01": utc(2018, 11, 16, 9),  # Sat 17 Nov -> Fri 16
        "fieldwork_agenda:C01": utc(2018, 11, 30, 9),  # working day before Sat 1 Dec
        # The latest day, 31 Dec, + 4 weeks = Monday 28 Jan 2019.
        "report_due:UVISIT": utc(2019, 1, 28, 9),
        # 31 Dec + 4 months clamps to Tuesday 30 April 2019, in BST.
        "follow_up:C01": utc(2019, 4, 30, 8),
        "follow_up:chase:UHOST": utc(2019, 5, 14, 8),
    }


def test_triad_3_across_the_october_clock_change():
    assert schedule(plan_reminders(triad(3))) == {
        # Challenge Friday 7 September 2018.
        "self_assessment_due:week_before:UHOST": utc(2018, 8, 17, 8),
        "self_assessment_due:on_day:UHOST": utc(2018, 8, 24, 8),
        # One month before = Tuesday 7 Aug; 5 working days: 6, 3, 2, 1 Aug, 31 Jul.
        "data_profile_due:UCO1": utc(2018, 7, 31, 8),
        "data_profile_due:UCO2": utc(2018, 7, 31, 8),
        "challenge_session:week_before:C01": utc(2018, 8, 31, 8),
        "challenge_session:day_before:C01": utc(2018, 9, 6, 8),
        # Fieldwork Thursday 8 Nov; clocks go back Sunday 28 October.
        "pre_visit:UHOST": utc(2018, 10, 18, 8),
        "pre_visit:UVISIT": utc(2018, 10, 18, 8),
        "finalise_interviews:C01": utc(2018, 10, 25, 8),  # still BST
        "fieldwork_agenda:C01": utc(2018, 11, 7, 9),  # GMT
        "report_due:UVISIT": utc(2018, 12, 7, 9),
        # 9 March 2019 is a Saturday -> Monday 11 March, before BST starts (31 March).
        "follow_up:C01": utc(2019, 3, 11, 9),
        # Two weeks on, Monday 25 March 2019, is still GMT (BST starts on the 31st).
        "follow_up:chase:UHOST": utc(2019, 3, 25, 9),
    }


@pytest.mark.parametrize("n", [1, 2, 3])
def test_every_reminder_is_at_nine_london_on_a_working_day(n):
    from zoneinfo import ZoneInfo

    reminders = plan_reminders(triad(n))
    assert reminders
    for r in reminders:
        assert r.kind in set(ReminderKind)
        assert r.due_at.utcoffset().total_seconds() == 0
        local = r.due_at.astimezone(ZoneInfo(TZ))
        assert (local.hour, local.minute) == (9, 0), r
        assert is_working_day(local.date()), r
        assert r.key.startswith(r.kind + ":")
        assert r.key.endswith(":" + r.recipient)
        assert r.facts.triad == n


def test_sorted_by_due_at_then_key():
    reminders = plan_reminders(triad(1))
    assert reminders == sorted(reminders, key=lambda r: (r.due_at, r.key))
    # Same instant, ordered by key.
    same = [r.key for r in reminders if r.due_at == utc(2018, 1, 11, 9)]
    assert same == ["confirm_date:challenge:C01", "self_assessment_due:week_before:UHOST"]


# --------------------------------------------------------------------------- bank holidays


def test_before_reminders_roll_back_over_easter():
    # Challenge Monday 9 April 2018: a week before is Easter Monday -> Thursday 29 March
    # (BST since 25 March); the working day before is Friday 6 April.
    got = schedule(plan_reminders(make(challenge=fd("9 April 2018", date(2018, 4, 9)))))
    assert got["challenge_session:week_before:C01"] == utc(2018, 3, 29, 8)
    assert got["challenge_session:day_before:C01"] == utc(2018, 4, 6, 8)


def test_after_reminders_roll_forward_over_the_summer_bank_holiday():
    # Fieldwork ending Monday 30 July: 4 weeks later is Monday 27 Aug -> Tuesday 28 Aug.
    fw = fd("27 & 30 July 2018", date(2018, 7, 27), date(2018, 7, 30), "days")
    assert schedule(plan_reminders(make(fieldwork=fw)))["report_due:UVISIT"] == utc(2018, 8, 28, 8)


def test_follow_up_rolls_forward_over_christmas_and_boxing_day():
    # Last fieldwork day 25 August 2018 + 4 months = Tuesday 25 Dec -> Thursday 27 Dec.
    fw = fd("24 & 25 August 2018", date(2018, 8, 24), date(2018, 8, 25), "days")
    assert schedule(plan_reminders(make(fieldwork=fw)))["follow_up:C01"] == utc(2018, 12, 27, 9)


def test_fieldwork_agenda_before_a_day_after_christmas():
    # Fieldwork Thursday 27 Dec: the working day before is Monday 24 Dec.
    fw = fd("27 & 28 December 2018", date(2018, 12, 27), date(2018, 12, 28), "days")
    assert schedule(plan_reminders(make(fieldwork=fw)))["fieldwork_agenda:C01"] == utc(2018, 12, 24, 9)


# --------------------------------------------------------------------------- confirm dates


def test_confirm_date_only_for_imprecise_dates():
    kinds = lambda inp: {r.key for r in plan_reminders(inp) if r.kind == "confirm_date"}
    assert kinds(triad(1)) == {"confirm_date:challenge:C01"}
    assert kinds(triad(2)) == {"confirm_date:challenge:C01", "confirm_date:fieldwork:C01"}
    assert kinds(triad(3)) == set()
    # A single day marked provisional still needs confirming.
    tbc = fd("7 September tbc", date(2018, 9, 7), provisional=True)
    got = {r.key: r for r in plan_reminders(make(challenge=tbc))}
    assert got["confirm_date:challenge:C01"].due_at == utc(2018, 8, 17, 8)  # Fri 7 Sep - 3 weeks
    assert got["confirm_date:challenge:C01"].facts == ConfirmDate(
        triad=1, event="challenge", given="7 September tbc", earliest=date(2018, 9, 7)
    )


def test_confirm_facts_name_the_date_as_given():
    r = by_key(plan_reminders(triad(2)))["confirm_date:fieldwork:C01"]
    assert r.facts == ConfirmDate(triad=2, event="fieldwork", given="December 2018 tbc", earliest=date(2018, 12, 1))


# --------------------------------------------------------------------------- facts


def test_facts_of_every_reminder_of_triad_1():
    got = {k: r.facts for k, r in by_key(plan_reminders(triad(1))).items()}
    challenge, fieldwork = "February 2018", "23 & 24 July 2018"  # as given: the words escape them
    sa_due = date(2018, 1, 18)  # two weeks before Thursday 1 February
    assert got == {
        "self_assessment_due:week_before:UHOST": SelfAssessmentSoon(
            triad=1, given=challenge, due=sa_due, lead_weeks=2, weeks=1
        ),
        "self_assessment_due:on_day:UHOST": SelfAssessmentToday(triad=1, given=challenge, due=sa_due, lead_weeks=2),
        # one month before is New Year's Day, a bank holiday: the deadline is the working day before
        "data_profile_due:UCO1": DataProfileDue(triad=1, given=challenge, by=date(2017, 12, 29)),
        "data_profile_due:UCO2": DataProfileDue(triad=1, given=challenge, by=date(2017, 12, 29)),
        "challenge_session:week_before:C01": ChallengeSoon(
            triad=1, given=challenge, exact=False, start=date(2018, 2, 1), weeks=1
        ),
        "challenge_session:day_before:C01": ChallengeEve(triad=1, given=challenge, exact=False, start=date(2018, 2, 1)),
        "confirm_date:challenge:C01": ConfirmDate(
            triad=1, event="challenge", given=challenge, earliest=date(2018, 2, 1)
        ),
        "pre_visit:UHOST": PreVisit(triad=1, given=fieldwork, exact=True, weeks=3, start=date(2018, 7, 23)),
        "pre_visit:UVISIT": PreVisit(triad=1, given=fieldwork, exact=True, weeks=3, start=date(2018, 7, 23)),
        "finalise_interviews:C01": FinaliseInterviews(
            triad=1, given=fieldwork, exact=True, weeks=2, start=date(2018, 7, 23)
        ),
        "fieldwork_agenda:C01": FieldworkAgenda(triad=1, given=fieldwork, exact=True, start=date(2018, 7, 23)),
        "report_due:UVISIT": ReportDue(triad=1, given=fieldwork, weeks=4),
        "follow_up:C01": FollowUp(triad=1, given=fieldwork, months=4),
        "follow_up:chase:UHOST": FollowUpChase(triad=1, given=fieldwork, months=4, weeks=2),
    }


def test_a_deadline_on_a_weekend_is_the_friday_before():
    # Saturday 1 September 2018 is one month before Monday 1 October; two weeks before it is Monday 17 September.
    got = by_key(plan_reminders(triad(2)))
    assert got["data_profile_due:UCO1"].facts.by == date(2018, 8, 31)
    assert got["self_assessment_due:on_day:UHOST"].facts.due == date(2018, 9, 17)
    # a Sunday challenge session: the self-assessment's deadline (two weeks before, a Sunday) is the Friday
    sunday = make(challenge=fd("14 October 2018", date(2018, 10, 14)))
    got = by_key(plan_reminders(sunday))
    on_day = got["self_assessment_due:on_day:UHOST"]
    assert on_day.facts.due == date(2018, 9, 28) == on_day.due_at.date()
    assert got["self_assessment_due:week_before:UHOST"].facts.due == date(2018, 9, 28)


def test_a_deadline_on_a_bank_holiday_is_the_working_day_before():
    # two weeks before Monday 11 June is Monday 28 May, the spring bank holiday
    got = by_key(plan_reminders(make(challenge=fd("11 June 2018", date(2018, 6, 11)))))
    assert got["self_assessment_due:on_day:UHOST"].facts.due == date(2018, 5, 25)
    # one month before 27 September is Monday 27 August, the summer bank holiday
    got = by_key(plan_reminders(make(challenge=fd("27 September 2018", date(2018, 9, 27)))))
    assert got["data_profile_due:UCO1"].facts.by == date(2018, 8, 24)


def test_exact_and_imprecise_dates_are_told_apart():
    exact = by_key(plan_reminders(triad(3)))["challenge_session:week_before:C01"].facts
    vague = by_key(plan_reminders(triad(1)))["challenge_session:week_before:C01"].facts
    assert exact == ChallengeSoon(triad=3, given="7 September", exact=True, start=date(2018, 9, 7), weeks=1)
    assert vague == ChallengeSoon(triad=1, given="February 2018", exact=False, start=date(2018, 2, 1), weeks=1)
    assert by_key(plan_reminders(triad(2)))["pre_visit:UHOST"].facts == PreVisit(
        triad=2, given="December 2018 tbc", exact=False, weeks=3, start=date(2018, 12, 1)
    )


def test_the_configured_weeks_and_months_are_the_facts():
    config = PlanConfig(self_assessment_due_weeks_before_challenge=3, self_assessment_reminder_weeks_before_due=2,
                        challenge_reminder_weeks_before=5, report_weeks_after_fieldwork=6,
                        follow_up_months_after_fieldwork=6, follow_up_chase_weeks=3)  # fmt: skip
    got = {k: r.facts for k, r in by_key(plan_reminders(triad(3, config=config))).items()}
    assert got["self_assessment_due:week_before:UHOST"] == SelfAssessmentSoon(
        triad=3, given="7 September", due=date(2018, 8, 17), lead_weeks=3, weeks=2
    )
    assert got["challenge_session:week_before:C01"] == ChallengeSoon(
        triad=3, given="7 September", exact=True, start=date(2018, 9, 7), weeks=5
    )
    assert got["report_due:UVISIT"] == ReportDue(triad=3, given="8 & 9 November 2018", weeks=6)
    assert got["follow_up:C01"] == FollowUp(triad=3, given="8 & 9 November 2018", months=6)
    assert got["follow_up:chase:UHOST"] == FollowUpChase(triad=3, given="8 & 9 November 2018", months=6, weeks=3)


def test_user_text_is_kept_as_given():
    action = ActionInfo(3, "Share <audit> results with <@UHEAD> & partners", "UOWN", date(2018, 9, 28), False)
    (r,) = plan_reminders(make(actions=[action]))
    assert r.facts == ActionDue(
        triad=1, number=3, text="Share <audit> results with <@UHEAD> & partners", due=date(2018, 9, 28)
    )


@pytest.mark.parametrize("n", [1, 2, 3])
def test_facts_go_to_json_and_back(n):
    import json

    for r in plan_reminders(triad(n, actions=[ActionInfo(1, "Audit & <b>", "UOWN", date(2018, 9, 28), False)])):
        stored = json.loads(json.dumps(REMINDER_FACTS.dump_python(r.facts, mode="json")))
        assert REMINDER_FACTS.validate_python(stored) == r.facts
        assert stored["message"] == r.facts.message and stored["triad"] == n


def test_the_json_form_of_facts():
    facts = ActionDue(triad=2, number=5, text="Audit & <b>", due=date(2018, 9, 28))
    assert REMINDER_FACTS.dump_python(facts, mode="json") == {"message": "action_due", "triad": 2, "number": 5,
                                                              "text": "Audit & <b>", "due": "2018-09-28",
                                                              "year": None}  # fmt: skip
    # a row stored before the facts said the round's year reads as None: its words say every year
    assert (
        REMINDER_FACTS.validate_python({"message": "follow_up", "triad": 1, "given": "July", "months": 4}).year is None
    )
    assert REMINDER_FACTS.dump_python(FollowUp(triad=1, given="July", months=4, year=2018), mode="json") == {
        "year": 2018,
        "message": "follow_up",
        "triad": 1,
        "given": "July",
        "months": 4,
    }
    assert len(FactsKind) == 18  # 13 of a triad's own, 5 of the round's
    assert {m.model_fields["message"].default for m in get_args(get_args(ReminderFacts)[0])} == set(FactsKind)


def test_unknown_facts_are_refused():
    with pytest.raises(ValueError, match="colour"):
        REMINDER_FACTS.validate_python(
            {"message": "follow_up", "triad": 1, "given": "July", "months": 4, "colour": "red"}
        )
    with pytest.raises(ValueError, match="months"):
        REMINDER_FACTS.validate_python({"message": "follow_up", "triad": 1, "given": "July"})
    with pytest.raises(ValueError, match="no_such_message"):
        REMINDER_FACTS.validate_python({"message": "no_such_message", "triad": 1})


# --------------------------------------------------------------------------- steps done, declines


@pytest.mark.parametrize(
    "step, kind",
    [("self_assessment", "self_assessment_due"), ("data_profile", "data_profile_due"), ("report", "report_due")],
)
def test_marking_a_step_done_cancels_only_its_chasers(step, kind):
    before = plan_reminders(triad(1))
    after = plan_reminders(triad(1, steps=[step]))
    assert any(r.kind == kind for r in before)
    assert not any(r.kind == kind for r in after)
    assert after == [r for r in before if r.kind != kind]


def test_all_steps_done():
    kinds = {r.kind for r in plan_reminders(triad(1, steps=["self_assessment", "data_profile", "report"]))}
    assert kinds == {
        "challenge_session",
        "confirm_date",
        "pre_visit",
        "finalise_interviews",
        "fieldwork_agenda",
        "follow_up",
    }


def test_unknown_step_is_refused():
    with pytest.raises(ValueError, match="self-assessment"):
        plan_reminders(triad(1, steps=["self-assessment"]))


def test_declined_follow_up_is_not_planned():
    before = plan_reminders(triad(1))
    after = plan_reminders(triad(1, declined=True))
    assert [r.key for r in before if r not in after] == ["follow_up:C01", "follow_up:chase:UHOST"]


def test_an_answered_follow_up_is_not_chased():
    before = plan_reminders(triad(1))
    after = plan_reminders(dataclasses.replace(triad(1), follow_up_answered=True))
    assert [r.key for r in before if r not in after] == ["follow_up:chase:UHOST"]


def test_follow_up_chase_goes_once_to_the_host_dcs_and_can_be_turned_off():
    got = [r for r in plan_reminders(triad(1)) if r.key.startswith("follow_up:chase")]
    assert [(r.kind, r.recipient) for r in got] == [("follow_up", "UHOST")]
    assert got[0].facts == FollowUpChase(triad=1, given="23 & 24 July 2018", months=4, weeks=2)
    off = plan_reminders(triad(1, config=PlanConfig(follow_up_chase_weeks=0)))
    assert not any(r.key.startswith("follow_up:chase") for r in off)
    assert any(r.key == "follow_up:C01" for r in off)
    no_host = dataclasses.replace(AUDIENCE, host_dcs=None)
    assert not any(r.key.startswith("follow_up:chase") for r in plan_reminders(triad(1, audience=no_host)))


# --------------------------------------------------------------------------- actions


def test_action_due_reminders():
    actions = [
        # Due Tuesday 27 March 2018: reminder Monday 26th, in BST (clocks went forward on the 25th).
        ActionInfo(1, "Audit of case files", "UOWN1", date(2018, 3, 27), False),
        # Due Monday 26 March: reminder Friday 23rd, still GMT.
        ActionInfo(2, "Refresh the threshold document", "UOWN2", date(2018, 3, 26), False),
        # Due Tuesday 3 April: Easter Monday and Good Friday skipped -> Thursday 29 March.
        ActionInfo(3, "Workshop with partners", "UOWN1", date(2018, 4, 3), False),
        ActionInfo(4, "Done already", "UOWN1", date(2018, 5, 1), True),
        ActionInfo(5, "No due date", "UOWN1", None, False),
    ]
    got = plan_reminders(make(actions=actions))
    assert schedule(got) == {
        "action_due:2:UOWN2": utc(2018, 3, 23, 9),
        "action_due:1:UOWN1": utc(2018, 3, 26, 8),
        "action_due:3:UOWN1": utc(2018, 3, 29, 8),
    }
    assert [r.key for r in got] == ["action_due:2:UOWN2", "action_due:1:UOWN1", "action_due:3:UOWN1"]
    r3 = by_key(got)["action_due:3:UOWN1"]
    assert r3.recipient == "UOWN1" and r3.kind == "action_due"
    assert r3.facts == ActionDue(triad=1, number=3, text="Workshop with partners", due=date(2018, 4, 3))


def test_action_reminders_need_no_channel_or_dates():
    audience = Audience(channel_id=None, host_dcs=None, visitor_dcs=None, coordinators=())
    got = plan_reminders(make(actions=[ActionInfo(7, "x", "UOWN", date(2018, 6, 1), False)], audience=audience))
    assert [(r.key, r.due_at) for r in got] == [("action_due:7:UOWN", utc(2018, 5, 31, 8))]


# --------------------------------------------------------------------------- missing dates, recipients


def test_no_dates_no_reminders():
    assert plan_reminders(make()) == []


def test_challenge_only_and_fieldwork_only():
    challenge_kinds = {"self_assessment_due", "data_profile_due", "challenge_session", "confirm_date"}
    assert {r.kind for r in plan_reminders(make(challenge=T1_CHALLENGE))} == challenge_kinds
    assert {r.kind for r in plan_reminders(make(fieldwork=T1_FIELDWORK))} == {
        "pre_visit",
        "finalise_interviews",
        "fieldwork_agenda",
        "report_due",
        "follow_up",
    }


def test_no_channel_yet_skips_channel_reminders():
    audience = dataclasses.replace(AUDIENCE, channel_id=None)
    got = plan_reminders(triad(1, audience=audience))
    # The follow-up chase goes to the host DCS, not the channel.
    assert {r.kind for r in got} == {"self_assessment_due", "data_profile_due", "pre_visit", "report_due", "follow_up"}
    assert [r.key for r in got if r.kind == "follow_up"] == ["follow_up:chase:UHOST"]
    assert all(r.recipient != "C01" for r in got)


def test_missing_dcs_and_coordinators():
    audience = Audience(channel_id="C01", host_dcs=None, visitor_dcs="UVISIT", coordinators=())
    got = by_key(plan_reminders(triad(1, audience=audience)))
    assert not any(k.startswith(("self_assessment_due", "data_profile_due")) for k in got)
    assert [k for k in got if k.startswith("pre_visit")] == ["pre_visit:UVISIT"]
    assert "report_due:UVISIT" in got


def test_same_person_as_both_dcs_gets_one_pre_visit():
    audience = dataclasses.replace(AUDIENCE, host_dcs="USAME", visitor_dcs="USAME", coordinators=("UCO1", "UCO1"))
    got = plan_reminders(triad(1, audience=audience))
    assert [r.key for r in got if r.kind == "pre_visit"] == ["pre_visit:USAME"]
    assert [r.key for r in got if r.kind == "data_profile_due"] == ["data_profile_due:UCO1"]


# --------------------------------------------------------------------------- re-planning


def test_replanning_with_changed_dates_keeps_keys():
    first = by_key(plan_reminders(triad(1)))
    # The challenge is fixed to Thursday 8 February, the fieldwork moves a day.
    moved = make(
        1,
        fd("8 February 2018", date(2018, 2, 8)),
        fd("24 & 25 July 2018", date(2018, 7, 24), date(2018, 7, 25), "days"),
    )
    second = by_key(plan_reminders(moved))
    # The confirm reminder goes (the caller cancels its row); every other key stays.
    assert set(first) - set(second) == {"confirm_date:challenge:C01"}
    assert set(second) <= set(first)
    # ... with new times.
    assert second["challenge_session:week_before:C01"].due_at == utc(2018, 2, 1, 9)
    assert second["challenge_session:day_before:C01"].due_at == utc(2018, 2, 7, 9)
    assert second["fieldwork_agenda:C01"].due_at == utc(2018, 7, 23, 8)
    assert second["follow_up:C01"].due_at == utc(2018, 11, 26, 9)  # Sun 25 Nov -> Mon 26
    assert second["report_due:UVISIT"].due_at == utc(2018, 8, 22, 8)
    changed = {k for k in second if second[k].due_at != first[k].due_at}
    assert changed == set(second) - {"follow_up:C01", "follow_up:chase:UHOST"}


def test_planning_is_deterministic():
    assert plan_reminders(triad(2)) == plan_reminders(triad(2))


# --------------------------------------------------------------------------- time zone and config


def test_round_time_zone():
    # A round kept in Paris time: 09:00 there, on the same (England & Wales) working days.
    got = schedule(plan_reminders(triad(1, tz="Europe/Paris")))
    assert got["follow_up:C01"] == utc(2018, 11, 26, 8)  # 09:00 CET
    assert got["fieldwork_agenda:C01"] == utc(2018, 7, 20, 7)  # 09:00 CEST


def test_config_overrides():
    config = PlanConfig(
        self_assessment_due_weeks_before_challenge=3,
        self_assessment_reminder_weeks_before_due=2,
        data_profile_working_days_before=0,
        challenge_reminder_weeks_before=2,
        pre_visit_weeks_before_fieldwork=4,
        finalise_interviews_weeks_before_fieldwork=1,
        report_weeks_after_fieldwork=6,
        follow_up_months_after_fieldwork=6,
        send_hour=10,
    )
    got = schedule(plan_reminders(triad(3, config=config)))
    # Challenge Fri 7 Sept: due Fri 17 Aug, reminded Fri 3 Aug; 10:00 BST = 09:00Z.
    assert got["self_assessment_due:on_day:UHOST"] == utc(2018, 8, 17, 9)
    assert got["self_assessment_due:week_before:UHOST"] == utc(2018, 8, 3, 9)
    # 0 working days before Tuesday 7 Aug is 7 Aug itself.
    assert got["data_profile_due:UCO1"] == utc(2018, 8, 7, 9)
    assert got["challenge_session:week_before:C01"] == utc(2018, 8, 24, 9)
    assert got["challenge_session:day_before:C01"] == utc(2018, 9, 6, 9)
    # Fieldwork Thu 8 Nov: 4 weeks before = Thu 11 Oct (BST), 1 week before = Thu 1 Nov (GMT).
    assert got["pre_visit:UHOST"] == utc(2018, 10, 11, 9)
    assert got["finalise_interviews:C01"] == utc(2018, 11, 1, 10)
    # Last day Fri 9 Nov + 6 weeks = Fri 21 Dec; + 6 months = Thu 9 May 2019 (BST).
    assert got["report_due:UVISIT"] == utc(2018, 12, 21, 10)
    assert got["follow_up:C01"] == utc(2019, 5, 9, 9)
    assert got["fieldwork_agenda:C01"] == utc(2018, 11, 7, 10)


def test_config_confirm_weeks_override():
    got = schedule(plan_reminders(triad(2, config=PlanConfig(confirm_date_weeks_before=5))))
    # 1 Dec - 5 weeks = Saturday 27 Oct -> Friday 26 Oct, BST.
    assert got["confirm_date:fieldwork:C01"] == utc(2018, 10, 26, 8)
    # 1 Oct - 5 weeks = Monday 27 Aug, Summer bank holiday -> Friday 24 Aug.
    assert got["confirm_date:challenge:C01"] == utc(2018, 8, 24, 8)


def test_config_from_dict_and_back():
    assert PlanConfig.from_dict(None) == PlanConfig()
    assert PlanConfig.from_dict({}) == PlanConfig()
    cfg = PlanConfig.from_dict({"send_hour": 8, "report_weeks_after_fieldwork": 6})
    assert cfg.send_hour == 8 and cfg.report_weeks_after_fieldwork == 6
    assert cfg.follow_up_months_after_fieldwork == 4
    d = cfg.to_dict()
    assert d["send_hour"] == 8 and d["data_profile_working_days_before"] == 5
    assert len(d) == len(dataclasses.fields(PlanConfig))
    assert PlanConfig.from_dict(d) == cfg


def test_config_defaults_are_specs():
    assert PlanConfig().to_dict() == {
        "self_assessment_due_weeks_before_challenge": 2,
        "self_assessment_reminder_weeks_before_due": 1,
        "data_profile_working_days_before": 5,
        "challenge_reminder_weeks_before": 1,
        "confirm_date_weeks_before": 3,
        "pre_visit_weeks_before_fieldwork": 3,
        "finalise_interviews_weeks_before_fieldwork": 2,
        "report_weeks_after_fieldwork": 4,
        "follow_up_months_after_fieldwork": 4,
        "follow_up_chase_weeks": 2,
        "orientation_reminder_weeks_before": 1,
        "summit_reminder_weeks_before": 1,
        "summit_brief_weeks_before": 4,
        "send_hour": 9,
    }


def test_config_unknown_key_is_named():
    with pytest.raises(ValueError, match="follow_up_weeks"):
        PlanConfig.from_dict({"send_hour": 9, "follow_up_weeks": 16})


@pytest.mark.parametrize(
    "bad",
    [
        {"send_hour": 24},
        {"send_hour": -1},
        {"report_weeks_after_fieldwork": "4"},
        {"confirm_date_weeks_before": True},
        {"follow_up_months_after_fieldwork": 4.5},
    ],
)
def test_config_bad_values_are_refused(bad):
    (name,) = bad
    with pytest.raises(ValueError, match=name):
        PlanConfig.from_dict(bad)


# --------------------------------------------------------------------------- months


@pytest.mark.parametrize(
    "d, months, expected",
    [
        (date(2018, 7, 24), 4, date(2018, 11, 24)),
        (date(2018, 12, 31), 4, date(2019, 4, 30)),
        (date(2018, 10, 31), 4, date(2019, 2, 28)),
        (date(2019, 10, 31), 4, date(2020, 2, 29)),
        (date(2018, 3, 31), -1, date(2018, 2, 28)),
        (date(2018, 1, 15), -1, date(2017, 12, 15)),
    ],
)
def test_add_months_clamps_to_month_end(d, months, expected):
    assert add_months(d, months) == expected
