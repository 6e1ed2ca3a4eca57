"""The double's Add to Slack side: oauth.v2.access (a code once, a refresh token), a token per
workspace recorded on every call, and invalid_auth / token_revoked / token_expired answers."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slack_double import SlackDouble


@pytest.fixture
def double():
    with SlackDouble(channels=["C1"]) as double:
        yield double
        double.assert_no_errors()


def error_of(call) -> str:
    with pytest.raises(SlackApiError) as raised:
        call()
    return raised.value.response["error"]


def exchange(double, code, **kwargs):
    return WebClient(base_url=double.base_url).oauth_v2_access(
        client_id=double.client_id, client_secret=double.client_secret, code=code, **kwargs
    )


def test_a_code_gives_the_workspaces_token_once_and_auth_test_knows_it(double):
    code = double.issue_code("TA", "Alpha")
    answer = exchange(double, code)
    assert (answer["team"], answer["token_type"]) == ({"id": "TA", "name": "Alpha"}, "bot")
    token = answer["access_token"]
    who = WebClient(base_url=double.base_url, token=token).auth_test()
    assert (who["team_id"], who["team"]) == ("TA", "Alpha")
    assert error_of(lambda: exchange(double, code)) == "invalid_code"
    call = double.calls_to("oauth.v2.access")[0]
    assert call.token is None and call.args["client_id"] == double.client_id  # from HTTP Basic


def test_wrong_client_credentials_are_refused(double):
    code = double.issue_code("TA")
    client = WebClient(base_url=double.base_url)
    refused = lambda: client.oauth_v2_access(client_id=double.client_id, client_secret="wrong", code=code)
    assert error_of(refused) == "bad_client_secret"


def test_tokens_are_per_workspace_unknown_and_revoked_ones_refused(double):
    a = exchange(double, double.issue_code("TA"))["access_token"]
    b = exchange(double, double.issue_code("TB"))["access_token"]
    WebClient(base_url=double.base_url, token=a).chat_postMessage(channel="C1", text="from A")
    WebClient(base_url=double.base_url, token=b).chat_postMessage(channel="C1", text="from B")
    assert [(c.args["text"], c.token) for c in double.calls_to("chat.postMessage")] == [("from A", a), ("from B", b)]
    unknown = WebClient(base_url=double.base_url, token="xoxb-made-up")
    assert error_of(lambda: unknown.chat_postMessage(channel="C1", text="x")) == "invalid_auth"
    double.revoke("TA")
    revoked = WebClient(base_url=double.base_url, token=a)
    assert error_of(lambda: revoked.chat_postMessage(channel="C1", text="x")) == "token_revoked"
    WebClient(base_url=double.base_url, token=b).chat_postMessage(channel="C1", text="B still works")


def test_a_rotating_token_expires_and_its_refresh_token_gives_a_new_one(double):
    first = exchange(double, double.issue_code("TA", rotating=True, expires_in=600))
    assert first["expires_in"] == 600 and first["refresh_token"]
    double.expire(first["access_token"])
    old = WebClient(base_url=double.base_url, token=first["access_token"])
    assert error_of(lambda: old.auth_test()) == "token_expired"
    refreshed = WebClient(base_url=double.base_url).oauth_v2_access(
        client_id=double.client_id,
        client_secret=double.client_secret,
        grant_type="refresh_token",
        refresh_token=first["refresh_token"],
    )
    assert refreshed["access_token"] != first["access_token"] == double.grants["TA"].issued[0]
    assert WebClient(base_url=double.base_url, token=refreshed["access_token"]).auth_test()["team_id"] == "TA"
    bad = lambda: WebClient(base_url=double.base_url).oauth_v2_access(
        client_id=double.client_id, client_secret=double.client_secret, grant_type="refresh_token", refresh_token="no"
    )
    assert error_of(bad) == "invalid_refresh_token"
