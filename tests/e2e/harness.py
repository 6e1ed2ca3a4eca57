"""Talk to the app as Slack does, with signed requests, dispatched to its Bolt app in this process."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.request import BoltRequest

from bot.app import Deps, create_app
from bot.demo.slack import DrainingExecutor
from bot.settings import load_settings
from bot.wsgi import make_wsgi_app
from tests import slack_requests
from tests.slack_requests import slash_command_body

SIGNING_SECRET = "test-signing-secret"
TEAM = "T0PEER"
COORDINATOR = "UCOORD"


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


class TrackingExecutor(DrainingExecutor):
    """Bolt's listener executor, so tests can wait for the work done after an ack."""

    def __init__(self):
        super().__init__(max_workers=8, thread_name_prefix="test-listener")

    def drain(self, timeout: float = 10.0) -> None:
        super().drain(timeout)


class AppServer:
    """The real WSGI app (``bot.wsgi.make_wsgi_app``) on a free port, for what only HTTP can show (``/healthz``)."""

    def __init__(self, deps: Deps, listener_executor):
        self.wsgi = make_wsgi_app(deps, listener_executor)
        self.server = make_server(
            "127.0.0.1", 0, self.wsgi, server_class=_ThreadingWSGIServer, handler_class=_QuietHandler
        )
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)

    def start(self) -> AppServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class InProcessApp:
    """The Bolt app built by the app's own factory; each signed request is dispatched in this process.

    ``dispatch`` does what Bolt's WSGI adapter does with a POST to /slack/events (a ``BoltRequest`` of
    the raw body and the headers, ``app.dispatch``), without a socket; Bolt still verifies the signature
    and the timestamp. Work done after the ack runs in ``executor`` (Bolt's listener executor) and
    ``executor.drain()`` waits for it. ``url`` starts the real WSGI app on a port the first time it is
    asked for, for the few tests that speak HTTP (``/healthz``); ``post`` to that url's /slack/events
    is still dispatched in process.
    """

    def __init__(self, database_url: str, slack_api_url: str, sessions, clock, coordinators=(COORDINATOR,), **settings):
        # `settings` override the defaults, e.g. slack_bot_token=None with a client id and secret (Add to Slack)
        self.settings = load_settings(
            **{
                "slack_bot_token": "xoxb-test-token",
                "slack_signing_secret": SIGNING_SECRET,
                "slack_api_url": slack_api_url,
                "database_url": database_url,
                "peer_coordinators": ",".join(coordinators),
                **settings,
            }
        )
        self.deps = Deps(self.settings, sessions, clock)
        self.executor = TrackingExecutor()
        self.bolt = _create_app_in_a_thread(self.deps, self.executor)
        self._server: AppServer | None = None
        self._lock = threading.Lock()

    def start(self) -> InProcessApp:
        return self

    def stop(self) -> None:
        if self._server is not None:
            _IN_PROCESS.pop(self._server.url, None)
            self._server.stop()
        self.executor.shutdown(wait=True)

    @property
    def url(self) -> str:
        with self._lock:
            if self._server is None:
                self._server = AppServer(self.deps, self.executor).start()
                _IN_PROCESS[self._server.url] = self
            return self._server.url

    def dispatch(self, body: str, headers: dict[str, str], content_type: str) -> Response:
        """What Slack's POST to /slack/events would get back: Bolt's answer as a ``Response``."""
        headers = {**headers, "Content-Type": content_type, "Content-Length": str(len(body.encode()))}
        answer = self.bolt.dispatch(BoltRequest(body=body, headers=headers))
        return Response(answer.status, answer.body.encode())


def _create_app_in_a_thread(deps: Deps, listener_executor) -> App:
    """``create_app`` on a fresh thread's short stack: Bolt's ``App()`` names itself with ``inspect.stack()``,
    which costs milliseconds under pytest's deep stack and nothing on a new thread (the name is the same:
    the file that calls ``App()``, bot/app.py)."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="create-app") as pool:
        return pool.submit(create_app, deps, listener_executor).result()


# url of a started AppServer -> its in-process app, so that `post` to it skips the socket
_IN_PROCESS: dict[str, InProcessApp] = {}


class Response:
    def __init__(self, status: int, body: bytes):
        self.status = status
        self.raw = body
        try:
            self.json = json.loads(body) if body else {}
        except json.JSONDecodeError:
            self.json = {}

    @property
    def text(self) -> str:
        """The ephemeral reply's text plus the text of its blocks, for assertions."""
        parts = [self.json.get("text", "")]
        for block in self.json.get("blocks", []) or []:
            parts.append(_block_text(block))
        return "\n".join(p for p in parts if p)


def _block_text(block: dict) -> str:
    out = []
    if isinstance(block.get("text"), dict):
        out.append(block["text"].get("text", ""))
    for field in block.get("fields", []) or []:
        out.append(field.get("text", ""))
    for element in block.get("elements", []) or []:
        if isinstance(element, dict) and "text" in element:
            out.append(element["text"] if isinstance(element["text"], str) else element["text"].get("text", ""))
    return "\n".join(out)


def sign(body: str, timestamp: int | None = None, secret: str = SIGNING_SECRET) -> dict[str, str]:
    return slack_requests.sign(body, secret, timestamp)


def post(url: str, body: str, headers: dict[str, str], content_type: str) -> Response:
    """POST ``body`` to ``url``; to an in-process app's /slack/events it is dispatched, not sent."""
    base, _, path = url.rpartition("/slack/events")
    if not path and base in _IN_PROCESS:
        return _IN_PROCESS[base].dispatch(body, headers, content_type)
    request = urllib.request.Request(
        url, data=body.encode(), method="POST", headers={**headers, "Content-Type": content_type}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return Response(response.status, response.read())
    except urllib.error.HTTPError as error:
        return Response(error.code, error.read())


class SlackUser:
    """Sends what Slack sends when a person types /peer … or clicks a button."""

    counter = 0

    def __init__(self, app: InProcessApp, double, user: str, team: str = TEAM):
        self.app, self.double, self.user, self.team = app, double, user, team

    def command_body(self, text: str, channel: str) -> tuple[str, str]:
        SlackUser.counter += 1
        trigger = f"trig-{SlackUser.counter}-{time.monotonic_ns()}"
        body = slash_command_body(
            text, team=self.team, user=self.user, channel=channel,
            response_url=self.double.response_url(trigger), trigger_id=trigger,
        )  # fmt: skip
        return body, trigger

    def peer(self, text: str, channel: str = "D0DIRECT", *, wait: bool = True) -> Response:
        body, _ = self.command_body(text, channel)
        response = self.app.dispatch(body, sign(body), "application/x-www-form-urlencoded")
        if wait:
            self.app.executor.drain()
        return response

    def click(self, payload: dict) -> Response:
        body = "payload=" + urllib.parse.quote(json.dumps(payload))
        response = self.app.dispatch(body, sign(body), "application/x-www-form-urlencoded")
        self.app.executor.drain()
        return response

    def event(self, event: dict, retry_num: int | None = None, event_id: str = "Ev001") -> Response:
        body = json.dumps(
            {
                "token": "legacy",
                "team_id": self.team,
                "api_app_id": "A0PEER",
                "type": "event_callback",
                "event_id": event_id,
                "event_time": int(time.time()),
                "event": event,
                "authorizations": [{"team_id": self.team, "user_id": "UBOT", "is_bot": True}],
            }
        )
        headers = sign(body)
        if retry_num is not None:
            headers |= {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        response = self.app.dispatch(body, headers, "application/json")
        self.app.executor.drain()
        return response
