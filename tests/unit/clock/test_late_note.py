"""The late note a reminder sent after its time carries, in the round's time zone."""

from __future__ import annotations

from datetime import datetime, timezone

from bot.clock.jobs import late_note, with_late_note


def test_the_note_gives_the_due_time_in_the_rounds_zone():
    due = datetime(2018, 7, 2, 8, 30, tzinfo=timezone.utc)
    assert late_note(due, "Europe/London") == (
        ":hourglass: _Sent late — this reminder was due Mon 2 Jul 2018, 09:30 (Europe/London time) but could not be sent then._"
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
