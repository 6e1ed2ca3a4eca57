"""`peerbot serve` chooses Socket Mode when SLACK_APP_TOKEN is set, and HTTP otherwise."""

import slack_bolt.adapter.socket_mode as socket_mode
from slack_bolt import App

from bot import cli
from slack_double import SlackDouble
from storage.db import upgrade


def test_app_token_selects_socket_mode(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    upgrade(url)
    started = {}

    class FakeSocketModeHandler:
        def __init__(self, app, app_token):
            started["app"], started["token"] = app, app_token

        def start(self):
            started["started"] = True

    monkeypatch.setattr(socket_mode, "SocketModeHandler", FakeSocketModeHandler)
    monkeypatch.setattr(cli, "run_gunicorn", lambda *a, **k: started.setdefault("http", True))
    with SlackDouble() as double:
        for name, value in {
            "SLACK_BOT_TOKEN": "xoxb-test",
            "SLACK_SIGNING_SECRET": "s",
            "SLACK_APP_TOKEN": "xapp-1-test",
            "SLACK_API_URL": double.base_url,
            "DATABASE_URL": url,
        }.items():
            monkeypatch.setenv(name, value)
        assert cli.main(["serve"]) == 0
        assert started["token"] == "xapp-1-test" and started["started"] and "http" not in started
        assert isinstance(started["app"], App) and started["app"]._listeners  # the same listeners as over HTTP

        monkeypatch.delenv("SLACK_APP_TOKEN")
        started.clear()
        assert cli.main(["serve"]) == 0
        assert started == {"http": True}
