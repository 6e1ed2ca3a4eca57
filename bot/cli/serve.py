"""`peerbot serve` and `peerbot start`: the web process.

`serve` runs gunicorn's workers, which share prometheus-client's multiprocess files for GET /metrics;
or Socket Mode (SLACK_APP_TOKEN), which has no HTTP of its own, still serves /healthz and /metrics on
PORT, and stops cleanly on SIGTERM/SIGINT. `start` is the README's first command: with Slack
credentials, the database migrated and `serve`; without, the demo and how to go further."""

from __future__ import annotations

import argparse
import atexit
import logging
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.database import require_current_schema
from bot.cli.errors import first_line
from bot.logs import configure_logging
from bot.settings import ConfigError, load_settings

if TYPE_CHECKING:
    from wsgiref.simple_server import WSGIServer

    from bot.app import Deps
    from bot.settings import Settings

log = logging.getLogger("peerbot.serve")


GO_FURTHER = """\
To go further, with your own Slack workspace (docs/operators.md, "Installing in Slack"):
  1. api.slack.com/apps -> Create New App -> From an app manifest: paste manifest.json,
     with YOUR-APP.example.com replaced by your host; install it to the workspace.
  2. Put the bot token and the signing secret in the environment (or a .env file):
       SLACK_BOT_TOKEN=xoxb-...   SLACK_SIGNING_SECRET=...
     (and SLACK_APP_TOKEN=xapp-... to use Socket Mode instead of a public URL)
  3. Run `.venv/bin/peerbot start` again (or `peerbot serve`, plus `peerbot clock` for the reminders)."""


def cmd_serve(args: argparse.Namespace) -> int:
    configure_logging()
    try:
        settings = load_settings()
    except ConfigError as exc:
        if "SLACK_BOT_TOKEN is not set" in str(exc.code):
            raise ConfigError(
                f"{exc.code} (no Slack app yet? `peerbot demo` shows the app at work without one)"
            ) from None
        raise
    if getattr(args, "migrate", False):  # `peerbot start`: the database it serves, brought to head itself
        migrate_quietly(settings.database_url)
    else:
        require_current_schema(settings.database_url)
    if settings.slack_bot_token and not settings.multi_workspace:
        check_bot_token(settings)
    if settings.slack_app_token:
        run_socket_mode(settings, args.host)
        return 0
    prepare_multiprocess_metrics()
    from bot.wsgi import create_application

    run_gunicorn(create_application, bind=f"{args.host}:{settings.port}", workers=args.workers, threads=args.threads)
    return 0


def cmd_start(args: argparse.Namespace, run_demo: Callable[[argparse.Namespace], int]) -> int:
    """With Slack credentials: migrate the database (DATABASE_URL) quietly, then `peerbot serve`. Without: say so,
    run the demo (`run_demo`: `peerbot demo`, its own database in DIR), say how to go further."""
    if has_slack_credentials():
        return cmd_serve(args)
    print(
        "peerbot start: no Slack credentials set (SLACK_BOT_TOKEN or SLACK_CLIENT_ID, and SLACK_SIGNING_SECRET), "
        "so here is the demo instead."
    )
    code = run_demo(args)
    print()
    print(GO_FURTHER)
    sys.stdout.flush()
    return code


def has_slack_credentials() -> bool:
    """Any of the Slack credentials set (one workspace's token, Add to Slack's client id and secret, the
    signing secret or Socket Mode's app token), in the environment or in .env."""
    names = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_APP_TOKEN")
    if any(os.environ.get(name) for name in names):
        return True
    env_file = Path(".env")
    if env_file.is_file():
        for line in env_file.read_text(encoding="utf-8", errors="replace").splitlines():
            key, _, value = line.partition("=")
            if key.strip().removeprefix("export ").strip() in names and value.strip():
                return True
    return False


def default_workers() -> int:
    return int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1))


def run_gunicorn(load, *, bind: str, workers: int, threads: int) -> None:
    """Serve the WSGI app that `load()` returns with gunicorn's threaded workers (also used by benchmarks)."""
    from gunicorn.app.base import BaseApplication

    from bot.logs import gunicorn_logger_class

    class Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", bind)
            self.cfg.set("workers", workers)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("threads", threads)
            self.cfg.set("accesslog", None)
            self.cfg.set("graceful_timeout", 10)
            self.cfg.set("logger_class", gunicorn_logger_class())
            if "control_socket_disable" in self.cfg.settings:  # gunicorn >= 25.1
                # Its control socket is one per user ($HOME/.gunicorn/gunicorn.ctl): web processes
                # side by side would take it from each other, and stopping one would remove it.
                self.cfg.set("control_socket_disable", True)

        def load(self):
            return load()

    Server().run()


def migrate_quietly(url: str) -> None:
    """Apply any migrations the database lacks, without alembic's line per migration."""
    from storage.db import upgrade

    alembic = logging.getLogger("alembic")
    level = alembic.level
    alembic.setLevel(logging.WARNING)
    try:
        upgrade(url)
    finally:
        alembic.setLevel(level)


# SIGTERM to exit: Heroku and most supervisors kill after 10 s, so the whole stop fits well inside it.
CLOSE_SECONDS = 4.0  # for the Socket Mode handler's close() (slack_sdk joins its threads without a limit)
DRAIN_SECONDS = 3.0  # for the listeners' work already under way


