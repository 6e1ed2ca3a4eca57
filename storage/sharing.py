"""Findings, record files and shared items of one workspace's triads, and the archive documents searched (searching
them is archive_search.py)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from bot.rules.sharing import ShareableItem
from storage.models import ArchiveDocument, Authority, AuthorityMember, Findings, RecordFile, SharedItem

KIND_ORDER = {"lines": 0, "summary": 1, "action_themes": 2, "files": 3}


def findings(session: Session, team_id: str, triad_id: int) -> Findings | None:
    return session.scalar(select(Findings).where(Findings.team_id == team_id, Findings.triad_id == triad_id))


def write_findings(session: Session, team_id: str, triad_id: int, summary: str, user_id: str, now: datetime) -> bool:
    """Keep the summary; True if it replaced an earlier one."""
    row = findings(session, team_id, triad_id)
    if row is None:
        session.add(Findings(team_id=team_id, triad_id=triad_id, summary=summary, written_by=user_id, updated_at=now))
        return False
    row.summary, row.written_by, row.updated_at = summary, user_id, now
    return True


def record_files(session: Session, team_id: str, triad_id: int) -> list[RecordFile]:
    return list(
        session.scalars(
            select(RecordFile)
            .where(RecordFile.team_id == team_id, RecordFile.triad_id == triad_id)
            .order_by(RecordFile.kind.desc(), RecordFile.id)  # self-assessment first, then the report
        )
    )


def attach_file(
    session: Session,
    team_id: str,
    triad_id: int,
    kind: str,
    file_id: str,
    name: str,
    permalink: str | None,
    user_id: str,
    now: datetime,
) -> bool:
    """Attach a file to the record; False if it was attached as this kind already."""
    already = session.scalar(
        select(RecordFile).where(
            RecordFile.team_id == team_id,
            RecordFile.triad_id == triad_id,
            RecordFile.kind == kind,
            RecordFile.file_id == file_id,
        )
    )
    if already is not None:
        return False
    session.add(
        RecordFile(
            team_id=team_id,
            triad_id=triad_id,
            kind=kind,
            file_id=file_id,
            name=name[:255],
            permalink=permalink,
            attached_by=user_id,
            attached_at=now,
        )  # fmt: skip
    )
    return True


def shared_items(session: Session, team_id: str, triad_id: int) -> dict[str, SharedItem]:
    rows = session.scalars(select(SharedItem).where(SharedItem.team_id == team_id, SharedItem.triad_id == triad_id))
    return {row.kind: row for row in rows}


def share(
    session: Session,
    team_id: str,
    triad_id: int,
    item: ShareableItem,
    audience: str,
    user_id: str,
    now: datetime,
) -> None:
    """Share ``item`` exactly as shown with ``audience``; the full-text index follows in the same transaction."""
    row = shared_items(session, team_id, triad_id).get(item.kind.value)
    if row is None:
        session.add(
            SharedItem(
                team_id=team_id,
                triad_id=triad_id,
                kind=item.kind.value,
                audience=audience,
                body=item.body,
                detail=item.detail,
                shared_by=user_id,
                shared_at=now,
            )
        )
    else:
        row.audience, row.body, row.detail, row.shared_by, row.shared_at = (
            audience,
            item.body,
            item.detail,
            user_id,
            now,
        )
    refresh_documents(session, team_id, triad_id)


def document_bodies(items: Iterable[tuple[str, str, str]]) -> dict[str, str]:
    """What each scope searches of one triad, from its shared items (kind, audience, body); empty: none."""
    ordered = sorted(items, key=lambda item: KIND_ORDER.get(item[0], 9))
    return {
        "region": "\n\n".join(body for _, _, body in ordered),  # the region sees what is shared with it or wider
        "all": "\n\n".join(body for _, audience, body in ordered if audience == "all"),
    }


def refresh_documents(session: Session, team_id: str, triad_id: int) -> None:
    """Rewrite what each audience searches of the triad from what is shared now (same transaction)."""
    session.flush()
    items = shared_items(session, team_id, triad_id).values()
    wanted = document_bodies((i.kind, i.audience, i.body) for i in items)
    existing = {
        d.scope: d
        for d in session.scalars(
            select(ArchiveDocument).where(ArchiveDocument.team_id == team_id, ArchiveDocument.triad_id == triad_id)
        )
    }
    for scope, body in wanted.items():
        row = existing.get(scope)
        if not body:
            if row is not None:
                session.delete(row)
        elif row is None:
            session.add(ArchiveDocument(team_id=team_id, triad_id=triad_id, scope=scope, body=body))
        elif row.body != body:
            row.body = body
    session.flush()


def unshare(session: Session, team_id: str, triad_id: int, kind: str) -> bool:
    """Share with nobody: the item leaves the archive (and its index) at once. True if it was shared."""
    row = shared_items(session, team_id, triad_id).get(kind)
    if row is None:
        return False
    session.delete(row)
    refresh_documents(session, team_id, triad_id)
    return True


def shared_kinds(session: Session, team_id: str, triad_ids: Iterable[int]) -> dict[int, frozenset[str]]:
    ids = list(triad_ids)
    if not ids:
        return {}
    found: dict[int, set[str]] = {}
    for triad_id, kind in session.execute(
        select(SharedItem.triad_id, SharedItem.kind).where(SharedItem.team_id == team_id, SharedItem.triad_id.in_(ids))
    ):
        found.setdefault(triad_id, set()).add(kind)
    return {triad_id: frozenset(kinds) for triad_id, kinds in found.items()}


def shared_lines(session: Session, team_id: str, triad_ids: Iterable[int]) -> dict[int, list[str]]:
    """Per triad id, the lines of enquiry exactly as the host shared them (the snapshot taken at sharing)."""
    ids = list(triad_ids)
    if not ids:
        return {}
    rows = session.scalars(
        select(SharedItem).where(
            SharedItem.team_id == team_id, SharedItem.triad_id.in_(ids), SharedItem.kind == "lines"
        )
    )
    return {row.triad_id: [str(text) for text in (row.detail or {}).get("lines", [])] for row in rows}


def is_programme_member(session: Session, team_id: str, user_id: str) -> bool:
    """A DCS or team member of any authority of the workspace."""
    member = exists().where(AuthorityMember.authority_id == Authority.id, AuthorityMember.user_id == user_id)
    return bool(
        session.scalar(
            select(exists().where(Authority.team_id == team_id, or_(Authority.dcs_user_id == user_id, member)))
        )
    )
