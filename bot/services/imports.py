"""Importing authorities and earlier rounds from CSV: one use case each, called alike by `peerbot import`,
a file sent to the app in a DM and the import form.

All or nothing: every row is read and checked (by `bot.rules.imports`, then against the workspace and
the people directory) before anything is written, in the caller's one transaction. Importing the same
file again changes nothing and says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from sqlalchemy.orm import Session

from bot.rules import limits
from bot.rules.dates import FuzzyDate, year_from_round_name
from bot.rules.imports import (
    ROLES,
    AuthorityRow,
    ImportProblem,
    PersonRef,
    RowProblem,
    TriadRow,
    check_round,
    read_authorities,
    refuse,
)
from bot.rules.people import Standing
from bot.rules.refusals import Refused
from bot.services import admin
from bot.services.access import Actor, require_coordinator
from bot.services.replan import replan_triad
from storage import authorities as authorities_store
from storage import coordinators, models, reminders, rounds, triads
from storage.dates import write_given_date
from storage.models import Authority, Triad, TriadDate
from storage.triads import date_row, triad_date

MAX_ROUND_NAME = limits.ROUND_NAME


class ImportRoundRefusal(StrEnum):
    NO_ROUND_NAME = "import_no_round_name"
    ROUND_NAME_TOO_LONG = "import_round_name_too_long"  # facts: limit


# --------------------------------------------------------------------------- people


@dataclass(frozen=True)
class Found:
    """What the directory knows of a person named in a file."""

    standing: Standing
    user_id: str | None = None


class PeopleDirectory(Protocol):
    """Who a Slack user ID or e-mail is (Slack's users.info / users.lookupByEmail, behind the handlers).

    Raises an exception of its own when it can't ask (Slack down): the import is then not done."""

    def find(self, ref: PersonRef) -> Found: ...


class OperatorActor(Actor):
    """The operator at the command line: may do what a coordinator may, but is nobody in Slack
    (the workspace's coordinators stay who receive their reminders)."""

    @property
    def is_coordinator(self) -> bool:
        return True


OPERATOR = "peerbot-cli"


def operator(session: Session, team_id: str, configured_coordinators: Iterable[str]) -> Actor:
    return OperatorActor(team_id, OPERATOR, coordinators.coordinator_ids(session, team_id, configured_coordinators))


def _resolve(
    rows: list[AuthorityRow], directory: PeopleDirectory, problems: list[RowProblem]
) -> dict[int, tuple[str, list[str]]]:
    """Each row's DCS and team as user IDs (by line); a person not found or not active is a row's problem."""
    cache: dict[str, Found] = {}
    resolved: dict[int, tuple[str, list[str]]] = {}
    for row in rows:
        ids: list[str | None] = []
        for column, ref in [("DCS", row.dcs), *(("team", r) for r in row.team)]:
            key = ref.user_id or ref.email or ref.given
            if key not in cache:
                cache[key] = directory.find(ref)
            found = cache[key]
            if found.standing is Standing.UNKNOWN or found.user_id is None:
                problems.append(
                    RowProblem(row.line, ImportProblem.PERSON_NOT_FOUND, {"column": column, "given": ref.given})
                )
                ids.append(None)
            elif found.standing is not Standing.ACTIVE:
                facts = {"column": column, "given": ref.given, "standing": str(found.standing)}
                problems.append(RowProblem(row.line, ImportProblem.PERSON_NOT_ACTIVE, facts))
                ids.append(None)
            else:
                ids.append(found.user_id)
        if all(ids):
            dcs, *team = [i for i in ids if i]
            resolved[row.line] = (dcs, [u for u in dict.fromkeys(team) if u != dcs])
    return resolved


# --------------------------------------------------------------------------- authorities


@dataclass(frozen=True)
class AuthoritiesImported:
    added: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: tuple[str, ...]
    invites: dict[str, list[str]] = field(default_factory=dict)  # triad channel -> people to invite
    dcs_changes: tuple[admin.DcsChanged, ...] = ()  # to tell the former DCSs and the triads

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)


def import_authorities(
    session: Session, who: Actor, content: bytes, directory: PeopleDirectory, now: datetime
) -> AuthoritiesImported:
    """Register the file's authorities with their DCS and team; one already registered takes the file's
    DCS and team (its triads re-plan for the new people); one as in the file is left alone."""
    require_coordinator(who, "import_authorities")
    rows = read_authorities(content)
    problems: list[RowProblem] = []
    people = _resolve(rows, directory, problems)
    if problems:
        raise refuse("authorities", problems)
    added, updated, unchanged = [], [], []
    invites: dict[str, list[str]] = {}
    changes: list[admin.DcsChanged] = []
    registered = {models.name_key(a.name): a for a in authorities_store.authorities(session, who.team_id)}
    for row in rows:
        dcs, team = people[row.line]
        existing = registered.get(models.name_key(row.name))
        if existing is None:
            admin.add_authority(session, who, row.name, dcs, team)
            added.append(row.name)
        elif existing.dcs_user_id == dcs and set(existing.team_user_ids) == set(team):
            unchanged.append(existing.name)
        else:
            result = admin.update_authority(session, who, existing.name, dcs, team, now, via="import")
            if result.dcs_change is not None:
                changes.append(result.dcs_change)
            for channel in result.triad_channels:
                invites.setdefault(channel, []).extend(u for u in result.people if u not in invites.get(channel, []))
            updated.append(existing.name)
    session.flush()
    return AuthoritiesImported(tuple(added), tuple(updated), tuple(unchanged), invites, tuple(changes))


# --------------------------------------------------------------------------- an earlier round


@dataclass(frozen=True)
class ImportedTriad:
    file_number: int  # the triad's number in the file
    number: int  # its number in this workspace
    host: str


