"""The app's retry handlers (bot.app.web_client): a call that posts is never retried after an unknown
outcome (a 5xx, a lost connection); other calls are, as slack_sdk's handlers do, through the public
`can_retry`."""

from __future__ import annotations

from slack_sdk.http_retry import HttpRequest, HttpResponse, RetryState

from bot.app import PostOnceConnectionErrorRetryHandler, PostOnceServerErrorRetryHandler

POST = HttpRequest(method="POST", url="https://slack.test/api/chat.postMessage", headers={})
READ = HttpRequest(method="POST", url="https://slack.test/api/conversations.info?x=1", headers={})


def test_a_server_error_is_retried_except_for_a_post():
    handler = PostOnceServerErrorRetryHandler(max_retry_count=2)
    failed = HttpResponse(status_code=500, headers={}, body={"ok": False})
    assert not handler.can_retry(state=RetryState(), request=POST, response=failed)
    assert handler.can_retry(state=RetryState(), request=READ, response=failed)
    assert not handler.can_retry(state=RetryState(current_attempt=2), request=READ, response=failed)


def test_a_lost_connection_is_retried_except_for_a_post():
    handler = PostOnceConnectionErrorRetryHandler(max_retry_count=2)
    assert not handler.can_retry(state=RetryState(), request=POST, error=ConnectionResetError())
    assert handler.can_retry(state=RetryState(), request=READ, error=ConnectionResetError())
