"""People named in a command or form are checked with Slack (users.info) before anything is written.

The check comes before the acknowledgement (a refusal is the command's reply, and nothing is written
without it), so it has a deadline: every lookup of one request, retries included, is done within
``LOOKUP_SECONDS`` of the request's start, or the person is told Slack was too slow and nothing changed.
A 429 is retried only when its Retry-After still fits; a slow answer is cut off at the deadline.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.rules.imports import PersonRef
from bot.rules.people import Standing, standing
from bot.services.imports import Found
from handlers.mistakes import Mistake
from handlers.mrkdwn import escape

logger = logging.getLogger(__name__)

WHY = {
    Standing.UNKNOWN: "isn't anyone in this workspace",
    Standing.DEACTIVATED: "has been deactivated in this workspace",
    Standing.BOT: "is an app, not a person",
}


# Slack wants the acknowledgement within 3 s of the request; the lookups get this much of it,
# leaving the rest for the database and the reply.
LOOKUP_SECONDS = 2.0
RETRY_PAUSE = 0.2  # before retrying a 5xx or a dropped connection
SHORTEST_CALL = 0.3  # a retry is made only if at least this long is left for its answer

_deadline: ContextVar[float | None] = ContextVar("peerbot_lookup_deadline", default=None)


@contextmanager
def lookups_within(seconds: float = LOOKUP_SECONDS) -> Iterator[None]:
    """Every ``check_people`` of the request this wraps shares one deadline, ``seconds`` from now."""
    token = _deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


class PersonProblem(Mistake):
    """The words for the person who can't be named, ready to show."""


class WithinDeadline(RetryHandler):
    """slack_sdk's retries (429 after Retry-After, 500/503 and dropped connections after a pause),
    each made only if it can still be answered before ``deadline``; the client's timeout shrinks to
    what is left, so no answer is waited for past it."""

    def __init__(self, client: WebClient, deadline: float, max_retry_count: int = 3):
        super().__init__(max_retry_count=max_retry_count)
        self.client, self.deadline = client, deadline

    def _pause(self, response: HttpResponse | None, error: Exception | None) -> float | None:
        if response is not None and response.status_code == 429:
            try:
                return float(next(v[0] for k, v in response.headers.items() if k.lower() == "retry-after"))
            except (StopIteration, ValueError, IndexError):
                return 1.0
        if response is not None and response.status_code in (500, 503):
            return RETRY_PAUSE
        if response is None and isinstance(error, OSError):  # URLError, reset, refused: not a timeout
            return None if isinstance(error, TimeoutError) else RETRY_PAUSE
        return None

    def can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if state.current_attempt >= self.max_retry_count or (pause := self._pause(response, error)) is None:
            return False
        return time.monotonic() + pause + SHORTEST_CALL < self.deadline

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        state.next_attempt_requested = True
        time.sleep(self._pause(response, error) or 0.0)
        self.client.timeout = max(0.05, self.deadline - time.monotonic())  # type: ignore[assignment]
        state.increment_current_attempt()


def before_the_ack(client: WebClient) -> WebClient:
    """``client`` for a call made before the acknowledgement (a form opened with the command's
    trigger_id): done by the request's deadline (``lookups_within``), or a timeout error."""
    return _lookup_client(client, _deadline.get() or time.monotonic() + LOOKUP_SECONDS)


def _lookup_client(client: WebClient, deadline: float) -> WebClient:
    """``client``'s token and Slack, with the deadline's timeout and retries (and the error counter)."""
    from bot.metrics import SlackErrorCounter

    bounded = WebClient(
        token=client.token,
        base_url=client.base_url,
        timeout=max(0.05, deadline - time.monotonic()),  # type: ignore[arg-type]
        headers=dict(client.headers),
        team_id=getattr(client, "team_id", None),
    )
    bounded.retry_handlers = [SlackErrorCounter(), WithinDeadline(bounded, deadline)]
    return bounded


def check_people(client: WebClient, users: Iterable[str], role: str) -> None:
    """Raise PersonProblem for the first of ``users`` who isn't a real, active member of the workspace,
    or whom Slack could not confirm before the request's lookup deadline (``lookups_within``)."""
    deadline = _deadline.get() or time.monotonic() + LOOKUP_SECONDS
    for user in dict.fromkeys(users):
        if time.monotonic() >= deadline:
            raise _too_slow(user)
        try:
            info = _lookup_client(client, deadline).users_info(user=user)["user"] or {}
            found = standing(True, bool(info.get("deleted")), bool(info.get("is_bot")), bool(info.get("is_app_user")))
        except SlackApiError as exc:
            error = exc.response.get("error", "error")
            if exc.response.status_code == 429 or exc.response.status_code >= 500:
                logger.warning("users.info %s: Slack answered %s in the time there was", user, exc.response.status_code)
                raise _too_slow(user) from None
            if error not in ("user_not_found", "user_not_visible"):
                logger.warning("users.info %s failed: %s", user, error)
                raise PersonProblem(
                    f"I couldn't check <@{user}> with Slack ({error}); nothing was changed. Please try again."
                ) from None
            found = Standing.UNKNOWN
        except (OSError, SlackClientError, ValueError) as exc:  # no answer in time, no connection, not JSON
            logger.warning("users.info %s: no answer in time: %r", user, exc)
            raise _too_slow(user) from None
        if found is not Standing.ACTIVE:
            raise PersonProblem(
                f"<@{user}> {WHY[found]}, so they can't be {role}. "
                "Pick an active person from Slack's @ menu; nothing was changed."
            )


def _too_slow(user: str) -> PersonProblem:
    return PersonProblem(
        f"Slack didn't answer in time when I checked <@{user}>, so nothing was changed. Please try again in a moment."
    )


class SlackDirectory:
    """People named in an import file, found in Slack: a user ID with users.info, an e-mail with
    users.lookupByEmail (`bot.services.imports.PeopleDirectory`; the CLI and the handlers both use it)."""

    def __init__(self, client: WebClient):
        self.client = client

    def find(self, ref: PersonRef) -> Found:
        try:
            if ref.user_id:
                info = self.client.users_info(user=ref.user_id)["user"] or {}
            else:
                info = self.client.users_lookupByEmail(email=ref.email or "")["user"] or {}
        except SlackApiError as exc:
            error = exc.response.get("error", "error")
            if error in ("user_not_found", "users_not_found", "user_not_visible"):
                return Found(Standing.UNKNOWN)
            logger.warning("looking up %s failed: %s", ref.given, error)
            raise PersonProblem(
                f"I couldn't look up {escape(ref.given)} with Slack ({error}); nothing was imported."
            ) from None
        found = standing(True, bool(info.get("deleted")), bool(info.get("is_bot")), bool(info.get("is_app_user")))
        return Found(found, info.get("id"))


def display_names(client: WebClient, user_ids: Iterable[str], *, full_names: bool = False) -> dict[str, str]:
    """Names from users.info (each person asked once); a person Slack can't tell us about keeps their id.
    ``full_names``: the real name first (documents, which carry no mentions), else the display name."""
    names = {}
    for user in dict.fromkeys(user_ids):
        try:
            info = client.users_info(user=user)["user"]
        except SlackApiError as exc:
            logger.info("users.info %s failed: %s", user, exc.response.get("error"))
            continue
        profile = info.get("profile") or {}
        first, second = ("real_name", "display_name") if full_names else ("display_name", "real_name")
        name = profile.get(first) or profile.get(second) or info.get("real_name") or info.get("name")
        if name:
            names[user] = name
    return names
