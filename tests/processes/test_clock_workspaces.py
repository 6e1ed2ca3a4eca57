"""`peerbot clock --once` as a real process with Add to Slack settings (no SLACK_BOT_TOKEN): each
workspace's reminders go out with its own token, an expiring token is refreshed first, and an
uninstalled workspace's reminders are held. Marked `slow` (a real process)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import select

from bot.installations import WorkspaceInstallationStore
from slack_double import REPO_ROOT, SlackDouble
from storage.db import make_engine, make_sessionmaker, upgrade
from storage.models import Reminder, Workspace

pytestmark = pytest.mark.slow

PEERBOT = Path(sys.executable).with_name("peerbot")
CLOCK_ONCE = (
    [str(PEERBOT), "clock", "--once"] if PEERBOT.exists() else [sys.executable, "-m", "bot.cli", "clock", "--once"]
)


def installed(double: SlackDouble, store: WorkspaceInstallationStore, team: str, **grant) -> str:
    """Install through the double's oauth.v2.access, saved as Bolt's OAuth flow saves it."""
    answer = WebClient(base_url=double.base_url).oauth_v2_access(
        client_id=double.client_id, client_secret=double.client_secret, code=double.issue_code(team, **grant)
    )
    store.save(
        Installation(
            app_id=answer["app_id"],
            team_id=team,
            team_name=answer["team"]["name"],
            bot_token=answer["access_token"],
            bot_id="BBOT",
            bot_user_id="UBOT",
            bot_scopes=answer["scope"],
            bot_refresh_token=answer.get("refresh_token"),
            bot_token_expires_in=answer.get("expires_in"),
            user_id=answer["authed_user"]["id"],
        )
    )
    return answer["access_token"]


def test_the_clock_process_sends_each_workspace_with_its_own_token(tmp_path):
    url = f"sqlite:///{tmp_path / 'clock.db'}"
    upgrade(url)
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    with SlackDouble(channels=["CALPHA", "CBETA", "CGAMMA"]) as double:
        store = WorkspaceInstallationStore(double.client_id, engine, sessions)
        alpha = installed(double, store, "TALPHA")
        installed(double, store, "TBETA", rotating=True, expires_in=600)  # expires within the window
        double.grants["TBETA"].expires_in = 12 * 3600
        installed(double, store, "TGAMMA")
        store.delete_all(enterprise_id=None, team_id="TGAMMA")  # uninstalled, no event seen
        due = datetime.now(timezone.utc) - timedelta(minutes=1)
        with sessions() as session, session.begin():
            for team, channel in (("TALPHA", "CALPHA"), ("TBETA", "CBETA"), ("TGAMMA", "CGAMMA")):
                session.add(
                    Reminder(team_id=team, triad_id=None, key=f"custom:{team}", kind="custom", recipient=channel,
                             text=f"for {team}", due_at=due)
                )  # fmt: skip
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("SLACK_")},
            "SLACK_CLIENT_ID": double.client_id,
            "SLACK_CLIENT_SECRET": double.client_secret,
            "SLACK_SIGNING_SECRET": "s",
            "SLACK_API_URL": double.base_url,
            "DATABASE_URL": url,
        }
        started = time.monotonic()
        result = subprocess.run(CLOCK_ONCE, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stdout + result.stderr, result.stderr
        assert time.monotonic() - started < 60
        sent = {c.args["channel"]: c.token for c in double.calls_to("chat.postMessage")}
        assert sent == {"CALPHA": alpha, "CBETA": double.token_of("TBETA")}
        assert [c.args.get("grant_type") for c in double.calls_to("oauth.v2.access")] == [
            None,
            None,
            None,
            "refresh_token",
        ], [(c.args, c.body) for c in double.calls_to("oauth.v2.access")]
        double.assert_no_errors()
    with sessions() as session:
        assert dict(session.execute(select(Reminder.team_id, Reminder.status)).all()) == {
            "TALPHA": "sent",
            "TBETA": "sent",
            "TGAMMA": "held",
        }
        assert session.get(Workspace, "TGAMMA").status == "uninstalled"
    engine.dispose()
