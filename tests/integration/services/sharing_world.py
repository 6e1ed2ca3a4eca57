"""Triads in two workspaces (two regions of one deployment) with findings, lines, actions and files."""

from __future__ import annotations

from dataclasses import dataclass

from bot.rules.dates import parse_fuzzy_date
from bot.services import access, admin, focus, sharing, triads
from bot.services import actions as action_service

COORDINATOR = "UCOORD"


@dataclass(frozen=True)
class Formed:
    team_id: str
    triad_id: int
    number: int
    host_dcs: str
    visiting_dcs: str
    observer_dcs: str
    host_team: str


def actor(session, team: str, user: str) -> access.Actor:
    return access.actor(session, team, user, (COORDINATOR,))


def form_triad(sessions, clock, team: str, round_name: str, names: tuple[str, str, str], tag: str) -> Formed:
    """A round (made if new), three authorities named ``names`` whose people are tagged ``tag``, and their triad."""
    host_dcs, host_team, visiting_dcs, observer_dcs = (f"U{tag}H", f"U{tag}HT", f"U{tag}V", f"U{tag}O")
    with sessions.begin() as session:
        who = actor(session, team, COORDINATOR)
        if not any(r.name == round_name for r in admin.rounds(session, who)):
            admin.create_round(session, who, round_name, "Europe/London", None)
            session.flush()
        admin.add_authority(session, who, names[0], host_dcs, [host_team])
        admin.add_authority(session, who, names[1], visiting_dcs, [])
        admin.add_authority(session, who, names[2], observer_dcs, [])
    with sessions.begin() as session:
        who = actor(session, team, COORDINATOR)
        roles = {"host": names[0], "visitor": names[1], "observer": names[2]}
        plan = triads.plan_triad(session, who, roles, round_name)
        formed = triads.record_triad(session, who, plan, f"C{tag}", f"pc-{tag.lower()}", clock())
    with sessions() as session:
        triad = access.triad_for(session, actor(session, team, COORDINATOR), number=formed.number)
        return Formed(team, triad.id, triad.number, host_dcs, visiting_dcs, observer_dcs, host_team)


def triad_of(session, formed: Formed, user: str):
    who = actor(session, formed.team_id, user)
    return who, access.triad_by_id(session, who, formed.triad_id)


def fill_record(
    sessions,
    clock,
    formed: Formed,
    *,
    lines: list[str],
    summary: str | None,
    actions: list[tuple[str, int | None]] = (),
):
    """Agreed lines, the visiting DCS's summary and actions (text, line number)."""
    with sessions.begin() as session:
        for text in lines:
            who, triad = triad_of(session, formed, formed.host_dcs)
            number = focus.propose_line(session, who, triad, text).number
            focus.agree_line(session, who, triad, number)
            who, triad = triad_of(session, formed, formed.visiting_dcs)
            focus.agree_line(session, who, triad, number)
        if summary is not None:
            who, triad = triad_of(session, formed, formed.visiting_dcs)
            sharing.write_findings(session, who, triad, summary, clock())
        for text, line in actions:
            who, triad = triad_of(session, formed, formed.host_dcs)
            due = parse_fuzzy_date("30 September 2018", 2018)
            action_service.add_action(session, who, triad, text, formed.host_team, due, line, clock())


def share(sessions, clock, formed: Formed, choices: dict[str, str], user: str | None = None):
    """The host DCS opens the share form and submits ``choices`` for what it showed."""
    with sessions.begin() as session:
        who, triad = triad_of(session, formed, user or formed.host_dcs)
        preview = sharing.share_preview(session, who, triad)
        shown = {o.kind.value: o.item.fingerprint for o in preview.options if o.item is not None}
        return sharing.record_sharing(session, who, triad, choices, shown, clock())


def search(sessions, team: str, user: str, query: str):
    with sessions() as session:
        return sharing.search_archive(session, actor(session, team, user), query)
