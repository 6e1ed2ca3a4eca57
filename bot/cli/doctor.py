"""`peerbot doctor`: one line per check of an installation, `ok` or `FAIL`, exit 1 on any FAIL.

Checks, in order: the settings; the database (reachable, migrated to head); Slack (auth.test, the
token's scopes against manifest.json's bot scopes, the app in each triad channel of the token's
workspace); the clock (its last pass recent enough, no reminder due and not sent).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, text

from bot.cli.errors import first_line as _first_line
from bot.cli.errors import require_existing_database
from bot.cli.errors import shown_url as _shown
from bot.rules.times import utcnow
from bot.settings import ConfigError, Settings, database_url_from_env, load_settings

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.json"


@dataclass(frozen=True)
class Line:
    ok: bool
    what: str
    detail: str

    def __str__(self) -> str:
        return f"{'ok  ' if self.ok else 'FAIL'} {self.what}: {self.detail}"


def ok(what: str, detail: str) -> Line:
    return Line(True, what, detail)


def fail(what: str, detail: str) -> Line:
    return Line(False, what, detail)


@dataclass(frozen=True)
class Thresholds:
    """When the clock counts as stale and a reminder as overdue, from CLOCK_INTERVAL_SECONDS and
    CLOCK_LEASE_SECONDS: a few intervals' slack, so a long pass is not mistaken for a dead clock."""

    clock_stale_after: timedelta
    due_grace: timedelta
    lease: timedelta

    @classmethod
    def from_settings(cls, settings: Settings | None) -> Thresholds:
        interval = settings.clock_interval_seconds if settings else 30.0
        lease = settings.clock_lease_seconds if settings else 120.0
        return cls(
            clock_stale_after=timedelta(seconds=3 * interval + 60),
            due_grace=timedelta(seconds=2 * interval + 60),
            lease=timedelta(seconds=lease),
        )


def run_checks(now: Callable[[], datetime] = utcnow, manifest: Path = MANIFEST) -> list[Line]:
    lines: list[Line] = []
    settings: Settings | None = None
    try:
        settings = load_settings()
        mode = "Socket Mode (SLACK_APP_TOKEN)" if settings.slack_app_token else "HTTP (SLACK_SIGNING_SECRET)"
        lines.append(ok("settings", f"read; Slack over {mode}"))
        if warning := settings.coordinator_warning():
            lines.append(fail("coordinators", warning))
    except ConfigError as exc:
        lines.append(fail("settings", str(exc.code).removeprefix("peerbot: ")))
    url = _database_url(settings, lines)
    engine = _engine(url) if url else None
    try:
        database_ok = engine is not None and url is not None and _check_database(engine, url, lines)
        team_id = None
        if settings is None:
            lines.append(fail("slack", "not checked: the settings are incomplete"))
        else:
            team_id = _check_slack(settings, manifest, lines)
        if not database_ok or engine is None:
            lines.append(fail("clock", "not checked: the database is not usable"))
            return lines
        with engine.connect() as connection:
            from sqlalchemy.orm import Session

            with Session(bind=connection) as session:
                if settings is not None and team_id is not None:
                    lines.extend(_check_channels(session, settings, team_id))
                lines.extend(_check_clock(session, Thresholds.from_settings(settings), now()))
    finally:
        if engine is not None:
            engine.dispose()
    return lines


def _database_url(settings: Settings | None, lines: list[Line]) -> str | None:
    """The database to check, or None (with its FAIL line) when there is none to open without creating it:
    the doctor writes nothing, so a SQLite file that isn't there is reported, not made."""
    try:
        url = settings.database_url if settings else database_url_from_env()
        require_existing_database(url)
    except ConfigError as exc:
        lines.append(fail("database", str(exc.code).removeprefix("peerbot: ").removeprefix("configuration error: ")))
        return None
    return url


def _engine(url: str) -> Engine:
    from storage.db import make_engine

    return make_engine(url)


def _check_database(engine: Engine, url: str, lines: list[Line]) -> bool:
    from alembic.script import ScriptDirectory

    from storage.db import alembic_config, current_revision

    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:
        lines.append(fail("database", f"cannot connect to {_shown(url)}: {_first_line(exc)}"))
        return False
    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    revision = current_revision(engine)
    if revision != head:
        lines.append(
            fail("database", f"schema at {revision or 'nothing'}, the code needs {head}: run `peerbot db upgrade`")
        )
        return False
    lines.append(ok("database", f"{_shown(url)} reachable, schema at head ({head})"))
    return True


