"""A workspace's rounds: finding them, their dates, the rounds before one, and one round as plain data for `peerbot
export round`."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.rules.dates import FuzzyDate
from bot.rules.reminder_plan import RoundEvents
from storage import triads as triads_store
from storage.dates import fuzzy_date, of_kind
from storage.models import (
    Action,
    Findings,
    FocusLine,
    Interview,
    RecordFile,
    Round,
    RoundDate,
    SharedItem,
    Triad,
    name_key,
)
from storage.triads import steps_done, triad_date


def round_by_name(session: Session, team_id: str, name: str) -> Round | None:
    return session.scalar(select(Round).where(Round.team_id == team_id, Round.name_key == name_key(name)))


def round_by_id(session: Session, team_id: str, round_id: int) -> Round | None:
    round_ = session.get(Round, round_id)
    return round_ if round_ is not None and round_.team_id == team_id else None


def latest_round(session: Session, team_id: str) -> Round | None:
    return session.scalar(
        select(Round).where(Round.team_id == team_id).order_by(Round.created_at.desc(), Round.id.desc()).limit(1)
    )


def rounds(session: Session, team_id: str) -> list[Round]:
    return list(session.scalars(select(Round).where(Round.team_id == team_id).order_by(Round.id)))


def round_date_row(round_: Round, kind: str) -> RoundDate | None:
    return of_kind(round_.dates, kind)


def round_date(round_: Round, kind: str) -> FuzzyDate | None:
    """The round's "orientation" or "summit" as given, or None."""
    return fuzzy_date(round_date_row(round_, kind))


def round_events(round_: Round) -> RoundEvents:
    return RoundEvents(
        round_name=round_.name,
        orientation=round_date(round_, "orientation"),
        summit=round_date(round_, "summit"),
        orientation_material=round_.orientation_material,
        year=round_.year,
    )


def round_zone_names(session: Session, team_id: str, triad_ids: Collection[int]) -> dict[int, str | None]:
    """Triad id -> its round's time zone name."""
    if not triad_ids:
        return {}
    rows = session.execute(
        select(Triad.id, Round.timezone)
        .join(Round, Triad.round_id == Round.id)
        .where(Triad.team_id == team_id, Triad.id.in_(list(triad_ids)))
    ).all()
    return {triad_id: tz for triad_id, tz in rows}


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
    query = select(Round).where(Round.name_key == name_key(name))
    if team_id is not None:
        query = query.where(Round.team_id == team_id)
    return list(session.scalars(query.order_by(Round.team_id)))


def round_records(session: Session, round_: Round) -> list[TriadRecord]:
    """Every triad of the round with its dates, focus, interviews, actions (with notes) and steps done."""
    team_id = round_.team_id
    triads = triads_store.triads(session, team_id, round_.id)
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


def lock_round(session: Session, round_id: int) -> None:
    """Hold the round's row for this transaction (PostgreSQL), so two re-plans of one round run one
    after the other: round-level reminders have no triad, so the unique key can't stop a double insert."""
    session.execute(select(Round.id).where(Round.id == round_id).with_for_update())


def rounds_before(session: Session, team_id: str, round_: Round) -> list[Round]:
    """The workspace's rounds that came before this one, oldest first (by year where both have one, else by
    creation)."""
    rows = session.scalars(select(Round).where(Round.team_id == team_id)).all()

    def key(r: Round) -> tuple:
        known = r.year is not None and round_.year is not None
        return (r.year if known else 0, r.created_at, r.id)

    return [r for r in sorted(rows, key=key) if r.id != round_.id and key(r) < key(round_)]


def earlier_rounds(session: Session, round_: Round) -> list[Round]:
    """The workspace's rounds before this one (by year where both have one, else by creation)."""
    rounds = session.scalars(select(Round).where(Round.team_id == round_.team_id, Round.id != round_.id))

    def before(other: Round) -> bool:
        if other.year is not None and round_.year is not None and other.year != round_.year:
            return other.year < round_.year
        return other.id < round_.id

    return [r for r in rounds if before(r)]
