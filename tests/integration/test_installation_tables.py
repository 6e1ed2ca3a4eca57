"""slack_sdk's installation and OAuth state tables, as the app's metadata and migration 0005 hold
them, stay exactly what slack_sdk's own SQLAlchemy stores define."""

from __future__ import annotations

import pytest
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import MetaData, Table, inspect

from storage.models import SLACK_SDK_TABLES


def shape(table: Table) -> tuple:
    columns = [(c.name, repr(c.type), c.nullable, c.primary_key, c.default is not None) for c in table.columns]
    indexes = sorted((i.name, tuple(c.name for c in i.columns)) for i in table.indexes)
    return table.name, columns, indexes


def slack_sdk_tables() -> dict[str, Table]:
    metadata = MetaData()
    tables = (
        SQLAlchemyInstallationStore.build_installations_table(metadata, "slack_installations"),
        SQLAlchemyInstallationStore.build_bots_table(metadata, "slack_bots"),
        SQLAlchemyOAuthStateStore.build_oauth_states_table(metadata, "slack_oauth_states"),
    )
    return {t.name: t for t in tables}


@pytest.mark.parametrize("ours", SLACK_SDK_TABLES, ids=lambda t: t.name)
def test_our_copy_is_slack_sdks_definition(ours):
    assert shape(ours) == shape(slack_sdk_tables()[ours.name])


def test_the_migrated_database_has_them_with_slack_sdks_columns(engine):
    inspector = inspect(engine)
    for name, table in slack_sdk_tables().items():
        assert [c["name"] for c in inspector.get_columns(name)] == [c.name for c in table.columns]
        assert {i["name"] for i in inspector.get_indexes(name)} == {i.name for i in table.indexes}
