"""The double's HTTP side: ``/api/<method>``, upload URLs, response URLs and the ``/_double/`` control API."""

from __future__ import annotations

import json
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

from slack_double.errors import DroppedConnection
from slack_double.records import Trickle

if TYPE_CHECKING:
    from slack_double.double import SlackDouble


class DoubleServer(ThreadingHTTPServer):
    """A threading HTTP server answering for one ``SlackDouble``."""

    daemon_threads = True
    request_queue_size = 1024  # benchmarks open many connections at once

    def __init__(self, double: SlackDouble, address: tuple[str, int]):
        super().__init__(address, _Handler)
        self.double = double


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "SlackDouble/1.0"
    disable_nagle_algorithm = True  # headers and body go out in separate writes
    server: DoubleServer

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self._route()

    def do_POST(self) -> None:
        self._route()

    def _route(self) -> None:
        double = self.server.double
        url = urllib.parse.urlsplit(self.path)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            if url.path.startswith("/api/"):
                args = parse_args(url.query, self.headers.get("Content-Type", ""), body)
                status, headers, payload = double.handle_api(url.path[5:], self.headers, args)
                self._send(status, payload, headers)
            elif url.path.startswith("/files/") and self.command == "GET":
                from slack_double.double import bearer

                file_id = url.path[7:].split("/")[0]
                status, payload, headers = double.handle_download(file_id, bearer(self.headers.get("Authorization")))
                if isinstance(payload, Trickle):
                    self._trickle(payload)
                else:
                    self._send(status, payload, headers)
            elif url.path.startswith("/upload/"):
                self._send(*double.handle_upload(url.path[8:], body))
            elif url.path.startswith("/response/"):
                self._send(*double.handle_response(url.path[10:], body))
            elif url.path.startswith("/_double/"):
                self._send(*control(double, url.path[9:], urllib.parse.parse_qs(url.query), body))
            else:
                self._send(404, {"ok": False, "error": "not_found"})
        except (BrokenPipeError, ConnectionResetError, DroppedConnection):
            # the reader hung up (an app refusing a download), or drop_next closed it with no answer
            self.close_connection = True
        except Exception as exc:  # a bug in the double (or a very odd request): say so loudly
            double._error(f"{self.command} {url.path}: the double failed: {exc!r}")
            self._send(500, {"ok": False, "error": "internal_error", "detail": repr(exc)})

    def _trickle(self, trickle: Trickle) -> None:
        """A byte at a time, ``seconds_per_byte`` apart, until sent, the reader gone or the double stopping."""
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(trickle.content)))
        self.end_headers()
        for i in range(len(trickle.content)):
            try:
                self.wfile.write(trickle.content[i : i + 1])
                self.wfile.flush()
            except OSError:
                return
            if self.server.double.stopping.wait(trickle.seconds_per_byte):
                return

    def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        if isinstance(payload, bytes):
            data, content_type = payload, "application/octet-stream"
        elif isinstance(payload, str):
            data, content_type = payload.encode(), "text/plain; charset=utf-8"
        else:
            data, content_type = json.dumps(payload).encode(), "application/json; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


def parse_args(query: str, content_type: str, body: bytes) -> dict[str, Any]:
    args: dict[str, Any] = dict(urllib.parse.parse_qsl(query, keep_blank_values=True))
    if body:
        if content_type.startswith("application/json"):
            decoded = json.loads(body)
            if isinstance(decoded, dict):
                args.update(decoded)
        elif content_type.startswith("application/x-www-form-urlencoded"):
            args.update(urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    return args


def control(double: SlackDouble, action: str, query: dict[str, list[str]], body: bytes) -> tuple[int, Any]:
    if action == "clear":
        double.clear()
        return 200, {"ok": True}
    if action == "config":
        double.configure(json.loads(body or b"{}"))
        return 200, {"ok": True}
    if action == "wait":
        method, count = query["method"][0], int(query.get("count", ["1"])[0])
        try:
            double.wait_for(method, count, float(query.get("timeout", ["5"])[0]))
        except AssertionError as exc:
            return 200, {"ok": False, "error": str(exc)}
        return 200, {"ok": True}
    try:
        data = double.snapshot(action)
    except KeyError:
        return 404, {"ok": False, "error": f"unknown control action {action!r}"}
    if action == "calls" and "method" in query:
        data = [c for c in data if c["method"] == query["method"][0]]
    return 200, data
