"""The timeline picture, drawn from `bot.rules.timeline.layout`: a row per host authority, challenge session
and fieldwork as labelled spans, report and follow-up as marked points, orientation and summit as bands
across every row, today as a dashed line; an imprecise date is a hatched range over its possible days
(crossed when provisional). The x-axis is only as wide as what is drawn; the legend lists only what is drawn.
Drawn headless (matplotlib's Agg backend), 1200 px wide, to read at Slack's preview size (~800 px)."""

from __future__ import annotations

import calendar
import io
from datetime import date, timedelta

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from bot.rules.timeline import IMPRECISE, PROVISIONAL, TODAY, Layout, Mark, Timeline, layout  # noqa: E402

DPI = 150
WIDTH_INCHES = 8.0
ROW_INCHES = 0.62
TOP_INCHES = 0.45  # the title
BOTTOM_INCHES = 1.0  # the month labels and a legend of up to two lines
NAMES = {
    "challenge": "Challenge session",
    "fieldwork": "Fieldwork",
    "report": "Report due",
    "follow_up": "Four-month follow-up",
    "orientation": "Orientation",
    "summit": "Summit",
    IMPRECISE: "Date not exact",
    PROVISIONAL: "Provisional",
    TODAY: "Today",
}
SHORT = {"challenge": "Challenge", "fieldwork": "Fieldwork", "orientation": "Orientation", "summit": "Summit"}
COLOURS = {
    "challenge": "#2b6cb0",
    "fieldwork": "#dd6b20",
    "report": "#6b46c1",
    "follow_up": "#2f855a",
    "orientation": "#718096",
    "summit": "#c53030",
}
HATCH = {IMPRECISE: "////", PROVISIONAL: "xxxx"}
MARKERS = {"report": "D", "follow_up": "o"}
LABEL_BOX = {"facecolor": "white", "edgecolor": "none", "pad": 0.6, "alpha": 0.85}  # the today line passes behind


def size_px(rows: int) -> tuple[int, int]:
    """The picture's width and height in pixels for a timeline of ``rows`` triads."""
    return round(WIDTH_INCHES * DPI), round((TOP_INCHES + BOTTOM_INCHES + ROW_INCHES * max(rows, 1)) * DPI)


def days_said(start: date, end: date) -> str:
    """A span's days in a label: "14 Feb", "23–24 Jul", "Feb" (the whole month), "30 Nov–2 Dec"."""
    if start == end:
        return f"{start.day} {start:%b}"
    if start.month == end.month and start.year == end.year:
        if start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]:
            return f"{start:%b}"
        return f"{start.day}–{end.day} {start:%b}"
    return f"{start.day} {start:%b}–{end.day} {end:%b}"


def _x(day: date) -> float:
    return float(mdates.date2num(day))


def _extent(mark: Mark, least: float) -> tuple[float, float]:
    """Where a mark starts and how wide it is, at least ``least`` days so that a day's event shows."""
    left, width = _x(mark.start), _x(mark.end + timedelta(days=1)) - _x(mark.start)
    if width < least:
        left, width = left + width / 2 - least / 2, least
    return left, width


def _align(x: float, lo: float, hi: float) -> str:
    share = (x - lo) / (hi - lo)
    return "left" if share < 0.12 else "right" if share > 0.88 else "center"


