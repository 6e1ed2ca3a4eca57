"""The round's timeline: the steps placed by the triads' dates, imprecise and provisional ones as ranges."""

from __future__ import annotations

import io
from datetime import date

from PIL import Image

from bot.rules.dates import parse_fuzzy_date
from bot.rules.reminder_plan import PlanConfig, RoundEvents
from bot.rules.timeline import TriadTimes, timeline_of, triad_bars
from handlers.summit.picture import size_px, timeline_png


def given(text: str):
    return parse_fuzzy_date(text, default_year=2018)


def spans(bars) -> dict[str, tuple[str, str, bool, bool]]:
    return {b.step: (b.start.isoformat(), b.end.isoformat(), b.exact, b.provisional) for b in bars}


def test_exact_dates_place_every_step_to_the_day():
    bars = triad_bars(given("February 2018"), given("23 & 24 July 2018"))
    assert spans(bars) == {
        "self_assessment": ("2018-01-18", "2018-02-14", False, False),  # two weeks before a month: a range
        "challenge": ("2018-02-01", "2018-02-28", False, False),
        "fieldwork": ("2018-07-23", "2018-07-24", True, False),
        "report": ("2018-08-21", "2018-08-22", True, False),
        "follow_up": ("2018-11-24", "2018-11-25", True, False),
    }


def test_early_october_and_december_tbc_are_ranges_and_tbc_is_provisional():
    bars = spans(triad_bars(given("Early October"), given("December 2018 tbc")))
    assert bars["challenge"] == ("2018-10-01", "2018-10-10", False, False)
    assert bars["fieldwork"] == ("2018-12-01", "2018-12-31", False, True)
    assert bars["follow_up"][:2] == ("2019-04-30", "2019-05-30") and bars["follow_up"][3] is True


def test_a_triad_without_dates_has_no_bars_and_a_round_config_moves_the_steps():
    assert triad_bars(None, None) == []
    bars = spans(
        triad_bars(given("7 September"), given("8 & 9 November 2018"), PlanConfig(report_weeks_after_fieldwork=6))
    )
    assert bars["report"][:2] == ("2018-12-21", "2018-12-22")


def round_2018(today: date):
    triads = [
        TriadTimes(1, "Triad 1 · Oxfordshire", given("February 2018"), given("23 & 24 July 2018")),
        TriadTimes(2, "Triad 2", given("Early October"), given("December 2018 tbc")),
        TriadTimes(3, "Triad 3 · Hampshire", given("7 September"), given("8 & 9 November 2018")),
    ]
    events = RoundEvents(
        "SE 2018", orientation=given("Early January 2018"), summit=parse_fuzzy_date("14 March 2019", default_year=2019)
    )
    return timeline_of(triads, events, today)


def test_the_timeline_spans_every_step_and_the_round_events():
    timeline = round_2018(date(2018, 10, 15))
    assert [row.label for row in timeline.rows] == ["Triad 1 · Oxfordshire", "Triad 2", "Triad 3 · Hampshire"]
    assert [b.step for b in timeline.round_bars] == ["orientation", "summit"]
    assert timeline.start < date(2018, 1, 1) and timeline.end > date(2019, 5, 30)


def test_the_2018_picture_is_a_png_of_the_expected_size():
    timeline = round_2018(date(2018, 10, 15))
    png = timeline_png(timeline, "Summit brief — SE 2018")
    image = Image.open(io.BytesIO(png))
    image.load()
    assert image.format == "PNG"
    assert image.size == size_px(3) == (1200, 410)
    # A bigger round makes a taller picture, never a wider one.
    assert size_px(51) == (1200, 3770)
