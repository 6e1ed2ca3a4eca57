"""The words of the imports: every problem of a file is worded; the form and its outcome are valid Block Kit."""

from __future__ import annotations

import pytest

from bot.rules.imports import ImportProblem, ImportRefusal, RowProblem, refuse
from bot.services.imports import AuthoritiesImported, ImportedTriad, RoundImported
from handlers.imports import authorities_said, refusal_lines, round_said
from handlers.views.import_form import import_modal, result_view
from handlers.words.imports import not_imported, problem_text

FACTS = {
    "limit": 10, "reason": "a reason", "missing": ("DCS",), "found": ("name",), "column": "host", "cells": 4,
    "columns": 3, "length": 130, "name": "Kent", "first_line": 2, "given": "bob", "count": 2, "number": 1,
    "fieldwork": "July 2018", "challenge": "November 2018", "standing": "deactivated",
}  # fmt: skip


@pytest.mark.parametrize("code", list(ImportProblem))
def test_every_problem_is_worded_with_its_line(code):
    text = problem_text(RowProblem(7, code, FACTS), "round")
    assert text.startswith("line 7: ") and "{" not in text


def test_a_refusal_lists_every_bad_row_and_says_how_many():
    problems = [RowProblem(n, ImportProblem.EMPTY_CELL, {"column": "name"}) for n in range(2, 30)]
    exc = refuse("authorities", problems)
    assert exc.code == ImportRefusal.NOT_IMPORTED
    text = not_imported(exc.facts)
    assert text.startswith("Nothing was imported: the authorities file has 28 problems")
    assert "• line 2: the name is empty." in text and "… and 8 more." in text
    lines = refusal_lines(exc)
    assert lines[0] == "line 2: the name is empty." and lines[-1] == "nothing was imported" and len(lines) == 22


def test_what_was_imported_is_said():
    assert authorities_said(AuthoritiesImported((), (), ("A", "B"))) == (
        "2 authorities already as in the file, nothing changed."
    )
    said = authorities_said(AuthoritiesImported(("A",), ("B",), ("C",)))
    assert (
        said
        == "Authorities imported: 1 added (A); 1 updated with the file's DCS and team (B); 1 already as in the file."
    )
    result = RoundImported("SE 2018", True, (ImportedTriad(1, 4, "Oxfordshire"),), (), (), (), 0, 12)
    assert round_said(result) == (
        "SE 2018 created as an earlier round: 1 triad(s) recorded: triad 4 (Oxfordshire) — triad 1 in the file. "
        "No Slack channels were made (it is history); 12 reminder(s) whose time had passed are skipped, never sent."
    )


def test_the_form_and_its_outcome_are_valid_block_kit():
    view = import_modal("D0001").to_dict()
    assert view["callback_id"] == "import_form"
    assert view["blocks"][2]["element"] == {
        "type": "file_input", "action_id": "file", "filetypes": ["csv", "txt"], "max_files": 1,
    }  # fmt: skip
    long = "\n".join(f"• line {n}: " + "x" * 200 for n in range(40))
    outcome = result_view("Not imported", long).to_dict()
    assert len(outcome["blocks"]) == 3 and all(len(b["text"]["text"]) <= 3000 for b in outcome["blocks"])
    assert "submit" not in outcome and outcome["close"]["text"] == "Close"
