"""Every mistake an operator can make with `peerbot` is one line, with its exit status: no traceback
(unless --debug), no file written, and the honest use beside it still works."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from urllib.error import URLError

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from bot.cli import main as cli
from bot.cli import reminders, serve
from bot.cli.serve import connect_with_back_off
from bot.settings import ConfigError
from slack_double import SlackDouble
from storage.db import transaction
from storage.models import Authority, Reminder, Round, Triad

SLACK_NAMES = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET")


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    """An operator's shell in an empty folder: no Slack settings, no database named."""
    for name in (*SLACK_NAMES, "DATABASE_URL", "SLACK_API_URL", "PEER_COORDINATORS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return monkeypatch


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    try:
        code = cli.main(argv)
    except SystemExit as exit_:  # argparse's own exit
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


def test_a_malformed_database_url_is_one_line_from_the_real_console_script(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in (*SLACK_NAMES, "DATABASE_URL")}
    env["DATABASE_URL"] = "nonsense"
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "reminders", "list"],
        cwd=tmp_path, env={**env, "PYTHONPATH": str(Path(cli.__file__).parents[2])},
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert one_line(done.stderr).startswith("peerbot: configuration error: DATABASE_URL: not a database URL")
    assert list(tmp_path.iterdir()) == []


def test_doctor_reports_a_malformed_url_and_a_missing_database_and_writes_nothing(clean_env, tmp_path, capsys):
    clean_env.setenv("DATABASE_URL", "nonsense")
    code, out, err = run(["doctor"], capsys)
    assert code == 1 and err == "" and "Traceback" not in out
    assert "FAIL database: DATABASE_URL: not a database URL" in out
    clean_env.delenv("DATABASE_URL")
    code, out, _ = run(["doctor"], capsys)
    assert code == 1 and "FAIL database: there is no database at peerbot.db" in out
    assert list(tmp_path.iterdir()) == []  # the doctor made no peerbot.db


def test_an_unreachable_database_is_one_line(clean_env, capsys):
    clean_env.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/nothing")  # nothing listens on port 1
    code, _, err = run(["reminders", "list"], capsys)
    assert code == 1
    assert one_line(err).startswith("peerbot: can't use the database: ")


def test_a_missing_sqlite_database_is_named_not_created(clean_env, tmp_path, capsys):
    code, _, err = run(["export", "round", "SE 2018"], capsys)
    assert code == 2 and "there is no database at peerbot.db" in one_line(err)
    assert not (tmp_path / "peerbot.db").exists()


@pytest.mark.parametrize(
    "name, value, says",
    [
        ("SLACK_BOT_TOKEN", "hello", "SLACK_BOT_TOKEN: not a bot token: it starts with xoxb-"),
        ("SLACK_BOT_TOKEN", "xoxp-a-user-token", "SLACK_BOT_TOKEN: not a bot token"),
        ("SLACK_APP_TOKEN", "xoxb-not-an-app-token", "SLACK_APP_TOKEN: not an app-level token: it starts with xapp-"),
    ],
)
def test_a_token_of_the_wrong_shape_stops_serve_in_one_line(clean_env, capsys, name, value, says, database_url):
    clean_env.setenv("DATABASE_URL", database_url)
    clean_env.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    clean_env.setenv("SLACK_SIGNING_SECRET", "s")
    clean_env.setenv(name, value)
    code, _, err = run(["serve"], capsys)
    assert code == 2 and says in one_line(err)
    assert value not in err  # a token is never printed


def test_the_doctor_says_a_token_of_the_wrong_shape_is_not_ok(clean_env, capsys):
    clean_env.setenv("SLACK_BOT_TOKEN", "hello")
    clean_env.setenv("SLACK_SIGNING_SECRET", "s")
    _, out, _ = run(["doctor"], capsys)
    assert "FAIL settings: configuration error: SLACK_BOT_TOKEN: not a bot token" in out


