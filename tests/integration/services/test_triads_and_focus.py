from datetime import date

import pytest

from bot.rules.focus import FocusRefusal
from bot.rules.refusals import Refused
from bot.rules.roles import RoleRefusal
from bot.rules.triads import NextStep, TriadRefusal
from bot.services import access, admin, focus, follow_up, triads
from bot.services.access import AccessRefusal
from bot.services.admin import AdminRefusal
from bot.services.focus import LineRefusal
from bot.services.follow_up import FollowUpRefusal
from storage import triads as triads_store
from tests.integration.services.conftest import (
    COORDINATOR,
    HOST,
    HOST_TEAM,
    OBSERVER,
    OUTSIDER,
    TEAM,
    VISITOR,
    VISITOR_TEAM,
    snapshot,
)

NAMES = {"host": "Oxfordshire", "visitor": "Milton Keynes", "observer": "Portsmouth"}


def refused(sessions, call) -> Refused:
    """Run ``call(session)`` in a transaction that must be refused, and check that nothing was written."""
    before = snapshot(sessions)
    with pytest.raises(Refused) as caught:
        with sessions.begin() as session:
            call(session)
    assert snapshot(sessions) == before
    return caught.value


def triad(session, who, triad_id):
    return triads_store.triad_by_id(session, TEAM, triad_id)


def test_forming_a_triad_is_checked_before_a_channel_is_made(sessions, who, triad_id):
    coordinator = who(COORDINATOR)
    assert (
        refused(sessions, lambda s: triads.plan_triad(s, who(HOST), NAMES, None)).code == AccessRefusal.NOT_COORDINATOR
    )
    same = {**NAMES, "observer": "oxfordshire"}
    assert refused(sessions, lambda s: triads.plan_triad(s, coordinator, same, None)).facts == {
        "name": "Oxfordshire", "role": "host", "other_role": "observer"
    }  # fmt: skip
    unknown = {**NAMES, "visitor": "Kent"}
    assert refused(sessions, lambda s: triads.plan_triad(s, coordinator, unknown, None)).facts == {
        "name": "Kent",
        "role": "visitor",
        "near": [],
    }
    assert (
        refused(sessions, lambda s: triads.plan_triad(s, coordinator, NAMES, "SE 2030")).code
        == TriadRefusal.NO_SUCH_ROUND
    )
    again = refused(sessions, lambda s: triads.plan_triad(s, coordinator, NAMES, "SE 2018"))
    assert (again.code, again.facts) == (
        TriadRefusal.ALREADY_HOST,
        {"host": "Oxfordshire", "number": 1, "round": "SE 2018"},
    )


def test_recording_a_triad_twice_for_one_host_is_refused(sessions, who, triad_id, clock):
    coordinator = who(COORDINATOR)
    with sessions() as session:
        swapped = {"host": "Milton Keynes", "visitor": "Portsmouth", "observer": "Oxfordshire"}
        plan = triads.plan_triad(session, coordinator, swapped, None)
        assert triads.free_channel_names(session, TEAM, plan)[0] == "pc-2018-milton-keynes"
    with sessions.begin() as session:
        formed = triads.record_triad(session, coordinator, plan, "C02", "pc-2018-milton-keynes", clock())
    assert formed.number == 2 and formed.people.host.dcs == VISITOR
    assert (
        refused(sessions, lambda s: triads.record_triad(s, coordinator, plan, "C03", "x", clock())).facts["number"] == 2
    )


def test_dates_keep_their_precision_and_fieldwork_follows_the_challenge(sessions, who, triad_id, clock):
    host = who(HOST)
    with sessions.begin() as session:
        result = triads.set_dates(
            session, host, triad(session, host, triad_id), {"challenge": "February 2018"}, False, clock()
        )
    assert result.parsed["challenge"].precision == "month" and result.unusual_visit_days is None
    early = refused(
        sessions,
        lambda s: triads.set_dates(s, host, triad(s, host, triad_id), {"fieldwork": "3 January 2018"}, False, clock()),
    )
    assert early.facts == {"fieldwork": "3 January 2018", "challenge": "February 2018"}
    bad = refused(
        sessions,
        lambda s: triads.set_dates(
            s, host, triad(s, host, triad_id), {"fieldwork": "31 February 2018"}, False, clock()
        ),
    )
    assert bad.code == TriadRefusal.UNREADABLE_DATE and bad.facts["kind"] == "fieldwork"
    with sessions.begin() as session:
        one_day = triads.set_dates(
            session, host, triad(session, host, triad_id), {"fieldwork": "23 July 2018"}, False, clock()
        )
    assert one_day.unusual_visit_days == 1
    with sessions() as session:
        status = triads.triad_status(session, host, number=triad(session, host, triad_id).number)
    assert status.fieldwork.start == date(2018, 7, 23)
    assert [o.step for o in status.outstanding][:2] == [NextStep.CONFIRM_CHALLENGE, NextStep.SELF_ASSESSMENT]


