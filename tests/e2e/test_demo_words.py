"""Issue 18's budgets across the demo round, measured from its `transcript.json` by `bot.demo.figures` (what
benchmarks/message_words.py prints): median ≤ 20 words a message, 90th percentile ≤ 40, none over 100, no echoes,
no asks to type a `/peer …` command."""

from __future__ import annotations

import json

from bot.demo.figures import measure
from bot.demo.run import run_demo


def test_the_demo_round_keeps_issue_18s_word_budgets(tmp_path, sessions, database_url):
    out = tmp_path / "demo"
    run_demo(out, say=lambda _line: None, database_url=database_url)
    figures = measure(json.loads((out / "transcript.json").read_text(encoding="utf-8")))
    longest = "\n".join(f"{c.words} words in {c.where}: {c.text[:120]!r}" for c in figures.longest)
    assert figures.messages > 100, "the round's messages were not all recorded"
    over_budget = {
        name: value
        for name, value, budget in (
            ("median", figures.median, 20),
            ("p90", figures.p90, 40),
            ("over_100", figures.over_100, 0),
            ("echoes", figures.echoes, 0),
            ("asks_to_type", figures.asks_to_type, 0),
        )
        if value > budget
    }
    assert over_budget == {}, f"{figures.messages} messages; the five longest:\n{longest}"
