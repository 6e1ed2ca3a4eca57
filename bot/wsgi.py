"""The web process: Bolt at POST /slack/events, plus GET /healthz and GET /metrics. Served by gunicorn."""

from __future__ import annotations

import gc
import hmac
import json
import logging

from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy import text

from bot.app import Deps, create_app, make_deps
from bot.settings import load_settings


def make_wsgi_app(deps: Deps, listener_executor=None):
    bolt = SlackRequestHandler(create_app(deps, listener_executor), path="/slack/events")
    operations = make_operations_app(deps)

    def application(environ, start_response):
        if environ.get("PATH_INFO") in OPERATIONS_PATHS:
            return operations(environ, start_response)
        return bolt(environ, start_response)

    return application


OPERATIONS_PATHS = ("/healthz", "/metrics")


def make_operations_app(deps: Deps):
    """GET /healthz and GET /metrics (also served on PORT beside Socket Mode, which has no HTTP of its own)."""
    from bot import metrics

    def application(environ, start_response):
        path, method = environ.get("PATH_INFO"), environ.get("REQUEST_METHOD")
        if method not in ("GET", "HEAD") or path not in OPERATIONS_PATHS:
            return _send(start_response, "404 Not Found", b'{"ok": false, "error": "not_found"}', "application/json")
        if path == "/metrics":
            if not metrics_allowed(deps.settings.metrics_token, environ.get("HTTP_AUTHORIZATION")):
                return _send(
                    start_response,
                    "401 Unauthorized",
                    b'{"ok": false, "error": "a bearer token is required (METRICS_TOKEN)"}',
                    "application/json",
                    (("WWW-Authenticate", 'Bearer realm="metrics"'),),
                )
            return _send(start_response, "200 OK", metrics.scrape(deps.sessions, deps.now), metrics.CONTENT_TYPE)
        body: dict[str, object]
        try:
            with deps.sessions() as session:
                session.execute(text("SELECT 1"))
            status, body = "200 OK", {"ok": True}
        except Exception as exc:  # the database is what can be down
            logging.getLogger(__name__).warning("health check failed: %s", exc)
            status, body = "503 Service Unavailable", {"ok": False, "error": "database unavailable"}
        return _send(start_response, status, json.dumps(body).encode(), "application/json")

    return application


def metrics_allowed(token: str | None, authorization: str | None) -> bool:
    """Open without METRICS_TOKEN; with it, only `Authorization: Bearer <token>` (compared in constant time)."""
    if not token:
        return True
    scheme, _, given = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode(), token.encode())


def _send(
    start_response, status: str, payload: bytes, content_type: str, headers: tuple[tuple[str, str], ...] = ()
) -> list[bytes]:
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(payload))), *headers])
    return [payload]


def create_application():
    """gunicorn entry point: `gunicorn 'bot.wsgi:create_application()'`."""
    from bot.logs import configure_logging

    configure_logging()
    application = make_wsgi_app(make_deps(load_settings()))
    # What was loaded to start is kept for the worker's life: the garbage collector need not walk it again
    # on every collection a request's allocations set off (a few hundred microseconds of each request's CPU).
    gc.collect()
    gc.freeze()
    return application
