"""Slack's Socket Mode, for the double: the WebSocket that ``apps.connections.open`` points the app at.

A connection gets Slack's ``hello``; ``send`` pushes an envelope (``slash_commands``, ``interactive``,
``events_api``) to the app and ``wait_for_ack`` returns what the app acknowledged it with
(``{"envelope_id": …, "payload": …}``). Served by the ``websockets`` package's threaded server
(a test dependency, imported when the first connection is opened).
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from typing import Any


class SocketModeServer:
    def __init__(self, host: str = "127.0.0.1", app_id: str = "A0001"):
        self.host, self.app_id = host, app_id
        self.acks: dict[str, dict] = {}  # envelope id -> the app's acknowledgement
        self.sent: list[dict] = []  # envelopes sent
        self.unexpected: list[str] = []  # messages from the app that are not acknowledgements
        self._cond = threading.Condition()
        self._connections: list[Any] = []
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self.port = 0

    def start(self) -> SocketModeServer:
        from websockets.sync.server import serve

        self._server = serve(self._serve, self.host, 0, compression=None)
        self.port = self._server.socket.getsockname()[1]
        self._thread = threading.Thread(target=self._server.serve_forever, name="slack-double-socket", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._thread.join(timeout=5)  # type: ignore[union-attr]
            self._server = self._thread = None

    def url(self) -> str:
        """A new ticket's URL, as ``apps.connections.open`` answers."""
        return f"ws://{self.host}:{self.port}/link/?ticket={uuid.uuid4()}&app_id={self.app_id}"

    @property
    def connections(self) -> int:
        with self._cond:
            return len(self._connections)

    def _serve(self, websocket) -> None:
        with self._cond:
            self._connections.append(websocket)
            self._cond.notify_all()
        try:
            websocket.send(
                json.dumps(
                    {
                        "type": "hello",
                        "num_connections": len(self._connections),
                        "debug_info": {
                            "host": "applink-double",
                            "build_number": 1,
                            "approximate_connection_time": 3600,
                        },
                        "connection_info": {"app_id": self.app_id},
                    }
                )
            )
            for message in websocket:
                self._received(message)
        except Exception:  # the app hung up
            pass
        finally:
            with self._cond:
                self._connections.remove(websocket)
                self._cond.notify_all()

    def _received(self, message: str | bytes) -> None:
        try:
            answer = json.loads(message)
        except ValueError:
            answer = None
        with self._cond:
            if isinstance(answer, dict) and answer.get("envelope_id"):
                self.acks[answer["envelope_id"]] = answer
            else:
                self.unexpected.append(str(message))
            self._cond.notify_all()

    def wait_connected(self, timeout: float = 10.0) -> None:
        self._wait(lambda: self._connections, timeout, "the app to connect")

    def send(self, kind: str, payload: dict, *, accepts_response_payload: bool = False, **extra: Any) -> str:
        """Push an envelope to the (latest) connected app; returns its envelope id."""
        self.wait_connected()
        envelope_id = str(uuid.uuid4())
        envelope = {
            "envelope_id": envelope_id,
            "payload": payload,
            "type": kind,
            "accepts_response_payload": accepts_response_payload,
            **extra,
        }
        with self._cond:
            connection = self._connections[-1]
            self.sent.append(envelope)
        connection.send(json.dumps(envelope))
        return envelope_id

    def wait_for_ack(self, envelope_id: str, timeout: float = 10.0) -> dict:
        self._wait(lambda: envelope_id in self.acks, timeout, f"the ack of envelope {envelope_id}")
        with self._cond:
            return self.acks[envelope_id]

    def _wait(self, done, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        with self._cond:
            while not done():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"timed out after {timeout}s waiting for {what}")
                self._cond.wait(remaining)
