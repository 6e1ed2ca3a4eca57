"""Shared fixtures: a real database (SQLite file, or PostgreSQL from TEST_DATABASE_URL) migrated by Alembic."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import Integer, make_url, text

from bot.settings import normalise_database_url
from storage.db import make_engine, make_sessionmaker, upgrade
from storage.models import Base


def _reset_postgres(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@contextmanager
def _sqlite_folder(tmp_path_factory) -> Iterator[Path]:
    """Where the SQLite test database lives: in memory-backed /dev/shm when there is one.

    A commit on SQLite syncs the file to disk, ~10 ms each on a disk-backed /tmp, and an end-to-end
    test commits dozens of times; on tmpfs it is a real file all the same (processes the tests start
    open it too), only without the wait for the disk.
    """
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        with tempfile.TemporaryDirectory(prefix="peerbot-test-", dir=shm) as folder:
            yield Path(folder)
    else:
        yield tmp_path_factory.mktemp("db")


@contextmanager
def _worker_database(url: str) -> Iterator[str]:
    """Under pytest-xdist, each worker's own PostgreSQL database beside TEST_DATABASE_URL's
    (``<name>_gw0``, …), created afresh and dropped at the end; without xdist, that database itself."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        yield url
        return
    name = f"{make_url(url).database}_{worker}"
    admin = make_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> Iterator[str]:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        with _worker_database(normalise_database_url(url)) as url:
            _reset_postgres(url)
            upgrade(url)  # the schema comes from the migrations, as in production
            yield url
        return
    with _sqlite_folder(tmp_path_factory) as folder:
        url = f"sqlite:///{folder / 'peerbot-test.db'}"
        upgrade(url)
        yield url


@pytest.fixture(scope="session")
def engine(database_url):
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(engine):
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
        if connection.dialect.name == "postgresql":  # ids from 1 again, as SQLite's do once a table is empty
            for table in Base.metadata.sorted_tables:
                for column in table.primary_key.columns:
                    if isinstance(column.type, Integer):  # setval(NULL, …) where it has no sequence: nothing
                        connection.execute(
                            text(f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), 1, false)")
                        )
    return make_sessionmaker(engine)


class FakeClock:
    """An injectable clock: tests move time instead of sleeping."""

    def __init__(self, start: datetime):
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def set(self, when: datetime) -> None:
        self.current = when

    def advance(self, **delta) -> datetime:
        self.current += timedelta(**delta)
        return self.current


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2018, 1, 8, 10, 0, tzinfo=timezone.utc))
