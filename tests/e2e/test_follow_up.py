"""The four-month follow-up: rendered at sending time, answered with buttons by the host DCS."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timezone

import pytest
from slack_sdk import WebClient
from sqlalchemy import select

from bot.demo.words import visible_text, words
from bot.services.reminder_messages import reminder_message
from handlers.blocks.reminders import reminder_text, render
from storage.models import Action, ActionNote, Reminder, Triad
from tests.e2e.conftest import MK_DCS, MK_TEAM1, OXF_DCS, OXF_TEAM, POR_DCS, snapshot
from tests.e2e.harness import COORDINATOR, TEAM

UTC = timezone.utc


@pytest.fixture
def slack(double) -> WebClient:
    """The app's side of the conversation, as the clock posts a due reminder."""
    return WebClient(token="xoxb-test-token", base_url=double.base_url)


@pytest.fixture
def fieldwork_done(as_user, triad_channel, sessions):
    """Triad 1 with its dates and two actions from the workshop, one with progress notes."""
    as_user(OXF_DCS).peer('dates challenge:"February 2018" fieldwork:"23 & 24 July 2018"', channel=triad_channel)
    with sessions() as session, session.begin():
        triad = session.scalar(select(Triad))
        first = Action(
            team_id=TEAM,
            triad_id=triad.id,
            number=1,
            text="Audit step-down to early help",
            owner_user_id=OXF_TEAM,
            due_text="30 September 2018",
            due_date=date(2018, 9, 30),
            status="open",
        )
        second = Action(
            team_id=TEAM,
            triad_id=triad.id,
            number=2,
            text="Refresh the threshold document",
            owner_user_id=MK_TEAM1,
            due_text="31 October 2018",
            due_date=date(2018, 10, 31),
            status="done",
            done_at=datetime(2018, 10, 20, 10, tzinfo=UTC),
        )
        session.add_all([first, second])
        session.flush()
        session.add_all(
            [
                ActionNote(
                    action_id=first.id,
                    text="Audit started",
                    author=OXF_TEAM,
                    created_at=datetime(2018, 8, 1, 10, tzinfo=UTC),
                ),
                ActionNote(
                    action_id=first.id,
                    text="Half the case files reviewed; themes emerging",
                    author=OXF_TEAM,
                    created_at=datetime(2018, 9, 14, 10, tzinfo=UTC),
                ),
            ]
        )
    return triad_channel


def send(sessions, slack, key: str, channel: str) -> dict:
    """What the clock does: render the reminder, post it, record it as sent. Returns the posted message."""
    with sessions() as session, session.begin():
        reminder = session.scalar(select(Reminder).where(Reminder.key == key))
        text, blocks = render(reminder_message(session, reminder))
        posted = slack.chat_postMessage(channel=channel, text=text, blocks=blocks)
        reminder.status, reminder.sent_at = "sent", datetime(2018, 11, 26, 9, tzinfo=UTC)
        reminder.message_channel, reminder.message_ts = posted["channel"], posted["ts"]
    return {"channel": posted["channel"], **posted["message"]}


def block_actions(double, user: str, message: dict, action_id: str) -> dict:
    """A block_actions payload as Slack sends it when someone clicks a button in a message."""
    button = next(
        e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"] if e["action_id"] == action_id
    )
    key = f"click-{user}-{time.monotonic_ns()}"
    return {
        "type": "block_actions",
        "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": TEAM},
        "api_app_id": "A0PEER",
        "token": "legacy-verification-token",
        "container": {
            "type": "message",
            "message_ts": message["ts"],
            "channel_id": message["channel"],
            "is_ephemeral": False,
        },
        "trigger_id": f"{time.monotonic_ns()}.trigger",
        "team": {"id": TEAM, "domain": "peer"},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": message["channel"], "name": "pc-2018-oxfordshire"},
        "message": {
            "type": "message",
            "subtype": "bot_message",
            "bot_id": "BBOT",
            "user": "UBOT",
            "ts": message["ts"],
            "text": message["text"],
            "blocks": message["blocks"],
        },
        "state": {"values": {}},
        "response_url": double.response_url(key),
        "actions": [
            {
                "type": "button",
                "action_id": button["action_id"],
                "block_id": "follow_up_answer",
                "text": button["text"],
                "value": button["value"],
                "action_ts": f"{time.time():.6f}",
                **({"style": button["style"]} if "style" in button else {}),
            }
        ],
    }


def current(double, message: dict) -> dict:
    return next(m for m in double.messages_in(message["channel"]) if m["ts"] == message["ts"])


def all_text(blocks: list[dict]) -> str:
    out = []
    for b in blocks:
        if isinstance(b.get("text"), dict):
            out.append(b["text"]["text"])
        out += [e["text"] for e in b.get("elements", []) if isinstance(e.get("text"), str)]
    return "\n".join(out)


def triad_row(sessions) -> Triad:
    with sessions() as session:
        return session.scalar(select(Triad))


def statuses(sessions) -> dict[str, str]:
    with sessions() as session:
        return {r.key: r.status for r in session.scalars(select(Reminder))}


