"""What `peerbot export round` reads: one round of one workspace, as plain data (no Slack here)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.rules.dates import FuzzyDate
from storage import queries
from storage.mapping import steps_done, triad_date
from storage.models import Action, Findings, FocusLine, Interview, RecordFile, Round, SharedItem, Triad

STEP_ORDER = ("self_assessment", "data_profile", "report")


@dataclass
class TriadRecord:
    triad: Triad
    dates: dict[str, FuzzyDate | None]
    focus: list[FocusLine]
    interviews: list[Interview]
    actions: list[Action]
    steps_done: list[str]
    findings: str | None = None  # the visiting DCS's summary, whatever the host shared
    files: list[RecordFile] = field(default_factory=list)
    shared: dict[str, str] = field(default_factory=dict)  # kind -> audience, of what the host shared


def rounds_named(session: Session, name: str, team_id: str | None = None) -> list[Round]:
    """Rounds with this name (case and spacing ignored), in one workspace or in every one."""
    query = select(Round).where(Round.name_key == queries.name_key(name))
    if team_id is not None:
        query = query.where(Round.team_id == team_id)
    return list(session.scalars(query.order_by(Round.team_id)))


def round_records(session: Session, round_: Round) -> list[TriadRecord]:
    """Every triad of the round with its dates, focus, interviews, actions (with notes) and steps done."""
    team_id = round_.team_id
    triads = queries.triads(session, team_id, round_.id)
    ids = [t.id for t in triads]
    focus = _by_triad(
        session.scalars(
            select(FocusLine)
            .where(FocusLine.triad_id.in_(ids), FocusLine.status != "withdrawn")
            .order_by(FocusLine.triad_id, FocusLine.number)
        )
    )
    interviews = _by_triad(
        session.scalars(
            select(Interview)
            .where(Interview.team_id == team_id, Interview.triad_id.in_(ids))
            .order_by(Interview.triad_id, Interview.day, Interview.start_time, Interview.number)
        )
    )
    actions = _by_triad(
        session.scalars(
            select(Action)
            .where(Action.team_id == team_id, Action.triad_id.in_(ids))
            .order_by(Action.triad_id, Action.number)
            .options(selectinload(Action.notes))
        )
    )
    findings = {
        f.triad_id: f.summary
        for f in session.scalars(select(Findings).where(Findings.team_id == team_id, Findings.triad_id.in_(ids)))
    }
    files = _by_triad(
        session.scalars(
            select(RecordFile)
            .where(RecordFile.team_id == team_id, RecordFile.triad_id.in_(ids))
            .order_by(RecordFile.triad_id, RecordFile.kind.desc(), RecordFile.id)
        )
    )
    shared: dict[int, dict[str, str]] = {}
    for item in session.scalars(select(SharedItem).where(SharedItem.team_id == team_id, SharedItem.triad_id.in_(ids))):
        shared.setdefault(item.triad_id, {})[item.kind] = item.audience
    records = []
    for triad in triads:
        done = steps_done(triad)
        records.append(
            TriadRecord(
                triad=triad,
                dates={kind: triad_date(triad, kind) for kind in ("challenge", "fieldwork")},
                focus=focus.get(triad.id, []),
                interviews=interviews.get(triad.id, []),
                actions=actions.get(triad.id, []),
                steps_done=[s for s in STEP_ORDER if s in done] + sorted(done - set(STEP_ORDER)),
                findings=findings.get(triad.id),
                files=files.get(triad.id, []),
                shared=shared.get(triad.id, {}),
            )
        )
    return records


def _by_triad(rows) -> dict[int, list]:
    out: dict[int, list] = {}
    for row in rows:
        out.setdefault(row.triad_id, []).append(row)
    return out
