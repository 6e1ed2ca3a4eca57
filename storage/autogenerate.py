"""What Alembic's comparison of the database with the models leaves out (env.py and the schema test)."""

from __future__ import annotations

from storage.models import Base

# The archive's full-text index exists on one database only (migration 0011): on PostgreSQL a generated
# tsvector column and its GIN index; on SQLite an FTS5 table and its shadow tables.
UNMODELLED = {("column", "search_vector"), ("index", "ix_archive_documents_search_vector")}


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    if reflected and compare_to is None and (type_, name) in UNMODELLED:
        return False
    # Tables owned by other libraries (APScheduler, slack_sdk's stores, FTS5) stay out of autogenerate.
    return not (type_ == "table" and reflected and name not in Base.metadata.tables)
