"""Acting from the message that asks: Mark done on a step's reminder; Add progress and Mark done on an action."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from slack_sdk import WebClient
from sqlalchemy import select

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
        message_text, blocks = render(session, reminder)
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
    assert told(double, outsider) == [":x: Only Oxfordshire (the host) or a coordinator can mark the host's self-assessment done."]
    assert snapshot(sessions) == before and not double.calls_to("chat.update")

    as_user(OXF_DCS).click(click_payload(double, OXF_DCS, message, "step_done"))
    assert steps(sessions) == ["self_assessment"]
    shown = current(double, message)
    assert buttons(shown) == [] and f"<@{OXF_DCS}> marked the self-assessment done" in str(shown["blocks"])
    assert any(f"<@{OXF_DCS}> marked the self-assessment done." in (m.get("text") or "") for m in double.messages_in(dated)), [m.get("text") for m in double.messages_in(dated)]
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
    as_user(OXF_DCS).peer(f'action add "Audit step-down to early help" owner:{mention(OXF_TEAM)} due:"30 September 2018"', channel=dated)
    [message] = [m for m in double.messages_in(dated) if "recorded action" in (m.get("text") or "")]
    message = {"channel": dated, **message}
    assert buttons(message) == ["action_progress", "action_done"]

    as_user(OXF_TEAM).click(click_payload(double, OXF_TEAM, message, "action_progress"))
    form = opened(double)
    assert form["callback_id"] == "action_progress_form" and "Audit step-down" in str(form["blocks"][0])
    empty = as_user(OXF_TEAM).click(submission(OXF_TEAM, form, {"note": {"note": text("  ")}})).json
    assert list(empty["errors"]) == ["note"]
    assert as_user(OXF_TEAM).click(submission(OXF_TEAM, form, {"note": {"note": text("Half the files reviewed")}})).json == {}
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
    as_user(OXF_DCS).peer(f'action add "Refresh thresholds" owner:{mention(OXF_TEAM)} due:"30 September 2018"', channel=dated)
    message = send(sessions, slack, "action_due")
    assert buttons(message) == ["action_progress", "action_done"]
    as_user(OXF_TEAM).click(click_payload(double, OXF_TEAM, message, "action_done"))
    with sessions() as session:
        assert session.scalar(select(Action.status)) == "done"
    # done from the owner's DM: the triad channel hears it too
    assert any("marked action *1* done" in (m.get("text") or "") for m in double.messages_in(dated))
