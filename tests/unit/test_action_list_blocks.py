"""The action list's blocks: when only the first actions are listed, the counts are of them all and it says so."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from handlers.blocks.actions import action_list
from storage.models import Action

TODAY = date(2018, 9, 1)
LONDON = ZoneInfo("Europe/London")


def actions(count: int) -> list[Action]:
    return [
        Action(number=n, text=f"Action {n}", owner_user_id="UOWNER", due_date=date(2018, 9, 30),
               due_text="30 September 2018", status="open", notes=[])
        for n in range(1, count + 1)
    ]  # fmt: skip


def footer(blocks) -> str:
    return blocks[-1].to_dict()["elements"][0]["text"]


def test_a_whole_list_counts_what_it_shows():
    _, blocks = action_list(3, actions(2), {}, TODAY, LONDON)
    assert footer(blocks).startswith("2 open, 0 done · add a note")


def test_a_list_of_the_first_actions_counts_them_all_and_says_where_the_rest_are():
    _, blocks = action_list(3, actions(2), {}, TODAY, LONDON, open_count=40, total=120)
    assert footer(blocks).startswith("40 open, 80 done · the first 2 are listed; `peerbot export` has every action")