def test_the_follow_up_summarises_the_actions_and_asks_the_host(fieldwork_done, sessions, slack, double):
    channel = fieldwork_done
    message = send(sessions, slack, f"follow_up:{channel}", channel)
    text = all_text(message["blocks"])
    # The question first, one line of context, then each action on one line (the due day said once).
    assert text.startswith(f"<@{OXF_DCS}>, would a follow-up visit help Oxfordshire?\nTriad 1: four months after")
    assert text.count("choice") == 1 and "support" in text and "your choice" not in text
    assert f"*1.* Audit step-down to early help — <@{OXF_TEAM}> · due Sunday 30 September · in progress" in text
    assert (
        f"*2.* Refresh the threshold document — <@{MK_TEAM1}> · due Wednesday 31 October · :white_check_mark: done"
        in text
    )
    assert "Half the case files" not in text and "/peer" not in text
    assert words(visible_text({"blocks": message["blocks"]})) <= 60
    buttons = [e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]]
    triad_id = str(triad_row(sessions).id)
    assert [(b["action_id"], b["text"]["text"], b["value"]) for b in buttons] == [
        ("follow_up_visit", "Arrange a follow-up visit", triad_id),
        ("follow_up_decline", "No follow-up needed", triad_id),
    ]
    assert "Audit step-down" in message["text"]  # the notification fallback carries the summary too


def test_the_host_declines_the_message_is_updated_and_nobody_chases(fieldwork_done, sessions, slack, double, as_user):
    channel = fieldwork_done
    message = send(sessions, slack, f"follow_up:{channel}", channel)
    assert statuses(sessions)[f"follow_up:chase:{OXF_DCS}"] == "pending"
    payload = block_actions(double, OXF_DCS, message, "follow_up_decline")

    response = as_user(OXF_DCS).click(payload)
    assert response.status == 200
    triad = triad_row(sessions)
    assert (triad.follow_up_status, triad.follow_up_answered_by) == ("declined", OXF_DCS)
    updates = double.calls_to("chat.update")
    assert len(updates) == 1 and (updates[0].args["channel"], updates[0].args["ts"]) == (channel, message["ts"])
    shown = current(double, message)
    assert not any(b["type"] == "actions" for b in shown["blocks"])
    assert "would a follow-up visit help" not in all_text(shown["blocks"])
    assert "Audit step-down to early help" in all_text(shown["blocks"])  # the summary stays
    assert f"<@{OXF_DCS}> said no follow-up visit is needed" in all_text(shown["blocks"])
    got = statuses(sessions)
    assert got[f"follow_up:chase:{OXF_DCS}"] == "cancelled"  # a host who declines is not chased
    assert got[f"follow_up:{channel}"] == "sent"  # what happened stays as it happened

    # Clicked again (a double click, or the other button on a stale client): nothing twice.
    before = snapshot(sessions)
    again = [payload, block_actions(double, OXF_DCS, message, "follow_up_visit")]
    for click in again:
        as_user(OXF_DCS).click(click)
    assert snapshot(sessions) == before
    assert len(double.calls_to("chat.update")) == 1
    told = [double.responses_by_key[c["response_url"].rsplit("/", 1)[1]] for c in again]
    assert [len(t) for t in told] == [1, 1]  # the first click got no ephemeral; each repeat one
    for [reply] in told:
        assert reply["response_type"] == "ephemeral" and reply["replace_original"] is False
        assert "already answered" in reply["text"] and "said no follow-up visit is needed" in reply["text"]
    # Planning again (a date change) does not bring the follow-up or the chase back.
    as_user(OXF_DCS).peer('dates fieldwork:"24 & 25 July 2018"', channel=channel)
    assert statuses(sessions)[f"follow_up:chase:{OXF_DCS}"] == "cancelled"


@pytest.mark.parametrize("who", [POR_DCS, MK_DCS, OXF_TEAM])
def test_only_the_host_dcs_or_a_coordinator_may_answer(fieldwork_done, sessions, slack, double, as_user, who):
    channel = fieldwork_done
    message = send(sessions, slack, f"follow_up:{channel}", channel)
    before = snapshot(sessions)
    payload = block_actions(double, who, message, "follow_up_visit")
    assert as_user(who).click(payload).status == 200
    assert snapshot(sessions) == before
    assert not double.calls_to("chat.update")
    refusal = double.responses_by_key[payload["response_url"].rsplit("/", 1)[1]]
    assert len(refusal) == 1 and refusal[0]["response_type"] == "ephemeral" and refusal[0]["replace_original"] is False
    assert f"Only the host DCS (<@{OXF_DCS}>) decides" in refusal[0]["text"]
    assert any(b["type"] == "actions" for b in current(double, message)["blocks"])