def run_socket_mode(settings: Settings, host: str) -> None:
    prepare_multiprocess_metrics(create=False)  # one process: its own counts, unless told otherwise
    from concurrent.futures import ThreadPoolExecutor

    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.app import create_app, make_deps

    deps = make_deps(settings)
    operations = serve_operations_in_a_thread(deps, host, settings.port)
    listeners = ThreadPoolExecutor(max_workers=10, thread_name_prefix="peerbot-listener")
    handler = SocketModeHandler(create_app(deps, listeners), settings.slack_app_token)
    stopping = threading.Event()

    def stop(signum, _frame) -> None:
        log.info("serve: %s received; closing the Socket Mode connection", signal.Signals(signum).name)
        stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if connect_with_back_off(handler.connect, stopping.wait, stopping.is_set):
        log.info("serve: Socket Mode connected; /healthz and /metrics on %s:%s", host, settings.port)
        stopping.wait()
    closed = close_within(handler.close, CLOSE_SECONDS, "closing the Socket Mode connection")
    drained = close_within(lambda: listeners.shutdown(wait=True), DRAIN_SECONDS, "the listeners' work under way")
    operations.shutdown()
    operations.server_close()
    if not (closed and drained):
        # Threads still stuck (in slack_sdk's close, or a listener waiting on Slack) would hold the
        # interpreter's exit, which joins them without a limit: leave without them.
        log.warning("serve: exiting with work still stuck in its threads")
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        logging.shutdown()
        os._exit(0)


def close_within(close: Callable[[], object], seconds: float, what: str) -> bool:
    """Run ``close`` (e.g. ``SocketModeHandler.close``) in a daemon thread and wait at most ``seconds``
    for it: True when it finished, False (logged) when it is still running and was left behind."""

    def run() -> None:
        try:
            close()
        except Exception:
            log.exception("serve: %s failed", what)

    thread = threading.Thread(target=run, name=f"closing: {what}", daemon=True)
    started = time.monotonic()
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        log.warning("serve: %s did not finish within %.0f s; carrying on without it", what, seconds)
        return False
    log.debug("serve: %s took %.2f s", what, time.monotonic() - started)
    return True


TOKEN_ERRORS = frozenset({"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"})
BACK_OFF_SECONDS = (1, 2, 4, 8, 16, 30, 60)


def connect_with_back_off(
    connect: Callable[[], None], wait: Callable[[float], object], stopped: Callable[[], bool]
) -> bool:
    """Open the Socket Mode connection, trying again with back-off while Slack can't be reached (and
    saying so, one line each time); a refused app token stops start-up. False when stopped first."""
    from slack_sdk.errors import SlackApiError

    attempt = 0
    while not stopped():
        try:
            connect()
            return True
        except SlackApiError as exc:
            error = stop_on_a_refused_token(
                exc, "SLACK_APP_TOKEN", "generate a new app-level token with the connections:write scope"
            )
            problem = f"Slack answered {error}"
        except Exception as exc:  # the network: URLError, OSError, a WebSocket that won't open
            problem = first_line(exc)
        delay = BACK_OFF_SECONDS[min(attempt, len(BACK_OFF_SECONDS) - 1)]
        log.warning("serve: can't open the Socket Mode connection (%s); trying again in %s s", problem, delay)
        attempt += 1
        wait(delay)
    return False


def stop_on_a_refused_token(exc: Exception, variable: str, advice: str) -> str:
    """Slack's error; a token it refuses stops start-up in one line naming the variable and what to do."""
    error = str(getattr(exc, "response", {}).get("error", "error"))
    if error in TOKEN_ERRORS:
        raise ConfigError(f"peerbot: Slack refused {variable} ({error}): {advice}") from None
    return error


def check_bot_token(settings: Settings) -> None:
    """Before serving with one workspace's token: auth.test. A token Slack refuses stops start-up in one
    line; Slack out of reach is said and serving goes on (it may be back before the first request)."""
    from slack_sdk import WebClient
    from slack_sdk.errors import SlackApiError

    client = WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url, timeout=10)
    try:
        client.auth_test()
    except SlackApiError as exc:
        error = stop_on_a_refused_token(
            exc, "SLACK_BOT_TOKEN", "copy the Bot User OAuth Token again from the app's OAuth & Permissions page"
        )
        log.warning("serve: auth.test answered %s; serving anyway", error)
    except Exception as exc:
        log.warning("serve: can't reach Slack at %s (%s); serving anyway", settings.slack_api_url, first_line(exc))


def prepare_multiprocess_metrics(create: bool = True) -> None:
    """Before prometheus-client is first imported (its value class is chosen then) and before the
    workers fork: PROMETHEUS_MULTIPROC_DIR as given (emptied: old files would add up), else, when
    `create`, a temporary folder of this process, removed when it exits."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        for stale in Path(folder).glob("*.db"):
            stale.unlink()
        return
    if not create:
        return
    folder = tempfile.mkdtemp(prefix="peerbot-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder
    master = os.getpid()

    def remove() -> None:
        if os.getpid() == master:  # not in a forked worker that exits
            shutil.rmtree(folder, ignore_errors=True)

    atexit.register(remove)


def serve_operations_in_a_thread(deps: Deps, host: str, port: int) -> WSGIServer:
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    from bot.wsgi import make_operations_app

    class Quiet(WSGIRequestHandler):
        def log_message(self, format, *args) -> None:
            pass

    server = make_server(host, port, make_operations_app(deps), handler_class=Quiet)
    threading.Thread(target=server.serve_forever, name="operations-http", daemon=True).start()
    return server
