"""What `peerbot serve` does for GET /metrics: gunicorn's workers share prometheus-client's
multiprocess files, and Socket Mode (no HTTP of its own) serves /healthz and /metrics on PORT."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.app import Deps


def prepare_multiprocess_metrics() -> None:
    """Before prometheus-client is first imported (its value class is chosen then) and before the
    workers fork: PROMETHEUS_MULTIPROC_DIR as given (emptied: old files would add up), else a
    temporary folder of this process, removed when it exits."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        for stale in Path(folder).glob("*.db"):
            stale.unlink()
        return
    folder = tempfile.mkdtemp(prefix="peerbot-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder
    master = os.getpid()

    def remove() -> None:
        if os.getpid() == master:  # not in a forked worker that exits
            shutil.rmtree(folder, ignore_errors=True)

    atexit.register(remove)


def serve_operations_in_a_thread(deps: Deps, host: str, port: int) -> None:
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    from bot.wsgi import make_operations_app

    class Quiet(WSGIRequestHandler):
        def log_message(self, format, *args) -> None:
            pass

    server = make_server(host, port, make_operations_app(deps), handler_class=Quiet)
    threading.Thread(target=server.serve_forever, name="operations-http", daemon=True).start()
