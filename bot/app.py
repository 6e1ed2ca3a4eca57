"""The Bolt app factory: settings and a database in, a ready `App` out."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from sqlalchemy.orm import Session, sessionmaker

from bot.metrics import SlackErrorCounter, observe
from bot.rules.times import utcnow
from bot.settings import Settings
from storage.db import make_engine, make_sessionmaker

if TYPE_CHECKING:
    from bot.clock.jobs import Renderer


@dataclass
class Deps:
    settings: Settings
    sessions: sessionmaker[Session]
    now: Callable[[], datetime] = utcnow


def web_client(settings: Settings, max_rate_limit_retries: int = 5) -> WebClient:
    """All Web API calls go to SLACK_API_URL, with slack_sdk's retry handlers for 429/5xx/connection errors."""
    return WebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        timeout=15,
        retry_handlers=[
            SlackErrorCounter(),
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=max_rate_limit_retries),
            ServerErrorRetryHandler(max_retry_count=2),
        ],
    )


def make_deps(settings: Settings, now: Callable[[], datetime] = utcnow) -> Deps:
    return Deps(settings, make_sessionmaker(make_engine(settings.database_url)), now)


def reminder_renderer() -> Renderer:
    """The clock's renderer, `render(session, reminder) -> (text, blocks | None)`: the handlers
    word every message, and bot.clock does not import them, so it is supplied from here."""
    from handlers.blocks.reminders import render

    return render


def create_app(deps: Deps, listener_executor=None) -> App:
    from handlers.listeners import register_listeners

    app = ObservedApp(
        signing_secret=deps.settings.slack_signing_secret,
        client=web_client(deps.settings),
        logger=logging.getLogger("peerbot.bolt"),
        # The web process must boot (and answer /healthz) even while Slack is unreachable;
        # Bolt then checks the token with auth.test on the first request instead of at start-up.
        token_verification_enabled=False,
        **({"listener_executor": listener_executor} if listener_executor is not None else {}),
    )
    register_listeners(app, deps)
    return app


class ObservedApp(App):
    """Bolt's App, each request counted and its acknowledgement timed for GET /metrics (bot.metrics)."""

    def dispatch(self, req: BoltRequest) -> BoltResponse:
        return observe(super().dispatch, req)
