"""A workspace uninstalls the app (`app_uninstalled`) or revokes its bot token (`tokens_revoked`):
its sending stops at once (pending reminders held, bot.services.workspaces.stopped), its
installation is forgotten (a reinstall saves a new one and resumes the held reminders), its data is kept."""

from __future__ import annotations

import logging

from slack_bolt import App, BoltContext

from bot.services.workspaces import stopped
from storage.workspace_store import WorkspaceStatus

logger = logging.getLogger(__name__)


def register(app: App, deps) -> None:
    def stop_workspace(team_id: str, status: str) -> None:
        with deps.sessions() as session, session.begin():
            stopped(session, team_id, status, deps.now())
        store = deps.installation_store()
        if store is not None:
            store.delete_all(enterprise_id=None, team_id=team_id)

    def app_uninstalled(body: dict, context: BoltContext) -> None:
        team_id = context.team_id or body.get("team_id")
        if team_id:
            stop_workspace(team_id, WorkspaceStatus.UNINSTALLED)

    def tokens_revoked(event: dict, body: dict, context: BoltContext) -> None:
        team_id = context.team_id or body.get("team_id")
        if team_id and (event.get("tokens") or {}).get("bot"):  # the app holds no user tokens
            stop_workspace(team_id, WorkspaceStatus.REVOKED)

    app.event("app_uninstalled")(app_uninstalled)
    app.event("tokens_revoked")(tokens_revoked)
