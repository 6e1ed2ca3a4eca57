"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from storage.autogenerate import include_object
from storage.db import alembic_config, current_revision, make_engine, upgrade
from storage.models import Base


def _differences(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False, "include_object": include_object})
        return compare_metadata(context, Base.metadata)


def test_migrated_test_database_matches_the_models(engine):
    assert _differences(engine) == []


def test_head_revision_is_applied(engine):
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config(str(engine.url))).get_current_head()
    assert current_revision(engine) == head


def test_upgrade_downgrade_upgrade_on_a_fresh_sqlite_file(tmp_path):
    from alembic import command

    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    upgrade(url)
    command.downgrade(alembic_config(url), "0001")
    engine = make_engine(url)
    assert "interview_numbers_used" not in {c["name"] for c in inspect(engine).get_columns("triads")}
    engine.dispose()
    upgrade(url)
    engine = make_engine(url)
    assert _differences(engine) == []
    engine.dispose()
