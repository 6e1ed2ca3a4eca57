"""The timeline picture: one row per triad, its steps as bars on a shared calendar, imprecise and
provisional dates as hatched ranges, the round's orientation and summit across every row, today marked.
Drawn headless (matplotlib's Agg backend) at a size fixed by the number of rows."""

from __future__ import annotations

import io
from datetime import timedelta

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from bot.rules.timeline import Bar, Timeline  # noqa: E402

DPI = 100
WIDTH_INCHES = 12.0
ROW_INCHES = 0.7
FRAME_INCHES = 2.0  # title, axis and legend
STEP_NAMES = {
    "self_assessment": "Self-assessment due",
    "challenge": "Challenge session",
    "fieldwork": "Fieldwork",
    "report": "Report due",
    "follow_up": "Four-month follow-up",
    "orientation": "Orientation",
    "summit": "Summit",
}
STEP_COLOURS = {
    "self_assessment": "#9ecae1",
    "challenge": "#3182bd",
    "fieldwork": "#e6550d",
    "report": "#756bb1",
    "follow_up": "#31a354",
    "orientation": "#636363",
    "summit": "#d62728",
}


def size_px(rows: int) -> tuple[int, int]:
    """The picture's width and height in pixels for a timeline of ``rows`` triads."""
    return round(WIDTH_INCHES * DPI), round((FRAME_INCHES + ROW_INCHES * max(rows, 1)) * DPI)


def _span(bar: Bar) -> tuple[float, float]:
    start = mdates.date2num(bar.start)
    return start, mdates.date2num(bar.end + timedelta(days=1)) - start


def timeline_png(timeline: Timeline, title: str) -> bytes:
    width, height = size_px(len(timeline.rows))
    figure = Figure(figsize=(width / DPI, height / DPI), dpi=DPI)
    inches = height / DPI
    bottom, top = 1.15, 0.45  # room for the month labels and legend below, the title above
    axes = figure.add_axes((0.17, bottom / inches, 0.8, (inches - bottom - top) / inches))
    rows = list(timeline.rows) or []
    for index, row in enumerate(rows):
        y = len(rows) - 1 - index
        for bar in row.bars:
            left, length = _span(bar)
            colour = STEP_COLOURS[bar.step]
            if bar.exact:
                axes.broken_barh([(left, length)], (y - 0.3, 0.6), facecolors=colour, edgecolor=colour)
            else:
                axes.broken_barh(
                    [(left, length)],
                    (y - 0.3, 0.6),
                    facecolors="none",
                    edgecolor=colour,
                    hatch="///" if not bar.provisional else "xx",
                    linewidth=1.2,
                )
    for bar in timeline.round_bars:
        left, length = _span(bar)
        colour = STEP_COLOURS[bar.step]
        axes.axvspan(
            left, left + length, color=colour, alpha=0.25 if bar.exact else 0.12, hatch=None if bar.exact else ".."
        )
        axes.text(left, len(rows) - 0.45, STEP_NAMES[bar.step], color=colour, fontsize=8, va="bottom")
    today = mdates.date2num(timeline.today)
    if timeline.start <= timeline.today <= timeline.end:
        axes.axvline(today, color="black", linestyle="--", linewidth=1)
        axes.text(today, -0.75, " today", fontsize=8, va="bottom")
    axes.set_yticks(range(len(rows)), [row.label for row in reversed(rows)], fontsize=9)
    axes.set_ylim(-0.8, max(len(rows), 1) - 0.2)
    axes.set_xlim(mdates.date2num(timeline.start), mdates.date2num(timeline.end + timedelta(days=1)))
    axes.xaxis.set_major_locator(mdates.MonthLocator())
    axes.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    axes.tick_params(axis="x", labelsize=8, labelrotation=30)
    axes.grid(axis="x", alpha=0.3)
    axes.set_title(title, fontsize=12, loc="left")
    legend = [
        Patch(facecolor=STEP_COLOURS[s], label=STEP_NAMES[s]) for s in STEP_NAMES if s not in ("orientation", "summit")
    ]
    legend.append(Patch(facecolor="none", edgecolor="#555555", hatch="///", label="date not yet exact"))
    legend.append(Patch(facecolor="none", edgecolor="#555555", hatch="xx", label="provisional"))
    figure.legend(handles=legend, loc="lower center", ncol=len(legend), fontsize=7, frameon=False)
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI)
    return out.getvalue()
