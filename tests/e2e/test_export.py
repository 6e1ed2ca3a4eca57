"""`peerbot export round`: data made through /peer commands, read back by the operator's CLI."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import MK_DCS, MK_TEAM1, OXF_DCS, OXF_TEAM, POR_DCS, mention, seeded
from tests.e2e.harness import COORDINATOR, SlackUser

VOICE = "How well do we hear the voice of the child in plans?"
STEP_DOWN = "How effective is step-down to early help?"


@pytest.fixture
def round_data(as_user, triad_channel, clock, app, double, sessions):
    """`form_round_data`, seeded as its signed commands leave it (see conftest.seeded)."""
    return seeded(
        "test_export.round_data", lambda: form_round_data(as_user, triad_channel, clock), app, double, sessions, clock
    )


def form_round_data(as_user, triad_channel, clock):
    """Triad 1 of SE 2018 with dates, focus, feedback, a step done, an interview and three actions."""

    def ok(user, text, says):
        reply = as_user(user).peer(text, channel=triad_channel)
        assert says in reply.text if says else reply.text == "", reply.text  # "": posted in the channel, no echo

    ok(OXF_DCS, 'dates challenge:"February 2018" fieldwork:"23 & 24 July 2018"', "")
    ok(OXF_DCS, f'focus propose "{VOICE}"', "")
    ok(OXF_DCS, f'focus propose "{STEP_DOWN}"', "")
    ok(OXF_DCS, 'focus propose "How stable are placements for older children?"', "")
    ok(OXF_DCS, "focus withdraw 3", "")
    ok(OXF_DCS, "focus agree 1", "waiting for the visiting DCS")
    ok(MK_DCS, "focus agree 1", "")
    ok(OXF_DCS, "feedback format:presentation", "")
    ok(OXF_DCS, "mark self-assessment done", "")
    ok(
        MK_DCS,
        'interview add "23 July 2018 09:30-10:15" "Head of Early Help" role:"manager" '
        f'with:{mention(MK_DCS)} {mention(MK_TEAM1)} where:"County Hall"',
        "",
    )
    ok(
        OXF_DCS,
        f'action add "Audit step-down cases" owner:{mention(OXF_TEAM)} due:"30 September" focus:2',
        "",
    )
    ok(
        OXF_DCS,
        'action add "Practice week, with commas, and the child\'s voice" '
        f'owner:{mention(OXF_DCS)} due:"2018-10-15" focus:1',
        "",
    )
    ok(MK_DCS, f'action add "Share the audit tool" owner:{mention(POR_DCS)} due:"15/11/2018"', "")
    clock.advance(days=1)
    ok(MK_TEAM1, 'action update 1 "Audit started"', "Progress noted")
    clock.advance(hours=2)
    ok(OXF_TEAM, 'action update 1 "Twelve cases read, first themes"', "Progress noted")
    ok(OXF_DCS, "action done 3", "")
    return triad_channel


def test_json_export_has_every_part_of_the_round(cli, round_data):
    code, out, err = cli("export", "round", "SE 2018", "--format", "json")
    assert code == 0, err
    document = json.loads(out)
    assert (document["round"], document["timezone"]) == ("SE 2018", "Europe/London")
    [triad] = document["triads"]
    assert (triad["number"], triad["host"], triad["visitor"], triad["observer"], triad["channel_id"]) == (
        1,
        "Oxfordshire",
        "Milton Keynes",
        "Portsmouth",
        round_data,
    )
    assert triad["dates"] == {
        "challenge": {
            "text": "February 2018",
            "start": "2018-02-01",
            "end": "2018-02-28",
            "precision": "month",
            "provisional": False,
        },
        "fieldwork": {
            "text": "23 & 24 July 2018",
            "start": "2018-07-23",
            "end": "2018-07-24",
            "precision": "days",
            "provisional": False,
        },
    }
    assert triad["focus"] == [
        {"number": 1, "text": VOICE, "agreed": True},
        {"number": 2, "text": STEP_DOWN, "agreed": False},
    ]
    assert triad["interviews"] == [
        {
            "number": 1,
            "slot": "23 July 2018 09:30-10:15",
            "day": "2018-07-23",
            "start": "09:30",
            "end": "10:15",
            "stakeholder": "Head of Early Help",
            "role": "manager",
            "place": "County Hall",
            "interviewers": [MK_DCS, MK_TEAM1],
        }
    ]
    assert [a["number"] for a in triad["actions"]] == [1, 2, 3]
    first, second, third = triad["actions"]
    assert first == {
        "number": 1,
        "text": "Audit step-down cases",
        "owner": OXF_TEAM,
        "due": "2018-09-30",
        "due_text": "30 September",
        "focus": 2,
        "status": "open",
        "done_at": None,
        "progress": [
            {"text": "Audit started", "author": MK_TEAM1, "at": "2018-01-09T10:00:00Z"},
            {"text": "Twelve cases read, first themes", "author": OXF_TEAM, "at": "2018-01-09T12:00:00Z"},
        ],
    }
    assert (second["focus"], second["due"], second["progress"]) == (1, "2018-10-15", [])
    assert (third["status"], third["done_at"], third["focus"], third["due"]) == (
        "done",
        "2018-01-09T12:00:00Z",
        None,
        "2018-11-15",
    )
    assert triad["steps_done"] == ["self_assessment"]
    assert (triad["feedback_format"], triad["follow_up_status"]) == ("presentation", None)


def test_csv_export_has_one_row_per_action_with_its_triad(cli, round_data):
    code, out, err = cli("export", "round", "se  2018", "--format", "csv")  # names match as the bot matches them
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 3
    assert list(rows[0]) == [
        "round",
        "triad",
        "host",
        "visitor",
        "observer",
        "challenge",
        "fieldwork",
        "action",
        "text",
        "owner",
        "due",
        "focus",
        "status",
        "done_at",
        "latest_progress",
        "progress",
    ]
    for row in rows:
        assert (
            row["round"],
            row["triad"],
            row["host"],
            row["visitor"],
            row["observer"],
            row["challenge"],
            row["fieldwork"],
        ) == ("SE 2018", "1", "Oxfordshire", "Milton Keynes", "Portsmouth", "February 2018", "23 & 24 July 2018")
    assert [(r["action"], r["owner"], r["due"], r["focus"], r["status"]) for r in rows] == [
        ("1", OXF_TEAM, "2018-09-30", "2", "open"),
        ("2", OXF_DCS, "2018-10-15", "1", "open"),
        ("3", POR_DCS, "2018-11-15", "", "done"),
    ]
    assert rows[1]["text"] == "Practice week, with commas, and the child's voice"  # the csv module quotes it
    assert rows[0]["latest_progress"] == "Twelve cases read, first themes"
    assert rows[0]["progress"].splitlines() == [
        f"2018-01-09T10:00:00Z {MK_TEAM1}: Audit started",
        f"2018-01-09T12:00:00Z {OXF_TEAM}: Twelve cases read, first themes",
    ]
    assert rows[2]["done_at"] == "2018-01-09T12:00:00Z"


def test_unknown_round_is_named_in_the_error(cli, round_data):
    code, out, err = cli("export", "round", "SE 1999")
    assert code == 2 and out == ""
    assert err.strip() == 'peerbot: there is no round called "SE 1999"'


def test_a_round_name_in_two_workspaces_needs_team(cli, round_data, app, double):
    other = SlackUser(app, double, COORDINATOR, team="T0OTHER")
    assert "SE 2018" in other.peer('round new "SE 2018" tz:Europe/Dublin').text
    code, out, err = cli("export", "round", "SE 2018")
    assert code == 2 and out == ""
    assert "several workspaces (T0OTHER, T0PEER)" in err and "--team" in err

    code, out, _ = cli("export", "round", "SE 2018", "--team", "T0OTHER")
    assert code == 0 and json.loads(out) == {"round": "SE 2018", "timezone": "Europe/Dublin", "triads": []}
    code, out, _ = cli("export", "round", "SE 2018", "--team", "T0PEER", "--format", "csv")
    assert code == 0 and len(list(csv.DictReader(io.StringIO(out)))) == 3
    code, out, err = cli("export", "round", "SE 2018", "--team", "T0NONE")
    assert code == 2 and 'no round called "SE 2018" in workspace T0NONE' in err


def test_a_round_without_actions_exports_an_empty_csv(cli, triad_channel):
    code, out, _ = cli("export", "round", "SE 2018", "--format", "csv")
    assert code == 0 and out.splitlines() == [
        "round,triad,host,visitor,observer,challenge,fieldwork,action,text,owner,due,focus,status,done_at,latest_progress,progress"
    ]
    code, out, _ = cli("export", "round", "SE 2018")
    triad = json.loads(out)["triads"][0]
    assert (
        triad["dates"] == {"challenge": None, "fieldwork": None}
        and triad["actions"] == []
        and triad["steps_done"] == []
    )


def test_the_peerbot_console_script_exports_the_same_json(cli, round_data, database_url):
    script = shutil.which("peerbot") or str(Path(sys.executable).parent / "peerbot")
    assert Path(script).exists(), "the peerbot console script is not installed"
    env = {**os.environ, "DATABASE_URL": database_url}
    result = subprocess.run(
        [script, "export", "round", "SE 2018", "--format", "json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    _, in_process, _ = cli("export", "round", "SE 2018", "--format", "json")
    assert json.loads(result.stdout) == json.loads(in_process)
    assert json.loads(result.stdout)["triads"][0]["actions"][0]["text"] == "Audit step-down cases"


ATTACK = '=HYPERLINK("http://evil","x")'


def test_csv_export_neutralises_cells_a_spreadsheet_would_run_as_formulas(cli, as_user, triad_channel):
    """An attacker types formulas as an action and as progress notes; the CSV shows them as text (a leading `'`),
    while ordinary text, the app's own dates, numbers and ids are written exactly as before."""

    def ok(user, text, says):
        reply = as_user(user).peer(text, channel=triad_channel)
        assert says in reply.text if says else reply.text == "", reply.text  # "": posted in the channel, no echo

    ok(OXF_DCS, f"action add '{ATTACK}' owner:{mention(OXF_TEAM)} due:\"30 September\"", "")
    ok(OXF_DCS, f'action add "Audit step-down cases" owner:{mention(OXF_TEAM)} due:"2018-10-15"', "")
    ok(
        OXF_DCS,
        f'action add "+44 1865 792422 rings the duty desk" owner:{mention(OXF_DCS)} due:"1 November 2018"',
        "",
    )
    ok(OXF_TEAM, "action update 1 \"@SUM(1+1)*cmd|' /C calc'!A0\"", "Progress noted")
    ok(OXF_TEAM, 'action update 2 "-2+3 cases read"', "Progress noted")
    ok(OXF_TEAM, 'action update 3 "Twelve cases read, first themes"', "Progress noted")

    code, out, err = cli("export", "round", "SE 2018", "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["text"] for r in rows] == [
        "'" + ATTACK,
        "Audit step-down cases",  # the positive control: ordinary text as typed
        "'+44 1865 792422 rings the duty desk",
    ]
    assert [r["latest_progress"] for r in rows] == [
        "'@SUM(1+1)*cmd|' /C calc'!A0",
        "'-2+3 cases read",
        "Twelve cases read, first themes",
    ]
    # The app's own cells are untouched: ISO days and times, numbers, statuses, user ids.
    assert [(r["triad"], r["action"], r["due"], r["status"], r["owner"]) for r in rows] == [
        ("1", "1", "2018-09-30", "open", OXF_TEAM),
        ("1", "2", "2018-10-15", "open", OXF_TEAM),
        ("1", "3", "2018-11-01", "open", OXF_DCS),
    ]
    assert rows[0]["progress"].startswith("2018-") and rows[0]["progress"].endswith(": @SUM(1+1)*cmd|' /C calc'!A0")
    # No cell of the file, read back as a spreadsheet reads it, starts a formula.
    for row in rows:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values()), row
    # The JSON export is a data interface, not a spreadsheet: it keeps the words exactly as typed.
    code, out, _ = cli("export", "round", "SE 2018", "--format", "json")
    assert json.loads(out)["triads"][0]["actions"][0]["text"] == ATTACK


def test_neutralise_covers_owasp_starts_and_leaves_the_rest():
    from bot.services.export import neutralise

    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert neutralise(f"{start}1+1") == f"'{start}1+1"
    for honest in ("Audit", "2018-09-30", "", " =not first", "'already quoted", "a=b"):
        assert neutralise(honest) == honest
    assert neutralise(7) == 7 and neutralise(None) is None