def _check_slack(settings: Settings, manifest: Path, lines: list[Line]) -> str | None:
    """auth.test and the token's scopes; returns the token's workspace (team id) when it works."""
    from slack_sdk import WebClient
    from slack_sdk.errors import SlackApiError

    client = WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url, timeout=10)
    try:
        response = client.auth_test()
    except SlackApiError as exc:
        error = exc.response.get("error", "unknown_error")
        lines.append(fail("slack", f"auth.test refused the bot token: {error} (check SLACK_BOT_TOKEN)"))
        return None
    except Exception as exc:
        lines.append(fail("slack", f"cannot reach {settings.slack_api_url}: {_first_line(exc)}"))
        return None
    team_id = str(response.get("team_id"))
    lines.append(ok("slack", f"auth.test: bot {response.get('user_id')} in {response.get('team')} ({team_id})"))
    granted = _header(response.headers, "x-oauth-scopes")
    wanted = manifest_scopes(manifest)
    have = {s.strip() for s in (granted or "").split(",") if s.strip()}
    if missing := [s for s in wanted if s not in have]:
        lines.append(
            fail(
                "slack scopes", f"the token lacks {', '.join(missing)} (manifest.json asks for them): reinstall the app"
            )
        )
    else:
        lines.append(ok("slack scopes", f"the token has the manifest's {len(wanted)} bot scopes"))
    return team_id


def _header(headers: dict, name: str) -> str | None:
    for key, value in (headers or {}).items():
        if key.lower() == name:
            return value[0] if isinstance(value, list) else value
    return None


def manifest_scopes(manifest: Path) -> list[str]:
    return list(json.loads(manifest.read_text(encoding="utf-8"))["oauth_config"]["scopes"]["bot"])


def _check_channels(session, settings: Settings, team_id: str) -> Iterator[Line]:
    from slack_sdk import WebClient
    from slack_sdk.errors import SlackApiError

    from storage.triads import triad_channels

    channels = triad_channels(session, team_id)
    client = WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url, timeout=10)
    missing = 0
    for number, channel_id in channels:
        try:
            channel = client.conversations_info(channel=channel_id)["channel"]
        except SlackApiError as exc:
            missing += 1
            yield fail(f"triad {number}", f"channel {channel_id}: {exc.response.get('error', 'unknown_error')}")
            continue
        if not channel.get("is_member"):
            missing += 1
            yield fail(f"triad {number}", f"the app is not in its channel {channel_id}: invite it with /invite there")
    if not missing:
        yield ok("triad channels", f"the app is in all {len(channels)}" if channels else "no triad has a channel yet")


def _check_clock(session, thresholds: Thresholds, current: datetime) -> Iterator[Line]:
    from storage.monitoring import due_and_not_sent, last_clock_pass

    last = last_clock_pass(session)
    if last is None:
        yield fail("clock", "no pass recorded: is `peerbot clock` running?")
    elif (lag := current - last) > thresholds.clock_stale_after:
        yield fail("clock", f"last pass {_ago(lag)} ago ({last:%Y-%m-%d %H:%M:%S}Z): is `peerbot clock` running?")
    else:
        yield ok("clock", f"last pass {_ago(lag)} ago")
    overdue = due_and_not_sent(
        session, due_before=current - thresholds.due_grace, claimed_before=current - thresholds.lease
    )
    if overdue.count and overdue.oldest_due_at:
        yield fail(
            "reminders",
            f"{overdue.count} due and not sent, the oldest due {overdue.oldest_due_at:%Y-%m-%d %H:%M}Z",
        )
    else:
        yield ok("reminders", "none due and unsent")


def _ago(delta: timedelta) -> str:
    seconds = max(0, int(delta.total_seconds()))
    if seconds < 120:
        return f"{seconds}s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h"


def cmd_doctor(args: argparse.Namespace) -> int:
    lines = run_checks()
    for line in lines:
        print(line)
    return 0 if all(line.ok for line in lines) else 1
