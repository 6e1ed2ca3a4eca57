import pytest

from bot.rules.focus import (
    FocusRefusal,
    LineState,
    agree,
    check_feedback_format,
    check_line_text,
    is_short,
    too_many_agreed,
)
from bot.rules.refusals import Refused
from bot.rules.roles import (
    AuthorityPeople,
    RoleRefusal,
    TriadPeople,
    check_distinct_authorities,
    check_may_agree_feedback,
    check_may_answer_follow_up,
    check_may_mark_step,
    check_may_withdraw_line,
)

HOST, VISITOR, OBSERVER = "UHOST", "UVIS", "UOBS"
PROPOSED = LineState("proposed", None, None)


def refusal(call, *args) -> Refused:
    with pytest.raises(Refused) as caught:
        call(*args)
    return caught.value


def test_a_line_is_agreed_only_when_both_host_and_visiting_dcs_agree():
    first = agree(PROPOSED, HOST, HOST, VISITOR)
    assert (first.state.status, first.newly_agreed, first.waiting_for) == ("proposed", False, "visiting DCS")
    second = agree(first.state, VISITOR, HOST, VISITOR)
    assert (second.state.status, second.newly_agreed) == ("agreed", True)
    assert (second.state.host_agreed_by, second.state.visitor_agreed_by) == (HOST, VISITOR)


def test_order_does_not_matter():
    first = agree(PROPOSED, VISITOR, HOST, VISITOR)
    assert first.waiting_for == "host DCS"
    assert agree(first.state, HOST, HOST, VISITOR).state.status == "agreed"


@pytest.mark.parametrize("state, user, code, facts", [
    (PROPOSED, OBSERVER, FocusRefusal.NOT_HOST_OR_VISITING_DCS, {}),
    (LineState("proposed", HOST, None), HOST, FocusRefusal.YOU_AGREED_ALREADY, {"waiting_for": "visiting DCS"}),
    (LineState("proposed", None, VISITOR), VISITOR, FocusRefusal.YOU_AGREED_ALREADY, {"waiting_for": "host DCS"}),
    (LineState("agreed", HOST, VISITOR), VISITOR, FocusRefusal.ALREADY_AGREED, {}),
    (LineState("withdrawn", None, None), HOST, FocusRefusal.WITHDRAWN, {}),
])  # fmt: skip
def test_refusals(state, user, code, facts):
    refused = refusal(agree, state, user, HOST, VISITOR)
    assert (refused.code, refused.facts) == (code, facts)


def test_warning_only_past_three_agreed_lines():
    assert not too_many_agreed(3)
    assert too_many_agreed(4)


def test_line_text_is_tidied_and_checked():
    assert check_line_text("  How   well do we  listen? ") == "How well do we listen?"
    assert refusal(check_line_text, "").code == FocusRefusal.EMPTY
    assert check_line_text(" Neglect   thresholds ") == "Neglect thresholds"  # short is accepted
    assert is_short("Neglect thresholds") and not is_short("How well do we listen?")
    assert refusal(check_line_text, "x " * 300).facts == {"length": 599, "limit": 500}


def test_feedback_formats():
    assert check_feedback_format("Verbal") == "verbal"
    assert refusal(check_feedback_format, "mime").code == FocusRefusal.BAD_FEEDBACK_FORMAT
    assert refusal(check_feedback_format, None).code == FocusRefusal.BAD_FEEDBACK_FORMAT


def people():
    return TriadPeople(
        AuthorityPeople("Oxfordshire", HOST, ("UT1", HOST)),
        AuthorityPeople("Milton Keynes", VISITOR, ("UT2",)),
        AuthorityPeople("Portsmouth", OBSERVER),
        frozenset({"UCO"}),
    )


def test_members_roles_and_access():
    p = people()
    assert p.members() == [HOST, "UT1", VISITOR, "UT2", OBSERVER]
    assert p.roles_of("UT2") == ["visitor team"] and p.roles_of(HOST) == ["host DCS"]
    assert p.can_access("UCO") and not p.is_member("UCO") and not p.can_access("UX")
    assert p.channel_invitees() == [HOST, "UT1", VISITOR, "UT2", OBSERVER, "UCO"]


def test_three_different_authorities():
    check_distinct_authorities("A", "B", "C")
    refused = refusal(check_distinct_authorities, "Kent", "B", "kent")
    assert (refused.code, refused.facts) == (
        RoleRefusal.SAME_AUTHORITY_TWICE,
        {"name": "Kent", "role": "host", "other_role": "observer"},
    )


def test_who_may_mark_a_step_done():
    p = people()
    check_may_mark_step(p, "UT1", "self_assessment")  # host team
    check_may_mark_step(p, "UT2", "report")  # visiting team
    check_may_mark_step(p, "UCO", "data_profile")
    assert refusal(check_may_mark_step, p, OBSERVER, "self_assessment").facts == {
        "authority": "Oxfordshire",
        "role": "host",
    }
    assert refusal(check_may_mark_step, p, HOST, "report").facts == {"authority": "Milton Keynes", "role": "visitor"}
    assert refusal(check_may_mark_step, p, HOST, "data_profile").code == RoleRefusal.DATA_PROFILE_IS_COORDINATORS


@pytest.mark.parametrize(
    "user, allowed", [(HOST, True), (VISITOR, True), ("UCO", True), ("UT1", False), (OBSERVER, False)]
)
def test_who_may_agree_the_feedback_format(user, allowed):
    if allowed:
        check_may_agree_feedback(people(), user)
    else:
        assert refusal(check_may_agree_feedback, people(), user).code == RoleRefusal.FEEDBACK_NOT_HOST_OR_VISITING_DCS


@pytest.mark.parametrize(
    "user, allowed", [("UT2", True), (HOST, True), (VISITOR, True), ("UCO", True), (OBSERVER, False), ("UT1", False)]
)
def test_who_may_withdraw_a_line_proposed_by_the_visiting_team(user, allowed):
    if allowed:
        check_may_withdraw_line(people(), user, "UT2")
    else:
        assert refusal(check_may_withdraw_line, people(), user, "UT2").code == RoleRefusal.WITHDRAW_NOT_ALLOWED


@pytest.mark.parametrize("user, allowed", [(HOST, True), ("UCO", True), ("UT1", False), (VISITOR, False)])
def test_only_the_host_dcs_or_a_coordinator_answers_the_follow_up(user, allowed):
    if allowed:
        check_may_answer_follow_up(people(), user)
    else:
        refused = refusal(check_may_answer_follow_up, people(), user)
        assert refused.facts == {"host_dcs": HOST, "host": "Oxfordshire"}
