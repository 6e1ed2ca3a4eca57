"""The action list's blocks: one line an action, the follow-up's status words, counts of them all."""

from __future__ import annotations

from datetime import date, datetime, timezone

from bot.demo.words import words
from handlers.blocks.actions import action_list, recorded_text
from storage.models import Action, ActionNote

ASK_TO_TYPE = "`/peer"


def actions(count: int) -> list[Action]:
    return [
        Action(number=n, text=f"Action {n}", owner_user_id="UOWNER", due_date=date(2018, 9, 30),
               due_text="30 September 2018", status="open", notes=[])
        for n in range(1, count + 1)
    ]  # fmt: skip


def footer(blocks) -> str:
    return blocks[-1].to_dict()["elements"][0]["text"]


def test_a_whole_list_counts_what_it_shows():
    _, blocks = action_list(3, actions(2), 2018)
    assert footer(blocks) == "2 open, 0 done"


def test_a_list_of_the_first_actions_counts_them_all_and_says_where_the_rest_are():
    _, blocks = action_list(3, actions(2), 2018, open_count=40, total=120)
    assert footer(blocks).startswith("40 open, 80 done · the first 2 are listed; `peerbot export` has every action")


def test_one_line_an_action_in_the_follow_ups_status_words_without_syntax():
    done, started, waiting = actions(3)
    done.status, done.focus_number = "done", 2
    started.notes = [
        ActionNote(text="Half done", author="UOWNER", created_at=datetime(2018, 9, 1, tzinfo=timezone.utc))
    ]
    waiting.text, waiting.due_date = "Ask <@UBOSS> & co", date(2019, 1, 31)
    text, blocks = action_list(1, [done, started, waiting], 2018)
    body = blocks[1].to_dict()["text"]["text"]
    assert body.splitlines() == [
        "• *1.* Action 1 (line 2) — <@UOWNER> · done",
        "• *2.* Action 2 — <@UOWNER> · in progress, due Sunday 30 September",
        "• *3.* Ask &lt;@UBOSS&gt; &amp; co — <@UOWNER> · not started, due Thursday 31 January 2019",
    ]
    assert ASK_TO_TYPE not in text and ASK_TO_TYPE not in str([b.to_dict() for b in blocks])


def test_the_recorded_action_is_one_short_line_with_the_due_days_weekday():
    posted = recorded_text(
        2, "Put the child's own words at the front of every plan", "UDCS", date(2018, 10, 31), 1, 2018
    )
    assert posted == (
        "*Action 2* (line 1): Put the child's own words at the front of every plan — <@UDCS>, due Wednesday 31 October"
    )
    assert words(posted) <= 20
    assert recorded_text(1, "<!here> audit", "UDCS", date(2019, 2, 28), None, 2018) == (
        "*Action 1*: &lt;!here&gt; audit — <@UDCS>, due Thursday 28 February 2019"
    )
