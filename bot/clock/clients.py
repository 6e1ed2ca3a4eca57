"""Which Slack client posts for a workspace.

With one SLACK_BOT_TOKEN every workspace's reminders go through the one client (`OneClient`).
With Add to Slack each workspace has its own bot token in slack_sdk's installation store
(`InstalledClients`): a client per team is cached, and a rotating token is refreshed with
slack_sdk's `TokenRotator` (saved back to the store) when it is within `minutes_before_expiry`
of expiring. A workspace with no installation, or whose refresh is refused, is unavailable
(`TeamUnavailable`): its reminders are held, never failed.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from slack_sdk import WebClient
from slack_sdk.errors import SlackTokenRotationError
from slack_sdk.oauth.installation_store import Bot, InstallationStore
from slack_sdk.oauth.token_rotation import TokenRotator

from bot.clock.slack_client import throttle_count

log = logging.getLogger("peerbot.clock")

NO_INSTALLATION = "no_installation"
# Answers about a workspace's token that only a reinstall fixes: its reminders are held.
TOKEN_DEAD_ERRORS = frozenset({"invalid_auth", "not_authed", "token_revoked", "account_inactive", NO_INSTALLATION})
# Of those, Slack's word that the installation itself is dead: it is forgotten (as the uninstall event does),
# so the web process tells the workspace's people to reinstall instead of failing on the dead token.
REVOKED_ERRORS = frozenset({"invalid_auth", "token_revoked", "account_inactive"})


class TeamUnavailable(Exception):
    """No usable token for this workspace now; `held`: its reminders wait for a reinstall."""

    def __init__(self, team_id: str, error: str, held: bool):
        super().__init__(f"{team_id}: {error}")
        self.team_id, self.error, self.held = team_id, error, held


class TeamClients(Protocol):
    multi: bool

    def for_team(self, team_id: str) -> WebClient: ...

    def forget(self, team_id: str) -> None: ...

    def revoked(self, team_id: str) -> None: ...

    def throttled(self) -> int: ...


class OneClient:
    """One bot token for every workspace (SLACK_BOT_TOKEN)."""

    multi = False

    def __init__(self, client: WebClient):
        self.client = client

    def for_team(self, team_id: str) -> WebClient:
        return self.client

    def forget(self, team_id: str) -> None:
        pass

    def revoked(self, team_id: str) -> None:
        pass  # SLACK_BOT_TOKEN is the operator's to fix

    def throttled(self) -> int:
        return throttle_count(self.client)


def as_team_clients(client: WebClient | TeamClients) -> TeamClients:
    return OneClient(client) if isinstance(client, WebClient) else client


@dataclass
class _Cached:
    bot: Bot
    client: WebClient


class InstalledClients:
    """A client per installed workspace, its token refreshed before it expires (see the module docstring)."""

    multi = True

    def __init__(
        self,
        store: InstallationStore,
        make_client: Callable[[str], WebClient],
        rotator: TokenRotator,
        *,
        minutes_before_expiry: int = 120,
        wall_time: Callable[[], float] = time.time,
    ):
        self.store, self.make_client, self.rotator = store, make_client, rotator
        self.minutes, self.wall_time = minutes_before_expiry, wall_time
        self._cache: dict[str, _Cached] = {}
        self._clients: list[WebClient] = []
        self._lock = threading.Lock()

    def _expiring(self, bot: Bot) -> bool:
        expires = bot.bot_token_expires_at
        return expires is not None and expires <= self.wall_time() + self.minutes * 60

    def for_team(self, team_id: str) -> WebClient:
        with self._lock:
            cached = self._cache.get(team_id)
            if cached is not None and not self._expiring(cached.bot):
                return cached.client
            bot = self.store.find_bot(enterprise_id=None, team_id=team_id)
            if bot is None or not bot.bot_token:
                self._cache.pop(team_id, None)
                raise TeamUnavailable(team_id, NO_INSTALLATION, held=True)
            if bot.bot_refresh_token and self._expiring(bot):
                bot = self._refresh(team_id, bot)
            client = self.make_client(bot.bot_token)
            self._clients.append(client)
            self._cache[team_id] = _Cached(bot, client)
            return client

    def _refresh(self, team_id: str, bot: Bot) -> Bot:
        try:
            refreshed = self.rotator.perform_bot_token_rotation(bot=bot, minutes_before_expiration=self.minutes)
        except SlackTokenRotationError as exc:
            error = str(exc.api_error.response.get("error") or "token_refresh_failed")
            expired = (bot.bot_token_expires_at or 0) <= self.wall_time()
            log.warning("workspace %s: refreshing its token failed (%s)", team_id, error)
            if error in ("invalid_refresh_token", "invalid_client_id", "bad_client_secret", *TOKEN_DEAD_ERRORS):
                raise TeamUnavailable(team_id, error, held=True) from exc
            if expired:
                raise TeamUnavailable(team_id, error, held=False) from exc
            return bot  # still valid for now; tried again next time
        except Exception as exc:  # Slack unreachable: try again on a later pass
            if (bot.bot_token_expires_at or 0) <= self.wall_time():
                raise TeamUnavailable(team_id, f"token refresh: {exc!r}", held=False) from exc
            return bot
        if refreshed is None:
            return bot
        self.store.save_bot(refreshed)
        log.info("workspace %s: bot token refreshed", team_id)
        return refreshed

    def forget(self, team_id: str) -> None:
        with self._lock:
            self._cache.pop(team_id, None)

    def revoked(self, team_id: str) -> None:
        """Slack refused the workspace's token for good: forget its installation (a reinstall saves a new one)."""
        with self._lock:
            self._cache.pop(team_id, None)
            self.store.delete_all(enterprise_id=None, team_id=team_id)
        log.warning("workspace %s: Slack refused its token; its installation is forgotten", team_id)

    def throttled(self) -> int:
        with self._lock:
            clients = list(self._clients)
        # The clients share one paced retry handler: count it once.
        handlers = {id(h): h for c in clients for h in c.retry_handlers}
        return sum(getattr(h, "throttled", 0) for h in handlers.values())
