"""The reviewer pool and the visiting team: typed, by form, suggested by the solver, accepted by both DCSs."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from storage.models import Reviewer, TeamProposal
from tests.e2e.conftest import MK_DCS, MK_TEAM1, OXF_DCS, OXF_TEAM, POR_DCS, STRANGER, mention, snapshot
from tests.e2e.test_focus_buttons import buttons, click_payload, current, text_of, told
from tests.e2e.test_forms import dms, opened, select_, submission, text

REVIEWERS = {  # user: (authority, seniority, expertise)
    "UREVKENT": ("Kent", "director", "early help, SEND"),
    "UREVSUR": ("Surrey", "manager", "SEND"),
    "UREVSLO": ("Slough", "practitioner", "neglect"),
    "UREVREA": ("Reading", "head of service", "youth justice"),
    "UREVOXF": ("Oxfordshire", "director", "early help, SEND"),  # the host's own: never on its team
}
LINE = "How well does our early help offer support children with SEND?"


def add(coordinator, user: str, authority: str, seniority: str, expertise: str, channel: str = "D0DIRECT"):
    return coordinator.peer(
        f'reviewer add {mention(user)} authority:"{authority}" seniority:"{seniority}" expertise:"{expertise}"',
        channel=channel,
    )


@pytest.fixture
def other_authorities(coordinator, triad_channel):
    for name in ("Kent", "Surrey", "Slough", "Reading"):
        coordinator.peer(f'authority add "{name}" dcs:{mention("U" + name.upper()[:5] + "DCS")}')
    return triad_channel


@pytest.fixture
def pool(coordinator, other_authorities):
    for user, (authority, seniority, expertise) in REVIEWERS.items():
        assert ":white_check_mark:" in add(coordinator, user, authority, seniority, expertise).text
    return other_authorities


@pytest.fixture
def agreed(as_user, pool):
    channel = pool
    as_user(MK_TEAM1).peer(f'focus propose "{LINE}"', channel=channel)
    as_user(OXF_DCS).peer("focus agree 1", channel=channel)
    as_user(MK_DCS).peer("focus agree 1", channel=channel)
    return channel


def suggestions(double, channel: str) -> list[dict]:
    return [
        {"channel": channel, **m}
        for m in double.messages_in(channel)
        if (m.get("text") or "").startswith("Suggested visiting team")
    ]


def proposals(sessions) -> list[TeamProposal]:
    with sessions() as session:
        return list(session.scalars(select(TeamProposal).order_by(TeamProposal.id)))


@pytest.fixture
def suggestion(as_user, agreed, double) -> dict:
    reply = as_user(MK_TEAM1).peer("team suggest", channel=agreed)
    assert "Suggested a team of" in reply.text
    [message] = suggestions(double, agreed)
    return message


# The pool


def test_a_coordinator_adds_lists_updates_and_removes_reviewers(coordinator, other_authorities, sessions):
    reply = add(coordinator, "UREVKENT", "kent", "Head of Service", "early help, SEND")
    assert reply.text == (
        ":white_check_mark: <@UREVKENT> added to the reviewer pool: Kent, head of service; expertise early help, SEND."
    )
    reply = add(coordinator, "UREVKENT", "Kent", "director", "early help; neglect")
    assert "updated in the reviewer pool: Kent, director; expertise early help, neglect" in reply.text
    add(coordinator, "UREVSUR", "Surrey", "manager", "SEND")
    listed = coordinator.peer("reviewer list").text
    assert "*Reviewer pool* (2)" in listed
    assert listed.index("<@UREVKENT> — *Kent*, director; early help, neglect") < listed.index("<@UREVSUR> — *Surrey*")
    reply = coordinator.peer(f"reviewer remove {mention('UREVSUR')}")
    assert reply.text == ":white_check_mark: <@UREVSUR> (Surrey) removed from the reviewer pool."
    with sessions() as session:
        assert [(r.user_id, r.seniority, r.expertise) for r in session.scalars(select(Reviewer))] == [
            ("UREVKENT", "director", ["early help", "neglect"])
        ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            f'reviewer add {mention("UREV1")} authority:"Atlantis" seniority:"manager" expertise:"SEND"',
            'No authority called "Atlantis" is registered — '
            "registered: Kent, Milton Keynes, Oxfordshire, Portsmouth, Reading, Slough, Surrey.",
        ),
        (
            f'reviewer add {mention("UREV1")} authority:"Kent" seniority:"boss" expertise:"SEND"',
            "`boss` isn't a seniority I know: "
            'write seniority:"director", "head of service", "manager" or "practitioner".',
        ),
        (
            f'reviewer add {mention("UREV1")} authority:"Kent" expertise:"SEND"',
            "Say the reviewer's seniority: director, head of service, manager or practitioner.",
        ),
        (
            f'reviewer add {mention("UREV1")} authority:"Kent" seniority:"manager" expertise:" , "',
            'Say what the reviewer knows, as terms separated by commas, like "early help, SEND".',
        ),
        (
            f'reviewer add {mention("UREV1")} authority:"Kent" seniority:"manager"',
            "Say what the reviewer knows",
        ),
        ('reviewer add authority:"Kent" seniority:"manager" expertise:"SEND"', "Name one reviewer from Slack's @ menu"),
        (
            f'reviewer add {mention("UREV1")} seniority:"manager" expertise:"SEND"',
            'Say which authority the reviewer is from with authority:"Name"',
        ),
        (
            f'reviewer add {mention("UREV1")} authority:"Kent" level:"manager" expertise:"SEND"',
            "`level:` isn't an option here.",
        ),
        (
            f'reviewer add {mention("UGONE")} authority:"Kent" seniority:"manager" expertise:"SEND"',
            "<@UGONE> has been deactivated in this workspace, so they can't be a reviewer.",
        ),
        (
            f'reviewer add {mention("U0GHOST")} authority:"Kent" seniority:"manager" expertise:"SEND"',
            "<@U0GHOST> isn't anyone in this workspace, so they can't be a reviewer.",
        ),
        (f"reviewer remove {mention('UREV1')}", "<@UREV1> isn't in the reviewer pool"),
        ("reviewer remove", "Name one reviewer from Slack's @ menu, like `/peer reviewer remove @user`"),
        ("reviewer list please", "`/peer reviewer list` takes nothing after it."),
    ],
)
def test_every_mistake_in_the_pool_is_told_and_nothing_is_written(
    coordinator, other_authorities, double, sessions, text, expected
):
    double.add_user("UGONE", deleted=True)
    double.unknown_users.add("U0GHOST")
    before = snapshot(sessions)
    reply = coordinator.peer(text)
    assert reply.text.startswith(":x: ") and expected in reply.text, reply.text
    assert snapshot(sessions) == before


@pytest.mark.parametrize("verb", ["add", "list", "remove"])
def test_only_coordinators_keep_the_pool(as_user, pool, sessions, verb):
    before = snapshot(sessions)
    text = {
        "add": f'reviewer add {mention("UREV1")} authority:"Kent" seniority:"manager" expertise:"SEND"',
        "list": "reviewer list",
        "remove": f"reviewer remove {mention('UREVKENT')}",
    }[verb]
    reply = as_user(OXF_DCS).peer(text)
    assert reply.text.startswith(":x: Only a programme coordinator can keep the reviewer pool.")
    assert snapshot(sessions) == before


def test_reviewer_add_typed_bare_opens_a_form_and_its_submission_adds_them(
    coordinator, other_authorities, double, sessions
):
    assert coordinator.peer("reviewer add").raw == b""
    view = opened(double)
    assert view["callback_id"] == "reviewer_add_form"
    assert [b["block_id"] for b in view["blocks"]] == ["reviewer", "authority", "seniority", "expertise"]
    assert [o["value"] for o in view["blocks"][1]["element"]["options"]][:2] == ["Kent", "Milton Keynes"]

    def submit(values: dict):
        return coordinator.click(submission(coordinator.user, view, values))

    filled = {
        "reviewer": {"reviewer": {"type": "users_select", "selected_user": "UREVKENT"}},
        "authority": {"authority": select_("Kent")},
        "seniority": {"seniority": select_("head of service")},
        "expertise": {"expertise": text("early help, SEND")},
    }
    before = snapshot(sessions)
    empty = submit({**filled, "expertise": {"expertise": text(" ; ")}})
    assert (
        empty.json["response_action"] == "errors" and "Say what the reviewer knows" in empty.json["errors"]["expertise"]
    )
    gone = submit({**filled, "authority": {"authority": select_("Atlantis")}})
    assert 'No authority called "Atlantis"' in gone.json["errors"]["authority"]
    double.add_user("UGONE", deleted=True)
    deactivated = submit({**filled, "reviewer": {"reviewer": {"type": "users_select", "selected_user": "UGONE"}}})
    assert "has been deactivated" in deactivated.json["errors"]["reviewer"]
    assert snapshot(sessions) == before

    assert submit(filled).raw == b""
    assert dms(double, coordinator.user) == [
        ":white_check_mark: <@UREVKENT> added to the reviewer pool: Kent, head of service; expertise early help, SEND."
    ]
    with sessions() as session:
        assert session.scalar(select(Reviewer.seniority)) == "head of service"


def test_the_form_submitted_by_someone_no_longer_a_coordinator_is_refused(
    as_user, coordinator, other_authorities, double, sessions
):
    coordinator.peer("reviewer add")
    view = opened(double)
    before = snapshot(sessions)
    values = {
        "reviewer": {"reviewer": {"type": "users_select", "selected_user": "UREVKENT"}},
        "authority": {"authority": select_("Kent")},
        "seniority": {"seniority": select_("manager")},
        "expertise": {"expertise": text("SEND")},
    }
    answer = as_user(STRANGER).click(submission(STRANGER, view, values))
    assert "Only a programme coordinator" in answer.json["errors"]["reviewer"]
    assert snapshot(sessions) == before


# Suggesting and accepting a team


def test_team_suggest_posts_a_team_from_other_authorities_with_accept_and_suggest_again(suggestion, sessions):
    shown = text_of(suggestion)
    assert buttons(suggestion) == ["team_accept", "team_suggest_again"]
    assert "<@UREVOXF>" not in shown  # from the host
    [proposal] = proposals(sessions)
    members = proposal.member_ids
    assert 3 <= len(members) <= 4 and "UREVOXF" not in members
    assert len({m["authority"] for m in proposal.members}) == len(members)
    assert "UREVKENT" in members and "UREVSUR" in members  # the two matching the agreed line
    assert proposal.optimal and "proven best" in shown and "the 1 agreed line(s)" in shown
    assert f"Not accepted yet · waiting for the host DCS (<@{OXF_DCS}>) and the visiting DCS (<@{MK_DCS}>)." in shown
    assert (proposal.message_channel, proposal.message_ts) == (suggestion["channel"], suggestion["ts"])


def test_both_dcs_accept_in_place_and_the_team_is_invited_and_told(suggestion, as_user, double, sessions):
    first = click_payload(double, OXF_DCS, suggestion, "team_accept")
    as_user(OXF_DCS).click(first)
    assert told(double, first) == [
        ":white_check_mark: You accepted the visiting team; it is waiting for the visiting DCS."
    ]
    shown = current(double, suggestion)
    assert f"Accepted so far by the host DCS (<@{OXF_DCS}>) · waiting for the visiting DCS (<@{MK_DCS}>)." in text_of(
        shown
    )
    again = click_payload(double, OXF_DCS, shown, "team_accept")  # a double click counts once
    as_user(OXF_DCS).click(again)
    assert told(double, again) == [":x: You have already accepted this team; it is waiting for the visiting DCS."]
    reviewers = set(proposals(sessions)[0].member_ids)
    assert not [c for c in double.calls_to("conversations.invite") if reviewers & set(c.args["users"].split(","))]

    second = click_payload(double, MK_DCS, shown, "team_accept")
    as_user(MK_DCS).click(second)
    [proposal] = proposals(sessions)
    assert (proposal.status, proposal.host_accepted_by, proposal.visitor_accepted_by) == ("accepted", OXF_DCS, MK_DCS)
    assert proposal.accepted_at is not None
    shown = current(double, suggestion)
    assert buttons(shown) == [] and "the reviewers are invited to this channel" in text_of(shown)
    invites = [
        c.args["users"] for c in double.calls_to("conversations.invite") if c.args["channel"] == suggestion["channel"]
    ]
    assert invites[-1] == ",".join(proposal.member_ids)
    channel = double.channel_named(double.calls_to("conversations.create")[-1].args["name"])
    assert set(proposal.member_ids) <= set(channel.members)
    welcome = [m["text"] for m in double.messages_in(suggestion["channel"]) if "you are its visiting team" in m["text"]]
    assert len(welcome) == 1 and all(f"<@{u}>" in welcome[0] for u in proposal.member_ids)

    late = click_payload(double, MK_DCS, suggestion, "team_accept")  # a click on the stale copy of the message
    as_user(MK_DCS).click(late)
    assert told(double, late) == [":x: This team is already accepted by both DCSs."]
    assert len([m for m in double.messages_in(suggestion["channel"]) if "you are its visiting team" in m["text"]]) == 1
    reply = as_user(MK_TEAM1).peer("team suggest", channel=suggestion["channel"])
    assert reply.text.startswith(":x: This triad's visiting team is already accepted: <@")


@pytest.mark.parametrize("who", [POR_DCS, OXF_TEAM, MK_TEAM1, STRANGER])
def test_anyone_but_the_two_dcs_is_told_why_and_nothing_changes(suggestion, as_user, double, sessions, who):
    before = snapshot(sessions)
    payload = click_payload(double, who, suggestion, "team_accept")
    as_user(who).click(payload)
    expected = (
        ":x: Only triad 1's members and the programme coordinators can see or change it."
        if who == STRANGER
        else ":x: Only the host DCS and the visiting DCS can accept the visiting team."
    )
    assert told(double, payload) == [expected]
    assert snapshot(sessions) == before and double.calls_to("chat.update") == []


def test_suggest_again_replaces_the_suggestion_and_the_old_one_is_explained(suggestion, as_user, double, sessions):
    payload = click_payload(double, MK_TEAM1, suggestion, "team_suggest_again")
    as_user(MK_TEAM1).click(payload)
    old, new = proposals(sessions)
    assert (old.status, new.status) == ("superseded", "proposed")
    assert set(old.member_ids) != set(new.member_ids)
    assert "replaced by a newer suggestion" in text_of(current(double, suggestion))
    assert buttons(current(double, suggestion)) == []
    [_, posted] = suggestions(double, suggestion["channel"])
    assert posted["ts"] == new.message_ts and buttons(posted) == ["team_accept", "team_suggest_again"]

    stale = click_payload(double, OXF_DCS, suggestion, "team_accept")  # the old message's button, as first seen
    as_user(OXF_DCS).click(stale)
    assert told(double, stale) == [
        ":x: This suggestion was replaced by a newer one — use the latest suggestion in the channel."
    ]
    assert proposals(sessions)[0].host_accepted_by is None


def test_a_reviewer_removed_meanwhile_makes_the_suggestion_stale(suggestion, coordinator, as_user, double, sessions):
    [proposal] = proposals(sessions)
    gone = proposal.member_ids[0]
    coordinator.peer(f"reviewer remove {mention(gone)}")
    payload = click_payload(double, OXF_DCS, suggestion, "team_accept")
    as_user(OXF_DCS).click(payload)
    assert told(double, payload) == [
        f":x: This suggestion is out of date: <@{gone}> has left the reviewer pool. "
        "Click *Suggest again* for a team that still holds."
    ]
    assert proposals(sessions)[0].host_accepted_by is None


def test_a_tampered_button_is_told(suggestion, as_user, double, sessions):
    payload = click_payload(double, OXF_DCS, suggestion, "team_accept", value="12:x")
    as_user(OXF_DCS).click(payload)
    assert told(double, payload) == [
        ":x: I can't tell which suggested team this button is about; run `/peer team suggest` instead."
    ]
    other = click_payload(double, OXF_DCS, suggestion, "team_accept", value="999999")
    as_user(OXF_DCS).click(other)
    assert "no longer exists" in told(double, other)[0]


def test_too_few_eligible_reviewers_is_explained_and_nothing_is_written(
    coordinator, as_user, other_authorities, sessions
):
    channel = other_authorities
    add(coordinator, "UREVKENT", "Kent", "director", "early help")
    add(coordinator, "UREVSUR", "Surrey", "manager", "SEND")
    add(coordinator, "UREVOXF", "Oxfordshire", "manager", "SEND")
    before = snapshot(sessions)
    reply = as_user(MK_DCS).peer("team suggest", channel=channel)
    assert reply.text.startswith(
        ":x: I can't suggest a visiting team: a team needs at least 3 reviewers from different authorities, none from "
        "the host; 2 reviewers are eligible from 2 authorities (pool of 3: 1 from the host, 0 already on 2 accepted "
        "teams this round)."
    )
    assert snapshot(sessions) == before


def test_team_suggest_is_for_the_triad_and_its_people(as_user, pool, sessions):
    before = snapshot(sessions)
    assert "This isn't a triad channel" in as_user(MK_DCS).peer("team suggest").text
    assert "Only triad 1's members" in as_user(STRANGER).peer("team suggest triad:1").text
    assert "takes nothing but an optional triad:N" in as_user(MK_DCS).peer("team suggest now", channel=pool).text
    assert snapshot(sessions) == before


def test_without_agreed_lines_the_team_is_still_suggested_and_says_so(as_user, pool, double):
    as_user(MK_DCS).peer("team suggest triad:1")
    [message] = suggestions(double, pool)
    assert "no lines agreed yet, so expertise not weighed" in text_of(message)


def test_a_reviewer_who_cannot_be_invited_is_named_to_the_dcs_who_accepted(suggestion, as_user, double, sessions):
    [proposal] = proposals(sessions)
    lost = proposal.member_ids[-1]
    as_user(OXF_DCS).click(click_payload(double, OXF_DCS, suggestion, "team_accept"))
    double.unknown_users.add(lost)  # left the workspace since
    payload = click_payload(double, MK_DCS, current(double, suggestion), "team_accept")
    as_user(MK_DCS).click(payload)
    assert told(double, payload) == [
        f":warning: I couldn't invite <@{lost}> (user_not_found) to the channel; invite them by hand."
    ]
    channel = double.channel_named(double.calls_to("conversations.create")[-1].args["name"])
    assert set(proposal.member_ids) - set(channel.members) == {lost}


def test_suggest_again_clicked_twice_replaces_the_suggestion_once(suggestion, as_user, double, sessions):
    first = click_payload(double, MK_TEAM1, suggestion, "team_suggest_again")
    second = click_payload(double, MK_DCS, suggestion, "team_suggest_again")
    as_user(MK_TEAM1).click(first)
    as_user(MK_DCS).click(second)
    assert [p.status for p in proposals(sessions)] == ["superseded", "proposed"]
    assert len(suggestions(double, suggestion["channel"])) == 2
    assert told(double, second) == [
        ":x: This suggestion was replaced by a newer one — use the latest suggestion in the channel."
    ]


def test_suggest_again_is_for_the_triads_people_and_not_once_accepted(suggestion, as_user, double, sessions):
    before = snapshot(sessions)
    payload = click_payload(double, STRANGER, suggestion, "team_suggest_again")
    as_user(STRANGER).click(payload)
    assert told(double, payload) == [":x: Only triad 1's members and the programme coordinators can see or change it."]
    assert snapshot(sessions) == before
    as_user(OXF_DCS).click(click_payload(double, OXF_DCS, suggestion, "team_accept"))
    as_user(MK_DCS).click(click_payload(double, MK_DCS, current(double, suggestion), "team_accept"))
    late = click_payload(double, MK_TEAM1, suggestion, "team_suggest_again")
    as_user(MK_TEAM1).click(late)
    assert told(double, late)[0].startswith(":x: This triad's visiting team is already accepted: <@")
    assert [p.status for p in proposals(sessions)] == ["accepted"]


def test_both_dcs_clicking_at_the_same_moment_accept_it_once_and_invite_once(suggestion, as_user, double, sessions):
    payloads = [(dcs, click_payload(double, dcs, suggestion, "team_accept")) for dcs in (OXF_DCS, MK_DCS, OXF_DCS)]
    with ThreadPoolExecutor(3) as pool:
        list(pool.map(lambda p: as_user(p[0]).click(p[1]), payloads))
    [proposal] = proposals(sessions)
    assert (proposal.status, proposal.host_accepted_by, proposal.visitor_accepted_by) == ("accepted", OXF_DCS, MK_DCS)
    welcomes = [m for m in double.messages_in(suggestion["channel"]) if "you are its visiting team" in m["text"]]
    assert len(welcomes) == 1
    replies = sorted(t for _, p in payloads for t in told(double, p))
    assert ":x: You have already accepted this team; it is waiting for the visiting DCS." in replies or (
        ":x: This team is already accepted by both DCSs." in replies
    )