def test_steps_are_marked_done_by_their_owner_once(sessions, who, triad_id, clock):
    observer, host_team = who(OBSERVER), who(HOST_TEAM)
    assert (
        refused(
            sessions,
            lambda s: triads.mark_step_done(s, observer, triad(s, observer, triad_id), "self_assessment", clock()),
        ).code
        == RoleRefusal.NOT_STEP_OWNER
    )
    with sessions.begin() as session:
        triads.mark_step_done(session, host_team, triad(session, host_team, triad_id), "self_assessment", clock())
    again = refused(
        sessions,
        lambda s: triads.mark_step_done(s, host_team, triad(s, host_team, triad_id), "self_assessment", clock()),
    )
    assert again.facts == {"step": "self_assessment", "number": 1}


def test_the_feedback_format_is_agreed_by_a_dcs_of_host_or_visitor(sessions, who, triad_id):
    visiting_team = who(VISITOR_TEAM)
    assert (
        refused(
            sessions,
            lambda s: triads.agree_feedback_format(s, visiting_team, triad(s, visiting_team, triad_id), "written"),
        ).code
        == RoleRefusal.FEEDBACK_NOT_HOST_OR_VISITING_DCS
    )
    assert (
        refused(
            sessions, lambda s: triads.agree_feedback_format(s, who(HOST), triad(s, who(HOST), triad_id), "mime")
        ).code
        == FocusRefusal.BAD_FEEDBACK_FORMAT
    )
    with sessions.begin() as session:
        assert (
            triads.agree_feedback_format(session, who(VISITOR), triad(session, who(VISITOR), triad_id), "Written")
            == "written"
        )
    with sessions() as session:
        assert triad(session, who(HOST), triad_id).feedback_agreed_by == VISITOR


def test_only_members_and_coordinators_reach_a_triad(sessions, who, triad_id):
    with sessions() as session:
        assert access.triad_for(session, who(COORDINATOR), channel_id="C01").id == triad_id
        with pytest.raises(Refused) as outsider:
            access.triad_for(session, who(OUTSIDER), number=1)
        assert outsider.value.code == AccessRefusal.NOT_A_MEMBER
        with pytest.raises(Refused) as missing:
            access.triad_for(session, who(HOST), number=9)
        assert missing.value.facts == {"number": 9}
        with pytest.raises(Refused) as elsewhere:
            access.triad_for(session, who(HOST), channel_id="D0DIRECT")
        assert elsewhere.value.code == AccessRefusal.NOT_A_TRIAD_CHANNEL


def test_a_line_is_agreed_by_both_dcs_and_withdrawn_by_its_owners(sessions, who, triad_id):
    team = who(VISITOR_TEAM)
    with sessions.begin() as session:
        assert (
            focus.propose_line(session, team, triad(session, team, triad_id), "  How well do we   listen? ").number == 1
        )
    assert refused(
        sessions, lambda s: focus.propose_line(s, team, triad(s, team, triad_id), "how well do we listen?")
    ).facts == {"number": 1}
    assert (
        refused(sessions, lambda s: focus.agree_line(s, team, triad(s, team, triad_id), 1)).code
        == FocusRefusal.NOT_HOST_OR_VISITING_DCS
    )
    assert (
        refused(sessions, lambda s: focus.agree_line(s, team, triad(s, team, triad_id), 7)).code
        == LineRefusal.NO_SUCH_LINE
    )
    with sessions.begin() as session:
        first = focus.agree_line(session, who(HOST), triad(session, who(HOST), triad_id), 1)
    with sessions.begin() as session:
        second = focus.agree_line(session, who(VISITOR), triad(session, who(VISITOR), triad_id), 1)
    assert (first.newly_agreed, first.waiting_for, second.newly_agreed, second.agreed_count) == (
        False,
        "visiting DCS",
        True,
        1,
    )
    assert (
        refused(sessions, lambda s: focus.withdraw_line(s, who(OBSERVER), triad(s, who(OBSERVER), triad_id), 1)).code
        == RoleRefusal.WITHDRAW_NOT_ALLOWED
    )
    with sessions.begin() as session:
        focus.record_pin(session, second.line_id, "1700000000.000100")
    with sessions.begin() as session:
        withdrawn = focus.withdraw_line(session, team, triad(session, team, triad_id), 1)
    assert (withdrawn.was_agreed, withdrawn.pinned_ts) == (True, "1700000000.000100")
    assert (
        refused(sessions, lambda s: focus.withdraw_line(s, team, triad(s, team, triad_id), 1)).code
        == LineRefusal.ALREADY_WITHDRAWN
    )


