"""Configuration from the environment (SPEC: "How it runs")."""

from __future__ import annotations

import os
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

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
)


class ConfigError(SystemExit):
    """Raised at start-up with a one-line message naming what is wrong."""


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
    # Verifies requests over HTTP; Socket Mode (SLACK_APP_TOKEN) has none to verify, so does without.
    slack_signing_secret: str = Field(default="", validate_default=True)
    slack_api_url: str = "https://slack.com/api/"
    database_url: str = DEFAULT_SQLITE_URL
    port: int = 3000
    peer_coordinators: Annotated[tuple[str, ...], NoDecode] = Field(default=())
    peer_timezone: str = "Europe/London"
    clock_interval_seconds: float = 30.0
    # GET /metrics wants `Authorization: Bearer <METRICS_TOKEN>` when set; open when not.
    metrics_token: str | None = None
    # The clock (bot/clock.py, bot/reminder_sending.py): rows claimed per query, sender threads, and how long a claim may
    # stay `sending` before another clock checks Slack and takes it over (CLOCK_LEASE_SECONDS).
    clock_batch_size: int = Field(default=1000, ge=1)
    clock_threads: int = Field(default=32, ge=1)
    clock_lease_seconds: float = Field(default=120.0, gt=0)

    @field_validator("slack_signing_secret")
    @classmethod
    def _signing_secret(cls, value: str, info: ValidationInfo) -> str:
        if not value and not info.data.get("slack_app_token"):
            raise PydanticCustomError("missing", "Field required")
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        return normalise_database_url(value.strip())

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

    @field_validator("peer_timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment, or a ConfigError naming the missing/invalid variable."""
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
                problems.append(f"{name}: {error['msg']}")
    if settings is None or not (settings.slack_bot_token or settings.multi_workspace):
        problems[:0] = _token_problem(overrides)
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
    return normalise_database_url(os.environ.get("DATABASE_URL", DEFAULT_SQLITE_URL).strip())
