"""Coordinators' use cases: rounds, authorities and their people, coordinators."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from difflib import get_close_matches
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.orm import Session

from bot.rules.authorities import dcs_changes, round_is_open
from bot.rules.coordinators import Change, CoordinatorRefusal, change_to, check_removal
from bot.rules.dates import year_from_round_name
from bot.rules.limits import Field, check_length
from bot.rules.refusals import Refused
from bot.rules.times import local_today
from bot.services.access import Actor, require_coordinator
from bot.services.replan import replan_round, replan_triad
from storage import authorities as authorities_store
from storage import coordinators as coordinators_store
from storage import models, triads
from storage import rounds as rounds_store
from storage.models import Authority, AuthorityMember, Coordinator, DcsChange, Round


class AdminRefusal(StrEnum):
    UNKNOWN_TIME_ZONE = "unknown_time_zone"  # facts: tz
    ROUND_EXISTS = "round_exists"  # facts: name
    AUTHORITY_EXISTS = "authority_exists"  # facts: name, dcs
    NO_SUCH_AUTHORITY = "no_such_authority"  # facts: name, near (a registered name like it, or none)
    ALREADY_COORDINATOR = "already_coordinator"  # facts: user


def create_round(session: Session, who: Actor, name: str, tz: str, year: int | None) -> Round:
    """A new round; without a year, the year is read from its name ("SE 2018")."""
    require_coordinator(who, "create_round")
    check_length(Field.ROUND_NAME, name)
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise Refused(AdminRefusal.UNKNOWN_TIME_ZONE, tz=tz) from None
    if year is None:
        year = year_from_round_name(name)
    if rounds_store.round_by_name(session, who.team_id, name):
        raise Refused(AdminRefusal.ROUND_EXISTS, name=name)
    round_ = Round(
        team_id=who.team_id, name=name, name_key=models.name_key(name), year=year, timezone=tz, created_by=who.user_id
    )
    session.add(round_)
    return round_


def rounds(session: Session, who: Actor) -> list[Round]:
    return rounds_store.rounds(session, who.team_id)


def add_authority(session: Session, who: Actor, name: str, dcs: str, team: list[str]) -> Authority:
    require_coordinator(who, "register_authority")
    check_length(Field.AUTHORITY_NAME, name)
    existing = authorities_store.authority_by_name(session, who.team_id, name)
    if existing:
        raise Refused(AdminRefusal.AUTHORITY_EXISTS, name=existing.name, dcs=existing.dcs_user_id)
    authority = Authority(team_id=who.team_id, name=name, name_key=models.name_key(name), dcs_user_id=dcs)
    authority.members = [AuthorityMember(user_id=u) for u in team if u != dcs]
    session.add(authority)
    return authority


@dataclass(frozen=True)
class DcsChanged:
    """An authority's DCS changed (recorded in ``dcs_changes``): to tell the former DCS and the triads."""

    authority: str
    former: str
    new: str
    changed_by: str
    open_channels: list[str]  # channels of the authority's triads in open rounds


@dataclass(frozen=True)
class AuthorityUpdated:
    authority: Authority
    triad_channels: list[str]  # channels of the authority's triads, to invite its people to
    people: list[str]  # the DCS and team, as now recorded
    dcs_change: DcsChanged | None = None


