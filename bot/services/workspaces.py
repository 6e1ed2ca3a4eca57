"""Many workspaces: a workspace installs the app, uninstalls it or revokes its token, and the
operator's list. Run in the caller's transaction."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.orm import Session

from storage.workspaces import (
    WorkspaceRow,
    WorkspaceStatus,
    hold_reminders,
    record_status,
    resume_reminders,
    workspace_overview,
    workspace_status,
)

log = logging.getLogger("peerbot.workspaces")


def installed(session: Session, team_id: str, name: str | None, installed_at: datetime | None, now: datetime) -> int:
    """The workspace installed the app (again): it is served, its held reminders resume. Returns how many."""
    record_status(session, team_id, WorkspaceStatus.INSTALLED, now, name=name, installed_at=installed_at or now)
    resumed = resume_reminders(session, team_id)
    if resumed:
        log.info("workspace %s installed again: %d held reminders resume", team_id, resumed)
    return resumed


def stopped(session: Session, team_id: str, status: str, now: datetime) -> int:
    """The workspace uninstalled the app or revoked its token (`status`): nothing more is sent to it,
    its pending reminders are held and its data kept. Returns how many were held."""
    if status == WorkspaceStatus.REVOKED and workspace_status(session, team_id) == WorkspaceStatus.UNINSTALLED:
        status = WorkspaceStatus.UNINSTALLED  # tokens_revoked comes beside app_uninstalled: keep the latter
    record_status(session, team_id, status, now)
    held = hold_reminders(session, team_id)
    log.warning("workspace %s %s: %d pending reminders held until it installs again", team_id, status, held)
    return held


def list_workspaces(session: Session) -> list[WorkspaceRow]:
    return workspace_overview(session)


def unreachable(session: Session, team_id: str, error: str, now: datetime) -> int:
    """The clock found no installation for the workspace, or Slack refused its token (`error`):
    hold its pending reminders as an uninstall would (keeping a status the events already gave)."""
    current = workspace_status(session, team_id)
    if current in (None, WorkspaceStatus.INSTALLED):
        status = WorkspaceStatus.UNINSTALLED if error == "no_installation" else WorkspaceStatus.REVOKED
        return stopped(session, team_id, status, now)
    return hold_reminders(session, team_id)
