"""Forming triads through signed slash commands, against the Slack test double and a real database."""

from __future__ import annotations

import dataclasses
import re
import time
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from storage.models import Authority, Round, Triad
from tests.e2e import conftest
from tests.e2e.conftest import (
    MK_DCS,
    MK_TEAM1,
    MK_TEAM2,
    OXF_DCS,
    OXF_TEAM,
    POR_DCS,
    STRANGER,
    form_triad,
    formed_triad,
    mention,
    snapshot,
)
from tests.e2e.harness import COORDINATOR, TEAM, SlackUser, post, sign


def test_bad_signature_and_stale_timestamp_get_401_and_change_nothing(app, coordinator, sessions):
    before = snapshot(sessions)
    body, _ = coordinator.command_body('round new "SE 2018"', "D0DIRECT")
    bad = post(
        app.url + "/slack/events", body, sign(body, secret="not-the-secret"), "application/x-www-form-urlencoded"
    )
    stale = post(
        app.url + "/slack/events",
        body,
        sign(body, timestamp=int(time.time()) - 6 * 60),
        "application/x-www-form-urlencoded",
    )
    unsigned = post(app.url + "/slack/events", body, {}, "application/x-www-form-urlencoded")
    assert (bad.status, stale.status, unsigned.status) == (401, 401, 401)
    assert snapshot(sessions) == before


def test_healthz_answers_ok(app):
    import json
    import urllib.request

    with urllib.request.urlopen(app.url + "/healthz", timeout=5) as response:
        assert response.status == 200
        assert json.loads(response.read()) == {"ok": True}


def test_coordinator_forms_a_triad_with_a_private_channel_invites_and_welcome(coordinator, double, sessions):
    triad_channel = form_triad(coordinator, double)  # through the signed commands, not seeded
    create = double.calls_to("conversations.create")[-1]
    assert create.args["name"] == "pc-2018-oxfordshire"
    assert str(create.args.get("is_private")).lower() == "true"
    invited = set()
    for call in double.calls_to("conversations.invite"):
        assert call.args["channel"] == triad_channel
        invited |= set(call.args["users"].split(","))
    assert invited == {OXF_DCS, OXF_TEAM, MK_DCS, MK_TEAM1, MK_TEAM2, POR_DCS, COORDINATOR}
    welcome = [c for c in double.calls_to("chat.postMessage") if c.args["channel"] == triad_channel][0]
    rendered = str(welcome.args["blocks"])
    for expected in (
        "Triad 1",
        "Oxfordshire",
        "Milton Keynes",
        "Portsmouth",
        f"<@{OXF_DCS}>",
        f"<@{OXF_TEAM}>",
        "First: set the challenge session and fieldwork dates",
    ):
        assert expected in rendered
    # the welcome's asks carry their buttons: set dates, propose a line, and the programme behind a button
    assert [e["action_id"] for b in welcome.args["blocks"] if b["type"] == "actions" for e in b["elements"]] == [
        "home_dates", "focus_propose_open", "show_programme"
    ]  # fmt: skip
    assert any("Triad 1 formed" in r.get("text", "") for r in double.responses)
    with sessions() as session:
        triad = session.scalar(select(Triad))
        assert (triad.number, triad.channel_id, triad.team_id) == (1, triad_channel, TEAM)


def test_the_seeded_triad_is_what_the_commands_leave(app, coordinator, double, sessions, clock):
    """`triad_channel` seeds the rows and the double's state that `form_triad`'s commands left in
    an earlier test: here both, from the same start, compared (real times and trigger ids aside)."""
    before = (conftest._rows(sessions), conftest._double_state(double))
    channel = form_triad(coordinator, double)
    commands_left = _comparable(sessions, double)
    for _ in range(2):  # the first may form it through the commands, if this worker has not yet; the second seeds
        conftest._seed_rows(sessions, before[0])
        conftest._seed_double(double, before[1])
        assert formed_triad(coordinator, app, double, sessions, clock) == channel
    assert any(formed.result == channel for formed in conftest._FORMED)
    assert _comparable(sessions, double) == commands_left


