"""Who decides what a triad shares, who may see and search what was shared, and the words that are shared.

The host decides who sees its findings: per item, nobody (the default), the region (its own
workspace) or every region on the deployment. Only the host DCS shares; nothing else widens it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.rules import limits
from bot.rules.refusals import Refused
from bot.rules.roles import TriadPeople


class ShareKind(StrEnum):
    LINES = "lines"  # the agreed lines of enquiry
    SUMMARY = "summary"  # the visiting DCS's summary of the findings
    FILES = "files"  # the self-assessment and report files attached to the record
    ACTION_THEMES = "action_themes"  # the actions' texts grouped by the line they answer


class Audience(StrEnum):
    NOBODY = "nobody"
    REGION = "region"  # everyone in the programme of this workspace
    ALL = "all"  # every region (workspace) on this deployment


class RecordFileKind(StrEnum):
    SELF_ASSESSMENT = "self_assessment"
    REPORT = "report"


class SharingRefusal(StrEnum):
    NOT_HOST_DCS = "sharing_not_host_dcs"  # facts: host, host_dcs
    NOT_VISITING_DCS = "findings_not_visiting_dcs"  # facts: visitor, visiting_dcs
    SUMMARY_EMPTY = "findings_summary_empty"
    SUMMARY_TOO_LONG = "findings_summary_too_long"  # facts: length, limit
    NOT_FILE_OWNER = "record_file_not_owner"  # facts: kind, authority
    NO_FILES = "record_no_files"
    NOTHING_TO_SHARE = "sharing_nothing_to_share"  # facts: kind
    CHANGED_SINCE_SHOWN = "sharing_changed_since_shown"  # facts: kind
    BAD_CHOICE = "sharing_bad_choice"  # facts: kind
    NOT_IN_PROGRAMME = "archive_not_in_programme"
    SEARCH_EMPTY = "archive_search_empty"
    SEARCH_TOO_LONG = "archive_search_too_long"  # facts: limit


MAX_SUMMARY = limits.FINDINGS  # a few thousand characters; also Slack's limit for a modal's text input
MAX_SEARCH = 200
MAX_SEARCH_TERMS = 12

# Whose file each kind of record file is (as for marking the step done): the host's self-assessment,
# the visiting team's report; a coordinator may attach either.
FILE_OWNERS = {RecordFileKind.SELF_ASSESSMENT: "host", RecordFileKind.REPORT: "visitor"}


def check_may_share(people: TriadPeople, user: str) -> None:
    """Only the host DCS decides what is shared; coordinators cannot share on the host's behalf."""
    if user != people.host.dcs:
        raise Refused(SharingRefusal.NOT_HOST_DCS, host=people.host.name, host_dcs=people.host.dcs)


def check_may_write_findings(people: TriadPeople, user: str) -> None:
    if user != people.visitor.dcs:
        raise Refused(SharingRefusal.NOT_VISITING_DCS, visitor=people.visitor.name, visiting_dcs=people.visitor.dcs)


def check_may_attach(people: TriadPeople, user: str, kind: RecordFileKind) -> None:
    if user in people.coordinators:
        return
    authority = people.by_role()[FILE_OWNERS[kind]]
    if user not in authority.everyone:
        raise Refused(SharingRefusal.NOT_FILE_OWNER, kind=kind.value, authority=authority.name)


def check_summary(text: str) -> str:
    """The summary as it is kept: its paragraphs, trimmed; refused empty or too long."""
    cleaned = "\n".join(line.rstrip() for line in text.strip().splitlines())
    if not cleaned:
        raise Refused(SharingRefusal.SUMMARY_EMPTY)
    if len(cleaned) > MAX_SUMMARY:
        raise Refused(SharingRefusal.SUMMARY_TOO_LONG, length=len(cleaned), limit=MAX_SUMMARY)
    return cleaned


def check_may_search(is_coordinator: bool, is_programme_member: bool) -> None:
    """Anyone in the programme searches the archive: coordinators and members of any authority of the workspace."""
    if not (is_coordinator or is_programme_member):
        raise Refused(SharingRefusal.NOT_IN_PROGRAMME)


def parse_choice(kind: str, audience: str | None) -> tuple[ShareKind, Audience]:
    try:
        return ShareKind(kind), Audience(audience or Audience.NOBODY)
    except ValueError:
        raise Refused(SharingRefusal.BAD_CHOICE, kind=kind) from None


