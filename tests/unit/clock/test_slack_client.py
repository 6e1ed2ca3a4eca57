"""The clock's 429 handler: Retry-After is slept (injected), counted, and never past the claim's deadline."""

from __future__ import annotations

from urllib.error import URLError

from slack_sdk.http_retry import HttpRequest, HttpResponse, RetryState

from bot.clock.slack_client import (
    PacedRateLimitRetryHandler,
    is_user,
    never_reached_slack,
    posting_deadline,
)

REQUEST = HttpRequest(method="POST", url="https://slack.test/api/chat.postMessage", headers={})


def limited(retry_after: str = "3") -> HttpResponse:
    return HttpResponse(
        status_code=429, headers={"Retry-After": [retry_after]}, body={"ok": False, "error": "ratelimited"}
    )


def handler(now: float = 100.0) -> tuple[PacedRateLimitRetryHandler, list[float]]:
    slept: list[float] = []
    return PacedRateLimitRetryHandler(3, sleeper=slept.append, monotonic=lambda: now), slept


def test_a_429_is_counted_and_retried_after_retry_after_plus_jitter():
    paced, slept = handler()
    state = RetryState()

    assert paced.can_retry(state=state, request=REQUEST, response=limited("3"))
    paced.prepare_for_next_attempt(state=state, request=REQUEST, response=limited("3"))

    assert paced.throttled == 1 and state.current_attempt == 1
    [pause] = slept
    assert 3.0 <= pause < 4.0


def test_no_retry_would_start_after_the_posting_threads_deadline():
    paced, _ = handler(now=100.0)
    with posting_deadline(104.5):  # 100 + 3 (Retry-After) + 1 (jitter) < 104.5
        assert paced.can_retry(state=RetryState(), request=REQUEST, response=limited("3"))
    with posting_deadline(103.5):
        assert not paced.can_retry(state=RetryState(), request=REQUEST, response=limited("3"))
    assert paced.can_retry(state=RetryState(), request=REQUEST, response=limited("30"))  # no deadline outside a post
    assert paced.throttled == 3


def test_other_answers_and_spent_retries_are_not_retried():
    paced, _ = handler()
    server_error = HttpResponse(status_code=500, headers={}, body={"ok": False})
    assert not paced.can_retry(state=RetryState(), request=REQUEST, response=server_error)
    assert not paced.can_retry(state=RetryState(current_attempt=3), request=REQUEST, response=limited())
    assert paced.throttled == 1  # the spent one was still a 429 seen


def test_only_a_refused_connection_is_known_not_to_have_reached_slack():
    assert never_reached_slack(URLError(ConnectionRefusedError(111, "refused")))
    assert never_reached_slack(ConnectionRefusedError())
    assert not never_reached_slack(URLError(TimeoutError("timed out")))
    assert not never_reached_slack(ConnectionResetError())


def test_people_are_told_apart_from_channels():
    assert is_user("U0123") and is_user("W0123")
    assert not is_user("C0123") and not is_user("D0123") and not is_user("G0123")