def _comparable(sessions, double) -> str:
    """The rows and the double's state, with what differs from run to run by the wall clock numbered
    in order of appearance: message ts, trigger ids, call times, channels' creation in answers, channel creation
    times and rows' times of today."""
    state = conftest._double_state(double)
    state["calls"] = [(c.method, c.args, c.token, c.status, c.response) for c in state["calls"]]
    state["channels"] = {k: dataclasses.replace(c, created=0) for k, c in state["channels"].items()}
    state.pop("_last_ts_us")
    state["_last_post"] = list(state["_last_post"])  # the channels; their times are monotonic
    rows = {
        name: [{k: _wall_clock(v) for k, v in row.items()} for row in table]
        for name, table in conftest._rows(sessions).items()
    }
    text = repr((rows, state))
    seen: dict[str, str] = {}
    return re.sub(
        r"\d{10}\.\d{6}|trig-\d+-\d+|(?<='created': )\d{10}",
        lambda m: seen.setdefault(m.group(), f"<{len(seen)}>"),
        text,
    )


def test_round_and_authorities_are_listed_and_curly_quotes_work(coordinator, as_user):
    assert "created" in coordinator.peer("round new “SE 2019” tz:Europe/London").text
    reply = coordinator.peer(f"authority add ‘Windsor and Maidenhead’ dcs:{mention('UWM')} team:{mention('UWM2')}")
    assert "Windsor and Maidenhead registered" in reply.text
    listing = as_user(STRANGER).peer("authority list").text
    assert "Windsor and Maidenhead" in listing and "<@UWM>" in listing and "<@UWM2>" in listing
    assert "SE 2019" in coordinator.peer("round list").text


def test_only_coordinators_create_rounds_authorities_and_triads(as_user, sessions, triad_channel):
    outsider = as_user(OXF_DCS)
    before = snapshot(sessions)
    for text in (
        'round new "SE 2020"',
        f'authority add "Kent" dcs:{mention("UK1")}',
        'triad new host:"Portsmouth" visitor:"Oxfordshire" observer:"Milton Keynes"',
        f"coordinator add {mention('UX')}",
    ):
        reply = outsider.peer(text)
        assert reply.status == 200 and "Only a programme coordinator" in reply.text, (text, reply.text)
    assert snapshot(sessions) == before


def test_added_coordinator_can_then_create(coordinator, as_user):
    assert "now a programme coordinator" in coordinator.peer(f"coordinator add {mention('UNEWCO')}").text
    assert "created" in as_user("UNEWCO").peer('round new "NW 2018"').text


def test_non_members_cannot_see_or_change_a_triad(as_user, triad_channel, sessions):
    before = snapshot(sessions)
    stranger = as_user(STRANGER)
    for text in ("status", 'focus propose "How well do we hear the child?"', 'dates challenge:"February 2018"'):
        reply = stranger.peer(text, channel=triad_channel)
        assert "Only triad 1's members and the programme coordinators" in reply.text
    assert "Only triad 1's members" in stranger.peer("status triad:1").text
    assert "aren't in any triad" in stranger.peer("triad list").text
    assert snapshot(sessions) == before


def test_triad_list_shows_members_their_triads(as_user, coordinator, triad_channel):
    assert "Triad 1" in as_user(MK_TEAM2).peer("triad list").text
    assert "Triad 1" in coordinator.peer("triad list").text


def test_another_workspace_sees_nothing(app, double, triad_channel):
    other = SlackUser(app, double, COORDINATOR, team="T0OTHER")
    assert "isn't a triad channel" in other.peer("status", channel=triad_channel).text
    assert "No authorities" in other.peer("authority list").text


