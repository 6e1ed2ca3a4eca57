"""The import use cases called directly (as the CLI, a DM upload and the form call them): all or nothing,
and a second import of the same file changes nothing."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.rules.imports import ImportProblem, PersonRef
from bot.rules.people import Standing
from bot.rules.refusals import Refused
from bot.services import access, imports
from bot.services.access import AccessRefusal
from bot.services.imports import Found
from storage import authorities
from storage import triads as triads_store
from storage.models import Reminder, Triad
from tests.integration.services.conftest import COORDINATOR, OUTSIDER, TEAM, snapshot

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
NOW = datetime(2026, 12, 3, 9, 0, tzinfo=timezone.utc)


class Directory:
    """People by ID or e-mail, as Slack would answer (e-mail -> an ID made from it)."""

    def __init__(self, gone: frozenset[str] = frozenset(), unknown: frozenset[str] = frozenset()):
        self.gone, self.unknown, self.asked = gone, unknown, []

    def find(self, ref: PersonRef) -> Found:
        key = ref.user_id or ref.email or ""
        self.asked.append(key)
        if key in self.unknown:
            return Found(Standing.UNKNOWN)
        user_id = ref.user_id or "U" + "".join(c for c in (ref.email or "").upper() if c.isalnum())[:20]
        return Found(Standing.DEACTIVATED if key in self.gone else Standing.ACTIVE, user_id)


def authorities_csv() -> bytes:
    return (EXAMPLES / "se-authorities.csv").read_bytes()


def round_csv() -> bytes:
    return (EXAMPLES / "se-2018.csv").read_bytes()


@pytest.fixture
def coordinator(sessions):
    with sessions() as session:
        return access.actor(session, TEAM, COORDINATOR, (COORDINATOR,))


def run_authorities(sessions, who, content=None, directory=None):
    with sessions.begin() as session:
        return imports.import_authorities(session, who, content or authorities_csv(), directory or Directory(), NOW)


def run_round(sessions, who, content=None, name="SE 2018"):
    with sessions.begin() as session:
        return imports.import_round(session, who, name, content or round_csv(), "Europe/London", NOW)


def problems_of(excinfo) -> list[tuple[int | None, ImportProblem]]:
    return [(p.line, p.code) for p in excinfo.value.facts["problems"]]


def test_authorities_are_imported_then_the_same_file_changes_nothing(sessions, coordinator):
    first = run_authorities(sessions, coordinator)
    assert len(first.added) == 9 and not first.updated and first.changed
    with sessions() as session:
        oxford = authorities.authority_by_name(session, TEAM, "oxfordshire")
        assert oxford.dcs_user_id == "UDCSOXFORDSHIREEXAMPL"
        assert oxford.team_user_ids == ["ULEADOXFORDSHIREEXAMP", "UANALYSTOXFORDSHIREEX"]
    before = snapshot(sessions)
    second = run_authorities(sessions, coordinator)
    assert not second.changed and len(second.unchanged) == 9
    assert snapshot(sessions) == before


def test_an_authority_already_registered_takes_the_files_dcs_and_team(sessions, coordinator):
    run_authorities(sessions, coordinator, b"name,dcs,team\nOxfordshire,U0OLD,U0A U0B\n")
    result = run_authorities(sessions, coordinator, b"name,dcs,team\nOxfordshire,U0NEW,U0B\nPortsmouth,U0POR,\n")
    assert result.updated == ("Oxfordshire",) and result.added == ("Portsmouth",)
    with sessions() as session:
        oxford = authorities.authority_by_name(session, TEAM, "Oxfordshire")
        assert (oxford.dcs_user_id, oxford.team_user_ids) == ("U0NEW", ["U0B"])


def test_people_not_found_or_deactivated_refuse_the_whole_file(sessions, coordinator):
    before = snapshot(sessions)
    directory = Directory(gone=frozenset({"U0GONE"}), unknown=frozenset({"nobody@example.org"}))
    content = b"name,dcs,team\nA,U0ONE,\nB,nobody@example.org,\nC,U0TWO,U0GONE\n"
    with pytest.raises(Refused) as excinfo:
        run_authorities(sessions, coordinator, content, directory)
    assert problems_of(excinfo) == [(3, ImportProblem.PERSON_NOT_FOUND), (4, ImportProblem.PERSON_NOT_ACTIVE)]
    assert snapshot(sessions) == before


def test_a_person_named_twice_is_looked_up_once(sessions, coordinator):
    directory = Directory()
    run_authorities(sessions, coordinator, b"name,dcs,team\nA,U0ONE,U0TWO\nB,U0TWO,U0ONE\n", directory)
    assert sorted(directory.asked) == ["U0ONE", "U0TWO"]


def test_a_non_coordinator_is_refused(sessions):
    with sessions() as session:
        outsider = access.actor(session, TEAM, OUTSIDER, (COORDINATOR,))
    for run in (run_authorities, run_round):
        with pytest.raises(Refused) as excinfo:
            run(sessions, outsider)
        assert excinfo.value.code == AccessRefusal.NOT_COORDINATOR


def test_the_operator_may_import_and_is_not_a_coordinator_in_slack(sessions):
    with sessions() as session:
        operator = imports.operator(session, TEAM, (COORDINATOR,))
    assert operator.is_coordinator and operator.coordinators == frozenset({COORDINATOR})
    assert run_authorities(sessions, operator).added


def test_an_earlier_round_is_history_no_channels_its_past_reminders_skipped(sessions, coordinator):
    run_authorities(sessions, coordinator)
    result = run_round(sessions, coordinator)
    assert result.round_created and [(t.file_number, t.number, t.host) for t in result.added] == [
        (1, 1, "Oxfordshire"), (2, 2, "Wokingham"), (3, 3, "Hampshire"),
    ]  # fmt: skip
    with sessions() as session:
        triads = triads_store.triads(session, TEAM)
        assert [t.channel_id for t in triads] == [None, None, None]
        assert {t.round.name for t in triads} == {"SE 2018"} and triads[0].round.year == 2018
        dates = {(t.number, d.kind): (d.text, d.start.isoformat(), d.provisional) for t in triads for d in t.dates}
        assert dates[(1, "fieldwork")] == ("23 & 24 July 2018", "2018-07-23", False)
        assert dates[(2, "challenge")] == ("Early October", "2018-10-01", False)
        assert dates[(2, "fieldwork")] == ("December 2018 tbc", "2018-12-01", True)
        assert dates[(3, "challenge")] == ("7 September", "2018-09-07", False)
        statuses = set(session.scalars(select(Reminder.status)))
    assert statuses == {"skipped"}  # 2018 is long past: nothing is sent
    assert result.skipped_reminders > 0 and result.pending_reminders == 0


def test_importing_the_same_round_twice_changes_nothing(sessions, coordinator):
    run_authorities(sessions, coordinator)
    run_round(sessions, coordinator)
    before = snapshot(sessions)
    again = run_round(sessions, coordinator)
    assert not again.changed and len(again.unchanged) == 3
    assert snapshot(sessions) == before


def test_a_changed_file_updates_its_triads(sessions, coordinator):
    run_authorities(sessions, coordinator)
    run_round(sessions, coordinator)
    changed = round_csv().replace(b"Early October,December 2018 tbc", b"Early October,10 & 11 December 2018")
    result = run_round(sessions, coordinator, changed)
    assert [t.number for t in result.updated] == [2] and len(result.unchanged) == 2
    with sessions() as session:
        two = triads_store.triad_by_number(session, TEAM, 2)
        assert {d.kind: d.text for d in two.dates}["fieldwork"] == "10 & 11 December 2018"


def test_unknown_authorities_refuse_the_round_and_write_nothing(sessions, coordinator):
    run_authorities(sessions, coordinator, b"name,dcs\nOxfordshire,U0OXF\nMilton Keynes,U0MK\n")
    before = snapshot(sessions)
    with pytest.raises(Refused) as excinfo:
        run_round(sessions, coordinator)
    found = problems_of(excinfo)
    assert (2, ImportProblem.UNKNOWN_AUTHORITY) in found and (3, ImportProblem.UNKNOWN_AUTHORITY) in found
    assert snapshot(sessions) == before  # not even the round


def test_the_files_numbers_give_way_to_triads_already_numbered(sessions, coordinator, triad_id):
    # triad 1 of SE 2018 exists in Slack already (the conftest's): the earlier round takes the next numbers
    run_authorities(sessions, coordinator)
    result = run_round(sessions, coordinator, name="SE 2017")
    assert [(t.file_number, t.number) for t in result.added] == [(1, 2), (2, 3), (3, 4)]


def test_a_round_formed_in_slack_is_not_imported_into(sessions, coordinator, triad_id):
    run_authorities(sessions, coordinator)
    with pytest.raises(Refused) as excinfo:
        run_round(sessions, coordinator)  # SE 2018 has the conftest's triad 1 with a channel
    assert problems_of(excinfo) == [(None, ImportProblem.ROUND_FORMED_IN_SLACK)]


def test_a_round_needs_a_name(sessions, coordinator):
    with pytest.raises(Refused) as excinfo:
        run_round(sessions, coordinator, name="  ")
    assert excinfo.value.code == imports.ImportRoundRefusal.NO_ROUND_NAME


def test_reminders_still_to_come_of_a_recent_round_are_pending(sessions, coordinator):
    run_authorities(sessions, coordinator)
    content = (
        b"triad,host,visitor,observer,challenge session,fieldwork\n"
        b"1,Oxfordshire,Milton Keynes,Portsmouth,1 October 2026,20 & 21 January 2027\n"
    )
    result = run_round(sessions, coordinator, content, name="SE 2026")
    assert result.pending_reminders > 0 and result.skipped_reminders > 0
    with sessions() as session:
        triad = session.scalar(select(Triad))
        assert triad.channel_id is None


def test_a_new_visitor_in_the_file_takes_the_visiting_dcs_reminders(sessions, coordinator):
    run_authorities(
        sessions, coordinator, b"name,dcs\nOxfordshire,U0OXF\nMilton Keynes,U0MK\nPortsmouth,U0POR\nKent,U0KENT\n"
    )
    row = "1,Oxfordshire,{},Portsmouth,1 October 2026,20 & 21 January 2027\n"
    header = "triad,host,visitor,observer,challenge session,fieldwork\n"
    run_round(sessions, coordinator, (header + row.format("Milton Keynes")).encode(), name="SE 2026")
    result = run_round(sessions, coordinator, (header + row.format("Kent")).encode(), name="SE 2026")
    assert [t.number for t in result.updated] == [1]
    with sessions() as session:
        pending = {r.kind: r.recipient for r in session.scalars(select(Reminder).where(Reminder.status == "pending"))}
    assert pending["report_due"] == "U0KENT" and pending["pre_visit"] in ("U0OXF", "U0KENT")
    with sessions() as session:
        recipients = set(session.scalars(select(Reminder.recipient).where(Reminder.status == "pending")))
    assert "U0MK" not in recipients
