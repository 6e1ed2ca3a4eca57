"""``RemoteSlackDouble``: reads and steers a double running in another process over ``/_double/``."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from slack_double.records import Call
from slack_double.schemas import REPO_ROOT


class RemoteSlackDouble:
    """Reads a double running in another process (``python -m slack_double``)."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.root_url = base_url.removesuffix("api/")

    @classmethod
    @contextmanager
    def spawn(cls, *cli_args: str) -> Iterator[RemoteSlackDouble]:
        """Start ``python -m slack_double --port 0 *cli_args``; stop it afterwards."""
        process = subprocess.Popen(
            [sys.executable, "-m", "slack_double", "--port", "0", *cli_args],
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            base_url = process.stdout.readline().strip()  # type: ignore[union-attr]
            if not base_url:
                raise RuntimeError(f"slack double did not start (exit code {process.wait(5)})")
            yield cls(base_url)
        finally:
            process.terminate()
            process.wait(10)

    def _get(self, path: str, data: bytes | None = None, timeout: float = 30) -> Any:
        request = urllib.request.Request(self.root_url + "_double/" + path, data=data, method="POST" if data else "GET")
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read())

    def calls(self, method: str | None = None) -> list[Call]:
        path = "calls" + (f"?method={urllib.parse.quote(method)}" if method else "")
        return [Call(**c) for c in self._get(path)]

    def messages(self) -> list[dict]:
        return self._get("messages")

    def errors(self) -> list[str]:
        return self._get("errors")

    def responses(self) -> list[dict]:
        return self._get("responses")

    def uploaded_files(self) -> list[dict]:
        return self._get("uploaded_files")

    def clear(self) -> None:
        self._get("clear", b"{}")

    def configure(self, **settings: Any) -> None:
        """``rate_limit_per_channel``, ``fail_429_ratio``, ``delay_seconds`` ({method: s}), ``channels``,
        ``kicked``, ``unknown_users`` (lists of ids), ``fail_next`` ({method: error}), ``misbehave``
        ({method: {"status": 500, "delay": 4, "acted": true, "retry_after": 1, "times": 1}})."""
        self._get("config", json.dumps(settings).encode())

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        query = urllib.parse.urlencode({"method": method, "count": count, "timeout": timeout})
        answer = self._get(f"wait?{query}", timeout=timeout + 10)
        assert answer["ok"], answer["error"]
        return [c for c in self.calls(method) if c.status != 429]

    def assert_no_errors(self) -> None:
        errors = self.errors()
        assert not errors, "Slack double saw invalid calls:\n  " + "\n  ".join(errors)