def test_name_taken_gets_a_suffix(coordinator, double, triad_channel):
    double.add_channel("COLDPORT", name="pc-2018-portsmouth")  # someone made it by hand
    coordinator.peer('triad new host:"Portsmouth" visitor:"Oxfordshire" observer:"Milton Keynes"')
    names = [c.args["name"] for c in double.calls_to("conversations.create")]
    assert names[-2:] == ["pc-2018-portsmouth", "pc-2018-portsmouth-2"]
    assert "Triad 2 formed" in double.responses[-1]["text"]


def test_slack_refusing_the_channel_leaves_no_triad(coordinator, double, sessions, triad_channel):
    double.fail_next("conversations.create", "restricted_action")
    coordinator.peer('triad new host:"Portsmouth" visitor:"Oxfordshire" observer:"Milton Keynes"')
    assert "no triad was created" in double.responses[-1]["text"]
    with sessions() as session:
        assert session.scalars(select(Triad.number)).all() == [1]


def test_user_not_found_is_reported_and_the_triad_kept(coordinator, double, sessions):
    coordinator.peer('round new "SE 2018"')
    coordinator.peer(f'authority add "Kent" dcs:{mention("UGONE")}')
    coordinator.peer(f'authority add "Surrey" dcs:{mention("USUR")}')
    coordinator.peer(f'authority add "Medway" dcs:{mention("UMED")}')
    double.unknown_users.add("UGONE")  # left the workspace after being registered
    coordinator.peer('triad new host:"Kent" visitor:"Surrey" observer:"Medway"')
    told = double.responses[-1]["text"]
    assert "Triad 1 formed" in told and "<@UGONE> (user_not_found)" in told
    with sessions() as session:
        assert session.scalar(select(Triad)).channel_id is not None


def test_a_repeated_request_is_applied_once(coordinator, sessions, app):
    body, _ = coordinator.command_body('round new "SE 2018"', "D0DIRECT")
    first = post(app.url + "/slack/events", body, sign(body), "application/x-www-form-urlencoded")
    second = post(app.url + "/slack/events", body, sign(body), "application/x-www-form-urlencoded")
    assert first.status == second.status == 200
    assert "created" in first.text and "created" in second.text  # the stored reply, not a new round
    with sessions() as session:
        assert len(session.scalars(select(Round)).all()) == 1


def test_authority_update_changes_the_dcs(coordinator, sessions):
    coordinator.peer(f'authority add "Kent" dcs:{mention("UK1")}')
    assert "already registered" in coordinator.peer(f'authority add "kent" dcs:{mention("UK2")}').text
    assert "updated" in coordinator.peer(f'authority update "Kent" dcs:{mention("UK2")} team:{mention("UK3")}').text
    with sessions() as session:
        kent = session.scalar(select(Authority))
        assert kent.dcs_user_id == "UK2" and kent.team_user_ids == ["UK3"]


def test_help_on_a_topic_explains_every_command_with_an_example(as_user):
    for topic, group in (("round", "round new"), ("authority", "authority add"), ("triad", "triad new"),
                         ("dates", "dates"), ("focus", "focus propose"), ("feedback", "feedback"), ("mark", "mark"),
                         ("status", "status")):  # fmt: skip
        assert f"/peer {group}" in as_user(STRANGER).peer(f"help {topic}").text
    assert "There is no help on `dancing`" in as_user(STRANGER).peer("help dancing").text


def test_a_new_coordinator_and_a_new_dcs_get_the_reminders(coordinator, as_user, triad_channel, sessions):
    from storage.models import Reminder

    as_user(OXF_DCS).peer('dates challenge:"7 September" fieldwork:"8 & 9 November 2018"', channel=triad_channel)
    coordinator.peer(f"coordinator add {mention('UNEWCO')}")
    coordinator.peer(f'authority update "Oxfordshire" dcs:{mention("UNEWDCS")}')
    with sessions() as session:
        pending = session.scalars(select(Reminder).where(Reminder.status == "pending")).all()
    by_kind = {}
    for r in pending:
        by_kind.setdefault(r.kind, set()).add(r.recipient)
    assert "UNEWCO" in by_kind["data_profile_due"]
    assert by_kind["self_assessment_due"] == {"UNEWDCS"}