# Words too common to search on; PostgreSQL's english configuration drops these, and so does the
# SQLite query, so that one search finds the same challenges on both databases.
STOP_WORDS = frozenset(
    "a an and are as at be but by do does for from has have how in into is it its of on or our so that the "
    "their them then there these they this to was we well were what when where which who why will with you".split()
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def search_terms(query: str) -> list[str]:
    """The words a search looks for, lower-cased, in order, without repeats or stop words."""
    query = query.strip()
    if len(query) > MAX_SEARCH:
        raise Refused(SharingRefusal.SEARCH_TOO_LONG, limit=MAX_SEARCH)
    terms = [w for w in dict.fromkeys(w.casefold() for w in _WORD.findall(query)) if w not in STOP_WORDS]
    if not terms:
        raise Refused(SharingRefusal.SEARCH_EMPTY)
    return terms[:MAX_SEARCH_TERMS]


# What each item shares, in exactly the words the host sees in the share form.


@dataclass(frozen=True)
class LineText:
    number: int
    text: str


@dataclass(frozen=True)
class ActionText:
    text: str
    focus_number: int | None


@dataclass(frozen=True)
class FileRef:
    kind: str  # RecordFileKind
    name: str
    permalink: str | None


@dataclass(frozen=True)
class ShareableItem:
    kind: ShareKind
    body: str  # the exact text shared and searched
    detail: dict[str, Any]

    @property
    def fingerprint(self) -> str:
        """Names the text shown in the share form, so a submission shares only what was shown."""
        return hashlib.sha256(self.body.encode()).hexdigest()[:16]


def lines_item(agreed: Sequence[LineText]) -> ShareableItem | None:
    if not agreed:
        return None
    body = "\n".join(f"{line.number}. {line.text}" for line in agreed)
    return ShareableItem(ShareKind.LINES, body, {"lines": [line.text for line in agreed]})


def summary_item(summary: str | None) -> ShareableItem | None:
    return ShareableItem(ShareKind.SUMMARY, summary, {}) if summary else None


FILE_LABELS = {RecordFileKind.SELF_ASSESSMENT: "Self-assessment", RecordFileKind.REPORT: "Report"}


def files_item(files: Sequence[FileRef]) -> ShareableItem | None:
    if not files:
        return None
    body = "\n".join(f"{FILE_LABELS[RecordFileKind(f.kind)]}: {f.name}" for f in files)
    detail = {"files": [{"kind": f.kind, "name": f.name, "permalink": f.permalink} for f in files]}
    return ShareableItem(ShareKind.FILES, body, detail)


def action_themes(actions: Iterable[ActionText], lines: Sequence[LineText]) -> list[tuple[str, list[str]]]:
    """The actions' texts grouped by the line of enquiry they answer (no owners, no dates); others last."""
    by_line = {line.number: line for line in lines}
    groups: dict[int | None, list[str]] = {}
    for action in actions:
        key = action.focus_number if action.focus_number in by_line else None
        groups.setdefault(key, []).append(action.text)
    out = [(f"{n}. {by_line[n].text}", groups[n]) for n in sorted(k for k in groups if k is not None)]
    if None in groups:
        out.append(("Other actions", groups[None]))
    return out


def action_themes_item(actions: Iterable[ActionText], lines: Sequence[LineText]) -> ShareableItem | None:
    themes = action_themes(actions, lines)
    if not themes:
        return None
    body = "\n".join(f"{theme}\n" + "\n".join(f"- {text}" for text in texts) for theme, texts in themes)
    return ShareableItem(ShareKind.ACTION_THEMES, body, {"themes": [[t, texts] for t, texts in themes]})


def excerpt(text: str, terms: Sequence[str], width: int = 240) -> str:
    """A window of ``text`` around the first search word it contains, on word boundaries."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    folded = flat.casefold()
    hits = [i for i in (folded.find(t[: max(3, len(t) - 2)]) for t in terms) if i >= 0]
    start = max(0, min(hits) - width // 4) if hits else 0
    if start:
        start = flat.find(" ", start) + 1 or start
    end = start + width
    window = flat[start:end].rsplit(" ", 1)[0] if end < len(flat) else flat[start:]
    return ("…" if start else "") + window + ("…" if end < len(flat) else "")
