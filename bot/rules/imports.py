"""Reading an import file (authorities, or an earlier round's triads): columns, rows and what is wrong
with each, by line. Plain Python: the file's bytes in, checked rows or every problem out.

A file is all or nothing: `read_authorities` / `read_round` raise one `Refused(ImportRefusal.NOT_IMPORTED,
problems=...)` listing every bad row, so the person can fix them all at once.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from bot.rules import limits
from bot.rules.dates import DateError, FuzzyDate, parse_fuzzy_date
from bot.rules.refusals import Refused
from bot.rules.triads import check_fieldwork_after_challenge

MAX_BYTES = 1_000_000
MAX_ROWS = 1000
MAX_NAME = limits.AUTHORITY_NAME  # the column an authority's name is kept in
MAX_PERSON = limits.PERSON
MAX_PROBLEMS = 20  # more than this and the file is the wrong file: the first ones say enough
MAX_TRIAD_NUMBER = 999_999


class ImportRefusal(StrEnum):
    NOT_IMPORTED = "import_not_imported"  # facts: kind ("authorities" | "round"), problems (tuple[RowProblem])


class ImportProblem(StrEnum):
    """What is wrong with a file or one of its rows (``RowProblem.facts`` holds the details)."""

    NOT_UTF8 = "import_not_utf8"  # the file isn't UTF-8 text (line: where the first bad byte is)
    TOO_BIG = "import_too_big"  # facts: limit
    EMPTY = "import_empty"  # no header line at all
    NO_ROWS = "import_no_rows"  # a header and nothing under it
    TOO_MANY_ROWS = "import_too_many_rows"  # facts: limit
    NOT_CSV = "import_not_csv"  # facts: reason
    MISSING_COLUMNS = "import_missing_columns"  # facts: missing (tuple), found (tuple)
    DUPLICATE_COLUMN = "import_duplicate_column"  # facts: column
    EXTRA_CELLS = "import_extra_cells"  # facts: cells, columns
    EMPTY_CELL = "import_empty_cell"  # facts: column
    NAME_TOO_LONG = "import_name_too_long"  # facts: column, length, limit
    DUPLICATE_NAME = "import_duplicate_name"  # facts: name, first_line
    BAD_PERSON = "import_bad_person"  # facts: column, given
    PERSON_TOO_LONG = "import_person_too_long"  # facts: column, length, limit
    ONE_DCS = "import_one_dcs"  # facts: count
    BAD_TRIAD_NUMBER = "import_bad_triad_number"  # facts: given
    DUPLICATE_TRIAD = "import_duplicate_triad"  # facts: number, first_line
    SAME_AUTHORITY_TWICE = "import_same_authority_twice"  # facts: name
    DUPLICATE_HOST = "import_duplicate_host"  # facts: name, first_line
    BAD_DATE = "import_bad_date"  # facts: column, reason (the DateError)
    FIELDWORK_BEFORE_CHALLENGE = "import_fieldwork_before_challenge"  # facts: fieldwork, challenge
    # Found by the use case, against the workspace:
    UNKNOWN_AUTHORITY = "import_unknown_authority"  # facts: column, name
    PERSON_NOT_FOUND = "import_person_not_found"  # facts: column, given
    PERSON_NOT_ACTIVE = "import_person_not_active"  # facts: column, given, standing
    ROUND_FORMED_IN_SLACK = "import_round_formed_in_slack"  # facts: name, number


@dataclass(frozen=True)
class RowProblem:
    line: int | None  # the file's line (the header is line 1); None for the whole file
    code: ImportProblem
    facts: dict[str, Any] = field(default_factory=dict)


def refuse(kind: str, problems: list[RowProblem]) -> Refused:
    return Refused(ImportRefusal.NOT_IMPORTED, kind=kind, problems=tuple(problems[:MAX_PROBLEMS]),
                   more=max(0, len(problems) - MAX_PROBLEMS))  # fmt: skip


# --------------------------------------------------------------------------- the table


@dataclass(frozen=True)
class Row:
    line: int
    cells: dict[str, str]  # canonical column -> the cell, spaces trimmed ("" if absent)


# canonical column -> the headings accepted for it (compared casefolded, spaces, "_" and "-" alike)
AUTHORITY_COLUMNS = {"name": ("name", "authority"), "dcs": ("dcs",), "team": ("team",)}
AUTHORITY_REQUIRED = ("name", "dcs")
ROUND_COLUMNS = {
    "triad": ("triad",),
    "host": ("host",),
    "visitor": ("visitor",),
    "observer": ("observer",),
    "challenge": ("challenge session", "challenge"),
    "fieldwork": ("fieldwork", "fieldwork visit"),
}
ROUND_REQUIRED = ("triad", "host", "visitor", "observer")
# The heading each column is named by in what people are told.
HEADINGS = {"name": "name", "dcs": "DCS", "team": "team", "triad": "triad", "host": "host", "visitor": "visitor",
            "observer": "observer", "challenge": "challenge session", "fieldwork": "fieldwork"}  # fmt: skip


def _heading_key(text: str) -> str:
    return " ".join(re.sub(r"[_\-]+", " ", text).split()).casefold()


def _positions(
    kind: str, header: list[str], line: int, columns: dict[str, tuple[str, ...]], required: tuple[str, ...]
) -> dict[str, int]:
    """Canonical column -> its place in the header; a column twice or a required one missing refuses the file."""
    by_key = {key: canonical for canonical, keys in columns.items() for key in keys}
    positions: dict[str, int] = {}
    for index, heading in enumerate(header):
        canonical = by_key.get(_heading_key(heading))
        if canonical is None:
            continue  # a column of notes: not ours, left alone
        if canonical in positions:
            column = {"column": HEADINGS[canonical]}
            raise refuse(kind, [RowProblem(line, ImportProblem.DUPLICATE_COLUMN, column)])
        positions[canonical] = index
    missing = tuple(HEADINGS[c] for c in required if c not in positions)
    if missing:
        found = tuple(h.strip() for h in header if h.strip())
        raise refuse(kind, [RowProblem(line, ImportProblem.MISSING_COLUMNS, {"missing": missing, "found": found})])
    return positions


def read_table(content: bytes, kind: str, columns: dict[str, tuple[str, ...]], required: tuple[str, ...]) -> list[Row]:
    """The rows of a CSV file under known headings; every problem of the file itself refuses it."""
    if len(content) > MAX_BYTES:
        raise refuse(kind, [RowProblem(None, ImportProblem.TOO_BIG, {"limit": MAX_BYTES})])
    try:
        text = content.decode("utf-8-sig")  # a BOM (Excel's "CSV UTF-8") is accepted
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise refuse(kind, [RowProblem(line, ImportProblem.NOT_UTF8)]) from None
    if "\x00" in text:
        raise refuse(kind, [RowProblem(None, ImportProblem.NOT_CSV, {"reason": "it holds NUL bytes"})])
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next((r for r in reader if any(c.strip() for c in r)), None)
        if header is None:
            raise refuse(kind, [RowProblem(None, ImportProblem.EMPTY)])
        positions = _positions(kind, header, reader.line_num, columns, required)
        rows: list[Row] = []
        problems: list[RowProblem] = []
        for record in reader:
            if not any(c.strip() for c in record):
                continue
            line = reader.line_num
            if len(rows) >= MAX_ROWS:
                raise refuse(kind, [RowProblem(line, ImportProblem.TOO_MANY_ROWS, {"limit": MAX_ROWS})])
            if len(record) > len(header) and any(c.strip() for c in record[len(header) :]):
                problems.append(
                    RowProblem(line, ImportProblem.EXTRA_CELLS, {"cells": len(record), "columns": len(header)})
                )
                continue
            cells = {c: " ".join(record[i].split()) if i < len(record) else "" for c, i in positions.items()}
            rows.append(Row(line, cells))
    except csv.Error as exc:
        raise refuse(kind, [RowProblem(reader.line_num, ImportProblem.NOT_CSV, {"reason": str(exc)})]) from None
    if problems:
        raise refuse(kind, problems)
    if not rows:
        raise refuse(kind, [RowProblem(None, ImportProblem.NO_ROWS)])
    return rows


def _name(row: Row, column: str, problems: list[RowProblem]) -> str | None:
    value = row.cells.get(column, "")
    if not value:
        problems.append(RowProblem(row.line, ImportProblem.EMPTY_CELL, {"column": HEADINGS[column]}))
        return None
    if len(value) > MAX_NAME:
        problems.append(RowProblem(row.line, ImportProblem.NAME_TOO_LONG,
                                   {"column": HEADINGS[column], "length": len(value), "limit": MAX_NAME}))  # fmt: skip
        return None
    return value


def name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


# --------------------------------------------------------------------------- people


@dataclass(frozen=True)
class PersonRef:
    """A person as the file names them: a Slack user ID (``U0123ABC``, or a mention) or an e-mail."""

    given: str
    user_id: str | None = None
    email: str | None = None


_USER_ID_RE = re.compile(r"^<?@?([UW][A-Z0-9]{2,20})(?:\|[^>]*)?>?$")
_NOT_IN_EMAIL_RE = re.compile(r"[\s@<>|,;]")  # one character class: found in one pass, nothing to backtrack


def person_ref(given: str) -> PersonRef | None:
    """Read one person; None if it is neither a user ID nor an e-mail address. Linear in ``given``."""
    text = given.strip()
    if match := _USER_ID_RE.match(text):
        return PersonRef(text, user_id=match.group(1))
    if (email := _email(text)) is not None:
        return PersonRef(text, email=email)
    return None


def _email(text: str) -> str | None:
    """``a@b.c``, ``mailto:a@b.c`` or Slack's ``<mailto:a@b.c|a@b.c>``, lower-cased; None if it isn't one.

    Read by hand, one pass over the text: the pattern this replaces backtracked quadratically on a long cell.
    """
    body = text[1:] if text.startswith("<") else text
    body = body[:-1] if body.endswith(">") else body
    if body[:7].lower() == "mailto:":
        body = body[7:]
    address, bar, label = body.partition("|")
    if bar and ">" in label:
        return None
    local, at, domain = address.partition("@")
    if not (at and local and domain) or _NOT_IN_EMAIL_RE.search(local) or _NOT_IN_EMAIL_RE.search(domain):
        return None
    if "." not in domain[1:-1]:  # a dot with something either side of it
        return None
    return address.lower()


def _people(row: Row, column: str, problems: list[RowProblem]) -> list[PersonRef]:
    refs = []
    for given in re.split(r"[\s,;]+", row.cells.get(column, "")):
        if not given:
            continue
        if len(given) > MAX_PERSON:
            facts = {"column": HEADINGS[column], "length": len(given), "limit": MAX_PERSON}
            problems.append(RowProblem(row.line, ImportProblem.PERSON_TOO_LONG, facts))
            continue
        ref = person_ref(given)
        if ref is None:
            problems.append(
                RowProblem(row.line, ImportProblem.BAD_PERSON, {"column": HEADINGS[column], "given": given})
            )
        else:
            refs.append(ref)
    return refs


# --------------------------------------------------------------------------- authorities


@dataclass(frozen=True)
class AuthorityRow:
    line: int
    name: str
    dcs: PersonRef
    team: tuple[PersonRef, ...]


def read_authorities(content: bytes) -> list[AuthorityRow]:
    """Authorities with their DCS and team (columns name, DCS, team), checked row by row."""
    rows = read_table(content, "authorities", AUTHORITY_COLUMNS, AUTHORITY_REQUIRED)
    problems: list[RowProblem] = []
    found: list[AuthorityRow] = []
    first_line: dict[str, int] = {}
    for row in rows:
        before = len(problems)
        name = _name(row, "name", problems)
        dcs = _people(row, "dcs", problems) if row.cells["dcs"] else []
        if not row.cells["dcs"]:
            problems.append(RowProblem(row.line, ImportProblem.EMPTY_CELL, {"column": HEADINGS["dcs"]}))
        elif len(dcs) > 1:
            problems.append(RowProblem(row.line, ImportProblem.ONE_DCS, {"count": len(dcs)}))
        team = _people(row, "team", problems)
        if name is not None:
            if (key := name_key(name)) in first_line:
                problems.append(RowProblem(row.line, ImportProblem.DUPLICATE_NAME,
                                           {"name": name, "first_line": first_line[key]}))  # fmt: skip
            else:
                first_line[key] = row.line
        if len(problems) == before and name is not None:
            dcs_ref = dcs[0]
            unique_team = tuple({_ref_key(r): r for r in team if _ref_key(r) != _ref_key(dcs_ref)}.values())
            found.append(AuthorityRow(row.line, name, dcs_ref, unique_team))
    if problems:
        raise refuse("authorities", problems)
    return found


def _ref_key(ref: PersonRef) -> str:
    return ref.user_id or ref.email or ref.given


# --------------------------------------------------------------------------- an earlier round


@dataclass(frozen=True)
class TriadRow:
    line: int
    number: int
    host: str
    visitor: str
    observer: str
    challenge: FuzzyDate | None
    fieldwork: FuzzyDate | None

    def names(self) -> dict[str, str]:
        return {"host": self.host, "visitor": self.visitor, "observer": self.observer}


ROLES = ("host", "visitor", "observer")


def read_round(content: bytes, round_year: int | None) -> list[TriadRow]:
    """An earlier round's triads (triad, host, visitor, observer, challenge session, fieldwork), dates read
    as the product reads them, a missing year taken from the round's."""
    found, problems = check_round(content, round_year)
    if problems:
        raise refuse("round", problems)
    return found