def test_a_changed_dcs_is_invited_to_the_triad_channel(coordinator, double, triad_channel):
    reply = coordinator.peer(f'authority update "Portsmouth" dcs:{mention("UPORNEW")}')
    assert "invited to 1 triad channel" in reply.text
    invited = {
        u
        for c in double.calls_to("conversations.invite")
        if c.args["channel"] == triad_channel
        for u in c.args["users"].split(",")
    }
    assert "UPORNEW" in invited


def test_authority_update_keeps_existing_team_members_and_moves_a_member_to_dcs(coordinator, sessions):
    coordinator.peer(f'authority add "Kent" dcs:{mention("UK1")} team:{mention("UK2")}')
    reply = coordinator.peer(f'authority update "Kent" team:{mention("UK2")} {mention("UK3")}')
    assert "updated" in reply.text, reply.text
    reply = coordinator.peer(f'authority update "Kent" dcs:{mention("UK3")}')
    assert "DCS <@UK3>, team <@UK2>." in reply.text, reply.text
    with sessions() as session:
        kent = session.scalar(select(Authority))
        assert kent.dcs_user_id == "UK3" and kent.team_user_ids == ["UK2"]


def test_the_same_triad_twice_at_once_makes_one_triad_and_one_channel(coordinator, double, sessions, triad_channel):
    text = 'triad new host:"Portsmouth" visitor:"Oxfordshire" observer:"Milton Keynes"'
    double.delay_seconds["conversations.create"] = 0.5  # the first is still creating its channel
    first = coordinator.peer(text, wait=False)
    second = coordinator.peer(text, wait=False)  # both pass the check made before the ack
    coordinator.app.executor.drain()
    assert "Creating the channel" in first.text and "Creating the channel" in second.text
    with sessions() as session:
        assert session.scalars(select(Triad.number).order_by(Triad.number)).all() == [1, 2]
    told = [r["text"] for r in double.responses[-2:]]
    assert any("Triad 2 formed" in t for t in told)
    assert any("already the host of triad 2" in t for t in told)
    live = [c for c in double.channels.values() if c.name.startswith("pc-2018-portsmouth") and not c.is_archived]
    assert len(live) == 1


@pytest.mark.parametrize(
    "command, why",
    [
        ('authority add "Kent" dcs:{ghost}', "isn't anyone in this workspace, so they can't be an authority's DCS"),
        (
            'authority add "Kent" dcs:{live} team:{gone}',
            "has been deactivated in this workspace, so they can't be on an authority's team",
        ),
        ('authority add "Kent" dcs:{bot}', "is an app, not a person, so they can't be an authority's DCS"),
        ('authority update "Oxfordshire" dcs:{gone}', "has been deactivated"),
        ("coordinator add {ghost}", "isn't anyone in this workspace, so they can't be a coordinator"),
    ],
)
def test_people_named_must_be_active_members_of_the_workspace(coordinator, double, sessions, command, why):
    coordinator.peer('round new "SE 2018"')
    coordinator.peer(f'authority add "Oxfordshire" dcs:{mention("UOXF")}')
    double.unknown_users.add("U0GHOST99")
    double.add_user("UGONE", deleted=True)
    double.add_user("UAPPBOT", is_bot=True)
    before = snapshot(sessions)
    names = {
        "ghost": mention("U0GHOST99"),
        "gone": mention("UGONE"),
        "bot": mention("UAPPBOT"),
        "live": mention("UKENT"),
    }
    reply = coordinator.peer(command.format(**names)).text
    assert why in reply and "nothing was changed" in reply
    assert snapshot(sessions) == before


def _wall_clock(value: object) -> object:
    """A row's time stamped from the wall clock (not the test's clock, in 2018) differs from run to run."""
    if isinstance(value, datetime) and abs(
        value.replace(tzinfo=None) - datetime.now(timezone.utc).replace(tzinfo=None)
    ) < timedelta(hours=1):
        return "<now>"
    return value
