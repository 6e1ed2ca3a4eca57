"""Configuration from the environment (SPEC: "How it runs")."""

from __future__ import annotations

import os
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, PrivateAttr, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.rules.coordinators import bare_entries, parse_entry

DEFAULT_SQLITE_URL = "sqlite:///peerbot.db"
DEFAULT_SCOPES = (
    "commands",
    "chat:write",
    "im:write",
    "groups:write",
    "groups:history",
    "groups:read",
    "im:history",
    "pins:write",
    "files:write",
    "users:read",
    "files:read",
    "users:read.email",
    "canvases:write",
)


BOT_TOKEN_PREFIXES = ("xoxb-", "xoxe.xoxb-")
APP_TOKEN_PREFIX = "xapp-"
DATABASE_URL_EXAMPLES = "like sqlite:///peerbot.db or postgresql://user:password@host:5432/peerbot"


class ConfigError(SystemExit):
    """Raised at start-up with a one-line message naming what is wrong."""


def checked_database_url(given: str) -> str:
    """DATABASE_URL normalised, or a ValueError in one line saying what is wrong with it (no secrets shown)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    url = normalise_database_url(given.strip())
    try:
        parsed = make_url(url)
        parsed.get_dialect()
    except ArgumentError:
        raise ValueError(f"not a database URL ({DATABASE_URL_EXAMPLES})") from None
    except NoSuchModuleError:
        raise ValueError(
            f"no database driver for {url.split(':', 1)[0]!r} here; peerbot runs on SQLite or PostgreSQL "
            f"({DATABASE_URL_EXAMPLES})"
        ) from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise ValueError(
            f"peerbot runs on SQLite or PostgreSQL, not {parsed.get_backend_name()} ({DATABASE_URL_EXAMPLES})"
        )
    return url


def normalise_database_url(url: str) -> str:
    """Accept URLs as hosting platforms hand them out (``postgres://``) and use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    slack_bot_token: str | None = None  # one workspace; or SLACK_CLIENT_ID + SLACK_CLIENT_SECRET for Add to Slack
    slack_client_id: str | None = None
    slack_client_secret: str | None = None
    # Add to Slack: the bot scopes asked for (manifest.json's), and minutes before expiry a rotating token is refreshed
    slack_scopes: Annotated[tuple[str, ...], NoDecode] = Field(default=DEFAULT_SCOPES)
    slack_token_rotation_minutes: int = Field(default=120, ge=1)
    slack_app_token: str | None = None
    # Verifies requests over HTTP; Socket Mode (SLACK_APP_TOKEN) has none to verify, so does without
    # (load_settings asks for it when the process serves Slack's requests).
    slack_signing_secret: str = ""
    slack_api_url: str = "https://slack.com/api/"
    # The whole download of a file someone sent the app (connecting, headers and body): one deadline.
    slack_file_download_seconds: float = Field(default=10.0, gt=0)
    database_url: str = DEFAULT_SQLITE_URL
    port: int = 3000
    # `T0123:U0456` (a user of workspace T0123), or a bare `U0456` when the app serves one workspace;
    # with Add to Slack bare IDs are dropped here and kept in `ignored_coordinators` for the warning.
    peer_coordinators: Annotated[tuple[str, ...], NoDecode] = Field(default=())
    peer_timezone: str = "Europe/London"
    clock_interval_seconds: float = 30.0
    # GET /metrics wants `Authorization: Bearer <METRICS_TOKEN>` when set; open when not.
    metrics_token: str | None = None
    # The clock (bot/clock/process.py, bot/clock/sending.py): rows claimed per query, sender threads, and how long a
    # claim may stay `sending` before another clock checks Slack and takes it over (CLOCK_LEASE_SECONDS).
    clock_batch_size: int = Field(default=1000, ge=1)
    clock_threads: int = Field(default=32, ge=1)
    clock_lease_seconds: float = Field(default=120.0, gt=0)
    _ignored_coordinators: tuple[str, ...] = PrivateAttr(default=())

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token(cls, value: str | None) -> str | None:
        value = (value or "").strip() or None
        if value and not value.startswith(BOT_TOKEN_PREFIXES):
            raise PydanticCustomError(
                "token_shape",
                "not a bot token: it starts with xoxb- (xoxe.xoxb- with token rotation); copy the app's "
                "Bot User OAuth Token from its OAuth & Permissions page",
            )
        return value

    @field_validator("slack_app_token")
    @classmethod
    def _app_token(cls, value: str | None) -> str | None:
        value = (value or "").strip() or None
        if value and not value.startswith(APP_TOKEN_PREFIX):
            raise PydanticCustomError(
                "token_shape",
                "not an app-level token: it starts with xapp-; generate one with the connections:write scope "
                "on the app's Basic Information page",
            )
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        return checked_database_url(value)

    @field_validator("slack_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"

    @property
    def multi_workspace(self) -> bool:
        """Add to Slack: Bolt's OAuth flow, one installation (and bot token) per workspace."""
        return bool(self.slack_client_id and self.slack_client_secret)

    @field_validator("peer_coordinators", "slack_scopes", mode="before")
    @classmethod
    def _coordinators(cls, value: object) -> tuple[str, ...]:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return tuple(value or ())  # type: ignore[arg-type]

    @field_validator("peer_coordinators")
    @classmethod
    def _coordinator_entries(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for entry in value:
            parse_entry(entry)  # a ValueError names the entry
        return value

    @model_validator(mode="after")
    def _bare_coordinators_need_one_workspace(self) -> Settings:
        if self.multi_workspace:
            self._ignored_coordinators = bare_entries(self.peer_coordinators)
            self.peer_coordinators = tuple(e for e in self.peer_coordinators if e not in self._ignored_coordinators)
        return self

    @property
    def ignored_coordinators(self) -> tuple[str, ...]:
        """Bare user IDs in PEER_COORDINATORS that name nobody, since the app serves many workspaces."""
        return self._ignored_coordinators

    def coordinator_warning(self) -> str | None:
        """The start-up warning about `ignored_coordinators`, or None."""
        if not self._ignored_coordinators:
            return None
        return (
            f"PEER_COORDINATORS: {', '.join(self._ignored_coordinators)} ignored: with Add to Slack (many workspaces) "
            "a coordinator must name their workspace, like T0123:U0456"
        )

    @field_validator("peer_timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value


def load_settings(*, serving: bool = True, **overrides: object) -> Settings:
    """Settings from the environment, or a ConfigError naming the missing/invalid variable.

    ``serving``: the process answers Slack's requests over HTTP, so it needs SLACK_SIGNING_SECRET
    (unless SLACK_APP_TOKEN makes it Socket Mode); the clock and offline commands do not."""
    problems = []
    try:
        settings: Settings | None = Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        settings = None
        for error in exc.errors():
            name = str(error["loc"][0]).upper() if error["loc"] else "configuration"
            if error["type"] == "missing":
                problems.append(f"{name} is not set")
            else:
                problems.append(f"{name}: {error['msg'].removeprefix('Value error, ')}")
    if settings is None or not (settings.slack_bot_token or settings.multi_workspace):
        problems[:0] = _token_problem(overrides)
    if serving and settings is not None and not settings.slack_signing_secret and not settings.slack_app_token:
        problems.append("SLACK_SIGNING_SECRET is not set")
    if problems or settings is None:
        raise ConfigError("peerbot: configuration error: " + "; ".join(problems))
    return settings


def _token_problem(overrides: dict[str, object]) -> list[str]:
    """What to set when there is no bot token: SLACK_BOT_TOKEN, or the other half of the OAuth pair."""

    def given(name: str) -> bool:
        return bool(overrides.get(name.lower()) or os.environ.get(name))

    if given("SLACK_BOT_TOKEN"):
        return []
    has_id, has_secret = given("SLACK_CLIENT_ID"), given("SLACK_CLIENT_SECRET")
    if has_id and has_secret:
        return []
    if has_id != has_secret:
        missing = "SLACK_CLIENT_SECRET" if has_id else "SLACK_CLIENT_ID"
        return [f"{missing} is not set (Add to Slack needs SLACK_CLIENT_ID and SLACK_CLIENT_SECRET)"]
    return ["SLACK_BOT_TOKEN is not set"]


def database_url_from_env() -> str:
    """DATABASE_URL alone, for commands that need no Slack credentials (db upgrade, export)."""
    try:
        return checked_database_url(os.environ.get("DATABASE_URL") or DEFAULT_SQLITE_URL)
    except ValueError as exc:
        raise ConfigError(f"peerbot: configuration error: DATABASE_URL: {exc}") from None
