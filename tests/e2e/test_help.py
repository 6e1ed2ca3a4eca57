"""`/peer help` fits its reader (issue 18): a DCS in their triad's channel, a coordinator in a DM and someone outside
the programme each get at most a dozen lines about what they can do there, with the buttons that open the forms;
a button is authorised again when clicked."""

from __future__ import annotations

from bot.demo.words import visible_text, words
from tests.e2e.conftest import OXF_DCS, POR_DCS, STRANGER, snapshot
from tests.e2e.harness import COORDINATOR, Response
from tests.e2e.test_focus_buttons import told
from tests.e2e.test_forms import opened
from tests.e2e.test_suggest_triads import click

MAX_LINES = 12


def shown(reply: Response) -> tuple[str, list[str]]:
    """What the reader sees of the reply, and its buttons' action_ids; within the budget of lines."""
    assert reply.status == 200, reply.raw
    blocks = reply.json.get("blocks") or []
    text = visible_text({"text": reply.json.get("text"), "blocks": blocks})
    assert len(text.splitlines()) <= MAX_LINES, text
    buttons = [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
    return text, buttons


def test_a_dcs_in_their_triads_channel_is_told_what_they_can_do_there(as_user, double, triad_channel, sessions):
    reply = as_user(OXF_DCS).peer("help", channel=triad_channel)
    text, buttons = shown(reply)
    assert text.startswith("*Triad 1's channel — you: host DCS.")
    assert words(text) <= 100
    assert "`/peer dates`" in text and "`/peer focus propose" in text
    assert "round new" not in text and "coordinator add" not in text  # nothing they cannot do
    assert buttons == ["home_dates"]

    as_user(OXF_DCS).click(click(double, OXF_DCS, reply.json, "home_dates"))
    assert opened(double)["callback_id"] == "dates_form"

    before, opens = snapshot(sessions), len(double.calls_to("views.open"))
    payload = click(double, STRANGER, reply.json, "home_dates")
    as_user(STRANGER).click(payload)
    assert told(double, payload) == [":x: Only triad 1's members and the programme coordinators can see or change it."]
    assert len(double.calls_to("views.open")) == opens and snapshot(sessions) == before


def test_a_member_elsewhere_is_sent_to_their_triads_channel(as_user, triad_channel):
    text, buttons = shown(as_user(POR_DCS).peer("help"))
    assert text.startswith(f"*You are in triad 1* — you: observer DCS · <#{triad_channel}>")
    assert buttons == ["home_dates"] and "round new" not in text


def test_a_coordinator_in_a_dm_gets_the_coordinators_commands_and_forms(
    as_user, coordinator, double, triad_channel, sessions
):
    reply = coordinator.peer("help")
    text, buttons = shown(reply)
    assert text.startswith("*You are a programme coordinator here.*")
    assert words(text) <= 100
    assert "`/peer round new" not in text and "New round" in text and "`/peer help round`" in text
    assert buttons == ["round_new_open", "home_triad_new", "home_authority_add"]

    coordinator.click(click(double, COORDINATOR, reply.json, "round_new_open"))
    assert opened(double)["callback_id"] == "round_new_form"

    coordinator.click(click(double, COORDINATOR, reply.json, "home_authority_add"))
    assert opened(double)["callback_id"] == "authority_add_form"
    coordinator.click(click(double, COORDINATOR, reply.json, "home_triad_new"))
    assert opened(double)["callback_id"] == "triad_new_form"

    before, opens = snapshot(sessions), len(double.calls_to("views.open"))
    for action_id in ("round_new_open", "home_authority_add", "home_triad_new"):
        payload = click(double, OXF_DCS, reply.json, action_id)
        as_user(OXF_DCS).click(payload)
        assert [t.startswith(":x: Only a programme coordinator can") for t in told(double, payload)] == [True]
    assert len(double.calls_to("views.open")) == opens and snapshot(sessions) == before


def test_someone_outside_the_programme_is_told_what_the_app_is_and_whom_to_ask(as_user, coordinator):
    text, buttons = shown(as_user(STRANGER).peer("help"))
    assert len(text.splitlines()) <= 3 and words(text) <= 40
    assert text.startswith("*Peer challenge assistant* helps children's services run peer challenge")
    assert f"ask a programme coordinator (<@{COORDINATOR}>)" in text
    assert buttons == [] and "/peer" not in text


def test_a_topic_keeps_every_command_with_its_example(as_user):
    reply = as_user(STRANGER).peer("help round").text
    assert '/peer round new "SE 2018"' in reply and "/peer round suggest" in reply
    assert "/peer focus agree 1" in as_user(STRANGER).peer("help focus").text
    assert "There is no help on `dancing`" in as_user(STRANGER).peer("help dancing").text