def _draw_marks(axes, plan: Layout, lo: float, hi: float) -> None:
    least = (hi - lo) / 110  # about 7 px of the axis at its full 1200 px
    for mark in plan.marks:
        colour = COLOURS[mark.kind]
        left, width = _extent(mark, least)
        middle = left + width / 2
        if mark.shape == "band":
            axes.axvspan(
                left,
                left + width,
                color=colour,
                alpha=0.3 if mark.exact else 0.15,
                hatch=HATCH.get(mark.look or ""),
                linewidth=0,
            )
            label = f"{SHORT[mark.kind]} {days_said(mark.start, mark.end)}"
            axes.text(
                middle,
                -0.62,
                label,
                bbox=LABEL_BOX,
                color=colour,
                fontsize=8.5,
                ha=_align(middle, lo, hi),
                va="bottom",
                fontweight="bold",
            )
            continue
        y = mark.row or 0  # a span or point always has its row
        if mark.shape == "span":
            if mark.exact:
                axes.broken_barh([(left, width)], (y - 0.18, 0.36), facecolors=colour, edgecolor=colour)
            else:
                axes.broken_barh(
                    [(left, width)],
                    (y - 0.18, 0.36),
                    facecolors=colour + "33",
                    edgecolor=colour,
                    hatch=HATCH[mark.look or IMPRECISE],
                    linewidth=1,
                )
            label = f"{SHORT[mark.kind]} {days_said(mark.start, mark.end)}"
            above = mark.kind == "challenge"  # the challenge session's label above, the fieldwork's below
            axes.text(
                middle,
                y - 0.22 if above else y + 0.22,
                label,
                bbox=LABEL_BOX,
                color=colour,
                fontsize=8.5,
                ha=_align(middle, lo, hi),
                va="bottom" if above else "top",
            )
            continue
        if not mark.exact:  # a point known only as a range: the range hatched, the marker hollow in its middle
            axes.broken_barh(
                [(left, width)],
                (y - 0.1, 0.2),
                facecolors="none",
                edgecolor=colour,
                hatch=HATCH[mark.look or IMPRECISE],
                linewidth=0.8,
            )
        axes.plot(
            [middle],
            [y],
            marker=MARKERS[mark.kind],
            markersize=7.5,
            color=colour,
            markerfacecolor=colour if mark.exact else "white",
            linestyle="none",
        )


def _legend(plan: Layout) -> list:
    handles: list = []
    for key in plan.legend:
        if key in MARKERS:
            handles.append(
                Line2D(
                    [], [], marker=MARKERS[key], color=COLOURS[key], linestyle="none", markersize=7, label=NAMES[key]
                )
            )
        elif key == TODAY:
            handles.append(Line2D([], [], color="black", linestyle="--", linewidth=1, label=NAMES[key]))
        elif key in HATCH:
            handles.append(Patch(facecolor="white", edgecolor="#4a5568", hatch=HATCH[key], label=NAMES[key]))
        else:
            handles.append(
                Patch(facecolor=COLOURS[key], alpha=0.3 if key in ("orientation", "summit") else 1, label=NAMES[key])
            )
    return handles


def _month(x: float, pos: int | None) -> str:
    """A month tick: "Mar", with its year under the first tick and under every January."""
    day = mdates.num2date(x)
    return f"{day:%b}\n{day.year}" if pos == 0 or day.month == 1 else f"{day:%b}"


def timeline_png(timeline: Timeline, title: str) -> bytes:
    """The picture as PNG bytes: the same bytes for the same timeline."""
    plan = layout(timeline)
    width, height = size_px(len(plan.rows))
    inches = height / DPI
    figure = Figure(figsize=(width / DPI, inches), dpi=DPI)
    longest = max((len(r) for r in plan.rows), default=8)
    left = min(2.2, 0.3 + 0.076 * longest) / WIDTH_INCHES
    axes = figure.add_axes((left, BOTTOM_INCHES / inches, 0.975 - left, 1 - (BOTTOM_INCHES + TOP_INCHES) / inches))
    lo, hi = _x(plan.start), _x(plan.end + timedelta(days=1))
    _draw_marks(axes, plan, lo, hi)
    for row in set(range(len(plan.rows))) - {m.row for m in plan.marks}:
        axes.text(lo + (hi - lo) * 0.02, row, "no dates yet", color="#718096", fontsize=8.5, va="center")
    axes.axvline(_x(plan.today) + 0.5, color="black", linestyle="--", linewidth=1)  # named in the legend
    axes.set_yticks(range(len(plan.rows)), list(plan.rows), fontsize=10)
    axes.set_ylim(max(len(plan.rows), 1) - 0.35, -0.8)  # the first row at the top, the bands' labels above it
    axes.set_xlim(lo, hi)
    months = (plan.end.year - plan.start.year) * 12 + plan.end.month - plan.start.month
    axes.xaxis.set_major_locator(mdates.MonthLocator(interval=1 if months <= 18 else 2 if months <= 36 else 6))
    axes.xaxis.set_major_formatter(FuncFormatter(_month))
    axes.tick_params(axis="x", labelsize=9)
    axes.tick_params(axis="y", length=0)
    axes.grid(axis="x", alpha=0.25)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.text(left, 1 - 0.12 / inches, title, fontsize=12, ha="left", va="top")
    handles = _legend(plan)
    figure.legend(
        handles=handles,
        loc="lower center",
        ncol=min(len(handles), 5),
        fontsize=8.5,
        frameon=False,
        bbox_to_anchor=(0.5, 0.0),
    )
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()
