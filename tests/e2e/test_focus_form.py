"""Proposing a line of enquiry from a form: its button (on `/peer focus list`, the welcome, the reminders) and
`/peer focus propose` typed bare open it, authorised like the command; the submission proposes through the
same use case and posts the same proposal, once."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import delete, select

from bot.rules import limits
from storage.models import FocusLine, Triad
from tests.e2e.conftest import MK_DCS, OXF_DCS, OXF_TEAM, POR_DCS, STRANGER, snapshot
from tests.e2e.harness import COORDINATOR
from tests.e2e.test_focus_buttons import click_payload, told
from tests.e2e.test_forms import dms, opened, submission, text

LINE = "How well do we hear the voice of the child in plans?"
FORM = "focus_propose_form"


def listed(as_user, user: str, channel: str) -> dict:
    """`/peer focus list` as the person sees it: an ephemeral reply with the Propose button."""
    reply = as_user(user).peer("focus list", channel=channel).json
    return {"channel": channel, "ts": "1518600000.000100", "text": reply["text"], "blocks": reply["blocks"]}


def lines(sessions) -> list[tuple[int, str, str]]:
    with sessions() as session:
        return [(r.number, r.text, r.proposed_by) for r in session.scalars(select(FocusLine).order_by(FocusLine.id))]


def proposals(double, channel: str) -> list[dict]:
    return [m for m in double.messages_in(channel) if (m.get("text") or "").startswith("Line ")]


def forms_opened(double) -> list[dict]:
    return [c.args for c in double.calls_to("views.open")]


@pytest.fixture
def form(as_user, double, triad_channel) -> dict:
    """The form as it opened for the host DCS from the list's button."""
    message = listed(as_user, OXF_DCS, triad_channel)
    payload = click_payload(double, OXF_DCS, message, "focus_propose_open")
    assert as_user(OXF_DCS).click(payload).status == 200
    assert told(double, payload) == []  # the form is the answer
    return opened(double)


def line_values(value: str) -> dict:
    return {"line": {"line": text(value)}}


@pytest.mark.parametrize("user", [OXF_DCS, OXF_TEAM, POR_DCS, COORDINATOR])
def test_the_button_opens_the_form_for_whoever_may_propose(as_user, double, triad_channel, sessions, user):
    before = snapshot(sessions)
    message = listed(as_user, OXF_DCS, triad_channel)
    assert message["blocks"][-1]["elements"][0]["action_id"] == "focus_propose_open"
    payload = click_payload(double, user, message, "focus_propose_open")
    as_user(user).click(payload)
    view = opened(double)
    with sessions() as session:
        triad_id = session.scalar(select(Triad.id))
    assert view["callback_id"] == FORM and json.loads(view["private_metadata"])["triad_id"] == triad_id
    element = view["blocks"][0]["element"]
    assert element["multiline"] is True and element["max_length"] == limits.LINE_OF_ENQUIRY
    assert "How well do we" in view["blocks"][0]["hint"]["text"]
    assert told(double, payload) == [] and snapshot(sessions) == before  # opening it writes nothing


def test_the_button_is_refused_in_words_and_opens_nothing(as_user, double, triad_channel, sessions):
    message = listed(as_user, OXF_DCS, triad_channel)
    before = snapshot(sessions)
    outsider = click_payload(double, STRANGER, message, "focus_propose_open")
    as_user(STRANGER).click(outsider)
    assert told(double, outsider) == [":x: Only triad 1's members and the programme coordinators can see or change it."]
    other_workspace = click_payload(double, OXF_DCS, message, "focus_propose_open", team="T0OTHER")
    as_user(OXF_DCS).click(other_workspace)
    assert told(double, other_workspace) == [":x: That triad no longer exists, so there is nothing to change."]
    for value in ("7:2", "x", "", "1" * 13):
        forged = click_payload(double, OXF_DCS, message, "focus_propose_open", value=value)
        as_user(OXF_DCS).click(forged)
        assert "can't tell which triad" in told(double, forged)[0]
    missing = click_payload(double, OXF_DCS, message, "focus_propose_open", value="999")
    as_user(OXF_DCS).click(missing)
    assert told(double, missing) == [":x: That triad no longer exists, so there is nothing to change."]
    assert forms_opened(double) == [] and snapshot(sessions) == before


def test_a_deleted_triads_button_is_explained(as_user, double, triad_channel, sessions):
    message = listed(as_user, OXF_DCS, triad_channel)
    with sessions.begin() as session:
        session.execute(delete(Triad))
    before = snapshot(sessions)
    payload = click_payload(double, OXF_DCS, message, "focus_propose_open")
    as_user(OXF_DCS).click(payload)
    assert told(double, payload) == [":x: That triad no longer exists, so there is nothing to change."]
    assert forms_opened(double) == [] and snapshot(sessions) == before


def test_typed_bare_the_command_opens_the_same_form(as_user, double, triad_channel, sessions):
    response = as_user(MK_DCS).peer("focus propose", channel=triad_channel)
    assert response.status == 200 and response.raw == b""  # no message: the form is the answer
    assert opened(double)["callback_id"] == FORM
    refused = as_user(STRANGER).peer("focus propose", channel=triad_channel)
    assert refused.text.startswith(":x: Only triad 1's members") and len(forms_opened(double)) == 1
    assert lines(sessions) == []


