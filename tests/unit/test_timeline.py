"""The round's timeline: the steps placed by the triads' dates, imprecise and provisional ones as ranges;
the picture's layout (rows, spans, points, bands, x-range, legend) tested without looking; the PNG itself."""

from __future__ import annotations

import io
from datetime import date, timedelta

from PIL import Image

from bot.rules.dates import parse_fuzzy_date
from bot.rules.reminder_plan import PlanConfig, RoundEvents
from bot.rules.timeline import IMPRECISE, PROVISIONAL, TODAY, TriadTimes, layout, timeline_of, triad_bars
from handlers.summit.picture import days_said, size_px, timeline_png


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
        TriadTimes(1, "Oxfordshire", given("February 2018"), given("23 & 24 July 2018")),
        TriadTimes(2, "Wokingham", given("Early October"), given("December 2018 tbc")),
        TriadTimes(3, "Hampshire", given("7 September"), given("8 & 9 November 2018")),
    ]
    events = RoundEvents(
        "SE 2018", orientation=given("Early January 2018"), summit=parse_fuzzy_date("14 March 2019", default_year=2019)
    )
    return timeline_of(triads, events, today)


def test_the_timeline_spans_every_step_and_the_round_events():
    timeline = round_2018(date(2018, 10, 15))
    assert [row.label for row in timeline.rows] == ["Oxfordshire", "Wokingham", "Hampshire"]
    assert [b.step for b in timeline.round_bars] == ["orientation", "summit"]
    assert timeline.start < date(2018, 1, 1) and timeline.end > date(2019, 5, 30)


def test_the_2018_picture_is_a_png_of_the_expected_size():
    timeline = round_2018(date(2018, 10, 15))
    png = timeline_png(timeline, "Summit brief — SE 2018")
    image = Image.open(io.BytesIO(png))
    image.load()
    assert image.format == "PNG"
    assert image.size == size_px(3) == (1200, 496)
    # A bigger round makes a taller picture, never a wider one.
    assert size_px(51) == (1200, 4960)


def exact_round(today: date, summit: str | None = "14 March 2019"):
    """The demo's round: every date known to the day."""
    triads = [
        TriadTimes(1, "Oxfordshire", given("14 February 2018"), given("23 & 24 July 2018")),
        TriadTimes(2, "Wokingham", given("3 October 2018"), given("11 & 12 December 2018")),
    ]
    events = RoundEvents(
        "SE 2018", given("25 January 2018"), parse_fuzzy_date(summit, default_year=2019) if summit else None
    )
    return timeline_of(triads, events, today)


def test_the_layout_names_rows_by_host_and_draws_spans_points_and_bands():
    plan = layout(round_2018(date(2018, 10, 15)))
    assert plan.rows == ("Oxfordshire", "Wokingham", "Hampshire")
    by = {(m.kind, m.row): m for m in plan.marks}
    assert {m.shape for m in plan.marks if m.kind in ("challenge", "fieldwork")} == {"span"}
    assert {m.shape for m in plan.marks if m.kind in ("report", "follow_up")} == {"point"}
    assert [(m.kind, m.row, m.shape) for m in plan.marks if m.shape == "band"] == [
        ("orientation", None, "band"),
        ("summit", None, "band"),
    ]
    assert "self_assessment" not in {m.kind for m in plan.marks}  # in the brief's files, not the picture
    # An imprecise date is a range over its possible days; a provisional one is crossed.
    challenge = by[("challenge", 0)]
    assert (challenge.start, challenge.end, challenge.look) == (date(2018, 2, 1), date(2018, 2, 28), IMPRECISE)
    assert (by[("fieldwork", 1)].start, by[("fieldwork", 1)].end) == (date(2018, 12, 1), date(2018, 12, 31))
    assert by[("fieldwork", 1)].look == PROVISIONAL and by[("follow_up", 1)].look == PROVISIONAL
    # A point known to the day is that day; the fieldwork's two days are one span.
    assert (by[("report", 0)].start, by[("report", 0)].end, by[("report", 0)].look) == (
        date(2018, 8, 21), date(2018, 8, 21), None,
    )  # fmt: skip
    assert (by[("fieldwork", 2)].start, by[("fieldwork", 2)].end) == (date(2018, 11, 8), date(2018, 11, 9))


def test_the_legend_lists_only_what_is_drawn():
    assert layout(round_2018(date(2018, 10, 15))).legend == (
        "challenge", "fieldwork", "report", "follow_up", "orientation", "summit", IMPRECISE, PROVISIONAL, TODAY,
    )  # fmt: skip
    exact = layout(exact_round(date(2019, 2, 14)))
    assert IMPRECISE not in exact.legend and PROVISIONAL not in exact.legend
    assert "summit" not in layout(exact_round(date(2019, 2, 14), summit=None)).legend
    nothing = timeline_of([TriadTimes(1, "Oxfordshire", None, None)], RoundEvents("SE 2018"), date(2018, 1, 5))
    assert layout(nothing).legend == (TODAY,) and layout(nothing).marks == ()


def test_the_x_axis_is_only_as_wide_as_what_is_drawn():
    plan = layout(exact_round(date(2019, 2, 14)))
    first = min(m.start for m in plan.marks)
    last = max(m.end for m in plan.marks)
    assert (first, last) == (date(2018, 1, 25), date(2019, 4, 12))  # the orientation; the last follow-up
    width = (last - first).days
    assert first - timedelta(days=round(width * 0.02) + 1) < plan.start < first  # a small margin, no more
    assert last < plan.end < last + timedelta(days=round(width * 0.02) + 1)
    # Today is drawn, so it is inside; a today past everything widens the axis to it and no further.
    late = layout(exact_round(date(2019, 6, 1)))
    assert date(2019, 6, 1) < late.end <= date(2019, 6, 1) + timedelta(days=10)


def test_labels_say_a_spans_days_shortly():
    assert days_said(date(2018, 2, 14), date(2018, 2, 14)) == "14 Feb"
    assert days_said(date(2018, 7, 23), date(2018, 7, 24)) == "23–24 Jul"
    assert days_said(date(2018, 2, 1), date(2018, 2, 28)) == "Feb"
    assert days_said(date(2018, 11, 30), date(2018, 12, 2)) == "30 Nov–2 Dec"


def test_the_picture_is_the_same_for_the_same_data_and_changes_with_it():
    first = timeline_png(round_2018(date(2018, 10, 15)), "Summit brief — SE 2018")
    assert timeline_png(round_2018(date(2018, 10, 15)), "Summit brief — SE 2018") == first
    assert timeline_png(round_2018(date(2018, 10, 16)), "Summit brief — SE 2018") != first  # today moved
    image = Image.open(io.BytesIO(timeline_png(exact_round(date(2019, 2, 14)), "Summit brief — SE 2018")))
    assert image.size == size_px(2) and image.width == 1200  # read at Slack's ~800 px preview
