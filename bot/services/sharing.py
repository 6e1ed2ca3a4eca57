"""Use cases of sharing and the archive: the visiting DCS's findings, files attached to the record,
the host DCS's choice of who sees each item, and searching what hosts shared.

Nothing is shared until the host DCS submits the share form; what is shared is the text that form
showed (checked by fingerprint), and choosing *nobody* removes an item from the archive at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.rules.sharing import (
    ActionText,
    Audience,
    FileRef,
    LineText,
    RecordFileKind,
    ShareableItem,
    ShareKind,
    SharingRefusal,
    action_themes_item,
    check_may_attach,
    check_may_search,
    check_may_share,
    check_may_write_findings,
    check_summary,
    files_item,
    lines_item,
    parse_choice,
    search_terms,
    summary_item,
)
from bot.services.access import Actor
from bot.services.errors import Refused
from storage import actions as actions_store
from storage import archive_search, focus, sharing
from storage.models import Triad

SEARCH_LIMIT = 10


@dataclass(frozen=True)
class FindingsWritten:
    triad_number: int
    replaced: bool
    summary_shared: bool  # an earlier summary is shared: it stays as shared until the host shares again


def write_findings(session: Session, who: Actor, triad: Triad, text: str, now: datetime) -> FindingsWritten:
    check_may_write_findings(who.people(triad), who.user_id)
    summary = check_summary(text)
    replaced = sharing.write_findings(session, who.team_id, triad.id, summary, who.user_id, now)
    shared = ShareKind.SUMMARY.value in sharing.shared_items(session, who.team_id, triad.id)
    return FindingsWritten(triad.number, replaced, shared)


def findings_for_edit(session: Session, who: Actor, triad: Triad) -> str | None:
    """The summary so far, for the visiting DCS's form."""
    check_may_write_findings(who.people(triad), who.user_id)
    row = sharing.findings(session, who.team_id, triad.id)
    return row.summary if row else None


@dataclass(frozen=True)
class Attached:
    triad_number: int
    kind: RecordFileKind
    names: list[str]  # newly attached
    already: list[str]  # attached as this kind before


@dataclass(frozen=True)
class PostedFile:
    """A file of a message in the triad channel, as Slack describes it."""

    file_id: str
    name: str
    permalink: str | None


def attach_files(
    session: Session, who: Actor, triad: Triad, kind: str, files: Iterable[PostedFile], now: datetime
) -> Attached:
    """Attach a message's files to the triad's record as its self-assessment or report."""
    try:
        file_kind = RecordFileKind(kind)
    except ValueError:
        raise Refused(SharingRefusal.BAD_CHOICE, kind=kind) from None
    check_may_attach(who.people(triad), who.user_id, file_kind)
    given = list(files)
    if not given:
        raise Refused(SharingRefusal.NO_FILES)
    names: list[str] = []
    already: list[str] = []
    for ref in given:
        new = sharing.attach_file(
            session, who.team_id, triad.id, file_kind.value, ref.file_id, ref.name, ref.permalink, who.user_id, now
        )
        (names if new else already).append(ref.name)
    return Attached(triad.number, file_kind, names, already)


@dataclass(frozen=True)
class ShareOption:
    kind: ShareKind
    item: ShareableItem | None  # None: nothing to share yet
    audience: Audience  # as shared now


@dataclass(frozen=True)
class SharePreview:
    triad_id: int
    triad_number: int
    host: str
    options: list[ShareOption]


def shareable_items(session: Session, triad: Triad) -> dict[ShareKind, ShareableItem | None]:
    """Each item as it would be shared now, in the exact words shown to the host DCS."""
    lines = [LineText(line.number, line.text) for line in focus.agreed_lines(session, triad.id)]
    findings = sharing.findings(session, triad.team_id, triad.id)
    files = [FileRef(f.kind, f.name, f.permalink) for f in sharing.record_files(session, triad.team_id, triad.id)]
    actions = [
        ActionText(a.text, a.focus_number) for a in actions_store.triad_actions(session, triad.team_id, triad.id)
    ]
    return {
        ShareKind.LINES: lines_item(lines),
        ShareKind.SUMMARY: summary_item(findings.summary if findings else None),
        ShareKind.FILES: files_item(files),
        ShareKind.ACTION_THEMES: action_themes_item(actions, lines),
    }


def share_preview(session: Session, who: Actor, triad: Triad) -> SharePreview:
    check_may_share(who.people(triad), who.user_id)
    shared = sharing.shared_items(session, who.team_id, triad.id)
    options = [
        ShareOption(kind, item, Audience(shared[kind.value].audience) if kind.value in shared else Audience.NOBODY)
        for kind, item in shareable_items(session, triad).items()
    ]
    return SharePreview(triad.id, triad.number, triad.host.name, options)


