"""Agreeing the focus by clicking: the proposal's Agree and Withdraw buttons, authorised like the commands."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from storage.models import FocusLine
from tests.e2e.conftest import MK_DCS, MK_TEAM1, OXF_DCS, OXF_TEAM, POR_DCS, snapshot
from tests.e2e.harness import TEAM

LINE = "How well do we hear the voice of the child in plans?"


def click_payload(
    double, user: str, message: dict, action_id: str, *, team: str = TEAM, value: str | None = None
) -> dict:
    """A block_actions payload as Slack sends it when someone clicks a button in a channel message."""
    block, button = next(
        (b, e)
        for b in message["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == action_id
    )
    key = f"click-{user}-{time.monotonic_ns()}"
    return {
        "type": "block_actions",
        "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": team},
        "api_app_id": "A0PEER",
        "token": "legacy-verification-token",
        "container": {"type": "message", "message_ts": message["ts"], "channel_id": message["channel"],
                      "is_ephemeral": False},
        "trigger_id": f"{time.monotonic_ns()}.trigger",
        "team": {"id": team, "domain": "peer"},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": message["channel"], "name": "pc-2018-oxfordshire"},
        "message": {"type": "message", "subtype": "bot_message", "bot_id": "BBOT", "user": "UBOT",
                    "ts": message["ts"], "text": message["text"], "blocks": message["blocks"]},
        "state": {"values": {}},
        "response_url": double.response_url(key),
        "actions": [{
            "type": "button", "action_id": action_id, "block_id": block["block_id"], "text": button["text"],
            "value": button["value"] if value is None else value, "action_ts": f"{time.time():.6f}",
            **({"style": button["style"]} if "style" in button else {}),
        }],
    }  # fmt: skip


def told(double, payload: dict) -> list[str]:
    """The ephemeral replies the clicker got through the payload's response_url."""
    replies = double.responses_by_key.get(payload["response_url"].rsplit("/", 1)[1], [])
    assert all(r["response_type"] == "ephemeral" and r["replace_original"] is False for r in replies)
    return [r["text"] for r in replies]


def current(double, message: dict) -> dict:
    return next(m for m in double.messages_in(message["channel"]) if m["ts"] == message["ts"])


def text_of(message: dict) -> str:
    out = []
    for block in message.get("blocks") or []:
        if isinstance(block.get("text"), dict):
            out.append(block["text"]["text"])
        out += [e.get("text", "") for e in block.get("elements", []) if isinstance(e.get("text"), str)]
    return "\n".join(out)


def buttons(message: dict) -> list[str]:
    return [e["action_id"] for b in message.get("blocks") or [] if b["type"] == "actions" for e in b["elements"]]


def line_row(sessions) -> FocusLine:
    with sessions() as session:
        return session.scalar(select(FocusLine))


@pytest.fixture
def proposal(as_user, triad_channel, double) -> dict:
    as_user(MK_TEAM1).peer(f'focus propose "{LINE}"', channel=triad_channel)
    [message] = [m for m in double.messages_in(triad_channel) if (m.get("text") or "").startswith("Line 1 proposed:")]
    return {"channel": triad_channel, **message}


def test_a_proposal_is_posted_with_agree_and_withdraw(proposal):
    assert buttons(proposal) == ["focus_agree", "focus_withdraw"]
    assert text_of(proposal) == (
        f":mag: Line 1, from <@{MK_TEAM1}>: *{LINE}*\nWaiting for <@{OXF_DCS}> and <@{MK_DCS}> to agree."
    )
    assert proposal["text"] == f"Line 1 proposed: {LINE}"  # the notification: no command to type


def test_both_dcs_agree_by_clicking_and_the_message_follows_in_place(proposal, as_user, double, sessions):
    first = click_payload(double, OXF_DCS, proposal, "focus_agree")
    assert as_user(OXF_DCS).click(first).status == 200
    assert line_row(sessions).host_agreed_by == OXF_DCS and line_row(sessions).status == "proposed"
    shown = current(double, proposal)
    assert f"<@{OXF_DCS}> agreed · waiting for <@{MK_DCS}>." in text_of(shown)
    assert told(double, first) == []  # no echo: the proposal itself shows the agreement

    second = click_payload(double, MK_DCS, shown, "focus_agree")
    as_user(MK_DCS).click(second)
    row = line_row(sessions)
    assert (row.status, row.visitor_agreed_by, row.pinned_ts) == ("agreed", MK_DCS, proposal["ts"])
    shown = current(double, proposal)
    assert f":pushpin: Line 1, agreed: *{LINE}*" in text_of(shown) and buttons(shown) == ["focus_withdraw"]
    pins = double.calls_to("pins.add")
    assert [(p.args["channel"], p.args["timestamp"]) for p in pins] == [(proposal["channel"], proposal["ts"])]
    assert len(double.calls_to("chat.update")) == 2 and told(double, second) == []


