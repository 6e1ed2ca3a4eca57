"""The web process: Bolt at POST /slack/events, plus GET /healthz. Served by gunicorn."""

from __future__ import annotations

import json
import logging

from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy import text

from bot.app import Deps, create_app, make_deps
from bot.settings import load_settings


def make_wsgi_app(deps: Deps, listener_executor=None):
    bolt = SlackRequestHandler(create_app(deps, listener_executor), path="/slack/events")

    def application(environ, start_response):
        if environ.get("PATH_INFO") == "/healthz" and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            body: dict[str, object]
            try:
                with deps.sessions() as session:
                    session.execute(text("SELECT 1"))
                status, body = "200 OK", {"ok": True}
            except Exception as exc:  # the database is what can be down
                logging.getLogger(__name__).warning("health check failed: %s", exc)
                status, body = "503 Service Unavailable", {"ok": False, "error": "database unavailable"}
            payload = json.dumps(body).encode()
            start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
            return [payload]
        return bolt(environ, start_response)

    return application


def create_application():
    """gunicorn entry point: `gunicorn 'bot.wsgi:create_application()'`."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    return make_wsgi_app(make_deps(load_settings()))
