"""A local, Slack-compatible Web API server for end-to-end tests and benchmarks.

    with SlackDouble() as slack:
        client = WebClient(base_url=slack.base_url, token="xoxb-test")
        client.chat_postMessage(channel="U123", text="hi")
        slack.wait_for("chat.postMessage")
        slack.assert_no_errors()

What it does:

* answers ``POST /api/<method>`` (form-encoded or JSON bodies, like slack_sdk sends)
  with realistic state: channels, members, DMs, history, pins, views, file uploads;
* validates every call against the JSON Schemas in ``json_schemas/`` (generated from
  Slack's own TypeScript request types by ``scripts/slack_schemas/``; ``SLACK_SCHEMAS_DIR`` names another folder),
  checks each Block Kit block strictly against its own block type, and builds blocks and views with
  ``slack_sdk.models`` so Slack's length limits apply. Anything wrong lands in
  ``errors`` and is answered ``invalid_arguments``. Without the schemas it refuses to
  start, unless ``require_schemas=False`` (``peerbot demo`` on a user's machine): then
  Block Kit is checked with ``slack_sdk.models`` only (``validator.schemas_found``);
* records every call (``calls``), every delivered message (``messages``), every
  ``response_url`` post (``responses``) and every uploaded file (``uploaded_files``);
* injects faults: per-channel rate limits and deterministic 429s on
  ``chat.postMessage``, and per-method delays.

Run standalone (for an app running in another process)::

    python -m slack_double --port 0 --rate-limit-per-channel 1.0 --fail-429-ratio 0.33

prints its base URL on the first stdout line and serves until SIGTERM/SIGINT. The
recorded state is readable over HTTP under ``/_double/`` (``calls``, ``messages``,
``errors``, ``responses``, ``uploaded_files``, ``wait``, ``clear``, ``config``);
``RemoteSlackDouble`` is a small client for that.

The modules:

* ``double``: ``SlackDouble`` itself: life cycle, fault injection, the recorded traffic,
  and ``handle_api`` (authenticate, validate, act, record);
* ``workspace``: the workspace state (channels, DMs, users, messages, pins, views) and the
  helpers tests use to seed it;
* ``records``: what is recorded and served (``Call``, ``Channel``, ``UploadedFile``);
* ``errors``: ``SlackError`` (an ``ok: false`` answer) and ``Throttled`` (a 429);
* ``schemas`` and ``validation``: the JSON Schemas of ``json_schemas/`` and the
  checks of arguments, blocks and views (with ``slack_sdk.models``);
* ``api``: the Web API methods, one module per family (``chat``, ``conversations``, ...);
* ``webhooks``: the ``response_url`` side;
* ``server``: the HTTP server and the ``/_double/`` control API;
* ``remote``: ``RemoteSlackDouble``, a client of a double in another process;
* ``__main__``: the standalone entry point (``--delay``, ``--channel``, 429 injection, ...).
"""

from slack_double.double import SlackDouble
from slack_double.errors import SlackError, Throttled
from slack_double.records import Call, Channel, UploadedFile
from slack_double.remote import RemoteSlackDouble
from slack_double.schemas import (
    DEFAULT_SCHEMAS_DIR,
    JSON_STRING_FIELDS,
    METHOD_SCHEMAS,
    METHODS_WITHOUT_SCHEMA,
    REPO_ROOT,
    Schemas,
    load_schemas,
)
from slack_double.validation import Validator

__all__ = [
    "DEFAULT_SCHEMAS_DIR",
    "JSON_STRING_FIELDS",
    "METHODS_WITHOUT_SCHEMA",
    "METHOD_SCHEMAS",
    "REPO_ROOT",
    "Call",
    "Channel",
    "RemoteSlackDouble",
    "Schemas",
    "SlackDouble",
    "SlackError",
    "Throttled",
    "UploadedFile",
    "Validator",
    "load_schemas",
    "main",
]


def main(argv: list[str] | None = None) -> None:
    """The standalone double (``python -m slack_double``); see ``__main__``."""
    from slack_double.__main__ import main as run

    run(argv)
