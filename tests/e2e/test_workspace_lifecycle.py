"""A workspace uninstalls the app or revokes its token, then installs it again; and rotating tokens
refreshed before use, in the web process and in the clock. Reminders are sent by the real clock pass
(`send_due`) with each workspace's own token (`installed_clients`, as `peerbot clock` builds them)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, text

from bot.app import reminder_renderer
from bot.cli.workspaces import workspace_listing
from bot.clock.config import SendConfig
from bot.clock.process import installed_clients
from bot.clock.recovery import recover_stale
from bot.clock.sending import send_due
from storage.models import Reminder, Workspace
from storage.reminder_claims import claim_due
from tests.e2e.harness import SlackUser
from tests.e2e.installs import install, oauth_app

TA, TB = "TALPHA", "TBETA"
COORD_A, COORD_B = "UCOORDA", "UCOORDB"
CONFIG = SendConfig(threads=2, coordinators=(f"{TA}:{COORD_A}", f"{TB}:{COORD_B}"))


@pytest.fixture
def app(database_url, sessions, clock, double):
    double.add_channel("CALPHA")
    double.add_channel("CBETA")
    app = oauth_app(database_url, double, sessions, clock, coordinators=(f"{TA}:{COORD_A}", f"{TB}:{COORD_B}"))
    yield app
    app.stop()


@pytest.fixture
def tokens(app, double) -> dict[str, str]:
    return {TA: install(app, double, TA, "Alpha"), TB: install(app, double, TB, "Beta")}


def add(sessions, team: str, channel: str, due_at, words: str) -> int:
    with sessions() as session, session.begin():
        row = Reminder(
            team_id=team,
            triad_id=None,
            key=f"custom:{words}",
            kind="custom",
            recipient=channel,
            text=words,
            due_at=due_at,
        )
        session.add(row)
        session.flush()
        return row.id


def statuses(sessions) -> dict[str, str]:
    with sessions() as session:
        return {r.text: r.status for r in session.scalars(select(Reminder))}


def clock_pass(app, sessions, clock):
    return send_due(
        sessions,
        installed_clients(app.settings, sessions),
        render=reminder_renderer(),
        now=clock,
        worker_id="test-clock",
        config=CONFIG,
    )


def posts(double, channel: str) -> list[tuple[str, str | None]]:
    """(text, token) of each message posted to the channel."""
    return [(c.args["text"], c.token) for c in double.calls_to("chat.postMessage") if c.args["channel"] == channel]


def uninstall(app, double, team: str) -> None:
    double.revoke(team)  # Slack revokes the tokens, then sends the events
    response = SlackUser(app, double, COORD_A, team=team).event({"type": "app_uninstalled"}, event_id=f"EvU{team}")
    assert response.status == 200


def test_uninstall_holds_that_workspace_only_and_a_reinstall_resumes_late(app, double, sessions, clock, tokens):
    add(sessions, TA, "CALPHA", clock() + timedelta(hours=1), "alpha soon")
    add(sessions, TA, "CALPHA", clock() + timedelta(days=2), "alpha later")
    add(sessions, TB, "CBETA", clock() + timedelta(hours=1), "beta soon")

    uninstall(app, double, TA)
    assert statuses(sessions) == {"alpha soon": "held", "alpha later": "held", "beta soon": "pending"}
    with sessions() as session:
        assert session.get(Workspace, TA).status == "uninstalled"
        listing = {w["team_id"]: w for w in workspace_listing(session)}
    assert (listing[TA]["status"], listing[TA]["held_reminders"], listing[TA]["pending_reminders"]) == (
        "uninstalled",
        2,
        0,
    )
    assert (listing[TB]["status"], listing[TB]["pending_reminders"]) == ("installed", 1)
    with app.deps.sessions() as session:  # its installation (and token) is gone, its data stays
        assert session.execute(text("SELECT count(*) FROM slack_bots WHERE team_id = :t"), {"t": TA}).scalar() == 0

    # Its people get a clear reply, not a traceback
    SlackUser(app, double, COORD_A, team=TA).peer("status")
    assert "not installed in this workspace" in double.wait_for_response()[-1]["text"]

    clock.advance(hours=3)
    stats = clock_pass(app, sessions, clock)
    assert (stats.sent + stats.late, stats.held, stats.failed) == (1, 0, 0)
    assert posts(double, "CALPHA") == []
    assert [token for _, token in posts(double, "CBETA")] == [tokens[TB]]
    assert statuses(sessions)["alpha soon"] == "held"

    new_token = install(app, double, TA, "Alpha")
    assert new_token != tokens[TA]
    assert statuses(sessions) == {"alpha soon": "pending", "alpha later": "pending", "beta soon": "late"}
    with sessions() as session:
        assert session.get(Workspace, TA).status == "installed"

    stats = clock_pass(app, sessions, clock)
    assert stats.late == 1 and stats.held == 0
    ((words, token),) = posts(double, "CALPHA")
    assert token == new_token and "Sent late" in words and "alpha soon" in words
    assert statuses(sessions) == {"alpha soon": "late", "alpha later": "pending", "beta soon": "late"}


def test_tokens_revoked_holds_like_an_uninstall(app, double, sessions, clock, tokens):
    add(sessions, TB, "CBETA", clock() + timedelta(hours=1), "beta soon")
    double.revoke(TB)
    event = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOT"]}}
    assert SlackUser(app, double, COORD_B, team=TB).event(event, event_id="EvR1").status == 200
    assert statuses(sessions) == {"beta soon": "held"}
    with sessions() as session:
        assert session.get(Workspace, TB).status == "revoked"


def test_a_revoked_user_token_only_changes_nothing(app, double, sessions, clock, tokens):
    add(sessions, TB, "CBETA", clock() + timedelta(hours=1), "beta soon")
    event = {"type": "tokens_revoked", "tokens": {"oauth": ["UBSOMEONE"], "bot": []}}
    assert SlackUser(app, double, COORD_B, team=TB).event(event, event_id="EvR2").status == 200
    assert statuses(sessions) == {"beta soon": "pending"}


def test_a_token_slack_refuses_holds_its_workspace_while_the_other_is_sent(app, double, sessions, clock, tokens):
    """No event came (or it was lost): the clock learns from Slack's answer and holds, never fails."""
    for n in range(3):
        add(sessions, TA, "CALPHA", clock() + timedelta(minutes=n), f"alpha {n}")
    add(sessions, TA, "CALPHA", clock() + timedelta(days=1), "alpha tomorrow")
    add(sessions, TB, "CBETA", clock(), "beta now")
    double.revoke(TA)
    clock.advance(minutes=5)
    stats = clock_pass(app, sessions, clock)
    assert stats.failed == 0 and stats.sent == 1
    assert statuses(sessions) == {
        "alpha 0": "held",
        "alpha 1": "held",
        "alpha 2": "held",
        "alpha tomorrow": "held",
        "beta now": "sent",
    }
    assert len(posts(double, "CALPHA")) == 1  # one refused post, then the pass stops sending for that workspace
    with sessions() as session:
        assert session.get(Workspace, TA).status == "revoked"
    # its dead installation is forgotten, so its people are told to reinstall
    SlackUser(app, double, COORD_A, team=TA).peer("status")
    assert "not installed in this workspace" in double.wait_for_response()[-1]["text"]
    install(app, double, TA, "Alpha")
    assert set(statuses(sessions).values()) == {"pending", "sent"}


