"""The demo's forms: a button that opens one has it filled in and submitted as Slack sends it (a view_submission
with every input's state: what the person filled in, the rest as the form opened), and the demo stops, rather than
show a round that did not happen, when the form is not there or the app refuses what was submitted."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from bot.demo import script
from bot.demo.run import run_demo
from bot.demo.script import Click, Step
from bot.demo.slack import FormNotSubmitted, form_state
from bot.rules.dates import parse_fuzzy_date
from handlers.views import forms


def test_what_was_filled_in_is_sent_and_the_rest_as_the_form_opened():
    view = forms.interview_modal(7, 1, "C0001", "2018-07-23").to_dict()
    state = form_state(view, {"stakeholder": "Head of Early Help", "end": "11:00", "interviewers": ("U1", "U2")})
    assert state["day"] == {"day": {"type": "datepicker", "selected_date": "2018-07-23"}}  # as it opened
    assert state["start"] == {"start": {"type": "timepicker", "selected_time": "09:30"}}
    assert state["end"] == {"end": {"type": "timepicker", "selected_time": "11:00"}}  # as filled in
    assert state["stakeholder"] == {"stakeholder": {"type": "plain_text_input", "value": "Head of Early Help"}}
    assert state["where"] == {"where": {"type": "plain_text_input", "value": None}}  # left empty
    assert state["interviewers"]["interviewers"] == {"type": "multi_users_select", "selected_users": ["U1", "U2"]}
    # The form reads it back as the typed command's values.
    submitted = {"state": {"values": state}}
    assert forms.value(submitted, "interviewers", "interviewers") == ["U1", "U2"]
    assert forms.value(submitted, "day", "day") == "2018-07-23"

    tbc = parse_fuzzy_date("December 2018 tbc", 2018)
    dates = forms.dates_modal(7, 1, None, tbc).to_dict()
    kept = form_state(dates, {"challenge": "3 October 2018"})
    assert kept["fieldwork"]["date"]["value"] == "December 2018 tbc"
    assert [o["value"] for o in kept["provisional"]["provisional"]["selected_options"]] == ["provisional"]
    unticked = form_state(dates, {"fieldwork": "11 & 12 December 2018", "provisional": ()})
    assert unticked["provisional"]["provisional"] == {"type": "checkboxes", "selected_options": []}


def test_a_field_the_form_does_not_have_stops_the_demo():
    view = forms.interview_modal(7, 1, "C0001", None).to_dict()
    with pytest.raises(FormNotSubmitted, match=r"has no field \['stakholder'\]"):
        form_state(view, {"stakholder": "Head of Early Help"})


def _first_day_then(click: Click, monkeypatch) -> None:
    """The demo plays the round's set-up day only (the round, its authorities, the triads and their dates), then
    `click` at noon."""
    setup = [s for s in script.steps() if s.day == date(2017, 12, 4)]
    steps: list[Step] = setup + [replace(setup[-1], at=12 * 60, action=click, narration=None)]
    monkeypatch.setattr(script, "steps", lambda: steps)
    monkeypatch.setattr(script, "LAST_DAY", date(2017, 12, 4))


@pytest.mark.parametrize(
    "click, stops",
    [
        # The app refuses the dates (its field error): nothing is shown as if it had been set.
        (Click(script.OXF, "home_dates", 1, "Welcome", form={"challenge": "31 February 2018"}), "refused the form"),
        # A button that opens no form, given one to fill in.
        (Click(script.OXF, "show_programme", 1, "Welcome", form={"line": "x"}), "opened no form"),
    ],
)
def test_a_form_not_opened_or_refused_stops_the_demo(click, stops, tmp_path, sessions, database_url, monkeypatch):
    _first_day_then(click, monkeypatch)
    with pytest.raises(FormNotSubmitted, match=stops):
        run_demo(tmp_path / "demo", say=lambda _line: None, database_url=database_url)


def test_a_form_filled_in_on_the_first_day_lands_as_the_command_would(tmp_path, sessions, database_url, monkeypatch):
    """The positive control of the refusals above: the same form, a date it reads, is set and said once."""
    click = Click(script.OXF, "home_dates", 1, "Welcome", form={"challenge": "14 February 2018"})
    _first_day_then(click, monkeypatch)
    result = run_demo(tmp_path / "demo", say=lambda _line: None, database_url=database_url)
    entries = next(c for c in result.transcript.conversations.values() if c.title == "#pc-2018-oxfordshire").entries
    clicked, submitted, said = entries[-3:]
    assert (clicked.kind, clicked.text, submitted.kind, submitted.text) == (
        "clicked",
        "Set dates",
        "submitted",
        "Save dates",
    )
    assert submitted.form == {
        "title": "Triad 1 dates",
        "fields": [["Challenge session", "14 February 2018"], ["Fieldwork visit (two days)", "23 & 24 July 2018"]],
    }
    assert (said.message or {})[
        "text"
    ] == ":calendar: <@UOXFDCS> set the dates: challenge session Wednesday 14 February."
