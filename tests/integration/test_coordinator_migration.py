"""Migration 0012 carries today's coordinator rows over, each belonging to its workspace (SQLite and
PostgreSQL: the test database is taken back to the revision before 0012, filled, and upgraded)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from alembic import command
from sqlalchemy import text

from storage.db import alembic_config, current_revision, upgrade
from storage.models import Base

NOW = datetime(2018, 1, 8, tzinfo=timezone.utc)


@pytest.fixture
def before_0012(engine, database_url):
    """The test database emptied and at the revision just before 0012; back at head afterwards."""
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
    config = alembic_config(database_url)
    command.downgrade(config, "0012")
    command.downgrade(config, "-1")
    assert current_revision(engine) != "0012"
    yield engine
    upgrade(database_url)
    with engine.begin() as connection:
        for table in ("coordinators", "workspaces"):
            connection.execute(text(f"DELETE FROM {table}"))


def _insert(connection, workspaces: list[str], coordinators: list[tuple[str, str, str | None]]) -> None:
    for team in workspaces:
        connection.execute(
            text("INSERT INTO workspaces (team_id, status, changed_at) VALUES (:t, 'installed', :now)"),
            {"t": team, "now": NOW},
        )
    for team, user, added_by in coordinators:
        connection.execute(
            text("INSERT INTO coordinators (team_id, user_id, added_by, created_at) VALUES (:t, :u, :a, :now)"),
            {"t": team, "u": user, "a": added_by, "now": NOW},
        )


def _rows(engine) -> set[tuple[str, str, str | None]]:
    with engine.connect() as connection:
        return {tuple(r) for r in connection.execute(text("SELECT team_id, user_id, added_by FROM coordinators"))}


def test_rows_keep_their_workspace_and_a_blank_one_gets_the_only_workspace(before_0012, database_url):
    with before_0012.begin() as connection:
        _insert(
            connection,
            ["TONLY"],
            [("TONLY", "UADDED", "UCOORD"), ("", "UBLANK", "UCOORD"), ("", "UADDED", None)],
        )
    upgrade(database_url)
    assert _rows(before_0012) == {("TONLY", "UADDED", "UCOORD"), ("TONLY", "UBLANK", "UCOORD")}


def test_with_two_workspaces_each_row_stays_in_its_own_and_a_blank_one_names_nobody(before_0012, database_url):
    rows = [("TALPHA", "UA", "UCOORDA"), ("TBETA", "UB", "UCOORDB"), ("TBETA", "UA", "UCOORDB"), ("", "UX", None)]
    with before_0012.begin() as connection:
        _insert(connection, ["TALPHA", "TBETA"], rows)
    upgrade(database_url)
    assert _rows(before_0012) == set(rows)  # same user in two workspaces: two rows, one per workspace
