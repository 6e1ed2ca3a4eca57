"""The triad channel's buttons through signed requests: the welcome's Set dates / Propose a line / Show the programme,
`/peer status`'s next step, and the coordinator's Add authority on the round-created reply — each authorised on
the server as its command is; a forged or stale click is explained and changes nothing."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from bot.demo.words import visible_text, words
from storage.models import StepDone, Triad
from tests.e2e.conftest import MK_DCS, MK_TEAM1, OXF_DCS, OXF_TEAM, POR_DCS, STRANGER, snapshot
from tests.e2e.harness import COORDINATOR, TEAM
from tests.e2e.test_focus_buttons import buttons, click_payload, told
from tests.e2e.test_forms import opened


def welcome(double, channel: str) -> dict:
    message = next(m for m in double.messages_in(channel) if "show_programme" in buttons(m))
    return {"channel": channel, **message}


def posts(double, channel: str) -> list[str]:
    return [m.get("ts") for m in double.messages_in(channel)]


def triad_id(sessions) -> int:
    with sessions() as session:
        return session.scalar(select(Triad.id))


def test_the_welcome_is_short_and_carries_its_three_buttons(triad_channel, double, sessions):
    message = welcome(double, triad_channel)
    assert buttons(message) == ["home_dates", "focus_propose_open", "show_programme"]
    assert {e["value"] for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]} == {
        str(triad_id(sessions))
    }
    shown = visible_text(message)
    assert words(shown) <= 60 and "`/peer" not in shown
    assert f"*Host:* Oxfordshire — DCS <@{OXF_DCS}>, team <@{OXF_TEAM}>" in shown


def test_set_dates_on_the_welcome_opens_the_dates_form_for_a_member(triad_channel, double, as_user):
    as_user(OXF_DCS).click(click_payload(double, OXF_DCS, welcome(double, triad_channel), "home_dates"))
    assert opened(double)["callback_id"] == "dates_form"


@pytest.mark.parametrize("member", [OXF_TEAM, POR_DCS, COORDINATOR])
def test_show_the_programme_tells_the_clicker_only_with_the_triads_dates(
    triad_channel, double, as_user, sessions, member
):
    as_user(OXF_DCS).peer('dates challenge:"14 February 2018" fieldwork:"23 & 24 July 2018"', channel=triad_channel)
    as_user(OXF_DCS).peer("mark self-assessment done", channel=triad_channel)
    before, rows = posts(double, triad_channel), snapshot(sessions)
    click = click_payload(double, member, welcome(double, triad_channel), "show_programme")
    assert as_user(member).click(click).status == 200
    [programme] = told(double, click)  # ephemeral, through the click's response URL
    assert programme.startswith("*Triad 1's programme* (SE 2018)")
    assert "4. *Challenge session* — Wednesday 14 February:" in programme
    assert "6. *Fieldwork* — Monday 23 & Tuesday 24 July:" in programme
    assert "1. *Self-assessment* — host's summary, two weeks before the challenge session :white_check_mark:" in (
        programme
    )
    assert words(programme) <= 100 and "`/peer" not in programme
    assert posts(double, triad_channel) == before and snapshot(sessions) == rows  # nothing posted, nothing changed


def test_show_the_programme_is_refused_to_an_outsider_a_forged_workspace_and_a_stale_or_forged_value(
    triad_channel, double, as_user, sessions
):
    message = welcome(double, triad_channel)
    before, rows = posts(double, triad_channel), snapshot(sessions)
    ours = click_payload(double, OXF_DCS, message, "show_programme")  # the positive control
    as_user(OXF_DCS).click(ours)
    assert told(double, ours)[0].startswith("*Triad 1's programme*")
    for user, payload, says in (
        (STRANGER, click_payload(double, STRANGER, message, "show_programme"),
         ":x: Only triad 1's members and the programme coordinators can see or change it."),
        (OXF_DCS, click_payload(double, OXF_DCS, message, "show_programme", team="T0OTHER"),
         ":x: That triad no longer exists, so there is nothing to change."),
        (OXF_DCS, click_payload(double, OXF_DCS, message, "show_programme", value=str(triad_id(sessions) + 1000)),
         ":x: That triad no longer exists, so there is nothing to change."),
        (OXF_DCS, click_payload(double, OXF_DCS, message, "show_programme", value="1; drop table"),
         ":x: I can't tell which triad this button is about; try the one on the triad's latest message."),
    ):  # fmt: skip
        as_user(user).click(payload)
        assert told(double, payload) == [says], user
    assert posts(double, triad_channel) == before and snapshot(sessions) == rows


def ephemeral_click(user: str, channel: str, block: dict, action_id: str) -> dict:
    """A click on a button of an ephemeral reply (like `/peer status`): Slack sends no message with it."""
    button = next(e for e in block["elements"] if e["action_id"] == action_id)
    return {
        "type": "block_actions",
        "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": TEAM},
        "api_app_id": "A0PEER", "token": "legacy", "trigger_id": f"{time.monotonic_ns()}.trigger",
        "container": {"type": "message", "message_ts": "1.000001", "channel_id": channel, "is_ephemeral": True},
        "team": {"id": TEAM, "domain": "peer"}, "enterprise": None, "is_enterprise_install": False,
        "channel": {"id": channel, "name": "pc-2018-oxfordshire"}, "state": {"values": {}},
        "actions": [{"type": "button", "action_id": action_id, "block_id": block.get("block_id", "b"),
                     "text": button["text"], "value": button["value"], "action_ts": f"{time.time():.6f}"}],
    }  # fmt: skip


def status_buttons(as_user, user: str, channel: str) -> tuple[dict, list[str]]:
    reply = as_user(user).peer("status", channel=channel)
    block = next(b for b in reply.json["blocks"] if b["type"] == "actions")
    assert words(visible_text(reply.json)) <= 60 and "`/peer" not in reply.text
    return block, [e["action_id"] for e in block["elements"]]


def test_status_offers_the_next_steps_button_and_mark_done_from_it_is_posted_in_the_channel(
    triad_channel, double, as_user, sessions
):
    assert status_buttons(as_user, OXF_DCS, triad_channel)[1] == ["home_dates", "show_programme"]
    as_user(OXF_DCS).peer('dates challenge:"14 February 2018" fieldwork:"23 & 24 July 2018"', channel=triad_channel)
    block, ids = status_buttons(as_user, OXF_TEAM, triad_channel)
    assert ids == ["step_done", "show_programme"]  # the host's self-assessment
    as_user(OXF_TEAM).click(ephemeral_click(OXF_TEAM, triad_channel, block, "step_done"))
    with sessions() as session:
        assert session.scalars(select(StepDone.step)).all() == ["self_assessment"]
    assert f"<@{OXF_TEAM}> marked the self-assessment done." in double.messages_in(triad_channel)[-1]["text"]

    assert status_buttons(as_user, OXF_DCS, triad_channel)[1] == ["focus_propose_open", "show_programme"]
    as_user(MK_TEAM1).peer('focus propose "How well do we hear the voice of the child?"', channel=triad_channel)
    as_user(OXF_DCS).peer("focus agree 1", channel=triad_channel)
    as_user(MK_DCS).peer("focus agree 1", channel=triad_channel)
    assert status_buttons(as_user, OXF_DCS, triad_channel)[1] == [
        "feedback_format_choose_presentation", "feedback_format_choose_written", "feedback_format_choose_verbal",
        "show_programme",
    ]  # fmt: skip
    as_user(OXF_DCS).peer("feedback format:written", channel=triad_channel)
    block, ids = status_buttons(as_user, MK_DCS, triad_channel)
    assert ids == ["step_done", "show_programme"]  # the visiting DCS's report
    as_user(MK_DCS).click(ephemeral_click(MK_DCS, triad_channel, block, "step_done"))
    reply = as_user(MK_DCS).peer("status", channel=triad_channel)
    assert "*Next:* nothing outstanding — well done." in reply.text
    assert [e["action_id"] for b in reply.json["blocks"] if b["type"] == "actions" for e in b["elements"]] == [
        "show_programme"
    ]


def test_round_created_carries_add_authority_for_the_coordinator_only(coordinator, as_user, double, sessions):
    reply = coordinator.peer('round new "SE 2018"')
    assert reply.text.startswith(':white_check_mark: Round "SE 2018" created') and "`/peer" not in reply.text
    assert words(visible_text(reply.json)) <= 20
    [block] = [b for b in reply.json["blocks"] if b["type"] == "actions"]
    assert [e["action_id"] for e in block["elements"]] == ["home_authority_add"]

    before, opened_before = snapshot(sessions), len(double.calls_to("views.open"))
    stranger = ephemeral_click(OXF_DCS, "D0DIRECT", block, "home_authority_add")
    stranger["response_url"] = double.response_url("not-a-coordinator")
    as_user(OXF_DCS).click(stranger)
    assert told(double, stranger) == [
        ":x: Only a programme coordinator can register an authority. Ask one to do it, or to make you a coordinator."
    ]
    assert len(double.calls_to("views.open")) == opened_before and snapshot(sessions) == before

    coordinator.click(ephemeral_click(COORDINATOR, "D0DIRECT", block, "home_authority_add"))
    assert opened(double)["callback_id"] == "authority_add_form"

    # An authority registered: the next asks as buttons too (another authority, or form the triad).
    added = coordinator.peer(f'authority add "Kent" dcs:<@{OXF_DCS}|x>')
    assert added.text.startswith(f":white_check_mark: Kent registered: DCS <@{OXF_DCS}>, team none yet.")
    assert [e["action_id"] for b in added.json["blocks"] if b["type"] == "actions" for e in b["elements"]] == [
        "home_authority_add", "home_triad_new"
    ]  # fmt: skip