@pytest.mark.parametrize("who", [POR_DCS, OXF_TEAM, MK_TEAM1])
def test_anyone_but_the_two_dcs_is_told_why_and_nothing_changes(proposal, as_user, double, sessions, who):
    before = snapshot(sessions)
    payload = click_payload(double, who, proposal, "focus_agree")
    as_user(who).click(payload)
    assert snapshot(sessions) == before
    assert told(double, payload) == [":x: Only the host DCS and the visiting DCS can agree a line of enquiry."]
    assert not double.calls_to("chat.update")


def test_an_outsider_or_a_forged_workspace_changes_nothing(proposal, as_user, double, sessions):
    before = snapshot(sessions)
    outsider = click_payload(double, "USTRANGER", proposal, "focus_agree")
    as_user("USTRANGER").click(outsider)
    assert told(double, outsider) == [":x: Only triad 1's members and the programme coordinators can see or change it."]
    forged = click_payload(double, OXF_DCS, proposal, "focus_agree", team="T0OTHER")
    as_user(OXF_DCS).click(forged)
    assert told(double, forged) == [":x: That triad no longer exists, so there is nothing to change."]
    tampered = click_payload(double, OXF_DCS, proposal, "focus_agree", value="1:2:3")
    as_user(OXF_DCS).click(tampered)
    assert "can't tell which line" in told(double, tampered)[0]
    assert snapshot(sessions) == before and not double.calls_to("chat.update")


def test_a_double_click_counts_once(proposal, as_user, double, sessions):
    payloads = [click_payload(double, OXF_DCS, proposal, "focus_agree") for _ in range(2)]
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda p: as_user(OXF_DCS).click(p), payloads))
    row = line_row(sessions)
    assert (row.status, row.host_agreed_by, row.visitor_agreed_by) == ("proposed", OXF_DCS, None)
    replies = [t for p in payloads for t in told(double, p)]  # the first click is shown in place, not told
    assert replies == [":x: You have already agreed this line; it is waiting for the visiting DCS."]
    assert len(double.calls_to("chat.update")) == 1


def test_a_stale_button_is_explained_and_changes_nothing(proposal, as_user, double, sessions, triad_channel):
    as_user(MK_TEAM1).peer("focus withdraw 1", channel=triad_channel)
    before = snapshot(sessions)
    payload = click_payload(double, OXF_DCS, proposal, "focus_agree")
    as_user(OXF_DCS).click(payload)
    assert told(double, payload) == [":x: That line was withdrawn; propose it again if it is wanted."]
    assert snapshot(sessions) == before


def test_withdraw_by_click_strikes_the_proposal_through(proposal, as_user, double, sessions):
    refused = click_payload(double, POR_DCS, proposal, "focus_withdraw")
    as_user(POR_DCS).click(refused)
    assert "Only whoever proposed the line" in told(double, refused)[0] and line_row(sessions).status == "proposed"
    payload = click_payload(double, MK_TEAM1, proposal, "focus_withdraw")
    as_user(MK_TEAM1).click(payload)
    assert line_row(sessions).status == "withdrawn"
    shown = current(double, proposal)
    assert text_of(shown) == f":wastebasket: ~Line 1: {LINE}~ (withdrawn)" and buttons(shown) == []
    assert any(
        f"<@{MK_TEAM1}> withdrew line 1" in (m.get("text") or "") for m in double.messages_in(proposal["channel"])
    )


def test_the_two_dcs_clicking_at_the_same_moment_both_count(proposal, as_user, double, sessions):
    clicks = [(OXF_DCS, click_payload(double, OXF_DCS, proposal, "focus_agree")),
              (MK_DCS, click_payload(double, MK_DCS, proposal, "focus_agree"))]  # fmt: skip
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda c: as_user(c[0]).click(c[1]), clicks))
    row = line_row(sessions)
    assert (row.status, row.host_agreed_by, row.visitor_agreed_by) == ("agreed", OXF_DCS, MK_DCS)
    assert len(double.calls_to("pins.add")) == 1


def test_a_short_line_is_accepted_with_one_suggestion(as_user, triad_channel, sessions):
    reply = as_user(OXF_DCS).peer('focus propose "Neglect thresholds"', channel=triad_channel).text
    assert reply.startswith(":bulb:") and reply.count(":bulb:") == 1 and "question" in reply  # no echo
    assert "`/peer" not in reply and "Withdraw line 1" in reply  # its Withdraw button, not a command to type
    assert line_row(sessions).text == "Neglect thresholds"
    longer = (
        as_user(OXF_DCS).peer('focus propose "How well do we apply neglect thresholds?"', channel=triad_channel).text
    )
    assert longer == ""  # the proposal is posted in the channel: no echo
