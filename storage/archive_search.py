"""Searching what hosts shared: one interface, a PostgreSQL and a SQLite full-text implementation.

This module holds the deployment's one sanctioned read across workspaces: an item a host shared
with every region is visible from any workspace (``visible_to`` and ``documents_visible_to``).
Nothing unshared is in ``shared_items`` or ``archive_documents`` at all, so no search here can find,
or count, an item its host did not share. A search matches a triad's document (the words of all it
shared with the searcher's audience), then loads only the items that audience may see.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import sqlalchemy.dialects.postgresql  # noqa: F401  (plainto_tsquery is compiled only once it is registered)
from sqlalchemy import ColumnElement, and_, bindparam, column, func, literal_column, or_, select, table
from sqlalchemy.orm import Session, aliased

from bot.rules.sharing import Audience
from storage.models import ArchiveDocument, Authority, Round, SharedItem, Triad


@dataclass(frozen=True)
class Ranked:
    triad_id: int
    score: float  # higher is better, comparable only within one search


@dataclass(frozen=True)
class VisibleItem:
    kind: str
    body: str
    detail: dict


@dataclass(frozen=True)
class SharedTriad:
    """A triad found by a search, with only the items the viewer may see."""

    triad_id: int
    team_id: str
    number: int
    round_name: str
    host: str
    items: dict[str, VisibleItem]  # by kind


class ArchiveSearch(Protocol):
    def rank(self, session: Session, viewer_team: str, terms: Sequence[str], limit: int) -> list[Ranked]:
        """Triads whose words visible to ``viewer_team`` hold every term, best match first."""
        ...


def visible_to(viewer_team) -> ColumnElement[bool]:
    """The cross-workspace read of items: those shared with every region, and those shared with the viewer's."""
    return or_(
        SharedItem.audience == Audience.ALL.value,
        and_(SharedItem.audience == Audience.REGION.value, SharedItem.team_id == viewer_team),
    )


def documents_visible_to(viewer_team) -> ColumnElement[bool]:
    """The same read of the searched documents: one per triad for any viewer (its region's document in
    its own workspace, its every-region document in the others)."""
    return or_(
        and_(ArchiveDocument.scope == Audience.REGION.value, ArchiveDocument.team_id == viewer_team),
        and_(ArchiveDocument.scope == Audience.ALL.value, ArchiveDocument.team_id != viewer_team),
    )


def _postgres_statement():
    query = func.plainto_tsquery("english", bindparam("words"))
    vector: ColumnElement = literal_column("archive_documents.search_vector")
    score = func.ts_rank(vector, query).label("score")
    return (
        select(ArchiveDocument.__table__.c.triad_id, score)
        .where(vector.op("@@")(query), documents_visible_to(bindparam("viewer")))
        .order_by(score.desc(), ArchiveDocument.__table__.c.triad_id.desc())
        .limit(bindparam("limit"))
    )


class PostgresSearch:
    """``search_vector`` (a generated tsvector of the document, GIN-indexed) matched with plainto_tsquery.

    Ranked by ``ts_rank`` (term frequency): ``ts_rank_cd``'s cover density reads every match's positions
    and cost several times more per matching row at the benchmark's 10,000 challenges."""

    statement = _postgres_statement()

    def rank(self, session: Session, viewer_team: str, terms: Sequence[str], limit: int) -> list[Ranked]:
        params = {"words": " ".join(terms), "viewer": viewer_team, "limit": limit}
        return [Ranked(triad_id, float(s)) for triad_id, s in session.execute(self.statement, params).all()]


FTS = table("archive_documents_fts", column("rowid"), column("rank"))
DOCUMENTS = ArchiveDocument.__table__


def _sqlite_statement():
    """Built once with bound parameters: a search then costs SQLite's time, not the statement's building."""
    hits = (
        select(FTS.c.rowid.label("document_id"), FTS.c.rank.label("rank"))
        .where(literal_column("archive_documents_fts").op("MATCH")(bindparam("match")))
        .subquery()
    )
    return (
        select(DOCUMENTS.c.triad_id, hits.c.rank)
        .join(hits, hits.c.document_id == DOCUMENTS.c.id)
        .where(documents_visible_to(bindparam("viewer")))
        .order_by(hits.c.rank, DOCUMENTS.c.triad_id.desc())
        .limit(bindparam("limit"))
    )


class SqliteSearch:
    """The FTS5 table ``archive_documents_fts`` (porter stemming), ranked by its bm25 ``rank`` (lower is better)."""

    statement = _sqlite_statement()

    def rank(self, session: Session, viewer_team: str, terms: Sequence[str], limit: int) -> list[Ranked]:
        match = " ".join('"' + term.replace('"', '""') + '"' for term in terms)  # every term, as a plain word
        rows = session.execute(self.statement, {"match": match, "viewer": viewer_team, "limit": limit}).all()
        return [Ranked(triad_id, -float(r)) for triad_id, r in rows]


class LikeScan:
    """The plain scan the full-text search is measured against: the same documents, every term by ``LIKE``,
    no index; the documents with the most occurrences of the words first, so that it answers the same
    question (the best ten)."""

    def rank(self, session: Session, viewer_team: str, terms: Sequence[str], limit: int) -> list[Ranked]:
        body = func.lower(ArchiveDocument.body)
        cleaned = [t.replace("%", "").replace("_", "") for t in terms]
        occurrences = sum(
            ((func.length(body) - func.length(func.replace(body, t, ""))) / max(len(t), 1) for t in cleaned),
            literal_column("0"),
        ).label("score")
        rows = session.execute(
            select(ArchiveDocument.triad_id, occurrences)
            .where(documents_visible_to(viewer_team), *(body.like(f"%{t}%") for t in cleaned))
            .order_by(occurrences.desc(), ArchiveDocument.triad_id.desc())
            .limit(limit)
        ).all()
        return [Ranked(triad_id, float(s)) for triad_id, s in rows]


def search_for(session: Session) -> ArchiveSearch:
    """The full-text implementation of the session's database."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return PostgresSearch()
    if dialect == "sqlite":
        return SqliteSearch()
    raise RuntimeError(f"no archive search for {dialect}")


def _shared_triads_statement():
    items, host = SharedItem.__table__, aliased(Authority.__table__)
    return (
        select(
            items.c.triad_id,
            items.c.team_id,
            items.c.kind,
            items.c.body,
            items.c.detail,
            Triad.__table__.c.number,
            Round.__table__.c.name,
            host.c.name,
        )  # fmt: skip
        .join(Triad.__table__, Triad.__table__.c.id == items.c.triad_id)
        .join(Round.__table__, Round.__table__.c.id == Triad.__table__.c.round_id)
        .join(host, host.c.id == Triad.__table__.c.host_id)
        .where(items.c.triad_id.in_(bindparam("ids", expanding=True)), visible_to(bindparam("viewer")))
    )


SHARED_TRIADS = _shared_triads_statement()


def shared_triads(session: Session, viewer_team: str, triad_ids: Sequence[int]) -> dict[int, SharedTriad]:
    """The found triads (of any workspace) with the items ``viewer_team`` may see, and nothing else of them."""
    if not triad_ids:
        return {}
    out: dict[int, SharedTriad] = {}
    rows = session.execute(SHARED_TRIADS, {"ids": list(triad_ids), "viewer": viewer_team}).all()
    for triad_id, team_id, kind, body, detail, number, round_name, host_name in rows:
        found = out.setdefault(triad_id, SharedTriad(triad_id, team_id, number, round_name, host_name, {}))
        found.items[kind] = VisibleItem(kind, body, detail or {})
    return out
