"""Sharing and the archive, through the use cases, on the database under test (SQLite or PostgreSQL)."""

from __future__ import annotations

import json

import pytest

from bot.rules.refusals import Refused
from bot.rules.sharing import Audience, ShareKind, SharingRefusal
from bot.services import export, sharing
from storage.rounds import rounds_named
from tests.integration.services.sharing_world import (
    COORDINATOR,
    fill_record,
    form_triad,
    search,
    share,
    triad_of,
)

SOUTH, NORTH = "TSOUTH", "TNORTH"
EARLY_HELP = (
    "The early help front door is well understood by partners, but step-down from social care to early help "
    "is slow and families wait for a worker."
)
VOICE = "Plans record the voice of the child well; supervision rarely reflects on it."


@pytest.fixture
def world(sessions, clock):
    oxf = form_triad(sessions, clock, SOUTH, "SE 2018", ("Oxfordshire", "Milton Keynes", "Portsmouth"), "OX")
    hants = form_triad(sessions, clock, SOUTH, "SE 2018", ("Hampshire", "Windsor", "Brighton"), "HA")
    leeds = form_triad(sessions, clock, NORTH, "YH 2018", ("Leeds", "Bradford", "York"), "LE")
    fill_record(
        sessions, clock, oxf,
        lines=["How well does the early help front door work for families?"],
        summary=EARLY_HELP,
        actions=[("Publish the early help step-down protocol", 1), ("Review caseloads", None)],
    )  # fmt: skip
    fill_record(sessions, clock, hants, lines=["How well do we hear the voice of the child?"], summary=VOICE)
    fill_record(sessions, clock, leeds, lines=["Is the early help front door working?"], summary=EARLY_HELP)
    return oxf, hants, leeds


def everyone(formed) -> list[str]:
    return [formed.host_dcs, formed.visiting_dcs, formed.observer_dcs, formed.host_team, COORDINATOR]


def test_nothing_shared_is_never_found_by_anyone_coordinators_included(sessions, world):
    oxf, hants, leeds = world
    for user in everyone(oxf) + everyone(hants):
        assert search(sessions, SOUTH, user, "early help front door").hits == []
    for user in everyone(leeds):
        assert search(sessions, NORTH, user, "early help").hits == []
    with sessions() as session:
        assert sharing.shared_kinds(session, SOUTH, [oxf.triad_id, hants.triad_id]) == {}


def test_shared_with_the_region_is_found_in_the_region_only(sessions, clock, world):
    oxf, hants, leeds = world
    done = share(sessions, clock, oxf, {"summary": "region", "lines": "region"})
    assert set(done.changed) == {ShareKind.SUMMARY, ShareKind.LINES}
    found = search(sessions, SOUTH, hants.observer_dcs, "early help front door").hits
    assert [(h.host, h.round_name, h.triad_number) for h in found] == [("Oxfordshire", "SE 2018", oxf.number)]
    hit = found[0]
    assert hit.summary == EARLY_HELP and hit.lines == ["How well does the early help front door work for families?"]
    assert hit.files is None and hit.report_attached is None and hit.action_themes is None  # not shared
    assert hit.same_region
    assert search(sessions, NORTH, leeds.host_dcs, "early help front door").hits == []  # another region
    assert search(sessions, NORTH, COORDINATOR, "early help front door").hits == []


def test_shared_with_every_region_is_found_from_another_workspace(sessions, clock, world):
    oxf, _, leeds = world
    share(sessions, clock, oxf, {"summary": "all"})
    found = search(sessions, NORTH, leeds.observer_dcs, "step-down families").hits
    assert [h.host for h in found] == ["Oxfordshire"] and not found[0].same_region
    assert found[0].lines is None  # the lines were not shared


