"""Add to Slack: Bolt's OAuth flow at /slack/install and /slack/oauth_redirect, state checked,
the installation saved in slack_sdk's tables in the app's database and the workspace recorded."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from bot.cli.workspaces import workspace_listing
from storage.models import Workspace
from tests.e2e.installs import install, oauth_app, redirect, start_install


@pytest.fixture
def app(database_url, sessions, clock, double):
    app = oauth_app(database_url, double, sessions, clock)
    yield app
    app.stop()


def bots(engine) -> list[tuple]:
    with engine.connect() as connection:
        return connection.execute(text("SELECT team_id, team_name, bot_token FROM slack_bots ORDER BY id")).all()


def test_install_page_links_to_slack_with_a_state_and_the_scopes(app, double):
    state, cookie = start_install(app)
    assert state and cookie.endswith(state)


def test_the_redirect_with_a_good_state_saves_the_workspace_and_its_token(app, double, engine, sessions, clock):
    state, cookie = start_install(app)
    code = double.issue_code("TALPHA", "Alpha Council")
    page = redirect(app, code, state, cookie)
    assert page.status == 200, page
    token = double.token_of("TALPHA")
    assert bots(engine) == [("TALPHA", "Alpha Council", token)]
    access = double.calls_to("oauth.v2.access")
    assert len(access) == 1 and access[0].args["code"] == code and access[0].token is None
    assert [c.token for c in double.calls_to("auth.test")] == [token]  # Bolt learns the bot's ids with it
    with sessions() as session:
        row = session.get(Workspace, "TALPHA")
        assert (row.name, row.status) == ("Alpha Council", "installed") and row.installed_at is not None
        listing = workspace_listing(session)
    assert [(w["team_id"], w["status"], w["triads"]) for w in listing] == [("TALPHA", "installed", 0)]


def test_a_replayed_state_is_refused_and_nothing_more_is_saved(app, double, engine):
    state, cookie = start_install(app)
    assert redirect(app, double.issue_code("TALPHA"), state, cookie).status == 200
    replay = redirect(app, double.issue_code("TBETA"), state, cookie)
    assert replay.status >= 400, replay
    assert [b[0] for b in bots(engine)] == ["TALPHA"]
    assert len(double.calls_to("oauth.v2.access")) == 1  # the code was never exchanged


@pytest.mark.parametrize("how", ["forged state", "no cookie", "cookie of another browser"])
def test_a_bad_state_is_refused_before_any_code_is_exchanged(app, double, engine, how):
    state, cookie = start_install(app)
    other_state, other_cookie = start_install(app)
    given_state, given_cookie = {
        "forged state": ("not-a-state-we-issued", "slack-app-oauth-state=not-a-state-we-issued"),
        "no cookie": (state, None),
        "cookie of another browser": (state, other_cookie),
    }[how]
    page = redirect(app, double.issue_code("TALPHA"), given_state, given_cookie)
    assert page.status >= 400, page
    assert bots(engine) == []
    assert double.calls_to("oauth.v2.access") == []


def test_a_code_slack_refuses_is_a_failure_page_not_a_traceback(app, double, engine):
    state, cookie = start_install(app)
    page = redirect(app, "code-never-issued", state, cookie)
    assert page.status >= 400 and "Traceback" not in page.body, page
    assert bots(engine) == []
    with engine.connect() as connection:
        assert connection.execute(select(Workspace.team_id)).all() == []


def test_installing_twice_keeps_one_workspace_and_uses_the_newest_token(app, double, engine, sessions):
    first = install(app, double, "TALPHA", "Alpha")
    second = install(app, double, "TALPHA", "Alpha renamed")
    assert first != second
    with sessions() as session:
        rows = session.scalars(select(Workspace)).all()
        assert [(w.team_id, w.name, w.status) for w in rows] == [("TALPHA", "Alpha renamed", "installed")]
    assert bots(engine)[-1][2] == second
