"""`peerbot serve` beside gunicorn: its workers share prometheus-client's multiprocess files for
GET /metrics; and Socket Mode (SLACK_APP_TOKEN), which has no HTTP of its own, still serves /healthz
and /metrics on PORT, and stops cleanly on SIGTERM/SIGINT."""

from __future__ import annotations

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

if TYPE_CHECKING:
    from wsgiref.simple_server import WSGIServer

    from bot.app import Deps
    from bot.settings import Settings

log = logging.getLogger("peerbot.serve")


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

    from bot.cli.errors import first_line

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
    from bot.settings import ConfigError

    error = str(getattr(exc, "response", {}).get("error", "error"))
    if error in TOKEN_ERRORS:
        raise ConfigError(f"peerbot: Slack refused {variable} ({error}): {advice}") from None
    return error


def check_bot_token(settings: Settings) -> None:
    """Before serving with one workspace's token: auth.test. A token Slack refuses stops start-up in one
    line; Slack out of reach is said and serving goes on (it may be back before the first request)."""
    from slack_sdk import WebClient
    from slack_sdk.errors import SlackApiError

    from bot.cli.errors import first_line

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
