"""`peerbot serve` chooses Socket Mode when SLACK_APP_TOKEN is set, and HTTP otherwise."""

import os
import signal

import slack_bolt.adapter.socket_mode as socket_mode
from slack_bolt import App

from bot.cli import main as cli
from bot.cli import serve
from slack_double import SlackDouble
from storage.db import upgrade


def test_app_token_selects_socket_mode(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    upgrade(url)
    started = {}

    class FakeSocketModeHandler:
        def __init__(self, app, app_token):
            started["app"], started["token"] = app, app_token

        def connect(self):
            started["started"] = True
            os.kill(os.getpid(), signal.SIGTERM)  # serve runs until it is told to stop

        def close(self):
            started["closed"] = True

    # serve installs its own SIGTERM/SIGINT handlers: put pytest's back afterwards
    saved = {signum: signal.getsignal(signum) for signum in (signal.SIGTERM, signal.SIGINT)}

    monkeypatch.setattr(socket_mode, "SocketModeHandler", FakeSocketModeHandler)
    monkeypatch.setattr(serve, "run_gunicorn", lambda *a, **k: started.setdefault("http", True))
    with SlackDouble() as double:
        for name, value in {
            "SLACK_BOT_TOKEN": "xoxb-test",
            "SLACK_SIGNING_SECRET": "s",
            "SLACK_APP_TOKEN": "xapp-1-test",
            "SLACK_API_URL": double.base_url,
            "DATABASE_URL": url,
            "PORT": "0",  # /healthz and /metrics beside Socket Mode, on a free port
            # serve (HTTP) would set it for gunicorn's workers, here in the test's own process
            "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
        }.items():
            monkeypatch.setenv(name, value)
        try:
            assert cli.main(["serve"]) == 0
        finally:
            for signum, handler in saved.items():
                signal.signal(signum, handler)
        assert started["token"] == "xapp-1-test" and started["started"] and started["closed"] and "http" not in started
        assert isinstance(started["app"], App) and started["app"]._listeners  # the same listeners as over HTTP

        monkeypatch.delenv("SLACK_APP_TOKEN")
        started.clear()
        assert cli.main(["serve"]) == 0
        assert started == {"http": True}
