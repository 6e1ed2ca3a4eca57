"""The documents the fieldwork team works in, built from the triad's record (bot.rules.record):

* the day-2 presentation (.pptx): a title slide; a slide per agreed line of enquiry with places for
  hypotheses, insights and evidence; a slide for the workshop's ideas and the actions to agree;
* the report skeleton (.docx): headline findings under each agreed line (one section each, with the
  visiting DCS's findings summary where there is one), the interviews held (stakeholders and roles,
  no notes), the actions agreed with owners and due dates;
* the follow-up review (.docx): each action with its progress as at the four-month follow-up.

Pure functions: facts and the people's names in, bytes out. A person's words go in as text runs, so
they are plain text in the document, never markup; characters XML cannot hold are dropped.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docx import Document
from docx.shared import Pt
from pptx import Presentation
from pptx.util import Pt as PptPt

from bot.rules.fieldwork import format_day, format_time
from bot.rules.record import ActionFact, RecordFacts

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from pptx.presentation import Presentation as Deck

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str | None) -> str:
    return _NOT_XML.sub("", text or "")


@dataclass(frozen=True)
class Built:
    kind: str  # presentation | report | follow_up
    filename: str
    title: str
    content: bytes


def wants_presentation(feedback_format: str | None) -> bool:
    """The day-2 presentation is posted with the fieldwork reminder only when the agreed format has one."""
    return "presentation" in (feedback_format or "").lower()


def file_name(facts: RecordFacts, what: str, extension: str) -> str:
    """`Oxfordshire 2018 — day 2 presentation.pptx`: the host and the round's year (or its name)."""
    year = re.search(r"\b(19|20)\d\d\b", facts.round_name)
    when = year.group(0) if year else facts.round_name
    name = clean(f"{facts.people.host.name} {when} — {what}.{extension}")
    return re.sub(r"[\\/:*?\"<>|]", "-", name)


def _who(user_id: str, names: Mapping[str, str]) -> str:
    return clean(names.get(user_id) or user_id)


def _action_line(action: ActionFact, names: Mapping[str, str]) -> str:
    due = f", due {clean(action.due)}" if action.due else ", no due date"
    line = f" (line {action.focus})" if action.focus is not None else ""
    return f"{action.number}. {clean(action.text)} — {_who(action.owner, names)}{due}{line}"


def _save(document: WordDocument | Deck) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- the day-2 presentation


def presentation(facts: RecordFacts, names: Mapping[str, str] | None = None) -> Built:
    names = names or {}
    deck = Presentation()
    title_layout, content_layout = deck.slide_layouts[0], deck.slide_layouts[1]
    people = facts.people

    slide = deck.slides.add_slide(title_layout)
    slide.shapes.title.text = clean(f"{people.host.name} peer challenge")
    fieldwork = f"fieldwork {clean(facts.fieldwork.describe())}" if facts.fieldwork else "fieldwork"
    slide.placeholders[1].text = clean(
        f"Feedback to the host — {fieldwork}\n"
        f"Visiting team led by {people.visitor.name}, observed by {people.observer.name} "
        f"(triad {facts.triad_number}, {facts.round_name})"
    )

    lines = facts.agreed or ()
    for line in lines:
        slide = deck.slides.add_slide(content_layout)
        slide.shapes.title.text = f"Line of enquiry {line.number}"
        body = slide.placeholders[1].text_frame
        body.text = clean(line.text)
        body.paragraphs[0].runs[0].font.bold = True
        body.paragraphs[0].runs[0].font.size = PptPt(20)
        for heading in ("Hypotheses", "Insights", "Evidence"):
            paragraph = body.add_paragraph()
            paragraph.text = f"{heading}:"
            paragraph.runs[0].font.size = PptPt(18)
            placeholder = body.add_paragraph()
            placeholder.text = "…"
            placeholder.level = 1
    if not lines:
        slide = deck.slides.add_slide(content_layout)
        slide.shapes.title.text = "Lines of enquiry"
        slide.placeholders[1].text_frame.text = "No line of enquiry agreed yet (/peer focus agree N)."

    slide = deck.slides.add_slide(content_layout)
    slide.shapes.title.text = "Workshop: ideas and actions to agree"
    body = slide.placeholders[1].text_frame
    body.text = "Ideas from the workshop:"
    body.add_paragraph().text = "…"
    body.add_paragraph().text = "Actions to agree (owner, due date, line of enquiry):"
    for action in facts.actions:
        paragraph = body.add_paragraph()
        paragraph.text = _action_line(action, names)
        paragraph.level = 1
    if not facts.actions:
        paragraph = body.add_paragraph()
        paragraph.text = "…"
        paragraph.level = 1
    return Built("presentation", file_name(facts, "day 2 presentation", "pptx"), "Day 2 presentation", _save(deck))


