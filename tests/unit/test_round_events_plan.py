"""The round's own events in the reminder plan: the orientation and the summit.

Calendar facts used below: 1 January 2018 and 25-26 December 2017 are bank holidays; BST
starts Sunday 31 March 2019 (09:00 London is 09:00Z before, 08:00Z after).
"""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from bot.rules.dates import FuzzyDate
from bot.rules.reminder_facts import (
    REMINDER_FACTS,
    ConfirmRoundDate,
    OrientationEve,
    OrientationSoon,
    ReminderKind,
    SummitBrief,
    SummitSoon,
)
from bot.rules.reminder_plan import (
    Audience,
    PlanConfig,
    PlanInput,
    RoundEvents,
    RoundPlanInput,
    plan_reminders,
    plan_round_reminders,
)
from bot.rules.working_days import is_working_day
from handlers.blocks.reminders import planned_text

UTC = timezone.utc
TZ = "Europe/London"
SLIDES = "https://example.org/orientation-slides"


def fd(text, start, end=None, precision="day", provisional=False):
    return FuzzyDate(text=text, start=start, end=end or start, precision=precision, provisional=provisional)


def utc(y, m, d, h):
    return datetime(y, m, d, h, 0, tzinfo=UTC)


def triad_plan(events, *, channel="C01", number=1, config=None):
    audience = Audience(channel_id=channel, host_dcs="UHOST", visitor_dcs="UVISIT", coordinators=("UCO1", "UCO2"))
    inp = PlanInput(number, TZ, None, None, frozenset(), False, (), audience, round_events=events,
                    **({} if config is None else {"config": config}))  # fmt: skip
    return {r.key: r for r in plan_reminders(inp)}


def round_plan(events, *, coordinators=("UCO1", "UCO2"), config=None):
    inp = RoundPlanInput(7, TZ, events, coordinators, **({} if config is None else {"config": config}))
    return {r.key: r for r in plan_round_reminders(inp)}


EXACT = RoundEvents("SE 2018", fd("9 January 2018", date(2018, 1, 9)), fd("14 March 2019", date(2019, 3, 14)), SLIDES)


def test_the_new_kinds_are_listed():
    assert "orientation" in set(ReminderKind) and "summit" in set(ReminderKind)


def test_orientation_and_summit_in_the_triad_channel():
    plan = triad_plan(EXACT)
    assert {k: (r.kind, r.recipient, r.due_at) for k, r in plan.items()} == {
        # Tuesday 2 January 2018 (the 1st is a bank holiday, not in the way), 09:00 GMT.
        "orientation:week_before:C01": ("orientation", "C01", utc(2018, 1, 2, 9)),
        "orientation:day_before:C01": ("orientation", "C01", utc(2018, 1, 8, 9)),
        "summit:week_before:C01": ("summit", "C01", utc(2019, 3, 7, 9)),
    }
    assert plan["orientation:week_before:C01"].facts == OrientationSoon(
        triad=1, given="9 January 2018", exact=True, start=date(2018, 1, 9), weeks=1, material=SLIDES
    )
    assert plan["orientation:day_before:C01"].facts == OrientationEve(
        triad=1, given="9 January 2018", exact=True, start=date(2018, 1, 9), material=SLIDES
    )
    assert plan["summit:week_before:C01"].facts == SummitSoon(
        triad=1, given="14 March 2019", exact=True, start=date(2019, 3, 14), weeks=1
    )


def test_the_summit_brief_goes_once_per_round_to_each_coordinator():
    plan = round_plan(EXACT)
    assert {k: (r.kind, r.recipient, r.due_at) for k, r in plan.items()} == {
        "round:7:summit:brief:UCO1": ("summit", "UCO1", utc(2019, 2, 14, 9)),  # four weeks before, Thursday
        "round:7:summit:brief:UCO2": ("summit", "UCO2", utc(2019, 2, 14, 9)),
    }
    assert plan["round:7:summit:brief:UCO1"].facts == SummitBrief(
        round="SE 2018", given="14 March 2019", exact=True, start=date(2019, 3, 14), weeks=4
    )
    # ... and never in a triad's own plan, however many triads the round has.
    for n in (1, 2, 3):
        assert not any("brief" in k for k in triad_plan(EXACT, channel=f"C0{n}", number=n))
    assert "the summit brief is ready" in planned_text(plan["round:7:summit:brief:UCO1"].facts)
    assert planned_text(plan["round:7:summit:brief:UCO1"].facts).startswith("SE 2018: ")


def test_bank_holidays_move_orientation_reminders_back():
    # Orientation Tuesday 2 January 2018: the working day before is Friday 29 December (1 January a
    # bank holiday, 30-31 a weekend); a week before is Boxing Day -> Friday 22 December.
    events = RoundEvents("SE 2018", fd("2 January 2018", date(2018, 1, 2)))
    plan = triad_plan(events)
    assert plan["orientation:day_before:C01"].due_at == utc(2017, 12, 29, 9)
    assert plan["orientation:week_before:C01"].due_at == utc(2017, 12, 22, 9)
    assert all(is_working_day(r.due_at.date()) for r in plan.values())


