"""`peerbot doctor`: one line per check, and each failure it reports made to happen."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.cli.doctor import run_checks
from bot.cli.main import main
from bot.rules.times import utcnow
from slack_double import SlackDouble
from storage.db import transaction, upgrade
from storage.models import Authority, Reminder, Round, Triad
from storage.monitoring import record_clock_pass

TEAM = "T0001"  # the double's workspace
CHANNEL = "CTRIAD1"


@pytest.fixture
def double():
    with SlackDouble(channels=[CHANNEL]) as double:
        yield double
        double.assert_no_errors()


@pytest.fixture
def env(monkeypatch, database_url, double):
    for name, value in {
        "SLACK_BOT_TOKEN": "xoxb-doctor",
        "SLACK_SIGNING_SECRET": "secret",
        "SLACK_API_URL": double.base_url,
        "DATABASE_URL": database_url,
        "CLOCK_INTERVAL_SECONDS": "30",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("SLACK_APP_TOKEN", raising=False)
    return monkeypatch


@pytest.fixture
def healthy(sessions, env):
    """A triad whose channel the app is in, a clock pass a few seconds ago, nothing overdue."""
    with transaction(sessions) as session:
        round_ = Round(team_id=TEAM, name="SE 2018", name_key="se 2018")
        names = ("Oxfordshire", "Milton Keynes", "Portsmouth")
        host, visitor, observer = (
            Authority(team_id=TEAM, name=n, name_key=n.lower(), dcs_user_id="UDCS") for n in names
        )
        session.add_all([round_, host, visitor, observer])
        session.flush()
        session.add(
            Triad(
                team_id=TEAM, number=1, round=round_, host=host, visitor=visitor, observer=observer, channel_id=CHANNEL
            )
        )
        record_clock_pass(session, "clock-a", utcnow() - timedelta(seconds=5), claimed=0, delivered=0)
    return sessions


def add_reminder(sessions, due_in: timedelta, status: str = "pending", **fields) -> None:
    with transaction(sessions) as session:
        session.add(
            Reminder(
                team_id=TEAM,
                key=f"custom:{due_in}:{status}",
                kind="custom",
                recipient="UDCS",
                text="hi",
                due_at=utcnow() + due_in,
                status=status,
                **fields,
            )
        )


def failures() -> list[str]:
    return [str(line) for line in run_checks() if not line.ok]


def test_a_healthy_installation_prints_ok_lines_and_exits_zero(healthy, capsys):
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in out] == [
        "ok   settings",
        "ok   database",
        "ok   slack",
        "ok   slack scopes",
        "ok   triad channels",
        "ok   clock",
        "ok   reminders",
    ]
    assert out[0] == "ok   settings: read; Slack over HTTP (SLACK_SIGNING_SECRET)"
    assert "schema at head" in out[1] and "bot UBOT" in out[2] and "all 1" in out[4]


def test_a_missing_setting_is_named_and_exits_one(healthy, env, capsys):
    env.delenv("SLACK_BOT_TOKEN")
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "FAIL settings: configuration error: SLACK_BOT_TOKEN is not set" in out
    assert "FAIL slack: not checked: the settings are incomplete" in out
    assert "ok   database" in out  # what can still be checked is checked


def test_an_unreachable_database(healthy, env, tmp_path):
    env.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'no-such-folder' / 'peerbot.db'}")
    found = failures()
    assert found[0].startswith("FAIL database: there is no database at ") and "peerbot db upgrade" in found[0]
    assert not (tmp_path / "no-such-folder").exists()  # the doctor writes nothing
    assert "FAIL clock: not checked: the database is not usable" in found


def test_a_database_behind_head(healthy, env, tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0004")
    env.setenv("DATABASE_URL", url)
    assert any(f.startswith("FAIL database: schema at 0004, the code needs ") for f in failures())


def test_a_refused_token(healthy, double):
    double.valid_tokens = {"xoxb-another"}
    assert failures() == ["FAIL slack: auth.test refused the bot token: invalid_auth (check SLACK_BOT_TOKEN)"]


def test_a_missing_scope(healthy, double):
    double.scopes = [s for s in double.scopes if s not in ("pins:write", "groups:read")]
    assert failures() == [
        "FAIL slack scopes: the token lacks groups:read, pins:write (manifest.json asks for them): reinstall the app"
    ]


def test_the_app_not_in_a_triad_channel(healthy, double):
    double.channels[CHANNEL].members.remove(double.bot_user_id)
    assert failures() == [f"FAIL triad 1: the app is not in its channel {CHANNEL}: invite it with /invite there"]


def test_a_triad_channel_that_is_gone(healthy, double):
    del double.channels[CHANNEL]
    assert failures() == [f"FAIL triad 1: channel {CHANNEL}: channel_not_found"]


def test_the_clock_never_ran(sessions, env):
    assert failures() == ["FAIL clock: no pass recorded: is `peerbot clock` running?"]


def test_a_stale_clock(healthy):
    with transaction(healthy) as session:
        record_clock_pass(session, "clock-a", utcnow() - timedelta(minutes=10), claimed=0, delivered=0)
    (found,) = failures()
    assert found.startswith("FAIL clock: last pass 10 min ago (") and "is `peerbot clock` running?" in found


def test_reminders_due_and_not_sent(healthy):
    add_reminder(healthy, timedelta(seconds=30))  # not yet due
    add_reminder(healthy, timedelta(seconds=-30))  # due, the clock has a few intervals to send it
    assert failures() == []
    add_reminder(healthy, timedelta(hours=-2))
    add_reminder(healthy, timedelta(hours=-3), status="sent")
    (found,) = failures()
    assert found.startswith("FAIL reminders: 1 due and not sent, the oldest due ")


def test_a_claim_held_past_its_lease_counts_as_not_sent(healthy, env):
    env.setenv("CLOCK_LEASE_SECONDS", "120")
    add_reminder(healthy, timedelta(minutes=-1), status="sending", claimed_at=utcnow() - timedelta(seconds=30))
    assert failures() == []  # a clock is sending it
    add_reminder(healthy, timedelta(minutes=-9), status="sending", claimed_at=utcnow() - timedelta(minutes=8))
    (found,) = failures()
    assert found.startswith("FAIL reminders: 1 due and not sent")


def test_doctor_says_a_bare_coordinator_id_is_ignored_with_add_to_slack(healthy, env):
    env.delenv("SLACK_BOT_TOKEN")
    env.setenv("SLACK_CLIENT_ID", "1.2")
    env.setenv("SLACK_CLIENT_SECRET", "cs")
    env.setenv("PEER_COORDINATORS", "UBARE,T0001:UCOORD")
    lines = [str(line) for line in run_checks()]
    assert (
        "FAIL coordinators: PEER_COORDINATORS: UBARE ignored: with Add to Slack (many workspaces) a coordinator "
        "must name their workspace, like T0123:U0456"
    ) in lines, lines


def test_doctor_says_nothing_of_coordinators_with_one_workspace(healthy, env):
    env.setenv("PEER_COORDINATORS", "UBARE,T0001:UCOORD")
    lines = [str(line) for line in run_checks()]
    assert not any("coordinators" in line for line in lines), lines
