"""What `peerbot summit "SE 2018" --out DIR` writes: brief.md, brief.html, summit.json, timeline.png."""

from __future__ import annotations

import html
import json
from pathlib import Path

from bot.rules.dates import FuzzyDate
from bot.services.summit import ActionCounts, SummitBrief
from handlers.mrkdwn import escape_markdown
from handlers.summit.picture import timeline_png
from handlers.summit.words import glance_parts, sections, summary, title

FILES = ("brief.md", "brief.html", "summit.json", "timeline.png")


def brief_markdown(brief: SummitBrief) -> str:
    """The brief as Markdown: every text (typed words among them) escaped, so only the app's own
    headings, list and timeline picture are markup."""
    md = escape_markdown
    head, triads, after = glance_parts(brief)
    lines = [f"# {md(title(brief))}", "", f"**{md(head)}**", ""] + [f"- {md(t)}" for t in triads] + [""]
    lines += [md(line) + "  " for line in after] + ["", "![Timeline of the round](timeline.png)", ""]
    lines += [md(summary(brief)), ""]
    for part in sections(brief):
        lines += [f"## {md(part.title)}", ""] + [f"- {md(item)}" for item in part.items] + [""]
    return "\n".join(lines)


def brief_html(brief: SummitBrief) -> str:
    head, triads, after = glance_parts(brief)
    body = [f"<h1>{html.escape(title(brief))}</h1>", f"<p><strong>{html.escape(head)}</strong></p>"]
    body.append("<ul>" + "".join(f"<li>{html.escape(t)}</li>" for t in triads) + "</ul>")
    body.append("<p>" + "<br>".join(html.escape(line) for line in after) + "</p>")
    body.append('<p><img src="timeline.png" alt="Timeline of the round: one row per host" style="max-width:100%"></p>')
    body.append(f"<p>{html.escape(summary(brief))}</p>")
    for part in sections(brief):
        body.append(f"<h2>{html.escape(part.title)}</h2>")
        body.append("<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in part.items) + "</ul>")
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title(brief))}</title>"
        "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;line-height:1.45}</style>"
        "</head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


def _date(value: FuzzyDate | None) -> dict | None:
    if value is None:
        return None
    return {
        "text": value.text,
        "start": value.start.isoformat(),
        "end": value.end.isoformat(),
        "precision": value.precision,
        "provisional": value.provisional,
    }


def _counts(counts: ActionCounts | None) -> dict | None:
    if counts is None:
        return None
    return {
        "recorded": counts.recorded,
        "done": counts.done,
        "in_progress": counts.in_progress,
        "not_started": counts.not_started,
    }


def brief_document(brief: SummitBrief) -> dict:
    """summit.json: the brief as data; a triad's names, lines and actions only where its host shared them."""
    return {
        "round": brief.round_name,
        "timezone": brief.timezone,
        "as_at": brief.today.isoformat(),
        "orientation": _date(brief.events.orientation),
        "summit": _date(brief.events.summit),
        "triads": [
            {
                "number": t.number,
                "shared": sorted(t.shared),
                "host": t.host,
                "visitor": t.visitor,
                "observer": t.observer,
                "dates": {"challenge": _date(t.challenge), "fieldwork": _date(t.fieldwork)},
                "agreed_lines": t.agreed_count,
                "focus": [{"text": text, "themes": list(topics)} for text, topics in t.lines]
                if t.lines is not None
                else None,
                "actions": _counts(t.actions),
                "follow_up": t.follow_up,
                "follow_up_due": t.follow_up_due.isoformat() if t.follow_up_due else None,
            }
            for t in brief.triads
        ],
        "not_shared": brief.not_shared,
        "themes": [
            {"theme": c.key, "label": c.label, "this_round": c.this_round, "earlier_rounds": c.earlier_rounds}
            for c in brief.themes
        ],
        "earlier_rounds": list(brief.earlier_round_names),
        "actions": _counts(brief.actions),
        "follow_up": {
            "wanted": brief.follow_up.wanted,
            "declined": brief.follow_up.declined,
            "not_answered": brief.follow_up.not_answered,
            "not_due": brief.follow_up.not_due,
        },
        "timeline": [
            {
                "triad": row.triad_number,
                "label": row.label,
                "bars": [
                    {
                        "step": b.step,
                        "start": b.start.isoformat(),
                        "end": b.end.isoformat(),
                        "exact": b.exact,
                        "provisional": b.provisional,
                    }
                    for b in row.bars
                ],
            }
            for row in brief.timeline.rows
        ],
    }


def write_brief(brief: SummitBrief, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = {
        "brief.md": brief_markdown(brief).encode(),
        "brief.html": brief_html(brief).encode(),
        "summit.json": (json.dumps(brief_document(brief), indent=2, ensure_ascii=False) + "\n").encode(),
        "timeline.png": timeline_png(brief.timeline, title(brief)),
    }
    paths = []
    for name in FILES:
        path = out / name
        path.write_bytes(written[name])
        paths.append(path)
    return paths
