"""`peerbot workspaces list [--json]` and held reminders in `peerbot reminders list`."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from bot.cli.main import main
from bot.services.workspaces import installed, stopped, unreachable
from storage.models import Authority, Reminder, Round, Triad, Workspace

T0 = datetime(2018, 1, 8, 10, tzinfo=timezone.utc)


def add_reminder(session, team: str, status: str = "pending", n: int = 0) -> None:
    session.add(
        Reminder(
            team_id=team, triad_id=None, key=f"custom:{team}:{status}:{n}", kind="custom",
            recipient="C1", text=f"{team} {status} {n}", due_at=T0 + timedelta(days=n), status=status,
        )
    )  # fmt: skip


@pytest.fixture
def seeded(sessions):
    with sessions() as session, session.begin():
        installed(session, "TALPHA", "Alpha", T0, T0)
        installed(session, "TBETA", "Beta", T0 + timedelta(days=1), T0)
        rnd = Round(team_id="TALPHA", name="SE 2018", name_key="se 2018", timezone="Europe/London")
        session.add(rnd)
        session.flush()
        authorities = [
            Authority(team_id="TALPHA", name=name, name_key=name.lower(), dcs_user_id=f"U{name.upper()}")
            for name in ("North", "East", "West")
        ]
        session.add_all(authorities)
        session.flush()
        host, visitor, observer = (a.id for a in authorities)
        session.add(
            Triad(team_id="TALPHA", round_id=rnd.id, number=1, host_id=host, visitor_id=visitor, observer_id=observer)
        )
        for n in range(2):
            add_reminder(session, "TALPHA", n=n)
            add_reminder(session, "TBETA", n=n)
        add_reminder(session, "TBETA", "sent", n=5)
        add_reminder(session, "TTOKEN", n=0)  # data of a workspace served with SLACK_BOT_TOKEN
    return sessions


def test_stopping_holds_only_that_workspaces_pending_reminders_and_reinstalling_resumes(seeded):
    with seeded() as session, session.begin():
        assert stopped(session, "TBETA", "uninstalled", T0) == 2
    with seeded() as session:
        by_team = {(r.team_id, r.status) for r in session.query(Reminder)}
    assert by_team == {("TALPHA", "pending"), ("TBETA", "held"), ("TBETA", "sent"), ("TTOKEN", "pending")}
    with seeded() as session, session.begin():
        assert installed(session, "TBETA", "Beta", T0 + timedelta(days=3), T0 + timedelta(days=3)) == 2
        assert session.get(Workspace, "TBETA").status == "installed"
    with seeded() as session:
        assert {r.status for r in session.query(Reminder).filter_by(team_id="TBETA")} == {"pending", "sent"}


def test_the_clock_keeps_the_status_an_event_gave(seeded):
    with seeded() as session, session.begin():
        stopped(session, "TBETA", "revoked", T0)
        unreachable(session, "TBETA", "no_installation", T0)
        assert session.get(Workspace, "TBETA").status == "revoked"
        unreachable(session, "TALPHA", "no_installation", T0)
        assert session.get(Workspace, "TALPHA").status == "uninstalled"


def test_workspaces_list_json(seeded, database_url, monkeypatch, capsys):
    with seeded() as session, session.begin():
        stopped(session, "TBETA", "uninstalled", T0)
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["workspaces", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows == [
        {"team_id": "TALPHA", "name": "Alpha", "installed_at": "2018-01-08T10:00:00Z", "status": "installed",
         "triads": 1, "pending_reminders": 2, "held_reminders": 0},
        {"team_id": "TBETA", "name": "Beta", "installed_at": "2018-01-09T10:00:00Z", "status": "uninstalled",
         "triads": 0, "pending_reminders": 0, "held_reminders": 2},
        {"team_id": "TTOKEN", "name": None, "installed_at": None, "status": "token",
         "triads": 0, "pending_reminders": 1, "held_reminders": 0},
    ]  # fmt: skip


def test_workspaces_list_as_text_and_held_reminders_listed(seeded, database_url, monkeypatch, capsys):
    with seeded() as session, session.begin():
        stopped(session, "TBETA", "uninstalled", T0)
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["workspaces", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and lines[1].startswith("TBETA") and "uninstalled" in lines[1] and "held      2" in lines[1]
    assert main(["reminders", "list", "--json", "--status", "held"]) == 0
    held = json.loads(capsys.readouterr().out)
    assert [(r["team_id"], r["status"]) for r in held] == [("TBETA", "held"), ("TBETA", "held")]


def test_workspaces_list_on_an_empty_database(sessions, database_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["workspaces", "list"]) == 0
    assert capsys.readouterr().out == "no workspaces\n"
