"""Searching what hosts shared: one interface, a PostgreSQL and a SQLite full-text implementation.

This module holds the deployment's one sanctioned read across workspaces: an item a host shared
with every region is visible from any workspace (``visible_to``). Nothing unshared is in
``shared_items`` at all, so no search here can find, or count, an item its host did not share.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import ColumnElement, and_, column, func, literal_column, or_, select, table
from sqlalchemy.orm import Session, aliased

from bot.rules.sharing import Audience
from storage.models import Authority, Round, SharedItem, Triad


@dataclass(frozen=True)
class Ranked:
    """A triad and how well it matched: its matching items' scores added, so a challenge that matches in
    its lines and its summary ranks above one that matches in one short line."""

    triad_id: int
    score: float  # higher is better, comparable only within one search


@dataclass(frozen=True)
class SharedTriad:
    """A triad found by a search, with only the items the viewer may see."""

    triad_id: int
    team_id: str
    number: int
    round_name: str
    host: str
    items: dict[str, SharedItem]  # by kind


class ArchiveSearch(Protocol):
    def rank(self, session: Session, viewer_team: str, terms: Sequence[str], limit: int) -> list[Ranked]:
        """Triads with a shared item visible to ``viewer_team`` that holds every term, best match first."""
        ...


def visible_to(viewer_team: str) -> ColumnElement[bool]:
    """The cross-workspace read: items shared with every region, and those shared with the viewer's region."""
    return or_(
        SharedItem.audience == Audience.ALL.value,
        and_(SharedItem.audience == Audience.REGION.value, SharedItem.team_id == viewer_team),
    )


class PostgresSearch:
    """``search_vector`` (a generated tsvector of the body, GIN-indexed) matched with plainto_tsquery.

    Ranked by ``ts_rank`` (term frequency): ``ts_rank_cd``'s cover density read every match's positions
    and cost several times more per matching row at the benchmark's 10,000 challenges."""

    def rank(self, session: Session, viewer_team: str, terms: Sequence[str], limit: int) -> list[Ranked]:
        query = func.plainto_tsquery("english", " ".join(terms))
        vector: ColumnElement = literal_column("shared_items.search_vector")
        score = func.sum(func.ts_rank(vector, query)).label("score")
        rows = session.execute(
            select(SharedItem.triad_id, score)
            .where(vector.op("@@")(query), visible_to(viewer_team))
            .group_by(SharedItem.triad_id)
            .order_by(score.desc(), SharedItem.triad_id.desc())
            .limit(limit)
        ).all()
        return [Ranked(triad_id, float(s)) for triad_id, s in rows]


FTS = table("shared_items_fts", column("rowid"), column("rank"))


class SqliteSearch:
    """The FTS5 table ``shared_items_fts`` (porter stemming), ranked by its bm25 ``rank`` (lower is better)."""

    def rank(self, session: Session, viewer_team: str, terms: Sequence[str], limit: int) -> list[Ranked]:
        match = " ".join('"' + term.replace('"', '""') + '"' for term in terms)  # every term, as a plain word
        hits = (
            select(FTS.c.rowid.label("item_id"), FTS.c.rank.label("rank"))
            .where(literal_column("shared_items_fts").op("MATCH")(match))
            .subquery()
        )
        best = func.sum(hits.c.rank).label("best")
        rows = session.execute(
            select(SharedItem.triad_id, best)
            .join(hits, hits.c.item_id == SharedItem.id)
            .where(visible_to(viewer_team))
            .group_by(SharedItem.triad_id)
            .order_by(best, SharedItem.triad_id.desc())
            .limit(limit)
        ).all()
        return [Ranked(triad_id, -float(r)) for triad_id, r in rows]


class LikeScan:
    """The plain scan the full-text search is measured against: every term by ``LIKE``, no index; the
    challenges with the most matching items first, so that it answers the same question (the best ten)."""

    def rank(self, session: Session, viewer_team: str, terms: Sequence[str], limit: int) -> list[Ranked]:
        body = func.lower(SharedItem.body)
        matches = [body.like(f"%{t.replace('%', '').replace('_', '')}%") for t in terms]
        score = func.count().label("score")
        rows = session.execute(
            select(SharedItem.triad_id, score)
            .where(visible_to(viewer_team), *matches)
            .group_by(SharedItem.triad_id)
            .order_by(score.desc(), SharedItem.triad_id.desc())
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


def shared_triads(session: Session, viewer_team: str, triad_ids: Sequence[int]) -> dict[int, SharedTriad]:
    """The found triads (of any workspace) with the items ``viewer_team`` may see, and nothing else of them."""
    if not triad_ids:
        return {}
    host = aliased(Authority)
    rows = session.execute(
        select(SharedItem, Triad.number, Round.name, host.name)
        .join(Triad, Triad.id == SharedItem.triad_id)
        .join(Round, Round.id == Triad.round_id)
        .join(host, host.id == Triad.host_id)
        .where(SharedItem.triad_id.in_(triad_ids), visible_to(viewer_team))
    ).all()
    out: dict[int, SharedTriad] = {}
    for item, number, round_name, host_name in rows:
        found = out.setdefault(
            item.triad_id, SharedTriad(item.triad_id, item.team_id, number, round_name, host_name, {})
        )
        found.items[item.kind] = item
    return out