@dataclass(frozen=True)
class Shared:
    triad_number: int
    audiences: dict[ShareKind, Audience]  # every kind's audience after the change
    changed: list[ShareKind]


def record_sharing(
    session: Session,
    who: Actor,
    triad: Triad,
    choices: Mapping[str, str | None],
    shown: Mapping[str, str],
    now: datetime,
) -> Shared:
    """Record the host DCS's choice per item; ``shown`` holds the fingerprint of each item's text as shown."""
    check_may_share(who.people(triad), who.user_id)
    current = shareable_items(session, triad)
    before = sharing.shared_items(session, who.team_id, triad.id)
    audiences: dict[ShareKind, Audience] = {}
    changed: list[ShareKind] = []
    for raw_kind, raw_audience in choices.items():
        kind, audience = parse_choice(raw_kind, raw_audience)
        was = Audience(before[kind.value].audience) if kind.value in before else Audience.NOBODY
        if audience is Audience.NOBODY:
            if sharing.unshare(session, who.team_id, triad.id, kind.value):
                changed.append(kind)
            audiences[kind] = audience
            continue
        item = current[kind]
        if item is None:
            raise Refused(SharingRefusal.NOTHING_TO_SHARE, kind=kind.value)
        if shown.get(kind.value) != item.fingerprint:
            raise Refused(SharingRefusal.CHANGED_SINCE_SHOWN, kind=kind.value)
        unchanged_text = kind.value in before and before[kind.value].body == item.body
        if audience != was or not unchanged_text:
            sharing.share(session, who.team_id, triad.id, item, audience.value, who.user_id, now)
            changed.append(kind)
        audiences[kind] = audience
    for kind in ShareKind:
        audiences.setdefault(kind, Audience(before[kind.value].audience) if kind.value in before else Audience.NOBODY)
    return Shared(triad.number, audiences, changed)


def shared_kinds(session: Session, team_id: str, triad_ids: Iterable[int]) -> dict[int, frozenset[str]]:
    """Per triad id, the kinds its host shared with the region or wider ("lines", "summary", "files",
    "action_themes"); a triad with nothing shared may be absent. For the summit brief."""
    return sharing.shared_kinds(session, team_id, triad_ids)


def shared_lines(session: Session, team_id: str, triad_ids: Iterable[int]) -> dict[int, list[str]]:
    """Per triad id, the agreed lines in exactly the words its host approved when sharing them (a line
    agreed since is not among them until the host shares again). For the summit brief."""
    return sharing.shared_lines(session, team_id, triad_ids)


@dataclass(frozen=True)
class ArchiveHit:
    round_name: str
    triad_number: int
    host: str
    same_region: bool
    lines: list[str] | None  # None: not shared with the searcher
    summary: str | None
    files: list[dict] | None  # {"kind", "name", "permalink"}
    action_themes: list[list] | None  # [[theme, [texts]]]

    @property
    def report_attached(self) -> bool | None:
        """Whether a report file is attached, as far as the host shared its files (None: not shared)."""
        if self.files is None:
            return None
        return any(f.get("kind") == RecordFileKind.REPORT for f in self.files)


@dataclass(frozen=True)
class ArchiveResults:
    terms: list[str]
    hits: list[ArchiveHit]


def search_archive(session: Session, who: Actor, query: str, limit: int = SEARCH_LIMIT) -> ArchiveResults:
    """Shared challenges across rounds (and regions, where shared so) that match every word, best first."""
    check_may_search(who.is_coordinator, sharing.is_programme_member(session, who.team_id, who.user_id))
    terms = search_terms(query)
    ranked = archive_search.search_for(session).rank(session, who.team_id, terms, limit)
    found = archive_search.shared_triads(session, who.team_id, [r.triad_id for r in ranked])
    hits = []
    for ranked_triad in ranked:
        triad = found.get(ranked_triad.triad_id)
        if triad is None:
            continue
        items = triad.items
        detail = {kind: (items[kind].detail or {}) for kind in items}
        hits.append(
            ArchiveHit(
                round_name=triad.round_name,
                triad_number=triad.number,
                host=triad.host,
                same_region=triad.team_id == who.team_id,
                lines=detail["lines"].get("lines", []) if "lines" in detail else None,
                summary=items["summary"].body if "summary" in items else None,
                files=detail["files"].get("files", []) if "files" in detail else None,
                action_themes=detail["action_themes"].get("themes", []) if "action_themes" in detail else None,
            )
        )
    return ArchiveResults(terms, hits)
