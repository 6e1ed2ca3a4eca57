"""The late note a reminder sent after its time carries, in the round's time zone (worded by the handlers)."""

from __future__ import annotations

from datetime import datetime, timezone

from bot.services.reminder_messages import ActionLine, FollowUpState, Late, ReminderMessage
from handlers.blocks.reminders import late_note, render, with_late_note


def test_the_note_gives_the_due_time_in_the_rounds_zone():
    due = datetime(2018, 7, 2, 8, 30, tzinfo=timezone.utc)
    assert late_note(due, "Europe/London") == (
        ":hourglass: _Sent late — this reminder was due Mon 2 Jul 2018, 09:30 (Europe/London time) "
        "but could not be sent then._"
    )
    assert "Mon 2 Jul 2018, 04:30 (America/New_York time)" in late_note(due, "America/New_York")


def test_the_note_goes_above_the_text_and_above_the_blocks_within_slacks_fifty():
    section = {"type": "section", "text": {"type": "mrkdwn", "text": "body"}}

    text, blocks = with_late_note("Follow-up", [section] * 50, "LATE")

    assert text == "LATE\nFollow-up"
    assert len(blocks) == 50
    assert blocks[0] == {"type": "context", "elements": [{"type": "mrkdwn", "text": "LATE"}]}
    assert blocks[1:] == [section] * 49
    assert with_late_note("plain", None, "LATE") == ("LATE\nplain", None)


def test_render_puts_the_note_above_a_follow_ups_blocks():
    state = FollowUpState(
        triad_id=1, host_dcs="UHOST", host_name="Oxfordshire", timezone="Europe/London", status=None,
        answered_by=None, actions=(ActionLine(number=1, text="Audit", owner="UOX", due_text=None, done=False),),
    )  # fmt: skip
    due = datetime(2018, 11, 26, 9, tzinfo=timezone.utc)
    message = ReminderMessage(kind="follow_up", key="follow_up:C1", text="Follow-up", triad_id=1, follow_up=state)

    on_time_text, on_time = render(message)
    text, blocks = render(ReminderMessage(**{**message.__dict__, "late": Late(due, "Europe/London")}))

    note = late_note(due, "Europe/London")
    assert text == f"{note}\n{on_time_text}"
    assert blocks[0] == {"type": "context", "elements": [{"type": "mrkdwn", "text": note}]}
    assert blocks[1:] == on_time
