"""A triad's custom reminders are capped (bot.rules.custom_reminders): one member cannot queue
thousands in a channel and hold the clock's lane there. Through signed `/peer remind` commands."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bot.rules.custom_reminders import MAX_PENDING_CUSTOM
from storage import reminders
from storage.models import Reminder, Triad
from tests.e2e.conftest import MK_DCS, OXF_DCS, snapshot


def fill(sessions, channel: str, count: int, now, *, status: str = "pending") -> None:
    """`count` custom reminders of triad 1, as `/peer remind` stores them."""
    with sessions() as session, session.begin():
        triad = session.scalar(select(Triad).where(Triad.channel_id == channel))
        for n in range(count):
            reminder = reminders.add_custom_reminder(
                session, team_id=triad.team_id, triad_id=triad.id, recipient=channel,
                text=f"Queued {n}", due_at=now + timedelta(hours=1, minutes=n), created_by=MK_DCS,
            )  # fmt: skip
            reminder.status = status


def pending_custom(sessions) -> int:
    with sessions() as session:
        return session.scalar(
            select(func.count()).select_from(Reminder).where(Reminder.kind == "custom", Reminder.status == "pending")
        )


def test_the_fifty_first_pending_custom_reminder_is_refused_and_the_fiftieth_is_not(
    as_user, triad_channel, sessions, clock
):
    assert MAX_PENDING_CUSTOM == 50
    fill(sessions, triad_channel, 3, clock(), status="sent")  # sent or cancelled ones do not count
    fill(sessions, triad_channel, 2, clock(), status="cancelled")
    fill(sessions, triad_channel, 48, clock())

    reply = as_user(OXF_DCS).peer('remind "Forty-ninth" in:"2 hours"', channel=triad_channel)
    assert "Reminder 54 set for" in reply.text, reply.text
    reply = as_user(MK_DCS).peer('remind "Fiftieth" in:"2 hours"', channel=triad_channel)
    assert "Reminder 55 set for" in reply.text, reply.text  # the positive control: the 50th is accepted
    assert pending_custom(sessions) == 50

    before = snapshot(sessions)
    for who, text in (
        (MK_DCS, 'remind "One too many" in:"2 hours"'),
        (OXF_DCS, 'remind "One too many" at:"2018-07-20 09:00"'),
        (MK_DCS, 'remind "From a DM" in:"2 hours" triad:1'),
    ):
        reply = as_user(who).peer(text, channel="D0DIRECT" if "triad:1" in text else triad_channel)
        assert reply.text == (
            ":x: Triad 1 already has 50 custom reminders waiting, the most it can have: cancel one you no longer "
            "need first."
        ), reply.text
    assert snapshot(sessions) == before  # nothing written

    assert "Cancelled reminder 10" in as_user(OXF_DCS).peer("reminders cancel 10", channel=triad_channel).text
    reply = as_user(MK_DCS).peer('remind "Now there is room" in:"2 hours"', channel=triad_channel)
    assert "Reminder 56 set for" in reply.text, reply.text
    assert pending_custom(sessions) == 50


def test_the_reminder_form_is_capped_alike(as_user, double, triad_channel, sessions, clock):
    """The form calls the same use case: the 51st is refused on the form, the 50th set."""
    from tests.e2e.test_forms import opened, picked, submission, text

    fill(sessions, triad_channel, 49, clock())
    assert as_user(OXF_DCS).peer("remind", channel=triad_channel).raw == b""
    view = opened(double)
    values = {"text": {"text": text("Send the interview list")},
              "day": {"day": picked("datepicker", "selected_date", "2018-07-20")},
              "time": {"time": picked("timepicker", "selected_time", "09:00")}}  # fmt: skip

    assert as_user(OXF_DCS).click(submission(OXF_DCS, view, values)).json == {}  # the 50th
    assert pending_custom(sessions) == 50
    before = snapshot(sessions)
    refused = as_user(OXF_DCS).click(submission(OXF_DCS, view, values)).json
    assert refused["response_action"] == "errors"
    assert refused["errors"]["text"].startswith("Triad 1 already has 50 custom reminders waiting"), refused
    assert snapshot(sessions) == before
