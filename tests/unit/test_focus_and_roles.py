import pytest

from bot.rules.focus import FocusError, LineState, agree, check_feedback_format, check_line_text, too_many_agreed_warning
from bot.rules.roles import AuthorityPeople, TriadPeople, check_distinct_authorities

HOST, VISITOR, OBSERVER = "UHOST", "UVIS", "UOBS"
PROPOSED = LineState("proposed", None, None)


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


@pytest.mark.parametrize("state, user, message", [
    (PROPOSED, OBSERVER, "Only the host DCS and the visiting DCS"),
    (LineState("proposed", HOST, None), HOST, "already agreed"),
    (LineState("agreed", HOST, VISITOR), VISITOR, "already agreed by both"),
    (LineState("withdrawn", None, None), HOST, "withdrawn"),
])
def test_refusals(state, user, message):
    with pytest.raises(FocusError, match=message):
        agree(state, user, HOST, VISITOR)


def test_warning_only_past_three_agreed_lines():
    assert too_many_agreed_warning(3) is None
    assert "4 lines of enquiry" in too_many_agreed_warning(4)


def test_line_text_is_tidied_and_checked():
    assert check_line_text("  How   well do we  listen? ") == "How well do we listen?"
    for bad in ("", "Why?", "x " * 300):
        with pytest.raises(FocusError):
            check_line_text(bad)


def test_feedback_formats():
    assert check_feedback_format("Verbal") == "verbal"
    with pytest.raises(FocusError):
        check_feedback_format("mime")


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
    assert check_distinct_authorities("A", "B", "C") is None
    assert "can't be both host and observer" in check_distinct_authorities("Kent", "B", "kent")


def test_who_may_mark_a_step_done():
    from bot.rules.roles import may_mark_step

    p = people()
    assert may_mark_step(p, "UT1", "self_assessment") is None  # host team
    assert may_mark_step(p, "UT2", "report") is None  # visiting team
    assert may_mark_step(p, "UCO", "data_profile") is None
    assert "Only Oxfordshire (the host)" in may_mark_step(p, OBSERVER, "self_assessment")
    assert "Only Milton Keynes (the visitor)" in may_mark_step(p, HOST, "report")
    assert "coordinators' step" in may_mark_step(p, HOST, "data_profile")