def test_a_coordinator_asks_for_a_visit_on_the_hosts_behalf(fieldwork_done, sessions, slack, double, as_user):
    channel = fieldwork_done
    message = send(sessions, slack, f"follow_up:{channel}", channel)
    as_user(COORDINATOR).click(block_actions(double, COORDINATOR, message, "follow_up_visit"))
    triad = triad_row(sessions)
    assert (triad.follow_up_status, triad.follow_up_answered_by) == ("requested", COORDINATOR)
    shown = all_text(current(double, message)["blocks"])
    assert f"<@{COORDINATOR}> (for the host DCS, <@{OXF_DCS}>) asked for a follow-up visit" in shown
    # The programme team is told in the thread, so someone arranges it.
    note = [m for m in double.messages_in(channel) if m.get("thread_ts") == message["ts"]]
    assert len(note) == 1 and f"<@{COORDINATOR}>" in note[0]["text"] and "follow-up visit is wanted" in note[0]["text"]
    got = statuses(sessions)
    assert got[f"follow_up:chase:{OXF_DCS}"] == "cancelled"


def test_the_chase_reaches_the_host_once_and_answering_it_updates_both_messages(
    fieldwork_done, sessions, slack, double, as_user, clock
):
    channel = fieldwork_done
    in_channel = send(sessions, slack, f"follow_up:{channel}", channel)
    with sessions() as session:
        chase = session.scalar(select(Reminder).where(Reminder.key == f"follow_up:chase:{OXF_DCS}"))
        assert (chase.kind, chase.recipient, chase.due_at) == (
            "follow_up",
            OXF_DCS,
            datetime(2018, 12, 10, 9, tzinfo=UTC),
        )
        assert "; last reminder." in reminder_text(chase)
    in_dm = send(sessions, slack, f"follow_up:chase:{OXF_DCS}", OXF_DCS)
    assert in_dm["channel"] == double.dm_channel(OXF_DCS)
    assert all_text(in_dm["blocks"]).startswith(
        "Would a follow-up visit help Oxfordshire?\nTriad 1: the channel asked two"
    )
    assert words(visible_text({"blocks": in_dm["blocks"]})) <= 50

    as_user(OXF_DCS).click(block_actions(double, OXF_DCS, in_dm, "follow_up_visit"))
    assert triad_row(sessions).follow_up_status == "requested"
    for message in (in_dm, in_channel):
        blocks = current(double, message)["blocks"]
        assert not any(b["type"] == "actions" for b in blocks), message["channel"]
        assert f"<@{OXF_DCS}> asked for a follow-up visit" in all_text(blocks)
    assert len(double.calls_to("chat.update")) == 2
    # Not threaded under a DM: the note goes to the triad channel.
    assert any("follow-up visit is wanted" in m["text"] for m in double.messages_in(channel))


def test_two_answers_at_the_same_moment_record_one(fieldwork_done, sessions, slack, double, as_user):
    channel = fieldwork_done
    message = send(sessions, slack, f"follow_up:{channel}", channel)
    clicks = [(OXF_DCS, "follow_up_decline"), (COORDINATOR, "follow_up_visit")]
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda c: as_user(c[0]).click(block_actions(double, c[0], message, c[1])), clicks))
    triad = triad_row(sessions)
    assert (triad.follow_up_answered_by, triad.follow_up_status) in [(OXF_DCS, "declined"), (COORDINATOR, "requested")]
    assert len(double.calls_to("chat.update")) == 1
    assert sum("already answered" in r["text"] for r in double.responses) == 1


def test_render_without_actions_and_other_kinds(as_user, triad_channel, sessions):
    as_user(OXF_DCS).peer('dates challenge:"February 2018" fieldwork:"23 & 24 July 2018"', channel=triad_channel)
    with sessions() as session:
        follow_up = session.scalar(select(Reminder).where(Reminder.key == f"follow_up:{triad_channel}"))
        text, blocks = render(reminder_message(session, follow_up))
        assert "No actions were recorded after the workshop." in all_text(blocks)
        buttons = [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
        assert buttons == ["follow_up_visit", "follow_up_decline", "action_form_open"]
        other = session.scalar(select(Reminder).where(Reminder.kind == "pre_visit"))
        other_text, other_blocks = render(reminder_message(session, other))
        assert other_text == reminder_text(other) and other_blocks[0]["text"]["text"] == other_text
        # Once answered, the follow-up shows the answer instead of the buttons.
        triad = session.scalar(select(Triad))
        triad.follow_up_status, triad.follow_up_answered_by = "declined", OXF_DCS
        text, blocks = render(reminder_message(session, follow_up))
        assert not any(b["type"] == "actions" for b in blocks)
        assert f"<@{OXF_DCS}> said no follow-up visit is needed" in all_text(blocks)
        session.rollback()


def test_without_a_response_url_the_refusal_is_an_ephemeral_message(fieldwork_done, sessions, slack, double, as_user):
    channel = fieldwork_done
    message = send(sessions, slack, f"follow_up:{channel}", channel)
    payload = block_actions(double, POR_DCS, message, "follow_up_decline")
    del payload["response_url"]
    before = snapshot(sessions)
    as_user(POR_DCS).click(payload)
    [ephemeral] = double.calls_to("chat.postEphemeral")
    assert (ephemeral.args["channel"], ephemeral.args["user"]) == (channel, POR_DCS)
    assert "Only the host DCS" in ephemeral.args["text"]
    assert snapshot(sessions) == before
