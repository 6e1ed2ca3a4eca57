"""Every reminder's ask answered from its own button, through signed requests: the feedback format, the
interview form, the agenda, the round's dates form, the action form; each authorised as its typed command is,
and a forged or stale click explained and changing nothing. In the triad's channel the updated message is
the only answer (no echo)."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from slack_sdk import WebClient
from sqlalchemy import select

from bot.services.reminder_messages import reminder_message
from handlers.blocks.reminders import render
from storage.models import Reminder, StepDone, Triad
from tests.e2e.conftest import MK_DCS, MK_TEAM1, OXF_DCS, OXF_TEAM, POR_DCS, STRANGER, snapshot
from tests.e2e.harness import COORDINATOR
from tests.e2e.test_focus_buttons import buttons, click_payload, current, told
from tests.e2e.test_forms import interview_values, opened, submission

UTC = timezone.utc
FEEDBACK = [f"feedback_format_choose_{kind}" for kind in ("presentation", "written", "verbal")]
GONE = ":x: That triad no longer exists, so there is nothing to change."


@pytest.fixture
def slack(double) -> WebClient:
    return WebClient(token="xoxb-test-token", base_url=double.base_url)


@pytest.fixture
def dated(as_user, triad_channel):
    as_user(OXF_DCS).peer('dates challenge:"February 2018" fieldwork:"23 & 24 July 2018"', channel=triad_channel)
    return triad_channel


def send(sessions, slack, kind: str, channel: str | None = None, key: str | None = None) -> dict:
    """What the clock does with the first reminder of ``kind``: render it, post it (to its recipient, or to
    ``channel``), record it as sent. Returns the posted message."""
    with sessions() as session, session.begin():
        query = select(Reminder).where(Reminder.kind == kind)
        if key is not None:
            query = query.where(Reminder.key.startswith(key))
        reminder = session.scalars(query.order_by(Reminder.due_at, Reminder.key)).first()
        text, blocks = render(reminder_message(session, reminder))
        posted = slack.chat_postMessage(channel=channel or reminder.recipient, text=text, blocks=blocks)
        reminder.status, reminder.sent_at = "sent", datetime(2018, 1, 10, 9, tzinfo=UTC)
        reminder.message_channel, reminder.message_ts = posted["channel"], posted["ts"]
    return {"channel": posted["channel"], **posted["message"]}


def triad(sessions) -> Triad:
    with sessions() as session:
        return session.scalar(select(Triad))


def posts_in(double, channel: str) -> list[str]:
    return [m.get("text") or "" for m in double.messages_in(channel)]


def metadata(view: dict) -> dict:
    return json.loads(view["private_metadata"])


# --------------------------------------------------------------------------- the feedback format


def test_the_pre_visit_reminder_records_the_feedback_format_from_a_dm(dated, sessions, slack, double, as_user):
    message = send(sessions, slack, "pre_visit", key=f"pre_visit:{OXF_DCS}")
    assert message["channel"] == double.dm_channel(OXF_DCS) and buttons(message) == FEEDBACK
    before = snapshot(sessions)
    observer = click_payload(double, POR_DCS, message, FEEDBACK[1])
    as_user(POR_DCS).click(observer)
    assert told(double, observer)[0].startswith(":x: ")
    assert snapshot(sessions) == before and not double.calls_to("chat.update")

    as_user(OXF_DCS).click(click_payload(double, OXF_DCS, message, FEEDBACK[1]))
    assert triad(sessions).feedback_format == "written"
    said = f":speech_balloon: Feedback format agreed with Oxfordshire: *written* (recorded by <@{OXF_DCS}>)."
    shown = current(double, message)
    assert buttons(shown) == [] and said in str(shown["blocks"])
    assert said in posts_in(double, dated)  # clicked in a DM: the channel hears it, as from the command


def test_a_forged_or_stale_feedback_click_changes_nothing(dated, sessions, slack, double, as_user):
    message = send(sessions, slack, "pre_visit", key=f"pre_visit:{OXF_DCS}")
    before = snapshot(sessions)
    tampered = click_payload(double, OXF_DCS, message, FEEDBACK[0], value=f"{triad(sessions).id}:interpretive-dance")
    as_user(OXF_DCS).click(tampered)
    assert "can't tell which feedback format" in told(double, tampered)[0]
    gone = click_payload(double, OXF_DCS, message, FEEDBACK[0], value="999999:presentation")
    as_user(OXF_DCS).click(gone)
    assert told(double, gone) == [GONE]
    forged = click_payload(double, OXF_DCS, message, FEEDBACK[0], team="T0OTHER")
    as_user(OXF_DCS).click(forged)
    assert told(double, forged) == [GONE]
    outsider = click_payload(double, STRANGER, message, FEEDBACK[0])
    as_user(STRANGER).click(outsider)
    assert told(double, outsider) == [":x: Only triad 1's members and the programme coordinators can see or change it."]
    assert snapshot(sessions) == before and not double.calls_to("chat.update")


def test_clicked_in_the_triad_channel_the_updated_message_is_the_only_answer(dated, sessions, slack, double, as_user):
    message = send(sessions, slack, "pre_visit", channel=dated, key=f"pre_visit:{OXF_DCS}")
    posted = posts_in(double, dated)
    click = click_payload(double, MK_DCS, message, FEEDBACK[0])
    as_user(MK_DCS).click(click)
    assert triad(sessions).feedback_format == "presentation"
    assert told(double, click) == [] and not double.ephemerals
    assert len(posts_in(double, dated)) == len(posted)  # nothing new posted: the message changed in place
    assert "Feedback format agreed with Oxfordshire: *presentation*" in str(current(double, message)["blocks"])


def test_mark_done_clicked_in_the_triad_channel_is_not_echoed(dated, sessions, slack, double, as_user):
    message = send(sessions, slack, "self_assessment_due", channel=dated)
    posted = posts_in(double, dated)
    click = click_payload(double, OXF_DCS, message, "step_done")
    as_user(OXF_DCS).click(click)
    with sessions() as session:
        assert [s.step for s in session.scalars(select(StepDone))] == ["self_assessment"]
    assert told(double, click) == [] and not double.ephemerals
    assert len(posts_in(double, dated)) == len(posted)
    assert f"<@{OXF_DCS}> marked the self-assessment done" in str(current(double, message)["blocks"])


# --------------------------------------------------------------------------- interviews and the agenda


def test_finalise_interviews_opens_the_interview_form(dated, sessions, slack, double, as_user):
    message = send(sessions, slack, "finalise_interviews")
    assert message["channel"] == dated and buttons(message) == ["interview_form_open"]
    outsider = click_payload(double, STRANGER, message, "interview_form_open")
    as_user(STRANGER).click(outsider)
    assert told(double, outsider) == [":x: Only triad 1's members and the programme coordinators can see or change it."]
    for value in ("nine", "999999"):
        forged = click_payload(double, MK_DCS, message, "interview_form_open", value=value)
        as_user(MK_DCS).click(forged)
        assert told(double, forged)[0] in (
            GONE,
            ":x: I can't tell which triad this button is about; nothing was opened.",
        )
    assert not double.calls_to("views.open")

    as_user(MK_DCS).click(click_payload(double, MK_DCS, message, "interview_form_open"))
    view = opened(double)
    assert view["callback_id"] == "interview_add_form" and view["blocks"][0]["element"]["initial_date"] == "2018-07-23"
    assert metadata(view)["triad_id"] == triad(sessions).id
    assert as_user(MK_DCS).click(submission(MK_DCS, view, interview_values(interviewers=[MK_DCS]))).json == {}
    assert any("booked interview 1" in t for t in posts_in(double, dated))


def test_the_agenda_reminder_shows_the_agenda_to_who_clicked(dated, sessions, slack, double, as_user):
    message = send(sessions, slack, "fieldwork_agenda")
    assert message["text"] == "Triad 1: fieldwork starts on Monday 23 July." and buttons(message) == [
        "fieldwork_agenda_show"
    ]
    outsider = click_payload(double, STRANGER, message, "fieldwork_agenda_show")
    as_user(STRANGER).click(outsider)
    assert told(double, outsider)[0].startswith(":x: Only triad 1's members")
    assert not double.calls_to("chat.postEphemeral")

    member = click_payload(double, MK_TEAM1, message, "fieldwork_agenda_show")
    as_user(MK_TEAM1).click(member)
    [shown] = double.responses_by_key[member["response_url"].rsplit("/", 1)[1]]  # to the clicker only
    assert shown["response_type"] == "ephemeral" and shown["replace_original"] is False
    assert "fieldwork agenda" in shown["text"] and "Day 1" in str(shown["blocks"])


# --------------------------------------------------------------------------- the round's dates, an action


def test_the_round_date_nudge_opens_the_rounds_dates_form_for_a_coordinator(
    coordinator, sessions, slack, double, as_user
):
    coordinator.peer('/round new "SE 2018"'.lstrip("/"))
    coordinator.peer('round dates orientation:"25 January 2018" summit:"March 2019 tbc"')
    message = send(sessions, slack, "confirm_date", key="round:")
    assert message["channel"] == double.dm_channel(COORDINATOR) and buttons(message) == ["round_dates_open"]
    assert "/peer" not in message["text"]
    before = snapshot(sessions)
    dcs = click_payload(double, OXF_DCS, message, "round_dates_open")
    as_user(OXF_DCS).click(dcs)
    assert told(double, dcs)[0].startswith(":x: Only a programme coordinator can set the round")
    forged = click_payload(double, COORDINATOR, message, "round_dates_open", value="SE 2030")
    as_user(COORDINATOR).click(forged)
    assert "SE 2030" in told(double, forged)[0]
    other = click_payload(double, COORDINATOR, message, "round_dates_open", team="T0OTHER")
    as_user(COORDINATOR).click(other)
    assert told(double, other)[0].startswith(":x: ")
    assert not double.calls_to("views.open") and snapshot(sessions) == before

    as_user(COORDINATOR).click(click_payload(double, COORDINATOR, message, "round_dates_open"))
    view = opened(double)
    assert view["callback_id"] == "round_dates_form" and "March 2019 tbc" in json.dumps(view["blocks"])


def test_a_follow_up_without_actions_opens_the_action_form(dated, sessions, slack, double, as_user):
    message = send(sessions, slack, "follow_up", channel=dated, key="follow_up:C")
    assert buttons(message) == ["follow_up_visit", "follow_up_decline", "action_form_open"]
    assert "/peer" not in str(message["blocks"])
    outsider = click_payload(double, STRANGER, message, "action_form_open")
    as_user(STRANGER).click(outsider)
    assert told(double, outsider)[0].startswith(":x: Only triad 1's members")
    forged = click_payload(double, OXF_TEAM, message, "action_form_open", team="T0OTHER")
    as_user(OXF_TEAM).click(forged)
    assert told(double, forged) == [GONE]
    assert not double.calls_to("views.open")

    as_user(OXF_TEAM).click(click_payload(double, OXF_TEAM, message, "action_form_open"))
    view = opened(double)
    assert view["callback_id"] == "action_add_form" and metadata(view) == {
        "triad_id": triad(sessions).id,
        "channel": dated,
    }
