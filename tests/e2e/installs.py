"""Add to Slack in tests: the app built with a client id and secret (no bot token), and a workspace
installed through the real OAuth flow over HTTP (GET /slack/install, then the redirect with Slack's code)."""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from sqlalchemy import text

from tests.e2e.harness import COORDINATOR, InProcessApp

STATE_COOKIE = "slack-app-oauth-state"


def oauth_app(database_url, double, sessions, clock, coordinators=(COORDINATOR,), **settings) -> InProcessApp:
    return InProcessApp(
        database_url,
        double.base_url,
        sessions,
        clock,
        coordinators,
        slack_bot_token=None,
        slack_client_id=double.client_id,
        slack_client_secret=double.client_secret,
        **settings,
    )


def forget_installations(engine) -> None:
    """slack_sdk's tables are in the models' metadata, so `sessions` empties them; this is for the
    few tests that need a clean state mid-test."""
    with engine.begin() as connection:
        for table in ("slack_installations", "slack_bots", "slack_oauth_states"):
            connection.execute(text(f"DELETE FROM {table}"))


@dataclass
class Page:
    status: int
    headers: dict[str, str]
    body: str


def get(url: str, cookie: str | None = None) -> Page:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return Page(response.status, {k.lower(): v for k, v in response.headers.items()}, response.read().decode())
    except urllib.error.HTTPError as error:
        return Page(error.code, {k.lower(): v for k, v in error.headers.items()}, error.read().decode())


def start_install(app: InProcessApp) -> tuple[str, str]:
    """GET /slack/install: (the state in the authorize link, the cookie the browser keeps)."""
    page = get(app.url + "/slack/install")
    assert page.status == 200, page
    link = re.search(r'href="(https://slack\.com/oauth/v2/authorize\?[^"]+)"', page.body)
    assert link, page.body
    state = urllib.parse.parse_qs(urllib.parse.urlparse(link.group(1).replace("&amp;", "&")).query)["state"][0]
    cookie = page.headers["set-cookie"].split(";", 1)[0]
    assert cookie == f"{STATE_COOKIE}={state}"
    return state, cookie


def redirect(app: InProcessApp, code: str, state: str, cookie: str | None) -> Page:
    query = urllib.parse.urlencode({"code": code, "state": state})
    return get(f"{app.url}/slack/oauth_redirect?{query}", cookie)


def install(app: InProcessApp, double, team_id: str, name: str | None = None, **grant) -> str:
    """Install the app in `team_id` as a workspace admin would; returns the bot token Slack gave it."""
    state, cookie = start_install(app)
    page = redirect(app, double.issue_code(team_id, name, **grant), state, cookie)
    assert page.status == 200, page
    return double.token_of(team_id)
