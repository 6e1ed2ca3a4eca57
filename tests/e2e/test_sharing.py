"""Sharing and the archive through Slack: /peer findings, /peer share and its form, the *Attach to the record*
shortcut, and /peer archive search — as Slack sends them, with the Web API calls going to the double."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from storage.models import RecordFile, SharedItem
from tests.e2e.conftest import MK_DCS, MK_TEAM1, OXF_DCS, OXF_TEAM, POR_DCS, STRANGER, seeded, snapshot
from tests.e2e.harness import COORDINATOR, TEAM
from tests.e2e.test_forms import opened, submission, text
from tests.e2e.test_home import home_text, open_home

SUMMARY = (
    "Partners understand the early help front door well. Step-down from social care to early help is slow, "
    "and families wait for a named worker."
)
LINE = "How well does the early help front door work for families?"


@pytest.fixture
def recorded(as_user, triad_channel, app, double, sessions, clock):
    """`form_recorded`, seeded as its signed commands leave it (see conftest.seeded)."""
    return seeded("test_sharing.recorded", lambda: form_recorded(as_user, triad_channel), app, double, sessions, clock)


def form_recorded(as_user, triad_channel):
    """Triad 1 with an agreed line and the visiting DCS's summary; nothing shared yet."""
    assert (
        as_user(OXF_DCS).peer(f'focus propose "{LINE}"', channel=triad_channel).text == ""
    )  # posted in the channel, no echo
    as_user(OXF_DCS).peer("focus agree 1", channel=triad_channel)
    as_user(MK_DCS).peer("focus agree 1", channel=triad_channel)
    reply = as_user(MK_DCS).peer(f'findings "{SUMMARY}"', channel=triad_channel).text
    assert "saved for triad 1" in reply and "private to the triad" in reply
    return triad_channel


def radio(value: str) -> dict:
    return {"type": "radio_buttons", "selected_option": {"text": {"type": "plain_text", "text": value}, "value": value}}


def share_form(as_user, double, channel: str, user: str = OXF_DCS) -> dict:
    response = as_user(user).peer("share", channel=channel)
    assert response.status == 200 and response.raw in (b"", b"{}"), response.text  # a form, no message
    return opened(double)


def submit_share(as_user, view: dict, choices: dict[str, str], user: str = OXF_DCS):
    values = {f"share_{kind}": {"audience": radio(audience)} for kind, audience in choices.items()}
    return as_user(user).click(submission(user, view, values))


def search_text(as_user, user: str, words: str) -> str:
    return as_user(user).peer(f'archive search "{words}"').text


def test_the_findings_are_written_by_the_visiting_dcs_typed_or_in_a_form(as_user, double, recorded, sessions):
    posted = [
        c.args.get("text") or "" for c in double.calls_to("chat.postMessage") if c.args.get("channel") == recorded
    ]
    assert any("recorded the summary of the findings" in t for t in posted)
    before = snapshot(sessions)
    for user in (OXF_DCS, COORDINATOR, MK_TEAM1):
        assert "written by the visiting DCS" in as_user(user).peer('findings "All fine."', channel=recorded).text
    assert "one pair of quotes" in as_user(MK_DCS).peer('findings "One" "Two"', channel=recorded).text
    assert "under 3000" in as_user(MK_DCS).peer(f'findings "{"x" * 3001}"', channel=recorded).text
    assert snapshot(sessions) == before

    assert as_user(MK_DCS).peer("findings", channel=recorded).status == 200
    form = opened(double)
    assert form["callback_id"] == "findings_form"
    assert form["blocks"][0]["element"]["initial_value"] == SUMMARY
    before = snapshot(sessions)
    answer = as_user(MK_DCS).click(submission(MK_DCS, form, {"summary": {"summary": text("  ")}}))
    assert answer.json["errors"] == {"summary": "Write the summary of the findings."} and snapshot(sessions) == before
    assert (
        as_user(MK_DCS)
        .click(submission(MK_DCS, form, {"summary": {"summary": text("Sufficiency is the worry.")}}))
        .status
        == 200
    )
    assert as_user(OXF_DCS).peer("findings", channel=recorded).status == 200  # refused before any form opens
    assert double.calls_to("views.open")[-1].args["view"] == double.calls_to("views.open")[0].args["view"]


def test_the_share_form_shows_exactly_what_would_be_shared_and_nothing_is_shared_before(
    as_user, double, recorded, sessions
):
    for user in (COORDINATOR, OXF_TEAM, POR_DCS, MK_DCS):
        assert "No shared challenge matches" in search_text(as_user, user, "early help front door")
    for user in (MK_DCS, COORDINATOR, OXF_TEAM):
        assert "Only the host DCS" in as_user(user).peer("share", channel=recorded).text
    view = share_form(as_user, double, recorded)
    assert view["callback_id"] == "share_form"
    plain = [b["text"]["text"] for b in view["blocks"] if b["type"] == "section" and b["text"]["type"] == "plain_text"]
    assert plain == [f"1. {LINE}", SUMMARY]  # the exact words, nothing rendered
    radios = {b["block_id"]: b["element"]["initial_option"]["value"] for b in view["blocks"] if b["type"] == "input"}
    assert radios == {"share_lines": "nobody", "share_summary": "nobody"}  # nobody by default
    shown = " ".join(e["text"] for b in view["blocks"] if b["type"] == "context" for e in b["elements"])
    assert "No file is attached" in shown and "No action is recorded" in shown
    assert not snapshot(sessions)["shared_items"]


