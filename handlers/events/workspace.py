"""A workspace uninstalls the app (`app_uninstalled`) or revokes its bot token (`tokens_revoked`):
its sending stops at once (pending reminders held, bot.services.workspaces.stopped), its
installation is forgotten (a reinstall saves a new one and resumes the held reminders), its data is kept."""

from __future__ import annotations

from slack_bolt import App, BoltContext

from bot.services.workspaces import WorkspaceStatus, stopped
from handlers.listening import Clock, Installations
from storage.unit_of_work import UnitOfWork


def _stop(team_id: str | None, status: str, uow: UnitOfWork, now: Clock, installations: Installations) -> None:
    if not team_id:
        return
    stopped(uow.session, team_id, status, now())
    uow.commit()  # the sending stops even if forgetting the installation fails
    if (store := installations()) is not None:
        store.delete_all(enterprise_id=None, team_id=team_id)


def app_uninstalled(
    body: dict, context: BoltContext, uow: UnitOfWork, now: Clock, installations: Installations
) -> None:
    _stop(context.team_id or body.get("team_id"), WorkspaceStatus.UNINSTALLED, uow, now, installations)


def tokens_revoked(
    event: dict, body: dict, context: BoltContext, uow: UnitOfWork, now: Clock, installations: Installations
) -> None:
    if (event.get("tokens") or {}).get("bot"):  # the app holds no user tokens
        _stop(context.team_id or body.get("team_id"), WorkspaceStatus.REVOKED, uow, now, installations)


def register(app: App) -> None:
    app.event("app_uninstalled")(app_uninstalled)
    app.event("tokens_revoked")(tokens_revoked)
