"""What Alembic's comparison of the database with the models leaves out (env.py and the schema test)."""

from __future__ import annotations

from storage.models import SLACK_SDK_TABLES, Base

# The archive's full-text index exists on one database only (migration 0010): on PostgreSQL a generated
# tsvector column and its GIN index; on SQLite an FTS5 table and its shadow tables.
UNMODELLED = {("column", "search_vector"), ("index", "ix_archive_documents_search_vector")}


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    if reflected and compare_to is None and (type_, name) in UNMODELLED:
        return False
    # Tables owned by other libraries (APScheduler, slack_sdk's stores, FTS5) stay out of autogenerate.
    return not (type_ == "table" and reflected and name not in Base.metadata.tables)


OWNED_BY_LIBRARIES = {table.name for table in SLACK_SDK_TABLES}


def include_in_autogenerate(obj, name, type_, reflected, compare_to) -> bool:
    """As `include_object`, and slack_sdk's tables (created by migration 0005 as its stores define them)
    are left to that library."""
    if type_ == "table" and name in OWNED_BY_LIBRARIES:
        return False
    return include_object(obj, name, type_, reflected, compare_to)