def test_revoking_removes_the_item_from_search_at_once(sessions, clock, world):
    oxf, hants, _ = world
    share(sessions, clock, oxf, {"summary": "all", "lines": "region"})
    assert search(sessions, SOUTH, hants.host_dcs, "families wait worker").hits
    share(sessions, clock, oxf, {"summary": "nobody"})
    assert search(sessions, SOUTH, hants.host_dcs, "families wait worker").hits == []
    assert search(sessions, SOUTH, hants.host_dcs, "front door")  # the lines are still shared
    with sessions() as session:
        assert sharing.shared_kinds(session, SOUTH, [oxf.triad_id]) == {oxf.triad_id: frozenset({"lines"})}
    share(sessions, clock, oxf, {"lines": "nobody"})
    assert search(sessions, SOUTH, hants.host_dcs, "front door").hits == []


def test_found_across_rounds_and_regions(sessions, clock, world):
    oxf, hants, leeds = world
    share(sessions, clock, oxf, {"summary": "all", "lines": "all"})
    share(sessions, clock, hants, {"summary": "all"})
    share(sessions, clock, leeds, {"lines": "all"})
    found = search(sessions, SOUTH, COORDINATOR, "early help step-down").hits
    assert [h.host for h in found] == ["Oxfordshire"]
    found = search(sessions, SOUTH, COORDINATOR, "early help").hits
    assert {h.host for h in found} == {"Oxfordshire", "Leeds"}
    assert [h.host for h in search(sessions, NORTH, leeds.host_team, "voice child").hits] == ["Hampshire"]


def test_only_the_host_dcs_shares_and_only_what_was_shown(sessions, clock, world):
    oxf, _, _ = world
    for user in (oxf.visiting_dcs, oxf.host_team, COORDINATOR):
        with pytest.raises(Refused) as refused:
            share(sessions, clock, oxf, {"summary": "all"}, user=user)
        assert refused.value.code == SharingRefusal.NOT_HOST_DCS
    with sessions.begin() as session:
        who, triad = triad_of(session, oxf, oxf.host_dcs)
        with pytest.raises(Refused) as refused:
            sharing.record_sharing(session, who, triad, {"summary": "all"}, {"summary": "an old fingerprint"}, clock())
        assert refused.value.code == SharingRefusal.CHANGED_SINCE_SHOWN
        with pytest.raises(Refused) as refused:
            sharing.record_sharing(session, who, triad, {"files": "region"}, {}, clock())
        assert refused.value.code == SharingRefusal.NOTHING_TO_SHARE
        with pytest.raises(Refused) as refused:
            sharing.record_sharing(session, who, triad, {"summary": "everyone"}, {}, clock())
        assert refused.value.code == SharingRefusal.BAD_CHOICE
    assert search(sessions, SOUTH, COORDINATOR, "early help").hits == []


def test_only_the_visiting_dcs_writes_the_findings(sessions, clock, world):
    oxf, _, _ = world
    with sessions.begin() as session:
        for user in (oxf.host_dcs, COORDINATOR):
            who, triad = triad_of(session, oxf, user)
            with pytest.raises(Refused) as refused:
                sharing.write_findings(session, who, triad, "All fine.", clock())
            assert refused.value.code == SharingRefusal.NOT_VISITING_DCS
        who, triad = triad_of(session, oxf, oxf.visiting_dcs)
        with pytest.raises(Refused) as refused:
            sharing.write_findings(session, who, triad, "x" * 3001, clock())
        assert refused.value.facts == {"length": 3001, "limit": 3000}


def test_a_new_summary_is_not_shared_until_the_host_shares_again(sessions, clock, world):
    oxf, hants, _ = world
    share(sessions, clock, oxf, {"summary": "region"})
    with sessions.begin() as session:
        who, triad = triad_of(session, oxf, oxf.visiting_dcs)
        written = sharing.write_findings(session, who, triad, "Sufficiency of foster carers is the concern.", clock())
    assert written.replaced and written.summary_shared
    assert search(sessions, SOUTH, hants.host_dcs, "foster carers").hits == []
    assert search(sessions, SOUTH, hants.host_dcs, "front door").hits  # the text the host saw stays shared
    share(sessions, clock, oxf, {"summary": "region"})
    assert search(sessions, SOUTH, hants.host_dcs, "foster carers").hits
    assert search(sessions, SOUTH, hants.host_dcs, "front door").hits == []