def test_clock_change_keeps_nine_o_clock_london():
    # Orientation Tuesday 2 April 2019: the day before (Monday 1 April) is in BST, the week before in GMT.
    events = RoundEvents("SE 2019", fd("2 April 2019", date(2019, 4, 2)), fd("11 April 2019", date(2019, 4, 11)))
    plan = triad_plan(events)
    assert plan["orientation:day_before:C01"].due_at == utc(2019, 4, 1, 8)
    assert plan["orientation:week_before:C01"].due_at == utc(2019, 3, 26, 9)
    assert plan["summit:week_before:C01"].due_at == utc(2019, 4, 4, 8)
    # The brief four weeks before: Thursday 14 March 2019, still GMT.
    assert round_plan(events)["round:7:summit:brief:UCO1"].due_at == utc(2019, 3, 14, 9)


def test_imprecise_round_dates_are_nudged_for_confirmation():
    events = RoundEvents(
        "SE 2018",
        fd("Early January 2018", date(2018, 1, 1), date(2018, 1, 10), "part_month"),
        fd("March 2019 tbc", date(2019, 3, 1), date(2019, 3, 31), "month", provisional=True),
    )
    plan = triad_plan(events)
    # Counted back from the earliest day it could be (Monday 1 January, a bank holiday).
    assert plan["orientation:day_before:C01"].due_at == utc(2017, 12, 29, 9)
    assert plan["orientation:week_before:C01"].due_at == utc(2017, 12, 22, 9)
    assert plan["orientation:week_before:C01"].facts.exact is False
    assert "could be as soon as" in planned_text(plan["orientation:week_before:C01"].facts)
    rounds = round_plan(events, coordinators=("UCO1",))
    assert rounds["round:7:confirm_date:orientation:UCO1"].due_at == utc(2017, 12, 11, 9)  # three weeks before
    assert rounds["round:7:confirm_date:orientation:UCO1"].facts == ConfirmRoundDate(
        round="SE 2018", event="orientation", given="Early January 2018", earliest=date(2018, 1, 1)
    )
    assert rounds["round:7:confirm_date:summit:UCO1"].due_at == utc(2019, 2, 8, 9)  # 8 February, a Friday
    assert planned_text(rounds["round:7:confirm_date:summit:UCO1"].facts) == (
        "SE 2018: the summit is still “March 2019 tbc”. Until the day is set, every triad's reminders count "
        "from Friday 1 March 2019."
    )
    # An exact date needs no nudge.
    assert not any("confirm" in k for k in round_plan(EXACT))


def test_the_material_is_linked_from_the_orientation_reminders():
    plan = triad_plan(EXACT)
    for key in ("orientation:week_before:C01", "orientation:day_before:C01"):
        assert f"<{SLIDES}|" in planned_text(plan[key].facts)
    bare = triad_plan(RoundEvents("SE 2018", fd("9 January 2018", date(2018, 1, 9))))
    assert "material" not in planned_text(bare["orientation:day_before:C01"].facts)


def test_configurable_per_round():
    config = PlanConfig(
        orientation_reminder_weeks_before=2, summit_reminder_weeks_before=0, summit_brief_weeks_before=6
    )
    plan = triad_plan(EXACT, config=config)
    assert plan["orientation:week_before:C01"].due_at == utc(2017, 12, 22, 9)  # 26 Dec -> Friday 22nd
    assert "summit:week_before:C01" not in plan
    assert round_plan(EXACT, config=config)["round:7:summit:brief:UCO1"].due_at == utc(2019, 1, 31, 9)
    assert round_plan(EXACT, config=PlanConfig(summit_brief_weeks_before=0)) == {}
    assert PlanConfig.from_dict({"summit_brief_weeks_before": 3}).summit_brief_weeks_before == 3


def test_no_channel_or_no_dates_no_round_reminders():
    assert triad_plan(EXACT, channel=None) == {}
    assert triad_plan(RoundEvents("SE 2018")) == {}
    assert round_plan(RoundEvents("SE 2018")) == {}
    assert round_plan(EXACT, coordinators=()) == {}


@pytest.mark.parametrize("key", ["orientation:week_before:C01", "orientation:day_before:C01", "summit:week_before:C01"])
def test_facts_go_to_json_and_back(key):
    facts = triad_plan(EXACT)[key].facts
    assert REMINDER_FACTS.validate_python(REMINDER_FACTS.dump_python(facts, mode="json")) == facts


def test_round_facts_go_to_json_and_back():
    for r in round_plan(RoundEvents("SE 2018", fd("January 2018", date(2018, 1, 1), date(2018, 1, 31), "month"),
                                    fd("14 March 2019", date(2019, 3, 14)))).values():  # fmt: skip
        assert REMINDER_FACTS.validate_python(REMINDER_FACTS.dump_python(r.facts, mode="json")) == r.facts
