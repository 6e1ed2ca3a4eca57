"""Socket Mode for real: Bolt's SocketModeHandler (what `peerbot serve` runs when SLACK_APP_TOKEN is set)
opens a connection with apps.connections.open, the double's WebSocket says hello and sends a slash
command, an event, a button click and modal submissions as Socket Mode envelopes; the app acknowledges
each envelope (with the command's reply, or the submission's `response_action`) and does the work."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse

import pytest
from slack_bolt.adapter.socket_mode import SocketModeHandler
from sqlalchemy import func, select

from bot.app import Deps, create_app
from bot.cli.serve import close_within
from bot.metrics import REGISTRY
from bot.settings import load_settings
from handlers.blocks.home import HOME_AUTHORITY_ADD
from storage.models import Authority, Round
from tests.e2e.harness import COORDINATOR, TEAM, TrackingExecutor
from tests.e2e.test_forms import opened, submission, text
from tests.e2e.test_home_actions import home_click
from tests.slack_requests import slash_command_body

APP_TOKEN = "xapp-1-A0PEER-1-socket"


def socket_mode_settings(database_url, double):
    return load_settings(
        slack_bot_token="xoxb-test-token",
        slack_signing_secret="unused-in-socket-mode",
        slack_app_token=APP_TOKEN,
        slack_api_url=double.base_url,
        database_url=database_url,
        peer_coordinators=COORDINATOR,
    )


@pytest.fixture
def socket(database_url, sessions, clock, double):
    settings = socket_mode_settings(database_url, double)
    executor = TrackingExecutor()
    handler = SocketModeHandler(create_app(Deps(settings, sessions, clock), executor), APP_TOKEN)
    handler.connect()
    server = double.socket_mode
    server.wait_connected()
    yield server, executor
    assert close_within(handler.close, 10.0, "closing the Socket Mode connection")  # as `peerbot serve` does
    executor.shutdown(wait=True)
    assert server.unexpected == []


def command(double, words: str, trigger: str) -> dict:
    """A slash command's payload in an envelope: the fields Slack would have form-posted, as JSON."""
    body = slash_command_body(words, team=TEAM, user=COORDINATOR, channel="D0SOCKET",
                              response_url=double.response_url(trigger), trigger_id=trigger)  # fmt: skip
    return dict(urllib.parse.parse_qsl(body))


def count(sessions, model) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_the_app_connects_with_its_app_token_and_is_greeted(socket, double):
    server, _ = socket
    (opened_with,) = double.calls_to("apps.connections.open")
    assert opened_with.token == APP_TOKEN and opened_with.response["url"].startswith(f"ws://127.0.0.1:{server.port}/")
    assert server.connections == 1


def test_a_slash_command_envelope_is_acknowledged_with_its_reply_and_done(socket, double, sessions):
    server, executor = socket
    commands_before = REGISTRY.get_sample_value("peerbot_requests_total", {"kind": "command"}) or 0
    envelope = server.send(
        "slash_commands", command(double, 'round new "SE 2018"', "t-round"), accepts_response_payload=True
    )
    ack = server.wait_for_ack(envelope)
    executor.drain()
    assert ack["envelope_id"] == envelope
    assert "SE 2018" in json.dumps(ack["payload"]) and ack["payload"].get("response_type") == "ephemeral"
    with sessions() as session:
        assert session.scalars(select(Round.name)).all() == ["SE 2018"]
    assert REGISTRY.get_sample_value("peerbot_requests_total", {"kind": "command"}) == commands_before + 1


def test_a_button_and_a_modal_submission_as_interactive_envelopes(socket, double, sessions):
    server, executor = socket
    # The App Home opens (an events_api envelope): the app publishes the coordinator's Home.
    home_opened = {
        "token": "legacy", "team_id": TEAM, "api_app_id": "A0PEER", "type": "event_callback",
        "event_id": "EvSOCKET1", "event_time": int(time.time()),
        "event": {"type": "app_home_opened", "user": COORDINATOR, "channel": "D0HOME", "tab": "home",
                  "event_ts": "1.2"},
        "authorizations": [{"team_id": TEAM, "user_id": "UBOT", "is_bot": True}],
    }  # fmt: skip
    ack = server.wait_for_ack(server.send("events_api", home_opened, retry_attempt=0, retry_reason=""))
    executor.drain()
    assert "payload" not in ack
    view = double.home_views[COORDINATOR]
    assert view["type"] == "home"

    # The coordinator's "Add authority" button (block_actions; on the Home once a triad exists):
    # acknowledged, and the form opens.
    buttons = {"type": "actions", "block_id": "coordinator_buttons", "elements": [
        {"type": "button", "action_id": HOME_AUTHORITY_ADD, "value": "authority",
         "text": {"type": "plain_text", "text": "Add authority"}}]}  # fmt: skip
    click = home_click(COORDINATOR, {**view, "blocks": [*view["blocks"], buttons]}, HOME_AUTHORITY_ADD)
    envelope = server.send("interactive", click)
    assert server.wait_for_ack(envelope) == {"envelope_id": envelope}
    executor.drain()
    form = opened(double)
    assert form["callback_id"] == "authority_add_form"

    def submit(name: str) -> dict:
        values = {"name": {"name": text(name)}, "dcs": {"dcs": {"type": "users_select", "selected_user": "UKENT"}},
                  "team": {"team": {"type": "multi_users_select", "selected_users": []}}}  # fmt: skip
        envelope = server.send("interactive", submission(COORDINATOR, form, values), accepts_response_payload=True)
        ack = server.wait_for_ack(envelope)
        executor.drain()
        assert ack["envelope_id"] == envelope
        return ack

    # A wrong submission: the ack carries the errors for the modal's field; nothing is written.
    wrong = submit("   ")
    assert wrong["payload"]["response_action"] == "errors"
    assert "Give the authority's name" in wrong["payload"]["errors"]["name"]
    assert count(sessions, Authority) == 0
    # A right one: acknowledged without a payload (the modal closes), and the authority exists.
    assert "payload" not in submit("Kent")
    with sessions() as session:
        assert session.scalars(select(Authority.name)).all() == ["Kent"]


def test_apps_connections_open_wants_an_app_level_token(double):
    from slack_sdk import WebClient
    from slack_sdk.errors import SlackApiError

    with pytest.raises(SlackApiError) as refused:
        WebClient(token="xoxb-bot-token", base_url=double.base_url).apps_connections_open(app_token="xoxb-bot-token")
    assert refused.value.response["error"] == "not_allowed_token_type"


def test_closing_the_handler_returns_in_bounded_time_whatever_its_threads_do(database_url, sessions, clock, double):
    handler = SocketModeHandler(
        create_app(Deps(socket_mode_settings(database_url, double), sessions, clock)), APP_TOKEN
    )
    handler.connect()
    double.socket_mode.wait_connected()
    # One of the handler's own worker threads never finishes (slack_sdk's close() waits for them, and
    # joins its session threads, without a limit): the close still returns, within its bound.
    stuck = threading.Event()
    handler.client.message_workers.submit(stuck.wait, 60)
    started = time.monotonic()
    try:
        assert close_within(handler.close, 1.0, "closing the Socket Mode connection") is False
        assert time.monotonic() - started < 2.5
    finally:
        stuck.set()


def test_closing_a_handler_whose_threads_finish_says_so(database_url, sessions, clock, double):
    handler = SocketModeHandler(
        create_app(Deps(socket_mode_settings(database_url, double), sessions, clock)), APP_TOKEN
    )
    handler.connect()
    double.socket_mode.wait_connected()
    assert close_within(handler.close, 10.0, "closing the Socket Mode connection") is True
