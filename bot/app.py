"""The Bolt app factory: settings and a database in, a ready `App` out."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.middleware.authorization import SingleTeamAuthorization
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.handler import RetryHandler
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


# Calls that show something new each time they succeed: a 500 or a lost connection may come after Slack
# did the work, so trying again could post it twice. They are tried once (a 429 is retried: Slack did
# nothing then), and the person is told when one fails.
NOT_RETRIED_AFTER_AN_UNKNOWN_OUTCOME = frozenset({"chat.postMessage", "chat.postEphemeral", "chat.scheduleMessage"})


class _OnceForPosts(RetryHandler):
    def can_retry(self, *, state, request, response=None, error=None) -> bool:
        if request.url.rsplit("/", 1)[-1].split("?")[0] in NOT_RETRIED_AFTER_AN_UNKNOWN_OUTCOME:
            return False
        return super().can_retry(state=state, request=request, response=response, error=error)


class PostOnceServerErrorRetryHandler(_OnceForPosts, ServerErrorRetryHandler):
    """slack_sdk's 500/503 retries, except for the calls that would post a second time."""


class PostOnceConnectionErrorRetryHandler(_OnceForPosts, ConnectionErrorRetryHandler):
    """slack_sdk's retries of a lost connection, except for the calls that would post a second time."""


def web_client(settings: Settings, max_rate_limit_retries: int = 5) -> WebClient:
    """All Web API calls go to SLACK_API_URL, with slack_sdk's retry handlers for 429/5xx/connection errors
    (never twice for a call that posts: see NOT_RETRIED_AFTER_AN_UNKNOWN_OUTCOME)."""
    return WebClient(
        token=None if settings.multi_workspace else settings.slack_bot_token,  # else each workspace's, from Bolt
        base_url=settings.slack_api_url,
        timeout=15,
        retry_handlers=[
            SlackErrorCounter(),
            PostOnceConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=max_rate_limit_retries),
            PostOnceServerErrorRetryHandler(max_retry_count=2),
        ],
    )


def make_deps(settings: Settings, now: Callable[[], datetime] = utcnow) -> Deps:
    return Deps(settings, make_sessionmaker(make_engine(settings.database_url)), now)


def reminder_renderer() -> Renderer:
    """The clock's words: `render(message) -> (text, blocks | None)` and the coordinators' DM about a
    channel reminders cannot reach. The handlers word every message, and bot.clock does not import
    them, so they are supplied from here."""
    from bot.clock.jobs import Renderer
    from handlers.blocks.reminders import render, undeliverable_text

    return Renderer(message=render, undeliverable=undeliverable_text)


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


def create_app(deps: Deps, listener_executor: Executor | None = None) -> App:
    from handlers import listening
    from handlers.listeners import register_listeners

    if warning := deps.settings.coordinator_warning():
        logging.getLogger("peerbot").warning(warning)
    oauth = oauth_settings(deps)
    app = ObservedApp(
        signing_secret=deps.settings.slack_signing_secret,
        client=web_client(deps.settings),
        logger=logging.getLogger("peerbot.bolt"),
        # The web process must boot (and answer /healthz) even while Slack is unreachable: Bolt's
        # own start-up auth.test would stop it; `check_token_at_start` below makes it, bounded.
        token_verification_enabled=False,
        oauth_settings=oauth,
        user_facing_authorize_error_message=NOT_INSTALLED if oauth else None,
        # each listener's end closes its request's unit of work (handlers.listening)
        listener_executor=listening.RequestExecutor(listener_executor or ThreadPoolExecutor(max_workers=5)),
    )
    listening.install(app, deps.sessions, deps.settings, deps.now, deps.installation_store)
    register_listeners(app)
    check_token_at_start(app, deps.settings)
    if oauth is not None:
        know_installed_bots(oauth.authorize, deps)
    return app


def know_installed_bots(authorize: object, deps: Deps) -> int:
    """Add to Slack: Bolt's InstallationStoreAuthorize makes an auth.test per bot token on its first
    request (then caches it). What it learns (the bot's user and bot ids, the workspace) is already
    in the installation store, so each installed workspace's answer is supplied as the app starts and
    no request waits for Slack. A token installed or refreshed later gets Bolt's one auth.test."""
    from slack_bolt.authorization import AuthorizeResult

    from bot.installations import known_bots

    store = deps.installation_store()
    cache = getattr(authorize, "authorize_result_cache", None)
    if store is None or not isinstance(authorize, InstallationStoreAuthorize) or cache is None:
        return 0
    try:
        bots = known_bots(store)  # type: ignore[arg-type]
    except Exception as exc:  # the database: Bolt still does it the slow way
        log.warning("could not read the installed workspaces at start-up: %r", exc)
        return 0
    for bot in bots:
        cache.setdefault(
            bot.bot_token,
            AuthorizeResult(
                enterprise_id=bot.enterprise_id,
                team_id=bot.team_id,
                bot_user_id=bot.bot_user_id,
                bot_id=bot.bot_id,
                bot_token=bot.bot_token,
                bot_scopes=bot.bot_scopes,
            ),
        )
    return len(bots)


TOKEN_CHECK_SECONDS = 5.0
TOKEN_CHECK_RETRY_SECONDS = 5.0
log = logging.getLogger("peerbot.app")


def check_token_at_start(app: App, settings: Settings, seconds: float = TOKEN_CHECK_SECONDS) -> bool:
    """Bolt's auth.test of the bot token, made as the app starts (in each gunicorn worker, and in
    Socket Mode) and handed to Bolt's SingleTeamAuthorization, so that no request waits for it: a
    slow Slack would otherwise make the first acknowledgement of each worker late. Bounded by
    ``seconds``; if Slack doesn't answer, the app starts all the same and a background thread tries
    again until it does (Bolt makes the call on a request only if one comes first).
    With Add to Slack there is no single token: Bolt's InstallationStoreAuthorize caches per workspace."""
    authorization = next((m for m in app._middleware_list if isinstance(m, SingleTeamAuthorization)), None)
    if authorization is None or authorization.auth_test_result or not settings.slack_bot_token:
        return False

    def attempt() -> bool:
        client = WebClient(
            token=settings.slack_bot_token,
            base_url=settings.slack_api_url,
            timeout=seconds,  # type: ignore[arg-type]
            retry_handlers=[SlackErrorCounter()],
        )
        try:
            result = client.auth_test()
        except SlackApiError as exc:
            status = exc.response.status_code
            if status != 429 and status < 500:  # a definite no (invalid_auth…): Bolt answers requests with it
                log.error("auth.test at start-up: Slack refused the bot token: %s", exc.response.get("error"))
                return True
            log.warning("auth.test at start-up: Slack answered %s; trying again in the background", status)
            return False
        except (SlackClientError, OSError, ValueError) as exc:
            log.warning("auth.test at start-up: no answer from Slack yet (%r); trying again in the background", exc)
            return False
        if not authorization.auth_test_result:
            authorization.auth_test_result = result
        return True

    if attempt():
        return True

    def keep_trying() -> None:
        while not authorization.auth_test_result and not attempt():
            time.sleep(TOKEN_CHECK_RETRY_SECONDS)

    threading.Thread(target=keep_trying, name="auth-test-at-start", daemon=True).start()
    return False


class ObservedApp(App):
    """Bolt's App, each request counted and its acknowledgement timed for GET /metrics (bot.metrics)."""

    def dispatch(self, req: BoltRequest) -> BoltResponse:
        from handlers.listening import close_unhanded

        try:
            return observe(super().dispatch, req)
        finally:
            close_unhanded(req)
