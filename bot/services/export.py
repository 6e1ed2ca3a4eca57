"""`peerbot export round "SE 2018" --format json|csv`: a round as a stable JSON or CSV document.

The queries live in `storage.rounds`; this module only shapes their answer.
JSON: one object ``{"round", "timezone", "triads": [...]}``; each triad carries the round's own
dates as ``"round": {"name", "orientation", "summit", "orientation_material"}`` (each date as given,
with its parsed range). CSV: one row per action, with its triad's columns first.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, time, timezone

from sqlalchemy.orm import Session

from bot.rules.dates import FuzzyDate
from storage.models import Round
from storage.rounds import TriadRecord, round_events, round_records

FORMATS = ("json", "csv")
CSV_COLUMNS = (
    "round",
    "triad",
    "host",
    "visitor",
    "observer",
    "challenge",
    "fieldwork",
    "action",
    "text",
    "owner",
    "due",
    "focus",
    "status",
    "done_at",
    "latest_progress",
    "progress",
)


# A cell a spreadsheet would run as a formula starts with one of these (OWASP's CSV injection advice:
# `=`, `+`, `-`, `@`, and a tab or carriage return that some spreadsheets skip before reading a formula).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: object) -> object:
    """A text cell that a spreadsheet would run as a formula, with a `'` in front so it is shown as text."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


class ExportError(Exception):
    """What the operator asked for can't be exported; the message says why and what to do."""


def export_round(session: Session, round_: Round, fmt: str) -> str:
    """The round's record as ``fmt`` (json or csv); `bot.cli.errors.one_round` finds the round."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: use --format json or --format csv")
    events = round_events(round_)
    shared = {
        "name": round_.name,
        "orientation": date_json(events.orientation),
        "summit": date_json(events.summit),
        "orientation_material": events.orientation_material,
    }
    document = {
        "round": round_.name,
        "timezone": round_.timezone,
        "triads": [{**triad_json(record), "round": shared} for record in round_records(session, round_)],
    }
    if fmt == "json":
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return to_csv(document)


def iso_utc(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _iso(value: date | time | None) -> str | None:
    if value is None:
        return None
    return value.strftime("%H:%M") if isinstance(value, time) else value.isoformat()


def date_json(row: FuzzyDate | None) -> dict | None:
    """A date as given, with its parsed range and whether it is provisional."""
    if row is None:
        return None
    return {
        "text": row.text,
        "start": _iso(row.start),
        "end": _iso(row.end),
        "precision": row.precision,
        "provisional": bool(row.provisional),
    }


def triad_json(record: TriadRecord) -> dict:
    triad = record.triad
    return {
        "number": triad.number,
        "host": triad.host.name,
        "visitor": triad.visitor.name,
        "observer": triad.observer.name,
        **({"second_observer": triad.second_observer.name} if triad.second_observer else {}),
        "channel_id": triad.channel_id,
        "dates": {kind: date_json(row) for kind, row in record.dates.items()},
        "focus": [{"number": f.number, "text": f.text, "agreed": f.status == "agreed"} for f in record.focus],
        "interviews": [
            {
                "number": i.number,
                "slot": i.slot_text,
                "day": _iso(i.day),
                "start": _iso(i.start_time),
                "end": _iso(i.end_time),
                "stakeholder": i.stakeholder,
                "role": i.role,
                "place": i.place,
                "interviewers": list(i.interviewers or []),
            }
            for i in record.interviews
        ],
        "actions": [
            {
                "number": a.number,
                "text": a.text,
                "owner": a.owner_user_id,
                "due": _iso(a.due_date),
                "due_text": a.due_text,
                "focus": a.focus_number,
                "status": a.status,
                "done_at": iso_utc(a.done_at),
                "progress": [{"text": n.text, "author": n.author, "at": iso_utc(n.created_at)} for n in a.notes],
            }
            for a in record.actions
        ],
        "steps_done": list(record.steps_done),
        "feedback_format": triad.feedback_format,
        "follow_up_status": triad.follow_up_status,
        "findings": record.findings,
        "files": [
            {"kind": f.kind, "name": f.name, "permalink": f.permalink, "attached_by": f.attached_by}
            for f in record.files
        ],
        "shared": dict(sorted(record.shared.items())),
    }


def to_csv(document: dict) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for triad in document["triads"]:
        dates = triad["dates"]
        for action in triad["actions"]:
            progress = action["progress"]
            row = {
                "round": document["round"],
                "triad": triad["number"],
                "host": triad["host"],
                "visitor": triad["visitor"],
                "observer": triad["observer"],
                "challenge": dates["challenge"]["text"] if dates["challenge"] else "",
                "fieldwork": dates["fieldwork"]["text"] if dates["fieldwork"] else "",
                "action": action["number"],
                "text": action["text"],
                "owner": action["owner"],
                "due": action["due"] or "",
                "focus": action["focus"] if action["focus"] is not None else "",
                "status": action["status"],
                "done_at": action["done_at"] or "",
                "latest_progress": progress[-1]["text"] if progress else "",
                "progress": "\n".join(f"{n['at']} {n['author']}: {n['text']}" for n in progress),
            }
            writer.writerow({column: neutralise(cell) for column, cell in row.items()})
    return out.getvalue()
