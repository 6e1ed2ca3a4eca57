"""Who is asking, and which triad they may see: the first step of every use case."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.orm import Session

from bot.rules.coordinators import configured_for
from bot.rules.roles import TriadPeople
from bot.services.errors import Refused
from storage import coordinators as coordinators_store
from storage import triads
from storage.models import Triad
from storage.triads import TriadShown, triad_people


class AccessRefusal(StrEnum):
    NOT_COORDINATOR = "not_coordinator"  # facts: task (a key the handler words)
    NO_SUCH_TRIAD = "no_such_triad"  # facts: number
    NOT_A_TRIAD_CHANNEL = "not_a_triad_channel"
    NOT_A_MEMBER = "not_a_member"  # facts: number
    TRIAD_GONE = "triad_gone"  # a button or form names a triad that no longer exists here


@dataclass(frozen=True)
class Actor:
    """The person making a request, in one workspace, with the workspace's coordinators."""

    team_id: str
    user_id: str
    coordinators: frozenset[str]
    # those of `coordinators` named by PEER_COORDINATORS for this workspace (no command removes them)
    configured: frozenset[str] = frozenset()

    @property
    def is_coordinator(self) -> bool:
        return self.user_id in self.coordinators

    def people(self, triad: Triad) -> TriadPeople:
        return triad_people(triad, self.coordinators)


def actor(session: Session, team_id: str, user_id: str, configured_coordinators: Iterable[str]) -> Actor:
    """`configured_coordinators` is PEER_COORDINATORS as the settings hold it; only the entries that
    name `team_id` (or bare IDs, when the app serves one workspace) count here."""
    configured = configured_for(configured_coordinators, team_id)
    return Actor(team_id, user_id, configured | coordinators_store.stored_coordinator_ids(session, team_id), configured)


def require_coordinator(who: Actor, task: str) -> None:
    if not who.is_coordinator:
        raise Refused(AccessRefusal.NOT_COORDINATOR, task=task)


def triad_for(session: Session, who: Actor, *, number: int | None = None, channel_id: str | None = None) -> Triad:
    """Triad ``number`` if given, else the triad whose channel this is; only for its members and coordinators."""
    if number is not None:
        triad = triads.triad_by_number(session, who.team_id, number)
    else:
        triad = triads.triad_by_channel(session, who.team_id, channel_id or "")
    if triad is None:
        raise _missing(number)
    _require_member(who, who.people(triad), triad.number)
    return triad


def shown_triad(
    session: Session, who: Actor, *, number: int | None = None, channel_id: str | None = None
) -> tuple[TriadShown, TriadPeople]:
    """`triad_for` as plain values, for `/peer status`: the same refusals."""
    shown = triads.triad_shown(session, who.team_id, number=number, channel_id=channel_id or "")
    if shown is None:
        raise _missing(number)
    host, visitor, observer, second = shown.authorities
    people = TriadPeople(host, visitor, observer, who.coordinators, second)
    _require_member(who, people, shown.number)
    return shown, people


def _missing(number: int | None) -> Refused:
    if number is not None:
        return Refused(AccessRefusal.NO_SUCH_TRIAD, number=number)
    return Refused(AccessRefusal.NOT_A_TRIAD_CHANNEL)


def _require_member(who: Actor, people: TriadPeople, number: int) -> None:
    if not people.can_access(who.user_id):
        raise Refused(AccessRefusal.NOT_A_MEMBER, number=number)


def triad_by_id(session: Session, who: Actor, triad_id: int) -> Triad:
    """The triad a button or form names by id; another workspace's id is refused like a missing one."""
    triad = triads.triad_by_id(session, who.team_id, triad_id)
    if triad is None:
        raise Refused(AccessRefusal.TRIAD_GONE)
    _require_member(who, who.people(triad), triad.number)
    return triad
