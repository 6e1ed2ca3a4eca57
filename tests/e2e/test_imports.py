"""Imports from Slack, as Slack sends them: a CSV sent to the app in a DM (a `message` event with `files`
in an `im`), and `/peer import`'s form with a `file_input`. The file is fetched from the double with the
bot token; all or nothing; the same file twice changes nothing."""

from __future__ import annotations

import json
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select

from storage.models import Authority, Reminder, Round, Triad
from tests.e2e.conftest import STRANGER, snapshot
from tests.e2e.harness import COORDINATOR
from tests.e2e.test_forms import dms, opened, submission

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
AUTHORITIES = (EXAMPLES / "se-authorities.csv").read_bytes()
ROUND_2018 = (EXAMPLES / "se-2018.csv").read_bytes()
DM = "D0IMPORT"


def file_share(double, user: str, filename: str, content: bytes, text: str = "") -> dict:
    """The event Slack sends when a person sends a file in their DM with the app."""
    shared = double.add_file(filename, content, user=user)
    ts = f"{time.time():.6f}"
    return {
        "type": "message", "subtype": "file_share", "text": text, "files": [shared], "upload": False,
        "user": user, "display_as_bot": False, "ts": ts, "event_ts": ts, "channel": DM, "channel_type": "im",
        "client_msg_id": f"msg-{ts}",
    }  # fmt: skip


def replies(double) -> list[str]:
    return [c.args.get("text") or "" for c in double.calls_to("chat.postMessage") if c.args.get("channel") == DM]


def send(user, double, filename: str, content: bytes, text: str = "", **kwargs) -> str:
    before = len(replies(double))
    response = user.event(file_share(double, user.user, filename, content, text), **kwargs)
    assert response.status == 200
    got = replies(double)
    assert len(got) == before + 1, got
    return got[-1]


def count(sessions, model) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_authorities_sent_in_a_dm_are_imported_then_the_same_file_changes_nothing(coordinator, double, sessions):
    said = send(coordinator, double, "se-authorities.csv", AUTHORITIES)
    assert "9 added" in said and "Oxfordshire" in said, said
    assert count(sessions, Authority) == 9
    assert double.downloads, "the file was fetched from its url_private_download"
    download_calls = double.calls_to("files.info")
    assert download_calls and download_calls[-1].token == "xoxb-test-token"
    assert len(double.calls_to("users.lookupByEmail")) == 19  # 9 DCSs and 10 team members, each asked once
    with sessions() as session:
        oxford = session.scalar(select(Authority).where(Authority.name == "Oxfordshire"))
        assert oxford.dcs_user_id.startswith("U") and len(oxford.members) == 2

    before = snapshot(sessions)
    again = send(coordinator, double, "se-authorities.csv", AUTHORITIES)
    assert "9 authorities already as in the file, nothing changed" in again
    assert snapshot(sessions) == before


def test_an_earlier_round_sent_in_a_dm_is_history_without_channels(coordinator, double, sessions, clock):
    clock.set(datetime(2026, 12, 3, 9, 0, tzinfo=timezone.utc))  # years after the round
    send(coordinator, double, "se-authorities.csv", AUTHORITIES)
    said = send(coordinator, double, "se-2018.csv", ROUND_2018, text="round “SE 2018”")
    assert "SE 2018 created as an earlier round" in said and "3 triad(s) recorded" in said, said
    assert "No Slack channels were made" in said
    assert not double.calls_to("conversations.create") and not double.calls_to("conversations.invite")
    with sessions() as session:
        assert session.scalars(select(Round.name)).all() == ["SE 2018"]
        assert session.scalars(select(Triad.channel_id)).all() == [None, None, None]
        assert set(session.scalars(select(Reminder.status))) == {"skipped"}  # 2018: nothing will be sent

    before = snapshot(sessions)
    again = send(coordinator, double, "se-2018.csv", ROUND_2018, text="SE 2018")
    assert "3 triads already as in the file, nothing changed" in again
    assert snapshot(sessions) == before