def check_round(content: bytes, round_year: int | None) -> tuple[list[TriadRow], list[RowProblem]]:
    """`read_round`'s rows that are right and the problems of the others (a problem of the whole file
    is raised), so that the use case can add what it finds against the workspace."""
    rows = read_table(content, "round", ROUND_COLUMNS, ROUND_REQUIRED)
    problems: list[RowProblem] = []
    found: list[TriadRow] = []
    numbers: dict[int, int] = {}
    hosts: dict[str, int] = {}
    for row in rows:
        before = len(problems)
        number = _triad_number(row, problems)
        names = {role: _name(row, role, problems) for role in ROLES}
        keys = [name_key(n) for n in names.values() if n]
        for key in {k for k in keys if keys.count(k) > 1}:
            shown = next(n for n in names.values() if n and name_key(n) == key)
            problems.append(RowProblem(row.line, ImportProblem.SAME_AUTHORITY_TWICE, {"name": shown}))
        if number is not None:
            if number in numbers:
                problems.append(RowProblem(row.line, ImportProblem.DUPLICATE_TRIAD,
                                           {"number": number, "first_line": numbers[number]}))  # fmt: skip
            else:
                numbers[number] = row.line
        if (host := names["host"]) is not None:
            if name_key(host) in hosts:
                problems.append(RowProblem(row.line, ImportProblem.DUPLICATE_HOST,
                                           {"name": host, "first_line": hosts[name_key(host)]}))  # fmt: skip
            else:
                hosts[name_key(host)] = row.line
        dates = {kind: _date(row, kind, round_year, problems) for kind in ("challenge", "fieldwork")}
        try:
            check_fieldwork_after_challenge(dates["challenge"], dates["fieldwork"])
        except Refused as exc:
            problems.append(RowProblem(row.line, ImportProblem.FIELDWORK_BEFORE_CHALLENGE, dict(exc.facts)))
        if len(problems) == before:
            assert number is not None and names["host"] and names["visitor"] and names["observer"]
            found.append(TriadRow(row.line, number, names["host"], names["visitor"], names["observer"],
                                  dates["challenge"], dates["fieldwork"]))  # fmt: skip
    return found, problems