def update_authority(
    session: Session,
    who: Actor,
    name: str,
    dcs: str | None,
    team: list[str] | None,
    now: datetime,
    via: str = "command",
) -> AuthorityUpdated:
    """A new DCS and/or team; the authority's triads re-plan their reminders for the new people.

    No one makes themselves the DCS (bot.rules.authorities); a change of DCS is recorded with who made
    it, and the result names the former DCS and the open triads' channels to tell."""
    require_coordinator(who, "change_authority")
    authority = authorities_store.authority_by_name(session, who.team_id, name)
    if authority is None:
        names = [a.name for a in authorities_store.authorities(session, who.team_id)]
        raise Refused(AdminRefusal.NO_SUCH_AUTHORITY, name=name, near=get_close_matches(name, names, n=1))
    former = authority.dcs_user_id
    changed = dcs_changes(who.user_id, former, dcs, authority.name)
    if dcs and changed:
        authority.dcs_user_id = dcs
        session.add(
            DcsChange(
                team_id=who.team_id,
                authority_id=authority.id,
                former_dcs=former,
                new_dcs=dcs,
                changed_by=who.user_id,
                via=via,
                changed_at=now,
            )
        )
    wanted = [u for u in (team if team is not None else authority.team_user_ids) if u != authority.dcs_user_id]
    for member in list(authority.members):  # keep rows that stay: replacing them all would re-insert duplicates
        if member.user_id not in wanted:
            authority.members.remove(member)
    session.flush()
    authority.members.extend(AuthorityMember(user_id=u) for u in wanted if u not in authority.team_user_ids)
    session.flush()
    channels, open_channels = [], []
    for triad in triads.triads(session, who.team_id):
        if authority.id in (triad.host_id, triad.visitor_id, triad.observer_id, triad.second_observer_id):
            replan_triad(session, triad, who.coordinators, now)  # reminders follow the new DCS
            if triad.channel_id:
                channels.append(triad.channel_id)
                summit = next((d for d in triad.round.dates if d.kind == "summit"), None)
                if round_is_open(summit.end if summit else None, local_today(now, triad.round.timezone)):
                    open_channels.append(triad.channel_id)
    change = DcsChanged(authority.name, former, dcs, who.user_id, open_channels) if dcs and changed else None
    return AuthorityUpdated(authority, channels, [authority.dcs_user_id, *authority.team_user_ids], change)


def authorities(session: Session, who: Actor) -> list[Authority]:
    return authorities_store.authorities(session, who.team_id)


def add_coordinator(session: Session, who: Actor, user: str, now: datetime) -> None:
    """A new coordinator of this workspace; every triad re-plans, since coordinators get the
    data-profile reminders."""
    require_coordinator(who, "add_coordinator")
    if user in who.coordinators:
        raise Refused(AdminRefusal.ALREADY_COORDINATOR, user=user)
    session.add(Coordinator(team_id=who.team_id, user_id=user, added_by=who.user_id))
    session.flush()
    _replan_all(session, who, who.coordinators | {user}, now)


def remove_coordinator(session: Session, who: Actor, user: str, now: datetime) -> None:
    """`user` is no longer a coordinator of this workspace: refused for one named by PEER_COORDINATORS
    and for the last one; every triad re-plans, so their coordinator reminders here are cancelled."""
    require_coordinator(who, "remove_coordinator")
    stored = coordinators_store.stored_coordinator_ids(session, who.team_id)
    problem = check_removal(user, stored, who.configured)
    if problem is not None:
        raise Refused(problem, user=user)
    coordinators_store.delete_coordinator(session, who.team_id, user)
    _replan_all(session, who, who.coordinators - {user}, now)


def set_coordinators(session: Session, who: Actor, wanted: list[str], now: datetime) -> Change:
    """The form: this workspace's coordinators become `wanted` (those named by PEER_COORDINATORS stay,
    and someone always remains)."""
    require_coordinator(who, "change_coordinators")
    stored = coordinators_store.stored_coordinator_ids(session, who.team_id)
    change = change_to(wanted, stored, who.configured)
    for user in change.removed:
        if user in who.configured:
            raise Refused(CoordinatorRefusal.NAMED_BY_ENVIRONMENT, user=user)
    if not wanted:
        raise Refused(CoordinatorRefusal.LAST_COORDINATOR, user=who.user_id)
    for user in change.removed:
        coordinators_store.delete_coordinator(session, who.team_id, user)
    session.add_all(Coordinator(team_id=who.team_id, user_id=u, added_by=who.user_id) for u in change.added)
    session.flush()
    if change.added or change.removed:
        _replan_all(session, who, (who.coordinators | set(change.added)) - set(change.removed), now)
    return change


def _replan_all(session: Session, who: Actor, coordinators: frozenset[str], now: datetime) -> None:
    for round_ in rounds_store.rounds(session, who.team_id):
        replan_round(session, round_, coordinators, now)  # the round-level rows and each triad's


def find_authority(session: Session, who: Actor, name: str) -> Authority | None:
    return authorities_store.authority_by_name(session, who.team_id, name)


def latest_round(session: Session, who: Actor) -> Round | None:
    return rounds_store.latest_round(session, who.team_id)
