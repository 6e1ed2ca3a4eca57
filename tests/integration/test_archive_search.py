"""The archive's search interface: the same tests for the implementation of the database under test
(SqliteSearch on SQLite, PostgresSearch on PostgreSQL), and the plain LIKE scan beside it."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import delete, inspect, select, text

from bot.rules.sharing import ShareableItem, ShareKind
from storage import archive_search, sharing
from storage.models import ArchiveDocument, Authority, Round, Triad

NOW = datetime(2018, 9, 1, tzinfo=timezone.utc)


def triad(session, team: str, number: int, host: str) -> int:
    round_ = Round(team_id=team, name="SE 2018", name_key=f"se 2018 {number}")
    names = [
        Authority(team_id=team, name=n, name_key=n.lower(), dcs_user_id=f"U{n[:3]}")
        for n in (host, f"{host} V", f"{host} O")
    ]
    session.add_all([round_, *names])
    session.flush()
    row = Triad(
        team_id=team,
        number=number,
        round_id=round_.id,
        host_id=names[0].id,
        visitor_id=names[1].id,
        observer_id=names[2].id,
    )
    session.add(row)
    session.flush()
    return row.id


def put(session, team: str, triad_id: int, kind: ShareKind, body: str, audience: str) -> None:
    sharing.share(session, team, triad_id, ShareableItem(kind, body, {}), audience, "UHOST", NOW)
    session.flush()


@pytest.fixture
def archive(sessions):
    with sessions.begin() as session:
        ids = {
            "oxf": triad(session, "TS", 1, "Oxfordshire"),
            "hants": triad(session, "TS", 2, "Hampshire"),
            "kent": triad(session, "TS", 3, "Kent"),
            "leeds": triad(session, "TN", 1, "Leeds"),
        }
        put(
            session,
            "TS",
            ids["oxf"],
            ShareKind.SUMMARY,
            "The early help front door works; step-down to early help is slow.",
            "region",
        )
        put(session, "TS", ids["oxf"], ShareKind.LINES, "1. How well does the early help front door work?", "region")
        put(session, "TS", ids["hants"], ShareKind.LINES, "1. Is early help offered at the front door?", "all")
        put(
            session, "TS", ids["kent"], ShareKind.SUMMARY, "Supervision is reflective; caseloads are manageable.", "all"
        )
        put(
            session,
            "TN",
            ids["leeds"],
            ShareKind.SUMMARY,
            "Early help and the front door are joined up in localities.",
            "region",
        )
    return ids


def rank(sessions, viewer: str, terms: list[str], impl=None) -> list[int]:
    with sessions() as session:
        search = impl or archive_search.search_for(session)
        return [r.triad_id for r in search.rank(session, viewer, terms, 10)]


def test_the_implementation_is_the_databases_own(sessions):
    with sessions() as session:
        dialect = session.get_bind().dialect.name
        expected = {"sqlite": archive_search.SqliteSearch, "postgresql": archive_search.PostgresSearch}[dialect]
        assert isinstance(archive_search.search_for(session), expected)


def test_every_term_must_match_and_stems_match(sessions, archive):
    assert set(rank(sessions, "TS", ["early", "help", "front", "door"])) == {archive["oxf"], archive["hants"]}
    assert rank(sessions, "TS", ["works"]) == [archive["oxf"]]  # "works" and "work" share a stem
    assert rank(sessions, "TS", ["early", "caseloads"]) == []  # not in one item


def test_best_match_first(sessions, archive):
    # Oxfordshire matches in its summary and its lines; Hampshire in one line.
    assert rank(sessions, "TS", ["early", "help"]) == [archive["oxf"], archive["hants"]]


def test_region_and_every_region(sessions, archive):
    assert set(rank(sessions, "TN", ["early", "help"])) == {
        archive["leeds"],
        archive["hants"],
    }  # Oxfordshire: region only
    assert rank(sessions, "TN", ["caseloads"]) == [archive["kent"]]
    assert rank(sessions, "TX", ["early", "help"]) == [archive["hants"]]  # a third region sees what is shared with all


def test_the_index_follows_every_write(sessions, archive):
    with sessions.begin() as session:
        put(session, "TS", archive["kent"], ShareKind.SUMMARY, "Foster carer sufficiency is the concern.", "region")
    assert rank(sessions, "TS", ["caseloads"]) == []  # the old words left the index with the update
    assert rank(sessions, "TS", ["foster", "carers"]) == [archive["kent"]]
    assert rank(sessions, "TN", ["foster"]) == []  # and the audience narrowed with it
    with sessions.begin() as session:
        assert sharing.unshare(session, "TS", archive["oxf"], ShareKind.SUMMARY.value)
    assert rank(sessions, "TS", ["slow"]) == []  # revoked: gone from search at once
    with sessions.begin() as session:
        session.execute(delete(Triad).where(Triad.id == archive["hants"]))
    assert rank(sessions, "TN", ["early", "help"]) == [archive["leeds"]]  # deleted with its triad


def test_the_like_scan_finds_the_same_challenges_for_whole_words(sessions, archive):
    scan = archive_search.LikeScan()
    for viewer, terms in (("TS", ["front", "door"]), ("TN", ["early", "help"]), ("TN", ["caseloads"])):
        assert set(rank(sessions, viewer, terms, scan)) == set(rank(sessions, viewer, terms))


def test_each_viewer_searches_one_document_per_triad(sessions, archive):
    with sessions() as session:
        documents = {(d.triad_id, d.scope): d.body for d in session.scalars(select(ArchiveDocument))}
    assert documents[(archive["oxf"], "region")].startswith("1. How well does the early help front door work?\n\n")
    assert (archive["oxf"], "all") not in documents  # nothing of Oxfordshire's is shared with every region
    assert documents[(archive["hants"], "all")] == documents[(archive["hants"], "region")]


def test_only_what_the_viewer_may_see_is_loaded(sessions, archive):
    with sessions() as session:
        found = archive_search.shared_triads(session, "TN", [archive["oxf"], archive["hants"], archive["leeds"]])
    assert set(found) == {archive["hants"], archive["leeds"]}
    assert found[archive["hants"]].host == "Hampshire" and set(found[archive["hants"]].items) == {"lines"}


def test_the_full_text_index_exists(engine):
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            kinds = dict(
                connection.execute(
                    text("SELECT name, type FROM sqlite_master WHERE name LIKE 'archive_documents_fts%'")
                ).all()
            )
        assert kinds["archive_documents_fts"] == "table" and {
            "archive_documents_fts_insert",
            "archive_documents_fts_update",
            "archive_documents_fts_delete",
        } <= set(kinds)
    else:
        indexes = {i["name"]: i for i in inspect(engine).get_indexes("archive_documents")}
        assert "ix_archive_documents_search_vector" in indexes
        with engine.connect() as connection:
            definition = connection.execute(
                text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_archive_documents_search_vector'")
            ).scalar()
        assert "USING gin (search_vector)" in definition


def test_the_postgres_statement_compiles_when_storage_is_imported_first():
    """Built at import, plainto_tsquery needs PostgreSQL's dialect registered: a fresh interpreter proves it."""
    import subprocess
    import sys

    probe = (
        "import storage.archive_search as a\n"
        "from sqlalchemy.dialects import postgresql\n"
        "print(a.PostgresSearch.statement.compile(dialect=postgresql.dialect()))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "plainto_tsquery" in done.stdout