def _triad_number(row: Row, problems: list[RowProblem]) -> int | None:
    given = row.cells["triad"]
    digits = given.lstrip("#").strip()
    # At most as many digits as the largest number: a long run of digits is never converted (nor shown whole).
    if (
        not (digits.isascii() and digits.isdigit())
        or len(digits) > len(str(MAX_TRIAD_NUMBER))
        or not 0 < int(digits) <= MAX_TRIAD_NUMBER
    ):
        problems.append(RowProblem(row.line, ImportProblem.BAD_TRIAD_NUMBER, {"given": given[:40]}))
        return None
    return int(digits)


def _date(row: Row, kind: str, round_year: int | None, problems: list[RowProblem]) -> FuzzyDate | None:
    text = row.cells.get(kind, "")
    if not text:
        return None
    try:
        return parse_fuzzy_date(text, round_year)
    except DateError as exc:
        problems.append(RowProblem(row.line, ImportProblem.BAD_DATE, {"column": HEADINGS[kind], "reason": exc}))
        return None


def looks_like_round(content: bytes) -> bool:
    """Whether a file's header is an earlier round's (host, visitor, observer) rather than authorities'."""
    try:
        first = next((line for line in content.decode("utf-8-sig").splitlines() if line.strip()), "")
    except UnicodeDecodeError:
        return False
    try:
        headings = {_heading_key(h) for h in next(csv.reader([first]))}
    except (csv.Error, StopIteration):
        return False
    return {"host", "visitor", "observer"} <= headings