def test_http_serve_refuses_a_token_slack_refuses_and_serves_one_it_accepts(clean_env, capsys, database_url, sessions):
    served = []
    clean_env.setattr(serve, "run_gunicorn", lambda *a, **k: served.append(k["bind"]))
    with SlackDouble() as double:
        for name, value in {
            "SLACK_BOT_TOKEN": "xoxb-revoked", "SLACK_SIGNING_SECRET": "s",
            "SLACK_API_URL": double.base_url, "DATABASE_URL": database_url,
            "PROMETHEUS_MULTIPROC_DIR": str(Path.cwd() / "metrics"),
        }.items():  # fmt: skip
            clean_env.setenv(name, value)
        double.fail_next("auth.test", "invalid_auth")
        code, _, err = run(["serve"], capsys)
        assert code == 2 and served == []
        assert one_line(err) == (
            "peerbot: Slack refused SLACK_BOT_TOKEN (invalid_auth): copy the Bot User OAuth Token again "
            "from the app's OAuth & Permissions page"
        )
        assert run(["serve"], capsys)[0] == 0 and len(served) == 1  # positive control: the token works


def test_socket_mode_tries_again_with_back_off_while_slack_is_unreachable(caplog):
    attempts, waits = [], []

    def connect() -> None:
        attempts.append(1)
        if len(attempts) < 3:
            raise URLError(ConnectionRefusedError(111, "Connection refused"))

    assert connect_with_back_off(connect, waits.append, lambda: False) is True
    assert len(attempts) == 3 and waits == [1, 2]
    said = [r.getMessage() for r in caplog.records if "Socket Mode" in r.getMessage()]
    assert len(said) == 2 and "trying again in 1 s" in said[0] and "Connection refused" in said[0]


def test_socket_mode_stops_at_once_on_a_refused_app_token_and_when_told_to_stop():
    def refused() -> None:
        raise SlackApiError("no", SlackResponse(
            client=None, http_verb="POST", api_url="apps.connections.open", req_args={},
            data={"ok": False, "error": "invalid_auth"}, headers={}, status_code=200,
        ))  # fmt: skip

    with pytest.raises(ConfigError) as stopped:
        connect_with_back_off(refused, lambda _: None, lambda: False)
    assert "Slack refused SLACK_APP_TOKEN (invalid_auth)" in str(stopped.value.code)
    assert connect_with_back_off(refused, lambda _: None, lambda: True) is False  # SIGTERM before connecting


def test_an_unknown_option_value_names_the_choices(clean_env, capsys):
    code, out, err = run(["reminders", "list", "--status", "bogus"], capsys)
    assert code == 2 and out == ""
    line = one_line(err)
    assert "invalid choice: 'bogus'" in line and "'pending'" in line and "'held'" in line
    code, _, err = run(["export"], capsys)
    assert code == 2 and "required: COMMAND" in one_line(err)


def test_an_unexpected_error_is_one_line_and_debug_shows_the_traceback(clean_env, capsys, monkeypatch):
    def broken(args):
        raise RuntimeError("the disk fell off\nsecond line")

    monkeypatch.setattr(reminders, "cmd_reminders_list", broken)
    code, _, err = run(["reminders", "list"], capsys)
    assert code == 1
    assert one_line(err) == (
        "peerbot: unexpected error: RuntimeError: the disk fell off; run it again with --debug to see the traceback"
    )
    with pytest.raises(RuntimeError):
        cli.main(["reminders", "list", "--debug"])


def test_offline_import_needs_no_signing_secret(clean_env, capsys, database_url, sessions, tmp_path):
    csv = tmp_path / "authorities.csv"
    csv.write_text("name,dcs,team\nOxfordshire,U0OXF,\n", encoding="utf-8")
    with SlackDouble() as double:
        double.add_user("U0OXF", real_name="Olive")
        clean_env.setenv("SLACK_BOT_TOKEN", "xoxb-offline")
        clean_env.setenv("SLACK_API_URL", double.base_url)
        clean_env.setenv("DATABASE_URL", database_url)
        code, out, err = run(["import", "authorities", str(csv), "--team", "T0001"], capsys)
    assert (code, err) == (0, "")
    assert "Oxfordshire" in out


def test_start_serves_when_only_add_to_slack_credentials_are_set(clean_env, monkeypatch):
    from bot.cli import serve as cli_serve

    clean_env.setenv("SLACK_CLIENT_ID", "1.2")
    clean_env.setenv("SLACK_CLIENT_SECRET", "x")
    assert cli_serve.has_slack_credentials()
    for name in ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"):
        clean_env.delenv(name)
    assert not cli_serve.has_slack_credentials()


