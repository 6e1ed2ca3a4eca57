from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from handlers.blocks.reminders import action_line
from storage.models import Action, ActionNote


def test_progress_note_dated_in_the_rounds_time_zone():
    action = Action(number=2, text="Audit step-down cases", owner_user_id="UOX", due_text="30 September 2018",
                    due_date=date(2018, 9, 30), status="open")  # fmt: skip
    action.notes = [ActionNote(text="Audit started", author="UOX", created_at=datetime(2018, 7, 31, 23, 30, tzinfo=timezone.utc))]
    line = action_line(action, ZoneInfo("Europe/London"))
    assert "_Latest progress (1 August 2018):_ Audit started" in line  # 00:30 BST on 1 August
    assert "<@UOX>" in line and "due 30 September 2018" in line and "in progress" in line