# --------------------------------------------------------------------------- the report skeleton


def _heading(document: WordDocument, text: str, level: int) -> None:
    document.add_heading(clean(text), level=level)


def report(facts: RecordFacts, names: Mapping[str, str] | None = None) -> Built:
    names = names or {}
    people = facts.people
    document = Document()
    document.styles["Normal"].font.size = Pt(11)
    _heading(document, f"{people.host.name} peer challenge — report", 0)
    document.add_paragraph(
        clean(
            f"Triad {facts.triad_number}, {facts.round_name}. Host {people.host.name}; visiting DCS "
            f"{_who(people.visitor.dcs, names)} ({people.visitor.name}); observer {people.observer.name}. "
            f"Fieldwork {facts.fieldwork.describe() if facts.fieldwork else 'not set yet'}."
        )
    )
    _heading(document, "Headline findings", 1)
    document.add_paragraph(
        "One section for each agreed line of enquiry: keep the findings concise and tied to the line."
    )
    if facts.findings:
        document.add_paragraph("The visiting team's summary of the findings:")
        document.add_paragraph(clean(facts.findings), style="Intense Quote")
    for line in facts.agreed:
        _heading(document, f"Line of enquiry {line.number}", 2)
        document.add_paragraph(clean(line.text), style="Quote")
        for part in ("Headline finding", "Strengths", "Areas to consider"):
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{part}: ").bold = True
            paragraph.add_run("…")
    if not facts.agreed:
        document.add_paragraph("No line of enquiry was agreed.")

    _heading(document, "Interviews held", 1)
    if facts.interviews:
        table = document.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ("When", "Stakeholder", "Role"), strict=True):
            cell.text = text
        for interview in sorted(facts.interviews, key=lambda i: (i.day, i.start)):
            row = table.add_row().cells
            row[0].text = f"{format_day(interview.day)} {format_time(interview.start)}–{format_time(interview.end)}"
            row[1].text = clean(interview.stakeholder)
            row[2].text = clean(interview.role or "")
    else:
        document.add_paragraph("No interviews were recorded.")

    _heading(document, "Actions agreed", 1)
    for action in facts.actions:
        document.add_paragraph(_action_line(action, names), style="List Bullet")
    if not facts.actions:
        document.add_paragraph("No actions were recorded.")
    return Built("report", file_name(facts, "report skeleton", "docx"), "Report skeleton", _save(document))


# --------------------------------------------------------------------------- the follow-up review


def follow_up_review(facts: RecordFacts, names: Mapping[str, str] | None = None) -> Built:
    names = names or {}
    document = Document()
    _heading(document, f"{facts.people.host.name} peer challenge — four-month follow-up", 0)
    when = facts.follow_up_day.strftime("%-d %B %Y") if facts.follow_up_day else "four months after fieldwork"
    document.add_paragraph(
        clean(
            f"Triad {facts.triad_number}, {facts.round_name}: progress on the actions as at {when}. "
            "A supportive review, never a tool to hold the host to account."
        )
    )
    done = sum(1 for a in facts.actions if a.done)
    document.add_paragraph(f"{done} of {len(facts.actions)} actions done.")
    for action in facts.actions:
        _heading(document, f"Action {action.number} — {'done' if action.done else 'open'}", 2)
        document.add_paragraph(_action_line(action, names))
        if action.progress:
            for note in action.progress:
                document.add_paragraph(clean(note), style="List Bullet")
        else:
            document.add_paragraph("No progress recorded yet.")
        paragraph = document.add_paragraph()
        paragraph.add_run("Discussion at the follow-up: ").bold = True
        paragraph.add_run("…")
    if not facts.actions:
        document.add_paragraph("No actions were recorded.")
    return Built("follow_up", file_name(facts, "follow-up review", "docx"), "Follow-up review", _save(document))


BUILDERS = {"presentation": presentation, "report": report, "follow_up": follow_up_review}
