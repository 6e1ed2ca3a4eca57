"""`peerbot messages --out DIR`: the catalogue of every kind of message (issue 18) is written as one page and its
JSON; every reminder kind and every refusal is there with a word count, typed text escaped; an unwritable
folder is one line and exit status 2."""

from __future__ import annotations

import json

import pytest

from bot.cli import main as cli
from bot.demo.catalogue import TYPED, demo_entries
from bot.rules.dates import DateProblem
from bot.rules.reminder_facts import FactsKind, ReminderKind
from handlers.refusals import REFUSALS


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("catalogue") / "messages"
    code = cli.main(["messages", "--out", str(out)])
    return code, out, json.loads((out / "messages.json").read_text()), (out / "index.html").read_text()


def test_the_command_writes_the_page_and_its_json(written):
    code, out, entries, page = written
    assert code == 0 and (out / "index.html").exists()
    assert {"kind", "surface", "words", "text", "blocks"} <= set(entries[0])
    assert all(isinstance(e["words"], int) and e["words"] > 0 for e in entries)
    assert all(f"{e['words']} words" in page for e in entries)


def test_every_reminder_kind_and_message_is_there(written):
    _, _, entries, _ = written
    surfaces, kinds = " ".join(e["surface"] for e in entries), {e["kind"] for e in entries}
    assert all(f"({kind})" in surfaces for kind in ReminderKind)
    assert all(f"reminder: {message}" in kinds for message in FactsKind)


def test_every_refusal_and_date_problem_is_there(written):
    _, _, entries, _ = written
    kinds = {e["kind"] for e in entries}
    assert all(f"refusal: {type(code).__name__}.{code.name}" in kinds for code in REFUSALS)
    assert all(f"date problem: {problem.name}" in kinds for problem in DateProblem)


def test_the_welcome_home_help_and_modals_are_there(written):
    _, _, entries, _ = written
    kinds = {e["kind"] for e in entries}
    assert {"welcome", "/peer help", "Home: nothing yet"} <= kinds
    assert sum(e["surface"] == "modal" for e in entries) >= 10


def _mrkdwn(value) -> list[str]:
    """Every mrkdwn text of some Block Kit (plain_text, an input's initial value, is shown as typed)."""
    if isinstance(value, list):
        return [t for v in value for t in _mrkdwn(v)]
    if not isinstance(value, dict):
        return []
    own = [value["text"]] if value.get("type") == "mrkdwn" else []
    return own + [t for v in value.values() for t in _mrkdwn(v)]


def test_typed_text_is_escaped(written):
    _, _, entries, page = written
    shown = [t for e in entries for t in _mrkdwn(e["blocks"]) + ([e["text"]] if e["surface"] != "modal" else [])]
    assert sum(TYPED in t or "&lt;b&gt;" in t for t in shown) >= 20  # the sample is typed into many entries
    assert not [t for t in shown if "<b>" in t or "<script>" in t]
    assert "&lt;b&gt;" in page and "<script>" not in page


def test_an_unwritable_folder_is_one_line_and_exit_2(tmp_path, capsys):
    a_file = tmp_path / "taken"
    a_file.write_text("")
    for out in (a_file, a_file / "below"):
        assert cli.main(["messages", "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert err.startswith("peerbot messages: ") and err.count("\n") == 1 and "Traceback" not in err


def test_a_demo_run_adds_one_message_of_each_shape():
    def sent(kind: str, text: str) -> dict:
        return {"kind": kind, "text": text, "blocks": None}

    transcript = {
        "conversations": [
            {
                "title": "#pc-2018-kent",
                "entries": [
                    sent("typed", "/peer status"),
                    sent("message", ":white_check_mark: <@U1> marked the report done."),
                    sent("message", ":white_check_mark: <@U2> marked the self-assessment done."),
                    sent("reminder", "Triad 1: the report is due."),
                    sent("reply", ":white_check_mark: Triad 1 formed: <#C1> — everyone is invited."),
                    sent("file", "Here is the report skeleton to write into."),
                ],
            }
        ]
    }
    entries = demo_entries(transcript)
    assert [(e.surface, e.made, e.words) for e in entries] == [
        ("message in #pc-2018-kent", "demo run", 6),
        ("ephemeral reply in #pc-2018-kent", "demo run", 8),
        ("file shared in #pc-2018-kent", "demo run", 8),
    ]
