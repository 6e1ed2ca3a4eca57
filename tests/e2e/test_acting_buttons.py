"""Acting from the message that asks: Mark done on a step's reminder; Add progress and Mark done on an action."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from slack_sdk import WebClient
from sqlalchemy import select

from bot.services.reminder_messages import reminder_message
from handlers.blocks.reminders import render
from storage.models import Action, Reminder, StepDone
from tests.e2e.conftest import MK_DCS, OXF_DCS, OXF_TEAM, POR_DCS, mention, snapshot
from tests.e2e.test_focus_buttons import buttons, click_payload, current, told
from tests.e2e.test_forms import opened, submission, text

UTC = timezone.utc


@pytest.fixture
def slack(double) -> WebClient:
    return WebClient(token="xoxb-test-token", base_url=double.base_url)


def send(sessions, slack, kind: str) -> dict:
    """What the clock does with the first reminder of ``kind``: render it, post it, record it as sent."""
    with sessions() as session, session.begin():
        reminder = session.scalars(select(Reminder).where(Reminder.kind == kind).order_by(Reminder.due_at)).first()
        message_text, blocks = render(reminder_message(session, reminder))
        posted = slack.chat_postMessage(channel=reminder.recipient, text=message_text, blocks=blocks)
        reminder.status, reminder.sent_at = "sent", datetime(2018, 1, 10, 9, tzinfo=UTC)
        reminder.message_channel, reminder.message_ts = posted["channel"], posted["ts"]
    return {"channel": posted["channel"], **posted["message"]}


@pytest.fixture
def dated(as_user, triad_channel):
    as_user(OXF_DCS).peer('dates challenge:"February 2018" fieldwork:"23 & 24 July 2018"', channel=triad_channel)
    return triad_channel


def steps(sessions) -> list[str]:
    with sessions() as session:
        return [s.step for s in session.scalars(select(StepDone))]


def test_the_self_assessment_reminder_is_marked_done_from_its_own_button(dated, sessions, slack, double, as_user):
    message = send(sessions, slack, "self_assessment_due")
    assert buttons(message) == ["step_done"]
    outsider = click_payload(double, POR_DCS, message, "step_done")
    before = snapshot(sessions)
    as_user(POR_DCS).click(outsider)
    assert told(double, outsider) == [
        ":x: Only Oxfordshire (the host) or a coordinator can mark the host's self-assessment done."
    ]
    assert snapshot(sessions) == before and not double.calls_to("chat.update")

    as_user(OXF_DCS).click(click_payload(double, OXF_DCS, message, "step_done"))
    assert steps(sessions) == ["self_assessment"]
    shown = current(double, message)
    assert buttons(shown) == [] and f"<@{OXF_DCS}> marked the self-assessment done" in str(shown["blocks"])
    assert any(
        f"<@{OXF_DCS}> marked the self-assessment done." in (m.get("text") or "") for m in double.messages_in(dated)
    ), [m.get("text") for m in double.messages_in(dated)]
    with sessions() as session:
        chasing = session.scalars(select(Reminder.status).where(Reminder.kind == "self_assessment_due")).all()
    assert "pending" not in chasing  # its reminders are cancelled

    stale = click_payload(double, OXF_DCS, message, "step_done")
    as_user(OXF_DCS).click(stale)
    assert told(double, stale) == [":x: The self-assessment is already marked done for triad 1."]
    tampered = click_payload(double, OXF_DCS, message, "step_done", value="1:dancing")
    as_user(OXF_DCS).click(tampered)
    assert "can't tell which step" in told(double, tampered)[0]


def test_an_action_carries_add_progress_and_mark_done(dated, sessions, double, as_user):
    as_user(OXF_DCS).peer(
        f'action add "Audit step-down to early help" owner:{mention(OXF_TEAM)} due:"30 September 2018"', channel=dated
    )
    [message] = [m for m in double.messages_in(dated) if "*Action 1*" in (m.get("text") or "")]
    message = {"channel": dated, **message}
    assert buttons(message) == ["action_progress", "action_done"]

    as_user(OXF_TEAM).click(click_payload(double, OXF_TEAM, message, "action_progress"))
    form = opened(double)
    assert form["callback_id"] == "action_progress_form" and "Audit step-down" in str(form["blocks"][0])
    empty = as_user(OXF_TEAM).click(submission(OXF_TEAM, form, {"note": {"note": text("  ")}})).json
    assert list(empty["errors"]) == ["note"]
    assert (
        as_user(OXF_TEAM).click(submission(OXF_TEAM, form, {"note": {"note": text("Half the files reviewed")}})).json
        == {}
    )
    with sessions() as session:
        action = session.scalar(select(Action))
        assert [n.text for n in action.notes] == ["Half the files reviewed"]
    assert any("Progress noted on action 1" in e["text"] for e in double.ephemerals)

    forged = submission("USTRANGER", form, {"note": {"note": text("sneaky")}})
    assert "Only triad 1's members" in as_user("USTRANGER").click(forged).json["errors"]["note"]

    as_user(MK_DCS).click(click_payload(double, MK_DCS, message, "action_done"))
    with sessions() as session:
        assert session.scalar(select(Action.status)) == "done"
    assert buttons(current(double, message)) == []
    before = snapshot(sessions)
    late = click_payload(double, OXF_TEAM, message, "action_progress")
    as_user(OXF_TEAM).click(late)
    assert told(double, late) == [":x: Action 1 is already done."]
    assert snapshot(sessions) == before


def test_the_action_due_reminder_has_the_same_buttons(dated, sessions, slack, double, as_user, clock):
    as_user(OXF_DCS).peer(
        f'action add "Refresh thresholds" owner:{mention(OXF_TEAM)} due:"30 September 2018"', channel=dated
    )
    message = send(sessions, slack, "action_due")
    assert buttons(message) == ["action_progress", "action_done"]
    as_user(OXF_TEAM).click(click_payload(double, OXF_TEAM, message, "action_done"))
    with sessions() as session:
        assert session.scalar(select(Action.status)) == "done"
    # done from the owner's DM: the triad channel hears it too
    assert any("marked action *1* done" in (m.get("text") or "") for m in double.messages_in(dated))


def shortcut_payload(double, user: str, channel: str, message_text: str) -> dict:
    """A message_action payload as Slack sends it for the "Record as action" shortcut."""
    import time

    return {
        "type": "message_action", "callback_id": "record_action", "trigger_id": f"{time.monotonic_ns()}.trigger",
        "team": {"id": "T0PEER", "domain": "peer"}, "user": {"id": user, "name": user.lower(), "team_id": "T0PEER"},
        "channel": {"id": channel, "name": "pc-2018-oxfordshire"}, "api_app_id": "A0PEER", "token": "legacy",
        "message_ts": "1531000000.000100", "response_url": double.response_url(f"sc-{time.monotonic_ns()}"),
        "message": {"type": "message", "user": MK_DCS, "ts": "1531000000.000100",
                    "text": "We'll audit step-down decisions to early help by September"},
        "is_enterprise_install": False, "enterprise": None,
    }  # fmt: skip


def action_values(text_: str, owner: str, due: str, focus: str | None = None) -> dict:
    values = {
        "text": {"text": text(text_)}, "owner": {"owner": {"type": "users_select", "selected_user": owner}},
        "due": {"due": {"type": "datepicker", "selected_date": due}},
    }  # fmt: skip
    if focus:
        values["focus"] = {
            "focus": {
                "type": "static_select",
                "selected_option": {"text": {"type": "plain_text", "text": focus}, "value": focus},
            }
        }
    return values


def test_record_as_action_from_any_message_of_the_triad_channel(dated, sessions, double, as_user):
    as_user(MK_DCS).peer('focus propose "How well do we step down to early help?"', channel=dated)
    as_user(MK_DCS).click(shortcut_payload(double, MK_DCS, dated, "ignored"))
    form = opened(double)
    assert form["callback_id"] == "action_add_form"
    assert form["blocks"][0]["element"]["initial_value"] == "We'll audit step-down decisions to early help by September"
    assert [o["value"] for o in form["blocks"][3]["element"]["options"]] == ["1"]

    double.add_user("UAPPBOT", is_bot=True)
    before = snapshot(sessions)
    bot_owner = (
        as_user(MK_DCS).click(submission(MK_DCS, form, action_values("Audit step-down", "UAPPBOT", "2018-09-30"))).json
    )
    assert list(bot_owner["errors"]) == ["owner"] and "is an app, not a person" in bot_owner["errors"]["owner"]
    missing = as_user(MK_DCS).click(submission(MK_DCS, form, action_values("", OXF_TEAM, "2018-09-30"))).json
    assert list(missing["errors"]) == ["text"]
    as_user(MK_DCS).peer("focus withdraw 1", channel=dated)
    withdrawn = (
        as_user(MK_DCS)
        .click(submission(MK_DCS, form, action_values("Audit step-down", OXF_TEAM, "2018-09-30", "1")))
        .json
    )
    assert list(withdrawn["errors"]) == ["focus"] and "was withdrawn" in withdrawn["errors"]["focus"]
    assert snapshot(sessions)["actions"] == before["actions"]

    ok = as_user(MK_DCS).click(submission(MK_DCS, form, action_values("Audit step-down", OXF_TEAM, "2018-09-30"))).json
    assert ok == {}
    with sessions() as session:
        action = session.scalar(select(Action))
        assert (action.text, action.owner_user_id, str(action.due_date)) == ("Audit step-down", OXF_TEAM, "2018-09-30")
    posted = [m for m in double.messages_in(dated) if "*Action 1*" in (m.get("text") or "")]
    assert len(posted) == 1 and buttons(posted[0]) == ["action_progress", "action_done"]


def test_the_shortcut_outside_a_triad_channel_says_why(as_user, double, triad_channel):
    as_user(MK_DCS).click(shortcut_payload(double, MK_DCS, "C0ELSEWHERE", "text"))
    assert not double.calls_to("views.open")
    told_where = [e["text"] for e in double.ephemerals] + [
        c.args.get("text") for c in double.calls_to("chat.postMessage") if c.args.get("channel") == MK_DCS
    ]
    assert any("isn't a triad channel" in t for t in told_where)


def test_action_add_typed_bare_opens_the_form(as_user, double, triad_channel):
    assert as_user(OXF_DCS).peer("action add", channel=triad_channel).raw == b""
    assert opened(double)["callback_id"] == "action_add_form"