def test_shared_then_revoked_through_the_form(as_user, double, recorded, sessions):
    view = share_form(as_user, double, recorded)
    assert submit_share(as_user, view, {"lines": "nobody", "summary": "region"}).status == 200
    found = search_text(as_user, POR_DCS, "families wait worker")
    assert "SE 2018 — triad 1, hosted by Oxfordshire" in found and "Step-down from social care" in found
    assert LINE not in found  # the lines were not shared
    assert "Only the host DCS" not in found
    told = [c.args.get("text") or "" for c in double.calls_to("chat.postMessage") if c.args.get("channel") == recorded]
    assert any("changed what the triad shares" in t and "summary of the findings: the region" in t for t in told)
    assert "archive is for the programme" in search_text(as_user, STRANGER, "families")

    view = share_form(as_user, double, recorded)
    radios = {b["block_id"]: b["element"]["initial_option"]["value"] for b in view["blocks"] if b["type"] == "input"}
    assert radios == {"share_lines": "nobody", "share_summary": "region"}
    submit_share(as_user, view, {"lines": "nobody", "summary": "nobody"})
    assert "No shared challenge matches" in search_text(as_user, POR_DCS, "families wait worker")
    with sessions() as session:
        assert session.scalars(select(SharedItem)).all() == []


def test_a_form_opened_before_the_summary_changed_shares_nothing(as_user, double, recorded, sessions):
    view = share_form(as_user, double, recorded)
    as_user(MK_DCS).peer('findings "Sufficiency of foster carers is the worry."', channel=recorded)
    before = snapshot(sessions)
    answer = submit_share(as_user, view, {"lines": "region", "summary": "all"})
    assert "changed since this form opened" in answer.json["errors"]["share_summary"]
    assert snapshot(sessions) == before  # not even the lines: all or nothing


def test_share_with_nothing_to_share_says_so(as_user, double, triad_channel):
    assert "nothing to share yet" in as_user(OXF_DCS).peer("share", channel=triad_channel).text
    assert not double.calls_to("views.open")
    assert "optional triad:N" in as_user(OXF_DCS).peer("share everything", channel=triad_channel).text
    assert "Say what to look for" in as_user(OXF_DCS).peer("archive search").text
    assert "write `/peer archive search`" in as_user(OXF_DCS).peer("archive").text


def test_unshared_findings_never_show_on_anyones_home(as_user, double, recorded):
    for user in (COORDINATOR, POR_DCS, OXF_TEAM):
        open_home(as_user, user, event_id=f"Ev{user}")
        assert "Step-down" not in home_text(double, user) and "front door" not in home_text(double, user)


def shortcut(double, user: str, channel: str, message: dict) -> dict:
    return {
        "type": "message_action", "callback_id": "attach_to_record", "trigger_id": f"{time.monotonic_ns()}.trigger",
        "team": {"id": TEAM, "domain": "peer"}, "user": {"id": user, "name": user.lower(), "team_id": TEAM},
        "channel": {"id": channel, "name": "pc-2018-oxfordshire"}, "api_app_id": "A0PEER", "token": "legacy",
        "message_ts": "1531000000.000200", "response_url": double.response_url(f"sc-{time.monotonic_ns()}"),
        "message": {"type": "message", "user": user, "ts": "1531000000.000200", **message},
        "is_enterprise_install": False, "enterprise": None,
    }  # fmt: skip


REPORT = {
    "text": "Our report",
    "files": [{"id": "F0REPORT", "name": "report.pdf", "title": "Oxfordshire peer challenge report.pdf",
               "permalink": "https://peer.slack.com/files/UMKDCS/F0REPORT/report.pdf"}],
}  # fmt: skip


def test_a_file_is_attached_to_the_record_with_the_shortcut_and_shared(as_user, double, recorded, sessions):
    before = snapshot(sessions)
    as_user(MK_DCS).click(shortcut(double, MK_DCS, "C0ELSEWHERE", REPORT))
    as_user(MK_DCS).click(shortcut(double, MK_DCS, recorded, {"text": "no file"}))
    as_user(STRANGER).click(shortcut(double, STRANGER, recorded, REPORT))
    told = [c.args.get("text") or "" for c in double.calls_to("chat.postEphemeral")]
    assert any("isn't a triad channel" in t for t in told) and any("no file to attach" in t for t in told)
    assert any("Only triad 1's members" in t for t in told)
    assert snapshot(sessions) == before

    as_user(OXF_TEAM).click(shortcut(double, OXF_TEAM, recorded, REPORT))
    form = opened(double)
    assert form["callback_id"] == "attach_form" and "Oxfordshire peer challenge report.pdf" in str(form["blocks"])
    answer = as_user(OXF_TEAM).click(submission(OXF_TEAM, form, {"kind": {"kind": radio("report")}}))
    assert "Only Milton Keynes's people" in answer.json["errors"]["kind"] and snapshot(sessions) == before

    as_user(MK_DCS).click(shortcut(double, MK_DCS, recorded, REPORT))
    form = opened(double)
    assert as_user(MK_DCS).click(submission(MK_DCS, form, {"kind": {"kind": radio("report")}})).status == 200
    with sessions() as session:
        rows = session.scalars(select(RecordFile)).all()
    assert [(r.kind, r.file_id, r.name) for r in rows] == [
        ("report", "F0REPORT", "Oxfordshire peer challenge report.pdf")
    ]

    view = share_form(as_user, double, recorded)
    assert "Report: Oxfordshire peer challenge report.pdf" in [
        b["text"]["text"] for b in view["blocks"] if b["type"] == "section"
    ]
    submit_share(as_user, view, {"lines": "region", "summary": "nobody", "files": "region"})
    found = search_text(as_user, COORDINATOR, "early help front door")
    assert LINE in found and "Report attached" in found and "Step-down" not in found