def test_a_workspace_without_installation_is_held_without_calling_slack(app, double, sessions, clock, tokens):
    app.deps.installation_store().delete_all(enterprise_id=None, team_id=TA)
    add(sessions, TA, "CALPHA", clock(), "alpha now")
    stats = clock_pass(app, sessions, clock)
    assert stats.held == 1 and posts(double, "CALPHA") == []
    assert statuses(sessions) == {"alpha now": "held"}
    with sessions() as session:
        assert session.get(Workspace, TA).status == "uninstalled"


def test_recovery_holds_stale_claims_of_an_uninstalled_workspace(app, double, sessions, clock, tokens):
    add(sessions, TA, "CALPHA", clock(), "alpha now")
    assert len(claim_due(sessions, now=clock(), worker_id="dead-clock", limit=10)) == 1
    app.deps.installation_store().delete_all(enterprise_id=None, team_id=TA)
    clock.advance(minutes=10)
    stats = recover_stale(sessions, installed_clients(app.settings, sessions), now=clock, config=CONFIG)
    assert stats.held == 1 and statuses(sessions) == {"alpha now": "held"}


def test_the_clock_refreshes_an_expiring_token_before_posting(app, double, sessions, clock):
    old = install(app, double, TA, "Alpha", rotating=True, expires_in=3600)  # within the 120-minute window
    double.grants[TA].expires_in = 12 * 3600  # the refreshed token lasts longer
    add(sessions, TA, "CALPHA", clock(), "alpha one")
    double.clear()

    assert clock_pass(app, sessions, clock).sent == 1
    refreshes = double.calls_to("oauth.v2.access")
    assert [(c.args["grant_type"], c.args["refresh_token"]) for c in refreshes] == [
        ("refresh_token", double.grants[TA].refresh_token)
    ]
    new = double.token_of(TA)
    assert new != old and [token for _, token in posts(double, "CALPHA")] == [new]
    with app.deps.sessions() as session:  # saved for the web process and the next clock
        saved = session.execute(text("SELECT bot_token FROM slack_bots WHERE team_id = :t ORDER BY id"), {"t": TA})
        assert saved.scalars().all()[-1] == new

    add(sessions, TA, "CALPHA", clock(), "alpha two")
    assert clock_pass(app, sessions, clock).sent == 1
    assert len(double.calls_to("oauth.v2.access")) == 1  # not refreshed again: it no longer expires soon
    assert [token for _, token in posts(double, "CALPHA")] == [new, new]


