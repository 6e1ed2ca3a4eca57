"""The clock's Slack client, and what Slack's answers mean to the clock.

`clock_client` retries 429s only (`PacedRateLimitRetryHandler`: Retry-After plus jitter, never
past the calling sender's claim deadline, see `posting_deadline`). Connection errors and 5xx
are not retried: Slack may have posted the message, and bot.clock.recovery checks before
anything is sent again. The error sets say which definite answers end a reminder
(`DEAD_CHANNEL_ERRORS`) and which are about the app itself (`APP_ERRORS`).
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.settings import Settings

REMINDER_EVENT = "peer_reminder"  # metadata.event_type of every reminder message

# chat.postMessage errors that no retry will fix: the reminder fails and the coordinators hear once.
DEAD_CHANNEL_ERRORS = frozenset(
    {
        "not_in_channel",
        "channel_not_found",
        "is_archived",
        "account_inactive",
        "user_not_found",
        "user_disabled",
        "cannot_dm_bot",
        "messages_tab_disabled",
        "restricted_action",
        "restricted_action_read_only_channel",
        "restricted_action_thread_only_channel",
        "restricted_action_non_threadable_channel",
        "team_access_not_granted",
        "ekm_access_denied",
    }
)

# Errors about the app's own token or scopes: no reminder is at fault. The pass stops and
# releases what it claimed without counting an attempt, so nothing is burnt while the
# operator fixes SLACK_BOT_TOKEN or the app's scopes.
APP_ERRORS = frozenset(
    {"invalid_auth", "not_authed", "token_revoked", "token_expired", "missing_scope", "not_allowed_token_type"}
)


_send_deadline = threading.local()  # monotonic time after which a sender thread must not start a post


@contextmanager
def posting_deadline(deadline: float) -> Iterator[None]:
    """While posting from this thread, no 429 retry may start after `deadline` (monotonic)."""
    _send_deadline.value = deadline
    try:
        yield
    finally:
        _send_deadline.value = None


class PacedRateLimitRetryHandler(RateLimitErrorRetryHandler):
    """slack_sdk's 429 handler (sleep Retry-After plus up to a second of jitter, then retry),
    with an injectable sleeper, a count of 429s seen, and no retry that would start after the
    calling thread's claim deadline."""

    def __init__(
        self,
        max_retry_count: int = 5,
        *,
        sleeper: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ):
        super().__init__(max_retry_count=max_retry_count)
        self.sleeper, self.monotonic = sleeper, monotonic
        self.throttled = 0
        self._lock = threading.Lock()

    @staticmethod
    def _retry_after(response) -> float:
        for name, values in (response.headers or {}).items():
            if name.lower() == "retry-after":
                value = values[0] if isinstance(values, (list, tuple)) else values
                try:
                    return float(int(value))
                except (TypeError, ValueError):
                    break
        return 1.0

    def can_retry(self, *, state, request, response=None, error=None) -> bool:
        if response is None or response.status_code != 429:
            return False
        with self._lock:
            self.throttled += 1
        deadline = getattr(_send_deadline, "value", None)
        if deadline is not None and self.monotonic() + self._retry_after(response) + 1 >= deadline:
            return False
        return super().can_retry(state=state, request=request, response=response, error=error)

    def prepare_for_next_attempt(self, *, state, request, response=None, error=None) -> None:
        if response is None:
            raise error if error is not None else RuntimeError("no response and no error")
        state.next_attempt_requested = True
        self.sleeper(self._retry_after(response) + random.random())
        state.increment_current_attempt()


def clock_client(
    settings: Settings,
    *,
    sleeper: Callable[[float], None] = time.sleep,
    monotonic: Callable[[], float] = time.monotonic,
    max_rate_limit_retries: int = 5,
) -> WebClient:
    """A WebClient for the clock: 429s retried (paced handler); connection errors and 5xx are
    not retried blindly, since Slack may have posted the message (recovery checks instead)."""
    return WebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        timeout=15,
        retry_handlers=[PacedRateLimitRetryHandler(max_rate_limit_retries, sleeper=sleeper, monotonic=monotonic)],
    )


def clock_client_factory(
    settings: Settings,
    *,
    sleeper: Callable[[float], None] = time.sleep,
    monotonic: Callable[[], float] = time.monotonic,
    max_rate_limit_retries: int = 5,
) -> Callable[[str], WebClient]:
    """`clock_client` for a given token (one per workspace, Add to Slack); the clients share one
    paced 429 handler, so that the pass counts every 429 once."""
    handler = PacedRateLimitRetryHandler(max_rate_limit_retries, sleeper=sleeper, monotonic=monotonic)

    def make(token: str) -> WebClient:
        return WebClient(token=token, base_url=settings.slack_api_url, timeout=15, retry_handlers=[handler])

    return make


def throttle_count(client: WebClient) -> int:
    """429 answers the client's paced handlers have seen so far."""
    return sum(getattr(h, "throttled", 0) for h in client.retry_handlers)


def is_user(recipient: str) -> bool:
    """A person (a DM) rather than a channel."""
    return recipient[:1] in ("U", "W")


def never_reached_slack(exc: BaseException) -> bool:
    """True when the request certainly never reached Slack (nothing can have been posted)."""
    reason = exc.reason if isinstance(exc, URLError) else exc
    return isinstance(reason, ConnectionRefusedError)