def test_files_and_action_themes(sessions, clock, world):
    oxf, hants, _ = world
    with sessions.begin() as session:
        who, triad = triad_of(session, oxf, oxf.host_team)
        posted = [sharing.PostedFile("F0SA", "Oxfordshire self-assessment.docx", "https://x/F0SA")]
        assert sharing.attach_files(session, who, triad, "self_assessment", posted, clock()).names
        with pytest.raises(Refused) as refused:  # the report is the visiting team's
            sharing.attach_files(session, who, triad, "report", posted, clock())
        assert refused.value.code == SharingRefusal.NOT_FILE_OWNER
        who, triad = triad_of(session, oxf, oxf.visiting_dcs)
        report = [sharing.PostedFile("F0RE", "Peer challenge report.pdf", "https://x/F0RE")]
        assert sharing.attach_files(session, who, triad, "report", report, clock()).names
        assert sharing.attach_files(session, who, triad, "report", report, clock()).already
        preview = sharing.share_preview(session, *triad_of(session, oxf, oxf.host_dcs))
    themes = next(o for o in preview.options if o.kind == ShareKind.ACTION_THEMES).item
    assert themes is not None and themes.body == (
        "1. How well does the early help front door work for families?\n- Publish the early help step-down protocol\n"
        "Other actions\n- Review caseloads"
    )
    assert oxf.host_team not in themes.body  # no owners
    share(sessions, clock, oxf, {"files": "region", "action_themes": "region"})
    found = search(sessions, SOUTH, hants.host_dcs, "protocol").hits
    assert found and found[0].report_attached and found[0].summary is None
    assert search(sessions, SOUTH, hants.host_dcs, "report").hits[0].files == [
        {"kind": "self_assessment", "name": "Oxfordshire self-assessment.docx", "permalink": "https://x/F0SA"},
        {"kind": "report", "name": "Peer challenge report.pdf", "permalink": "https://x/F0RE"},
    ]
    with sessions() as session:
        assert sharing.shared_kinds(session, SOUTH, [oxf.triad_id, hants.triad_id]) == {
            oxf.triad_id: frozenset({"files", "action_themes"})
        }


def test_outsiders_may_not_search(sessions, world):
    with pytest.raises(Refused) as refused:
        search(sessions, SOUTH, "USTRANGER", "early help")
    assert refused.value.code == SharingRefusal.NOT_IN_PROGRAMME
    oxf = world[0]
    with pytest.raises(Refused):  # a member of a northern authority is not in the southern programme
        search(sessions, SOUTH, world[2].host_dcs, "early help")
    assert search(sessions, SOUTH, oxf.host_team, "early help").hits == []


def test_the_export_stays_the_full_record_whatever_was_shared(sessions, clock, world):
    oxf, _, _ = world
    with sessions() as session:
        document = json.loads(export.export_round(session, rounds_named(session, "SE 2018", SOUTH)[0], "json"))
    triad = next(t for t in document["triads"] if t["host"] == "Oxfordshire")
    assert triad["findings"] == EARLY_HELP  # not shared with anyone, still the operator's record
    assert triad["shared"] == {}
    share(sessions, clock, oxf, {"summary": "region"})
    with sessions() as session:
        document = json.loads(export.export_round(session, rounds_named(session, "SE 2018", SOUTH)[0], "json"))
    triad = next(t for t in document["triads"] if t["host"] == "Oxfordshire")
    assert triad["shared"] == {"summary": Audience.REGION.value}


def test_searches_are_worded_by_the_rules(sessions, world):
    for query, code in (("", SharingRefusal.SEARCH_EMPTY), ("the and of", SharingRefusal.SEARCH_EMPTY),
                        ("x" * 201, SharingRefusal.SEARCH_TOO_LONG)):  # fmt: skip
        with pytest.raises(Refused) as refused:
            search(sessions, SOUTH, COORDINATOR, query)
        assert refused.value.code == code