def test_a_submitted_form_proposes_the_line_once_and_posts_it_once(as_user, double, triad_channel, sessions, form):
    submitted = submission(OXF_DCS, form, line_values(f"  {LINE}\n"))
    response = as_user(OXF_DCS).click(submitted)
    assert response.status == 200 and response.json == {}  # the form closes
    assert lines(sessions) == [(1, LINE, OXF_DCS)]
    [posted] = proposals(double, triad_channel)
    assert posted["text"] == f"Line 1 proposed: {LINE}"
    assert [e["action_id"] for b in posted["blocks"] if b["type"] == "actions" for e in b["elements"]] == [
        "focus_agree",
        "focus_withdraw",
    ]
    assert f"Waiting for <@{OXF_DCS}> and <@{MK_DCS}> to agree." in json.dumps(posted["blocks"])
    assert dms(double, OXF_DCS) == [] and not double.calls_to("chat.postEphemeral")  # no echo

    before = snapshot(sessions)
    replayed = as_user(OXF_DCS).click(submitted).json  # the same submission again: nothing doubles
    assert replayed == {"response_action": "errors", "errors": {"line": "That line is already proposed as number 1."}}
    assert snapshot(sessions) == before and len(proposals(double, triad_channel)) == 1

    # The proposal made by the form is the one the buttons agree, as one typed.
    agree = click_payload(double, OXF_DCS, {"channel": triad_channel, **posted}, "focus_agree")
    as_user(OXF_DCS).click(agree)
    with sessions() as session:
        assert session.scalar(select(FocusLine.host_agreed_by)) == OXF_DCS


@pytest.mark.parametrize(
    "user, value, words",
    [
        (OXF_DCS, "   \n ", "Write the line of enquiry, e.g."),
        (OXF_DCS, "How " * 130, "keep it under 500"),
        (STRANGER, LINE, "Only triad 1's members and the programme coordinators"),
    ],
)
def test_a_mistake_shows_on_the_field_and_writes_nothing(
    as_user, double, triad_channel, sessions, form, user, value, words
):
    before = snapshot(sessions)
    answer = as_user(user).click(submission(user, form, line_values(value))).json
    assert answer["response_action"] == "errors" and list(answer["errors"]) == ["line"]
    assert words in answer["errors"]["line"] and "`" not in answer["errors"]["line"]
    assert snapshot(sessions) == before and proposals(double, triad_channel) == []


def test_a_form_for_a_triad_gone_or_of_another_workspace_writes_nothing(as_user, double, triad_channel, sessions, form):
    before = snapshot(sessions)
    other = as_user(OXF_DCS).click(submission(OXF_DCS, form, line_values(LINE), team="T0OTHER")).json
    assert "no longer exists" in other["errors"]["line"]
    forged = dict(form, private_metadata=json.dumps({"triad_id": 999, "channel": triad_channel}))
    assert (
        "no longer exists"
        in as_user(OXF_DCS).click(submission(OXF_DCS, forged, line_values(LINE))).json["errors"]["line"]
    )
    assert snapshot(sessions) == before
    with sessions.begin() as session:
        session.execute(delete(Triad))
    gone = as_user(OXF_DCS).click(submission(OXF_DCS, form, line_values(LINE))).json
    assert "no longer exists" in gone["errors"]["line"]
    assert lines(sessions) == [] and proposals(double, triad_channel) == []


def test_a_short_line_gets_one_tip_beside_it_and_typed_text_stays_plain(as_user, double, triad_channel, form):
    as_user(OXF_DCS).click(submission(OXF_DCS, form, line_values("Early help <!channel> & <https://x.test|y>")))
    [posted] = proposals(double, triad_channel)
    shown = json.dumps(posted["blocks"]) + posted["text"]
    assert "&lt;!channel&gt; &amp; &lt;https://x.test|y&gt;" in shown and "<!channel>" not in shown
    as_user(OXF_DCS).click(submission(OXF_DCS, form, line_values("Neglect")))
    [tip] = [c.args for c in double.calls_to("chat.postEphemeral")]
    assert (tip["channel"], tip["user"]) == (triad_channel, OXF_DCS)
    assert tip["text"].startswith(":bulb:") and "Withdraw line 2" in tip["text"] and "/peer" not in tip["text"]
    assert dms(double, OXF_DCS) == []


def test_a_form_opened_away_from_the_channel_says_where_the_line_went(as_user, double, triad_channel, sessions, form):
    away = dict(form, private_metadata=json.dumps({**json.loads(form["private_metadata"]), "channel": ""}))
    assert as_user(OXF_DCS).click(submission(OXF_DCS, away, line_values(LINE))).json == {}
    assert dms(double, OXF_DCS) == [f":white_check_mark: Line 1 posted in <#{triad_channel}>."]
    assert len(proposals(double, triad_channel)) == 1 and len(lines(sessions)) == 1