@dataclass(frozen=True)
class RoundImported:
    round_name: str
    round_created: bool
    added: tuple[ImportedTriad, ...]
    updated: tuple[ImportedTriad, ...]
    unchanged: tuple[ImportedTriad, ...]
    not_in_file: tuple[int, ...]  # triads of the round the file doesn't list (left as they are)
    pending_reminders: int  # reminders of the round's triads still to be sent (those in the past are skipped)
    skipped_reminders: int

    @property
    def changed(self) -> bool:
        return bool(self.round_created or self.added or self.updated)


def check_round_name(name: str | None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise Refused(ImportRoundRefusal.NO_ROUND_NAME)
    if len(name) > MAX_ROUND_NAME:
        raise Refused(ImportRoundRefusal.ROUND_NAME_TOO_LONG, limit=MAX_ROUND_NAME)
    return name


def import_round(
    session: Session, who: Actor, round_name: str | None, content: bytes, timezone: str, now: datetime
) -> RoundImported:
    """Record an earlier round's triads and dates as history: no Slack channel is made, and the reminders
    whose time has passed are planned `skipped` (`replan_triad`), never sent."""
    require_coordinator(who, "import_round")
    name = check_round_name(round_name)
    round_ = rounds.round_by_name(session, who.team_id, name)
    year = round_.year if round_ is not None else year_from_round_name(name)
    rows, problems = check_round(content, year)
    existing = triads.triads(session, who.team_id, round_.id) if round_ is not None else []
    formed = next((t for t in existing if t.channel_id), None)
    if formed is not None:
        problems.append(RowProblem(None, ImportProblem.ROUND_FORMED_IN_SLACK, {"name": name, "number": formed.number}))
    registered = {models.name_key(a.name): a for a in authorities_store.authorities(session, who.team_id)}
    found: dict[int, dict[str, Authority]] = {}
    for row in rows:
        found[row.line] = {}
        for role, authority_name in row.names().items():
            authority = registered.get(models.name_key(authority_name))
            if authority is None:
                problems.append(
                    RowProblem(row.line, ImportProblem.UNKNOWN_AUTHORITY, {"column": role, "name": authority_name})
                )
            else:
                found[row.line][role] = authority
    if problems:
        raise refuse("round", sorted(problems, key=lambda p: p.line or 0))

    round_created = round_ is None
    if round_ is None:
        round_ = admin.create_round(session, who, name, timezone, year)
        session.flush()
    by_host = {t.host_id: t for t in existing}
    new_rows = [r for r in rows if found[r.line]["host"].id not in by_host]
    numbers = _numbers_for(session, who.team_id, [r.number for r in new_rows])
    added: list[ImportedTriad] = []
    updated: list[ImportedTriad] = []
    unchanged: list[ImportedTriad] = []
    for row in rows:
        authorities = found[row.line]
        triad: Triad | None = by_host.get(authorities["host"].id)
        if triad is None:
            triad = Triad(
                team_id=who.team_id, number=numbers[row.number], round=round_, channel_id=None,
                host=authorities["host"], visitor=authorities["visitor"], observer=authorities["observer"],
                created_by=who.user_id,
            )  # fmt: skip
            session.add(triad)
            _write_dates(triad, row, who.user_id)
            session.flush()
            added.append(ImportedTriad(row.number, triad.number, row.host))
        elif _same(triad, row, authorities):
            unchanged.append(ImportedTriad(row.number, triad.number, row.host))
            continue
        else:
            # The relationships, not only the ids: the re-plan below reads the new visitor's DCS from them.
            triad.visitor, triad.observer = authorities["visitor"], authorities["observer"]
            _write_dates(triad, row, who.user_id)
            session.flush()
            updated.append(ImportedTriad(row.number, triad.number, row.host))
        # Its round and authorities are in the session already: the plan is read without reloading the triad.
        replan_triad(session, triad, who.coordinators, now)
    listed = {found[r.line]["host"].id for r in rows}
    not_in_file = tuple(t.number for t in existing if t.host_id not in listed)
    pending, skipped = reminders.reminder_counts(session, who.team_id, round_.id)
    return RoundImported(round_.name, round_created, tuple(added), tuple(updated), tuple(unchanged), not_in_file,
                         pending, skipped)  # fmt: skip


def _numbers_for(session: Session, team_id: str, wanted: list[int]) -> dict[int, int]:
    """The file's own triad numbers when none is taken in the workspace; else the next free numbers, in order."""
    if not wanted:
        return {}
    if not triads.triad_numbers_taken(session, team_id, wanted):
        return {n: n for n in wanted}
    first = triads.next_triad_number(session, team_id)
    return {n: first + i for i, n in enumerate(sorted(wanted))}


def _same_date(current: FuzzyDate | None, given: FuzzyDate | None) -> bool:
    if current is None or given is None:
        return current is given
    return (current.text, current.start, current.end, current.provisional) == (
        given.text, given.start, given.end, given.provisional,
    )  # fmt: skip


def _same(triad: Triad, row: TriadRow, authorities: dict[str, Authority]) -> bool:
    return (
        all(getattr(triad, f"{role}_id") == authorities[role].id for role in ROLES)
        and _same_date(triad_date(triad, "challenge"), row.challenge)
        and _same_date(triad_date(triad, "fieldwork"), row.fieldwork)
    )


def _write_dates(triad: Triad, row: TriadRow, set_by: str) -> None:
    for kind, value in (("challenge", row.challenge), ("fieldwork", row.fieldwork)):
        current = date_row(triad, kind) if triad.id is not None else None
        if value is None:
            if current is not None:
                triad.dates.remove(current)
            continue
        if current is None:
            current = TriadDate(kind=kind)
            triad.dates.append(current)
        write_given_date(current, value, set_by)