def test_every_command_and_option_says_what_it_does():
    import argparse

    missing = []

    def walk(parser: argparse.ArgumentParser, path: str) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                described = {choice.dest for choice in action._choices_actions}
                for name, sub in action.choices.items():
                    if name not in described or not sub.description:
                        missing.append(f"{path} {name}")
                    walk(sub, f"{path} {name}")
            elif not action.help:
                missing.append(f"{path} {'/'.join(action.option_strings) or action.dest}")

    walk(cli.build_parser(), "peerbot")
    assert missing == []


@pytest.fixture
def summer_round(sessions):
    with transaction(sessions) as session:
        round_ = Round(team_id="T1", name="SE 2018", name_key="se 2018", timezone="Europe/London")
        host, visitor, observer = (
            Authority(team_id="T1", name=n, name_key=n.lower(), dcs_user_id=f"U{n.upper()}")
            for n in ("Oxfordshire", "Wokingham", "Hampshire")
        )
        session.add_all([round_, host, visitor, observer])
        session.flush()
        triad = Triad(
            team_id="T1", number=1, round=round_, host=host, visitor=visitor, observer=observer,
            channel_id="C1", channel_name="pc-2018-oxfordshire",
        )  # fmt: skip
        session.add(triad)
        session.flush()
        for key, recipient, due in (
            ("a", "C1", datetime(2018, 7, 20, 8, tzinfo=timezone.utc)),  # 09:00 in London in summer
            ("b", "UOXFORDSHIRE", datetime(2018, 12, 3, 9, tzinfo=timezone.utc)),  # 09:00 in winter
            ("c", "UNOBODY", datetime(2018, 12, 4, 9, tzinfo=timezone.utc)),
        ):
            session.add(
                Reminder(team_id="T1", triad_id=triad.id, key=key, kind="custom", recipient=recipient,
                         text="t", due_at=due, status="pending")
            )  # fmt: skip
    return sessions


def test_reminders_list_is_a_table_in_the_rounds_time_with_names(clean_env, capsys, database_url, summer_round):
    clean_env.setenv("DATABASE_URL", database_url)
    code, out, _ = run(["reminders", "list"], capsys)
    assert code == 0
    header, *rows = out.strip().splitlines()
    assert header.split() == ["ID", "WORKSPACE", "TRIAD", "DUE", "(LOCAL)", "STATUS", "KIND", "RECIPIENT"]
    assert "2018-07-20 09:00 BST" in rows[0] and "C1 (#pc-2018-oxfordshire)" in rows[0]
    assert "2018-12-03 09:00 GMT" in rows[1] and "UOXFORDSHIRE (Oxfordshire DCS)" in rows[1]
    assert rows[2].endswith("UNOBODY")  # a name the database doesn't know: the id alone
    code, out, _ = run(["reminders", "list", "--json"], capsys)
    assert '"due_at": "2018-07-20T08:00:00Z"' in out  # the JSON stays in UTC


def test_calendar_writes_a_triads_ics_and_names_a_triad_that_isnt_there(
    clean_env, capsys, database_url, summer_round, tmp_path
):
    clean_env.setenv("DATABASE_URL", database_url)
    out_file = tmp_path / "triad1.ics"
    code, out, _ = run(["calendar", "SE 2018", "--triad", "1", "--out", str(out_file)], capsys)
    assert code == 0 and "triad 1's calendar" in out
    content = out_file.read_text()
    assert content.startswith("BEGIN:VCALENDAR") and "TZID:Europe/London" in content
    code, _, err = run(["calendar", "SE 2018", "--triad", "7", "--out", str(tmp_path / "x.ics")], capsys)
    assert code == 2 and one_line(err) == 'peerbot: round "SE 2018" has no triad 7 (its triads: 1)'
    code, _, err = run(["calendar", "SE 2019", "--triad", "1", "--out", str(tmp_path / "x.ics")], capsys)
    assert code == 2 and one_line(err) == 'peerbot: there is no round called "SE 2019"'
    assert not (tmp_path / "x.ics").exists()


def test_a_progress_bar_shows_on_a_terminal_only(monkeypatch):
    import io

    from bot.cli.progress import progress_bar

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stderr", io.StringIO())  # a pipe or a log
    with progress_bar("replaying the year", total=3, unit="day") as bar:
        bar.update(3)
    assert bar.disable and sys.stderr.getvalue() == ""
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with progress_bar("replaying the year", total=3, unit="day") as bar:
        bar.update(2)
        bar.refresh()
        assert "replaying the year" in terminal.getvalue() and "2/3" in terminal.getvalue()
