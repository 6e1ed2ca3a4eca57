"""Use cases called directly, as a command, a button and a modal all call them: a session in, a result out."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.services import access, admin, triads
from storage.models import Base

TEAM = "T1"
COORDINATOR = "UCOORD"
HOST, HOST_TEAM, VISITOR, VISITOR_TEAM, OBSERVER = "UHOST", "UHOSTTEAM", "UVIS", "UVISTEAM", "UOBS"
OUTSIDER = "UOUT"


@pytest.fixture
def who(sessions):
    """The Actor for a user of the workspace, read in a session of its own."""

    def make(user: str):
        with sessions() as session:
            return access.actor(session, TEAM, user, (COORDINATOR,))

    return make


@pytest.fixture
def triad_id(sessions, who, clock) -> int:
    """Round SE 2018 with Oxfordshire (host), Milton Keynes (visitor), Portsmouth (observer): triad 1."""
    coordinator = who(COORDINATOR)
    with sessions.begin() as session:
        admin.create_round(session, coordinator, "SE 2018", "Europe/London", None)
        session.flush()
        admin.add_authority(session, coordinator, "Oxfordshire", HOST, [HOST_TEAM])
        admin.add_authority(session, coordinator, "Milton Keynes", VISITOR, [VISITOR_TEAM])
        admin.add_authority(session, coordinator, "Portsmouth", OBSERVER, [])
    with sessions.begin() as session:
        plan = triads.plan_triad(
            session, coordinator, {"host": "Oxfordshire", "visitor": "Milton Keynes", "observer": "Portsmouth"}, None
        )
        formed = triads.record_triad(session, coordinator, plan, "C01", "pc-2018-oxfordshire", clock())
    with sessions() as session:
        return access.triad_for(session, coordinator, number=formed.number).id


def snapshot(sessions) -> dict[str, list[tuple]]:
    with sessions() as session:
        return {
            table.name: [tuple(r) for r in session.execute(select(table).order_by(*table.primary_key.columns))]
            for table in Base.metadata.sorted_tables
        }