def test_a_round_sent_without_its_name_is_asked_for(coordinator, double, sessions):
    said = send(coordinator, double, "se-2018.csv", ROUND_2018)
    assert 'round "SE 2018"' in said and count(sessions, Round) == 0


@pytest.mark.parametrize(
    ("content", "text", "expected"),
    [
        (b"name,team\nOxfordshire,U0A\n", "", ["line 1: no DCS column", "name, DCS, team"]),
        (
            b"name,dcs\nOxfordshire,U0A\nCambridge,U0B\noxfordshire,U0C\n",
            "",
            ["line 4: oxfordshire is already on line 2"],
        ),
        (b"", "", ["the file is empty"]),
        (b"name,dcs\nCaf\xe9,U0A\n", "", ["line 2: the file isn't UTF-8"]),
        (
            b"name,dcs\nOxfordshire,nobody@elsewhere.test\n",
            "",
            ["line 2: nobody in this Slack workspace is nobody@elsewhere.test"],
        ),
        (ROUND_2018, "SE 2018", ["line 2: the host, “Oxfordshire”, isn't a registered authority", "line 4:"]),
        (ROUND_2018.replace(b"7 September", b"7 Septembre"), "SE 2018", ["line 4: challenge session:"]),
    ],
)
def test_a_bad_file_is_refused_with_its_lines_and_nothing_is_written(
    coordinator, double, sessions, content, text, expected
):
    if b"Septembre" in content:
        send(coordinator, double, "se-authorities.csv", AUTHORITIES)
    before = snapshot(sessions)
    said = send(coordinator, double, "bad.csv", content, text=text)
    assert said.startswith("bad.csv: :x: Nothing was imported") or "the file is empty" in said, said
    for words in expected:
        assert words in said, said
    assert snapshot(sessions) == before


def test_a_file_that_is_not_csv_is_not_imported(coordinator, double, sessions):
    said = send(coordinator, double, "slides.pdf", b"%PDF-1.4")
    assert "slides.pdf isn't a CSV file" in said and not double.downloads
    assert count(sessions, Authority) == 0


def test_a_non_coordinator_is_refused(as_user, double, sessions):
    said = send(as_user(STRANGER), double, "se-authorities.csv", AUTHORITIES)
    assert "Only a programme coordinator can import authorities" in said
    assert count(sessions, Authority) == 0


def test_a_retried_delivery_imports_once_and_answers_the_same(coordinator, double, sessions):
    event = file_share(double, COORDINATOR, "se-authorities.csv", AUTHORITIES)
    coordinator.event(event, event_id="EvImport")
    coordinator.event(event, retry_num=1, event_id="EvImport")
    first, second = replies(double)
    assert "9 added" in first and second == first
    assert count(sessions, Authority) == 9


def test_messages_without_files_and_outside_dms_are_left_alone(coordinator, double, sessions):
    coordinator.event({"type": "message", "text": "hello", "user": COORDINATOR, "ts": "1.0", "channel": DM,
                       "channel_type": "im"})  # fmt: skip
    event = file_share(double, COORDINATOR, "se-authorities.csv", AUTHORITIES)
    coordinator.event({**event, "channel": "C0PUBLIC", "channel_type": "channel"})
    assert not double.calls_to("chat.postMessage") and count(sessions, Authority) == 0


# --------------------------------------------------------------------------- the form


def file_values(double, what: str, content: bytes, round_name: str = "", user: str = COORDINATOR) -> dict:
    shared = double.add_file("import.csv", content, user=user)
    return {
        "what": {"what": {"type": "radio_buttons", "selected_option": {
            "text": {"type": "plain_text", "text": what}, "value": what}}},
        "round": {"round": {"type": "plain_text_input", "value": round_name or None}},
        "file": {"file": {"type": "file_input", "files": [shared]}},
    }  # fmt: skip


def shown(double) -> str:
    """What the form shows once it has taken the file (its last views.update)."""
    view = double.calls_to("views.update")[-1].args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    return "\n".join(b["text"]["text"] for b in view["blocks"])