def test_too_many_agreed_lines_are_flagged(sessions, who, triad_id):
    for n in range(1, 5):
        with sessions.begin() as session:
            focus.propose_line(session, who(HOST), triad(session, who(HOST), triad_id), f"Question number {n} for us?")
            focus.agree_line(session, who(HOST), triad(session, who(HOST), triad_id), n)
            result = focus.agree_line(session, who(VISITOR), triad(session, who(VISITOR), triad_id), n)
        assert result.too_many == (n > 3)
    with sessions() as session:
        assert focus.lines_of(session, triad(session, who(HOST), triad_id)).agreed_count == 4


def test_coordinators_admin(sessions, who, triad_id, clock):
    coordinator = who(COORDINATOR)
    assert (
        refused(sessions, lambda s: admin.create_round(s, coordinator, "se  2018", "Europe/London", None)).code
        == AdminRefusal.ROUND_EXISTS
    )
    assert refused(sessions, lambda s: admin.create_round(s, coordinator, "SE 2019", "Mars/Olympus", None)).facts == {
        "tz": "Mars/Olympus"
    }
    assert (
        refused(sessions, lambda s: admin.create_round(s, who(HOST), "SE 2019", "Europe/London", None)).code
        == AccessRefusal.NOT_COORDINATOR
    )
    assert refused(sessions, lambda s: admin.add_authority(s, coordinator, "OXFORDSHIRE", "UX", [])).facts == {
        "name": "Oxfordshire",
        "dcs": HOST,
    }
    assert (
        refused(sessions, lambda s: admin.update_authority(s, coordinator, "Kent", "UX", None, clock())).code
        == AdminRefusal.NO_SUCH_AUTHORITY
    )
    with sessions.begin() as session:
        updated = admin.update_authority(session, coordinator, "Portsmouth", None, ["UNEW", OBSERVER], clock())
    assert (updated.triad_channels, updated.people) == (["C01"], [OBSERVER, "UNEW"])
    with sessions.begin() as session:
        assert admin.create_round(session, coordinator, "SE 2019", "Europe/London", None).year == 2019
        admin.add_coordinator(session, coordinator, "UNEWCO", clock())
    assert who("UNEWCO").is_coordinator
    assert (
        refused(sessions, lambda s: admin.add_coordinator(s, who("UNEWCO"), COORDINATOR, clock())).code
        == AdminRefusal.ALREADY_COORDINATOR
    )


def test_the_follow_up_is_answered_once_by_the_host(sessions, who, triad_id, clock):
    answer = lambda s: follow_up.answer_follow_up(s, who(VISITOR), triad_id, "requested", clock())  # noqa: E731
    assert refused(sessions, answer).facts == {"host_dcs": HOST, "host": "Oxfordshire"}
    assert (
        refused(sessions, lambda s: follow_up.answer_follow_up(s, who(HOST), 999, "declined", clock())).code
        == FollowUpRefusal.NO_SUCH_TRIAD
    )
    with sessions.begin() as session:
        answered = follow_up.answer_follow_up(session, who(HOST), triad_id, "declined", clock())
        assert (answered.triad.follow_up_status, answered.posted) == ("declined", [])
    assert (
        refused(
            sessions, lambda s: follow_up.answer_follow_up(s, who(COORDINATOR), triad_id, "requested", clock())
        ).code
        == FollowUpRefusal.ALREADY_ANSWERED
    )
