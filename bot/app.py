"""The Bolt app factory: settings and a database in, a ready `App` out."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth.oauth_settings import OAuthSettings
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
    from slack_sdk.oauth.installation_store import InstallationStore

    from bot.clock.jobs import Renderer

INSTALL_PATH, REDIRECT_PATH = "/slack/install", "/slack/oauth_redirect"
NOT_INSTALLED = (
    ":warning: Peer Challenge is not installed in this workspace any more (it was removed, or its access "
    "was revoked), so I can't act on this. A workspace admin can add it again with *Add to Slack* "
    f"(`{INSTALL_PATH}` on this app's address); your programme's data and reminders are kept until then."
)


@dataclass
class Deps:
    settings: Settings
    sessions: sessionmaker[Session]
    now: Callable[[], datetime] = utcnow
    # Add to Slack (SLACK_CLIENT_ID + SLACK_CLIENT_SECRET): slack_sdk's installation store; made on first use
    installations: InstallationStore | None = None

    def installation_store(self) -> InstallationStore | None:
        """The installations (and bot tokens) of each workspace, or None with one SLACK_BOT_TOKEN."""
        if self.installations is None and self.settings.multi_workspace:
            from bot.installations import installation_store

            self.installations = installation_store(self.settings, self.sessions, self.now)
        return self.installations


def web_client(settings: Settings, max_rate_limit_retries: int = 5) -> WebClient:
    """All Web API calls go to SLACK_API_URL, with slack_sdk's retry handlers for 429/5xx/connection errors."""
    return WebClient(
        token=None if settings.multi_workspace else settings.slack_bot_token,  # else each workspace's, from Bolt
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


def living_record_job() -> Callable:
    """The clock's living-record job, `job(runtime) -> RecordStats` (the triads' canvases, the documents
    posted with reminders): the handlers make the Slack calls and word the messages, and bot.clock does
    not import them, so it is supplied from here."""
    from handlers.living_record import clock_job

    return clock_job


def oauth_settings(deps: Deps) -> OAuthSettings | None:
    """Bolt's OAuth flow at /slack/install and /slack/oauth_redirect, with slack_sdk's SQLAlchemy
    stores in the app's database; None when the app runs with one SLACK_BOT_TOKEN."""
    settings = deps.settings
    if not settings.multi_workspace:
        return None
    from bot.installations import state_store

    store = deps.installation_store()
    oauth = OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=list(settings.slack_scopes),
        installation_store=store,
        state_store=state_store(deps.sessions),
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        token_rotation_expiration_minutes=settings.slack_token_rotation_minutes,
    )
    # Bolt's own authorize, with its token refreshes sent to SLACK_API_URL like every other call
    oauth.authorize = InstallationStoreAuthorize(
        logger=logging.getLogger("peerbot.bolt"),
        installation_store=store,  # type: ignore[arg-type]
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        token_rotation_expiration_minutes=settings.slack_token_rotation_minutes,
        client=web_client(settings),
        cache_enabled=True,  # one auth.test per token, not per request (a new token is a new key)
    )
    return oauth


def create_app(deps: Deps, listener_executor=None) -> App:
    from handlers.listeners import register_listeners

    if warning := deps.settings.coordinator_warning():
        logging.getLogger("peerbot").warning(warning)
    oauth = oauth_settings(deps)
    app = ObservedApp(
        signing_secret=deps.settings.slack_signing_secret,
        client=web_client(deps.settings),
        logger=logging.getLogger("peerbot.bolt"),
        # The web process must boot (and answer /healthz) even while Slack is unreachable;
        # Bolt then checks the token with auth.test on the first request instead of at start-up.
        token_verification_enabled=False,
        oauth_settings=oauth,
        user_facing_authorize_error_message=NOT_INSTALLED if oauth else None,
        **({"listener_executor": listener_executor} if listener_executor is not None else {}),
    )
    register_listeners(app, deps)
    return app


class ObservedApp(App):
    """Bolt's App, each request counted and its acknowledgement timed for GET /metrics (bot.metrics)."""

    def dispatch(self, req: BoltRequest) -> BoltResponse:
        return observe(super().dispatch, req)
