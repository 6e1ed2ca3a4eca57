"""The coordinator's first step without typing: New round (on the Home and in `/peer help`) and
`/peer round new` typed bare open one form, whose submission starts the round as the typed command does."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Round
from tests.e2e.conftest import OXF_DCS, snapshot
from tests.e2e.harness import COORDINATOR
from tests.e2e.test_forms import dms, opened, submission, text
from tests.e2e.test_home import open_home
from tests.e2e.test_home_actions import action_ids, home, home_click
from tests.e2e.test_suggest_triads import click


def round_values(name: str, tz: str = "Europe/London") -> dict:
    return {"name": {"name": text(name)}, "tz": {"tz": text(tz)}}


def round_names(sessions) -> list[tuple[str, str, int | None]]:
    with sessions() as session:
        return [(r.name, r.timezone, r.year) for r in session.scalars(select(Round).order_by(Round.id))]


def test_a_coordinators_click_opens_the_form_and_its_submission_starts_the_round_once(
    as_user, double, coordinator, sessions
):
    open_home(as_user, COORDINATOR)
    view = home(double, COORDINATOR)
    assert "No round yet" in str(view["blocks"]) and action_ids(view) == ["round_new_open", "home_authority_add"]
    coordinator.click(home_click(COORDINATOR, view, "round_new_open"))
    form = opened(double)
    assert form["callback_id"] == "round_new_form"
    tz_field = next(b for b in form["blocks"] if b["block_id"] == "tz")
    assert tz_field["element"]["initial_value"] == "Europe/London"

    assert coordinator.click(submission(COORDINATOR, form, round_values("  SE   2018 "))).json == {}
    assert round_names(sessions) == [("SE 2018", "Europe/London", 2018)]
    said = 'Round "SE 2018" created (Europe/London; dates without a year are 2018). Next: its authorities.'
    assert any(said in t for t in dms(double, COORDINATOR))  # the command's own words
    told = next(c for c in double.calls_to("chat.postMessage") if said in (c.args.get("text") or ""))
    assert "home_authority_add" in str(told.args.get("blocks"))  # and its next step's button
    # The Home now offers the next step instead.
    assert "round_new_open" not in action_ids(home(double, COORDINATOR))

    # The same submission replayed is refused on its field as already there: nothing doubled.
    before = snapshot(sessions)
    again = coordinator.click(submission(COORDINATOR, form, round_values("SE 2018"))).json
    assert again["response_action"] == "errors" and list(again["errors"]) == ["name"]
    assert "SE 2018" in again["errors"]["name"]
    assert snapshot(sessions) == before and len(round_names(sessions)) == 1


def test_a_non_coordinators_click_or_submission_is_refused_in_words_and_changes_nothing(
    as_user, double, coordinator, sessions
):
    open_home(as_user, COORDINATOR)
    view = home(double, COORDINATOR)
    coordinator.click(home_click(COORDINATOR, view, "round_new_open"))  # the positive control
    form = opened(double)
    opened_before, before = len(double.calls_to("views.open")), snapshot(sessions)
    as_user(OXF_DCS).click(home_click(OXF_DCS, view, "round_new_open"))
    assert any("Only a programme coordinator" in t for t in dms(double, OXF_DCS))
    assert len(double.calls_to("views.open")) == opened_before
    # A forged submission of the coordinator's form by a DCS: refused, nothing written.
    forged = as_user(OXF_DCS).click(submission(OXF_DCS, form, round_values("SE 2018"))).json
    assert "Only a programme coordinator" in str(forged)
    assert snapshot(sessions) == before and round_names(sessions) == []


def test_a_wrong_round_form_is_answered_on_its_field_and_writes_nothing(as_user, double, coordinator, sessions):
    assert coordinator.peer("round new").raw == b""  # typed bare: the same form
    form = opened(double)
    assert form["callback_id"] == "round_new_form"
    before = snapshot(sessions)

    def errors(name: str, tz: str = "Europe/London") -> dict:
        answer = coordinator.click(submission(COORDINATOR, form, round_values(name, tz))).json
        assert answer["response_action"] == "errors"
        return answer["errors"]

    assert "Give the round's name" in errors("   ")["name"]
    assert list(errors("SE 2018", "Mars/Olympus")) == ["tz"]
    assert "Mars/Olympus" in errors("SE 2018", "Mars/Olympus")["tz"]
    assert snapshot(sessions) == before and round_names(sessions) == []
    # Typed, the same mistake is refused in the same words.
    typed = coordinator.peer('round new "SE 2018" tz:Mars/Olympus').text
    assert "Mars/Olympus" in typed and round_names(sessions) == []
    # And a good submission after the mistakes starts the round, with the time zone given.
    assert coordinator.click(submission(COORDINATOR, form, round_values("NW 2019", "Europe/Dublin"))).json == {}
    assert round_names(sessions) == [("NW 2019", "Europe/Dublin", 2019)]


def test_help_offers_a_coordinator_the_new_round_button(coordinator, as_user, double):
    shown = coordinator.peer("help")
    buttons = [e["action_id"] for b in shown.json.get("blocks", []) if b["type"] == "actions" for e in b["elements"]]
    assert buttons[0] == "round_new_open" and "`/peer round new" not in shown.text
    assert "round_new_open" not in str(as_user(OXF_DCS).peer("help").json)


def test_round_list_with_no_round_offers_the_button(coordinator, double):
    shown = coordinator.peer("round list")
    assert shown.json["text"] == "No rounds yet: a coordinator starts one."
    assert "round_new_open" in str(shown.json["blocks"]) and "`/peer" not in shown.text
    coordinator.click(click(double, COORDINATOR, shown.json, "round_new_open"))
    assert opened(double)["callback_id"] == "round_new_form"
