"""The operator's commands' way into the database (DATABASE_URL): never one that isn't there, never one
whose schema is behind the code."""

from __future__ import annotations

from bot.cli.errors import require_existing_database
from bot.settings import ConfigError, database_url_from_env


def require_current_schema(url: str) -> None:
    from alembic.script import ScriptDirectory

    from storage.db import alembic_config, current_revision, make_engine

    require_existing_database(url)
    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    engine = make_engine(url)
    try:
        revision = current_revision(engine)
    finally:
        engine.dispose()
    if revision != head:
        raise ConfigError(
            f"peerbot: the database schema is at {revision or 'nothing'}, the code needs {head}: "
            "run `peerbot db upgrade` first."
        )


def sessions():
    """A sessionmaker for DATABASE_URL, once its schema is current."""
    from storage.db import make_engine, make_sessionmaker

    url = database_url_from_env()
    require_current_schema(url)
    return make_sessionmaker(make_engine(url))
