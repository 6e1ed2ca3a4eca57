"""Add to Slack: slack_sdk's SQLAlchemy installation and OAuth state stores in the app's database.

`WorkspaceInstallationStore` is slack_sdk's store that also records the workspace as installed
(bot.services.workspaces.installed) whenever an installation is saved, so that a reinstall resumes
the reminders its uninstall held. The stores' tables come from migration 0005.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timezone

from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.rules.times import utcnow
from bot.services.workspaces import installed
from bot.settings import Settings

log = logging.getLogger("peerbot.installations")

STATE_EXPIRATION_SECONDS = 600  # an install link is good for ten minutes, and once


class WorkspaceInstallationStore(SQLAlchemyInstallationStore):
    """slack_sdk's store; saving an installation (the OAuth redirect, or a token refresh) also
    marks the workspace installed and resumes its held reminders."""

    def __init__(
        self, client_id: str, engine: Engine, sessions: sessionmaker[Session], now: Callable[[], datetime] = utcnow
    ):
        super().__init__(client_id=client_id, engine=engine, logger=log)
        self.sessions, self.now = sessions, now

    def save(self, installation: Installation) -> None:
        super().save(installation)
        if not installation.team_id:
            return  # an org-wide (Enterprise Grid) install: not supported
        at = datetime.fromtimestamp(installation.installed_at, timezone.utc)
        with self.sessions() as session, session.begin():
            installed(session, installation.team_id, installation.team_name, at, self.now())


def engine_of(sessions: sessionmaker[Session]) -> Engine:
    bind = sessions.kw.get("bind")
    if not isinstance(bind, Engine):
        raise TypeError("the sessionmaker has no engine")
    return bind


def installation_store(
    settings: Settings, sessions: sessionmaker[Session], now: Callable[[], datetime] = utcnow
) -> WorkspaceInstallationStore:
    assert settings.slack_client_id, "Add to Slack needs SLACK_CLIENT_ID"
    return WorkspaceInstallationStore(settings.slack_client_id, engine_of(sessions), sessions, now)


def state_store(sessions: sessionmaker[Session]) -> SQLAlchemyOAuthStateStore:
    return SQLAlchemyOAuthStateStore(
        expiration_seconds=STATE_EXPIRATION_SECONDS, engine=engine_of(sessions), logger=log
    )


def known_bots(store: SQLAlchemyInstallationStore) -> list[Bot]:
    """The current bot installation of every workspace in the store (slack_sdk's own find_bot)."""
    from sqlalchemy import select

    bots = store.bots
    with store.engine.connect() as connection:
        pairs = connection.execute(
            select(bots.c.enterprise_id, bots.c.team_id, bots.c.is_enterprise_install).distinct()
        ).all()
    found = []
    for enterprise_id, team_id, is_enterprise_install in pairs:
        bot = store.find_bot(
            enterprise_id=enterprise_id, team_id=team_id, is_enterprise_install=bool(is_enterprise_install)
        )
        if bot is not None and bot.bot_token:
            found.append(bot)
    return found