def test_import_typed_bare_opens_the_form_and_its_submission_imports(coordinator, double, sessions):
    response = coordinator.peer("import")
    assert response.status == 200 and response.raw == b""
    view = opened(double)
    assert view["callback_id"] == "import_form"
    assert [b.get("block_id") for b in view["blocks"][:3]] == ["what", "round", "file"]
    assert view["blocks"][2]["element"]["type"] == "file_input"

    answer = coordinator.click(submission(COORDINATOR, view, file_values(double, "authorities", AUTHORITIES)))
    assert answer.status == 200 and answer.json["response_action"] == "update"
    assert "Importing import.csv" in answer.json["view"]["blocks"][0]["text"]["text"]
    assert count(sessions, Authority) == 9
    assert "9 added" in shown(double) and double.calls_to("views.update")[-1].args["view_id"] == "V0FORM"
    assert any("9 added" in t for t in dms(double, COORDINATOR))

    coordinator.click(submission(COORDINATOR, view, file_values(double, "round", ROUND_2018, "SE 2018")))
    assert count(sessions, Triad) == 3 and not double.calls_to("conversations.create")
    assert "3 triad(s) recorded" in shown(double)

    before = snapshot(sessions)
    coordinator.click(submission(COORDINATOR, view, file_values(double, "round", ROUND_2018, "SE 2018")))
    assert "SE 2018: 3 triads already as in the file, nothing changed." in shown(double)
    assert snapshot(sessions) == before


def test_a_bad_file_in_the_form_shows_its_bad_rows(coordinator, double, sessions):
    coordinator.peer("import")
    view = opened(double)
    before = snapshot(sessions)
    coordinator.click(
        submission(COORDINATOR, view, file_values(double, "authorities", b"name,dcs\nA,U0A\nB,not-a-person\n"))
    )
    said = shown(double)
    assert "Nothing was imported" in said and "line 3:" in said and "not-a-person" in said
    assert not any("Nothing" in t for t in dms(double, COORDINATOR))  # the form said it
    answer = coordinator.click(submission(COORDINATOR, view, file_values(double, "round", ROUND_2018)))
    assert answer.json == {
        "response_action": "errors",
        "errors": {"round": 'Give the earlier round\'s name, like "SE 2018".'},
    }
    assert snapshot(sessions) == before


def test_the_form_is_for_coordinators(as_user, coordinator, double, sessions):
    stranger = as_user(STRANGER)
    assert "Only a programme coordinator" in stranger.peer("import").text
    coordinator.peer("import")
    view = opened(double)
    answer = stranger.click(submission(STRANGER, view, file_values(double, "authorities", AUTHORITIES, user=STRANGER)))
    assert answer.json["response_action"] == "errors"
    assert "Only a programme coordinator can import authorities" in answer.json["errors"]["file"]
    assert count(sessions, Authority) == 0 and not double.downloads


def test_import_with_words_says_how(coordinator):
    said = coordinator.peer("import authorities").text
    assert "A file can't come with a slash command" in said and "/peer import" in said


def test_people_must_be_active_members(coordinator, double, sessions):
    double.add_user("U0GONE", deleted=True)
    said = send(coordinator, double, "a.csv", b"name,dcs\nOxfordshire,U0GONE\n")
    assert "line 2: U0GONE (DCS) has been deactivated in Slack" in said
    assert count(sessions, Authority) == 0


def test_a_registered_authority_takes_the_files_team_who_join_its_triad_channel(
    coordinator, double, sessions, triad_channel
):
    from tests.e2e.conftest import OXF_DCS

    double.clear()
    said = send(coordinator, double, "a.csv", f"name,dcs,team\nOXFORDSHIRE ,{OXF_DCS},U0NEWTEAM\n".encode())
    assert "1 updated with the file's DCS and team (Oxfordshire)" in said, said
    invited = [c.args for c in double.calls_to("conversations.invite") if c.args["channel"] == triad_channel]
    assert invited and "U0NEWTEAM" in invited[-1]["users"]
    with sessions() as session:
        oxford = session.scalar(select(Authority).where(Authority.name == "Oxfordshire"))
        assert [m.user_id for m in oxford.members] == ["U0NEWTEAM"]