def test_the_web_process_refreshes_an_expiring_token_before_use(app, double, sessions, clock):
    old = install(app, double, TA, "Alpha", rotating=True, expires_in=3600)
    double.grants[TA].expires_in = 12 * 3600
    double.clear()
    response = SlackUser(app, double, COORD_A, team=TA).peer('round new "SE 2018"')
    assert "SE 2018" in response.text
    assert [c.args["grant_type"] for c in double.calls_to("oauth.v2.access")] == ["refresh_token"]
    new = double.token_of(TA)
    assert new != old
    assert {c.token for c in double.calls if c.method != "oauth.v2.access"} == {new}


def test_an_expired_token_that_cannot_be_refreshed_holds_nothing_and_fails_nothing(app, double, sessions, clock):
    install(app, double, TA, "Alpha", rotating=True, expires_in=3600)
    double.fail_next("oauth.v2.access", "service_unavailable")
    add(sessions, TA, "CALPHA", clock(), "alpha now")
    stats = clock_pass(app, sessions, clock)  # the old token still works for the hour: it is used
    assert stats.sent == 1 and stats.held == 0


def test_events_after_the_installation_is_gone_are_still_handled(app, double, sessions, clock, tokens):
    """Slack sends tokens_revoked beside app_uninstalled, and retries: the second finds no installation."""
    add(sessions, TA, "CALPHA", clock() + timedelta(hours=1), "alpha soon")
    uninstall(app, double, TA)
    event = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOT"]}}
    assert SlackUser(app, double, COORD_A, team=TA).event(event, event_id="EvR3").status == 200
    assert SlackUser(app, double, COORD_A, team=TA).event({"type": "app_uninstalled"}, event_id="EvU9").status == 200
    assert statuses(sessions) == {"alpha soon": "held"}
    with sessions() as session:
        assert session.get(Workspace, TA).status == "uninstalled"  # not overwritten by the revoke beside it
