"""A workspace's coordinators: those PEER_COORDINATORS names and those added by `/peer coordinator add`."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from bot.rules.coordinators import configured_for
from storage.models import Coordinator

# The statements every request runs are built once, with bound parameters: building a select with
# its loader options costs more CPU than SQLAlchemy's cached compilation of it (benchmarks/README.md).
_COORDINATORS = select(Coordinator.user_id).where(Coordinator.team_id == bindparam("team_id"))


def stored_coordinator_ids(session: Session, team_id: str) -> frozenset[str]:
    """The coordinators added by `/peer coordinator add` in this workspace."""
    return frozenset(session.scalars(_COORDINATORS, {"team_id": team_id}))


def delete_coordinator(session: Session, team_id: str, user_id: str) -> bool:
    """Forget a coordinator added in this workspace; False if there was none."""
    row = session.scalar(select(Coordinator).where(Coordinator.team_id == team_id, Coordinator.user_id == user_id))
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True


def coordinator_ids(session: Session, team_id: str, configured: Iterable[str]) -> frozenset[str]:
    """This workspace's coordinators: the PEER_COORDINATORS entries that name it, and those added here."""
    return configured_for(configured, team_id) | stored_coordinator_ids(session, team_id)
