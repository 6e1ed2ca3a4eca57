"""``SlackDouble``: the double's life cycle, fault injection, what it recorded, and ``handle_api``."""

from __future__ import annotations

import base64
import dataclasses
import json
import threading
import time
from collections.abc import Callable
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

from slack_double import webhooks
from slack_double.api import METHODS
from slack_double.api.files import receive_upload, serve_download
from slack_double.errors import DroppedConnection, SlackError, Throttled
from slack_double.records import Call, UploadedFile, file_json
from slack_double.schemas import (
    JSON_STRING_FIELDS,
    METHOD_SCHEMAS,
    METHODS_WITHOUT_SCHEMA,
    METHODS_WITHOUT_TOKEN,
    coerce,
    load_schemas,
)
from slack_double.socket_mode import SocketModeServer
from slack_double.validation import ModelsOnlyValidator, Validator
from slack_double.workspace import Workspace

# Boolean arguments the methods below act on (form bodies carry "1"/"true" strings).
BOOLEAN_ARGUMENTS = ("is_private", "force", "inclusive", "include_all_metadata", "reply_broadcast")


class SlackDouble(Workspace):
    """A Slack Web API double on 127.0.0.1 (a free port); see the package docstring."""

    def __init__(
        self,
        *,
        rate_limit_per_channel: float | None = None,
        fail_429_ratio: float = 0.0,
        delay_seconds: dict[str, float] | None = None,
        channels: tuple[str, ...] | list[str] = (),
        schemas_dir: str | Path | None = None,
        require_schemas: bool = True,
        host: str = "127.0.0.1",
        port: int = 0,
    ):
        super().__init__()
        self.validator: Validator = _validator(schemas_dir, require_schemas)
        self.host, self.port = host, port

        # Fault injection, all settable at any time.
        self.rate_limit_per_channel = rate_limit_per_channel  # seconds between messages in a channel
        self.fail_429_ratio = fail_429_ratio  # every round(1/ratio)-th chat.postMessage gets a 429
        self.delay_seconds: dict[str, float] = dict(delay_seconds or {})  # method -> seconds
        self._failures: dict[str, list[dict]] = {}  # method -> error bodies for its next calls (fail_next)
        self._drops: dict[str, list[int]] = {}  # method -> [calls to let through first, calls to drop] (drop_next)
        self.dropped: list[str] = []  # methods whose call was dropped (drop_next), in order
        self._misbehaviour: dict[str, list[Misbehaviour]] = {}  # method -> what its next calls meet (misbehave)
        self._last_post: dict[str, float] = {}  # channel -> monotonic time of the last delivered message
        self._post_attempts = 0

        # What happened.
        self.calls: list[Call] = []
        self.errors: list[str] = []
        self.messages: list[dict] = []  # delivered chat.postMessage messages
        self.ephemerals: list[dict] = []
        self.responses: list[dict] = []  # bodies posted to response URLs
        self.responses_by_key: dict[str, list[dict]] = {}
        self.uploaded_files: list[UploadedFile] = []  # completed uploads
        self.downloads: list[str] = []  # ids of files fetched from their url_private
        self.stopping = threading.Event()  # set by stop(): a trickling download ends

        self._socket_mode: SocketModeServer | None = None  # started by the first apps.connections.open
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        for channel_id in channels:
            self.add_channel(channel_id)

    # ----------------------------------------------------------------- life cycle

    def start(self) -> SlackDouble:
        from slack_double.server import DoubleServer

        server = DoubleServer(self, (self.host, self.port))
        self._server, self.port = server, server.server_address[1]
        # stop() waits for the serving loop to notice, up to one poll interval: keep it short, as a
        # test starts and stops a double.
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.01}, name="slack-double", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._socket_mode is not None:
            self._socket_mode.stop()
            self._socket_mode = None
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join()  # type: ignore[union-attr]
            self._server = self._thread = None

    @property
    def socket_mode(self) -> SocketModeServer:
        """Socket Mode's WebSocket side: envelopes to the app and its acks (see slack_double.socket_mode)."""
        with self._cond:
            return self._socket_mode_server()

    def _socket_mode_server(self) -> SocketModeServer:
        if self._socket_mode is None:
            self._socket_mode = SocketModeServer(self.host).start()
        return self._socket_mode

    def __enter__(self) -> SlackDouble:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def root_url(self) -> str:
        return f"http://{self.host}:{self.port}/"

    @property
    def base_url(self) -> str:
        """What the app uses as ``SLACK_API_URL`` / ``WebClient(base_url=...)``."""
        return self.root_url + "api/"

    def response_url(self, key: str = "default") -> str:
        """A ``response_url`` for a slash-command or interaction payload."""
        return webhooks.response_url(self, key)

    # ----------------------------------------------------------------- fault injection

    def fail_next(self, method: str, error: str, times: int = 1, **extra: Any) -> None:
        """Answer the next ``times`` valid calls to ``method`` with ``{"ok": false, "error": error}``."""
        with self._cond:
            self._failures.setdefault(method, []).extend([{"ok": False, "error": error, **extra}] * times)

    def drop_next(self, method: str, times: int = 1, after: int = 0) -> None:
        """A network failure, not a Slack error: after letting ``after`` calls through, the next ``times``
        calls to ``method`` have their connection closed before the method acts, with no answer (the
        client sees the connection reset: slack_sdk raises it as is, never as a SlackApiError)."""
        with self._cond:
            self._drops[method] = [after, times]

    def misbehave(
        self,
        method: str,
        *,
        status: int | None = None,
        delay: float = 0.0,
        acted: bool = False,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """The next ``times`` calls to ``method`` misbehave as real Slack sometimes does: answered
        ``delay`` seconds late, and/or with HTTP ``status`` (429 with ``retry_after``; 500, 503…).
        With ``acted`` the method did its work all the same (a create that worked but was answered
        500); without, nothing happened. A call is recorded either way."""
        with self._cond:
            self._misbehaviour.setdefault(method, []).extend([Misbehaviour(status, delay, acted, retry_after)] * times)

    # ----------------------------------------------------------------- what happened

    def calls_to(self, method: str, *, include_throttled: bool = False) -> list[Call]:
        with self._cond:
            return [c for c in self.calls if c.method == method and (include_throttled or not c.throttled)]

    @property
    def throttled(self) -> list[Call]:
        """Calls answered 429 (not delivered; slack_sdk retries them)."""
        with self._cond:
            return [c for c in self.calls if c.throttled]

    def messages_in(self, channel: str) -> list[dict]:
        with self._cond:
            return [m for m in self.messages if m["channel"] == channel]

    def clear(self) -> None:
        """Forget the recorded traffic; the workspace (channels, history, views) stays."""
        with self._cond:
            for record in (
                self.calls,
                self.errors,
                self.messages,
                self.ephemerals,
                self.responses,
                self.uploaded_files,
                self.downloads,
            ):
                record.clear()
            self.responses_by_key.clear()

    def assert_no_errors(self) -> None:
        with self._cond:
            errors = list(self.errors)
        assert not errors, "Slack double saw invalid calls:\n  " + "\n  ".join(errors)

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Wait until ``count`` (non-throttled) calls to ``method`` arrived; return them."""
        return self._wait(lambda: self.calls_to(method), count, timeout, f"{method} calls")

    def wait_for_messages(self, count: int = 1, timeout: float = 5.0, channel: str | None = None) -> list[dict]:
        """Wait until ``count`` messages were delivered (to ``channel``, if given)."""
        select = (lambda: self.messages_in(channel)) if channel else (lambda: list(self.messages))
        return self._wait(select, count, timeout, f"messages in {channel or 'any channel'}")

    def wait_for_response(self, count: int = 1, timeout: float = 5.0) -> list[dict]:
        """Wait until ``count`` bodies were posted to response URLs; return them all."""
        return self._wait(lambda: list(self.responses), count, timeout, "response_url posts")

    def _wait(self, select: Callable[[], list], count: int, timeout: float, what: str) -> list:
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(found := select()) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"timed out after {timeout}s waiting for {count} {what}, got {len(found)}; "
                        f"calls so far: {[c.method for c in self.calls]}; errors: {self.errors}"
                    )
                self._cond.wait(remaining)
            return found

    # ----------------------------------------------------------------- HTTP entry points

    def handle_api(self, method: str, headers: Any, args: dict[str, Any]) -> tuple[int, dict, dict]:
        """One Web API call -> (HTTP status, extra headers, JSON body)."""
        received = time.time()
        token = self._read_arguments(method, headers, args)
        with self._cond:
            queued = self._misbehaviour.get(method)
            misbehaviour = queued.pop(0) if queued else None
        if delay := self.delay_seconds.get(method, 0.0) + (misbehaviour.delay if misbehaviour else 0.0):
            time.sleep(delay)
        refused = self._refusal(method, token, args)
        with self._cond:  # the method acts and the call is recorded in one step
            if drop := self._drops.get(method):
                if drop[0] > 0:
                    drop[0] -= 1
                elif drop[1] > 0:
                    drop[1] -= 1
                    self.dropped.append(method)
                    raise DroppedConnection(method)
            status, extra_headers, body = self._answer(method, args, token, misbehaviour, refused)
            # Real Slack names the token's scopes on every answer; `peerbot doctor` reads them.
            extra_headers = {"x-oauth-scopes": ",".join(self.scopes), **extra_headers}
            self.calls.append(Call(method, args, received, token, status, body))
            self._cond.notify_all()
        return status, extra_headers, body

    def _read_arguments(self, method: str, headers: Any, args: dict[str, Any]) -> str | None:
        """The call's token; ``args`` get the app's credentials, JSON fields parsed and booleans coerced."""
        body_token = args.pop("token", None)  # real Slack also takes it in the body
        token = bearer(headers.get("Authorization")) or body_token
        if method in METHODS_WITHOUT_TOKEN:  # the app's credentials instead (slack_sdk: HTTP Basic)
            token = None
            if credentials := basic(headers.get("Authorization")):
                args.setdefault("client_id", credentials[0])
                args.setdefault("client_secret", credentials[1])
        for name in JSON_STRING_FIELDS:
            if isinstance(args.get(name), str):
                try:
                    args[name] = json.loads(args[name])
                except ValueError:
                    pass  # left as a string; the schema reports it
        if method in METHOD_SCHEMAS and self.validator.schemas_found:
            coerce(args, self.validator.schemas.property_types(METHOD_SCHEMAS[method]))
        elif method in METHOD_SCHEMAS:  # no schemas to say which arguments are booleans: the ones the double reads
            coerce(args, {name: {"boolean"} for name in BOOLEAN_ARGUMENTS})
        return token

    def _refusal(self, method: str, token: str | None, args: dict[str, Any]) -> dict | None:
        """The answer to a call refused before it acts (no token, a bad one, an unknown method, bad arguments)."""
        with self._cond:
            token_error = self._token_error(token) if token else None
        if not token and method not in METHODS_WITHOUT_TOKEN:
            return {"ok": False, "error": "not_authed"}
        if token_error is not None:
            return {"ok": False, "error": token_error}
        if method not in METHOD_SCHEMAS and method not in METHODS_WITHOUT_SCHEMA:
            self._error(f"{method}: unknown method (the double does not implement it)")
            return {"ok": False, "error": "unknown_method"}
        problems = self.validator.arguments(method, args) if method in METHOD_SCHEMAS else []
        for problem in problems:
            self._error(f"{method}: {problem}")
        if not problems:
            return None
        messages = [f"[ERROR] {p}" for p in problems]
        return {"ok": False, "error": "invalid_arguments", "response_metadata": {"messages": messages}}

    def _answer(
        self, method: str, args: dict[str, Any], token: str | None, misbehaviour: Misbehaviour | None, body: dict | None
    ) -> tuple[int, dict, dict]:
        """(status, extra headers, body): a queued failure or misbehaviour, else what the method does."""
        status, extra_headers = 200, {}
        if body is None and self._failures.get(method):
            body = self._failures[method].pop(0)
        if misbehaviour and misbehaviour.status and body is None and not misbehaviour.acted:
            return misbehaviour.status, misbehaviour.headers(), misbehaviour.answer()
        if body is None:
            try:
                body = {"ok": True, **METHODS[method](self, args, token)}  # type: ignore[arg-type]
            except SlackError as exc:
                body = exc.body
            except Throttled as exc:
                status, extra_headers = 429, {"Retry-After": str(exc.retry_after)}
                body = {"ok": False, "error": "ratelimited"}
        if misbehaviour and misbehaviour.status and misbehaviour.acted:  # it worked; the answer was lost
            return misbehaviour.status, misbehaviour.headers(), misbehaviour.answer()
        return status, extra_headers, body

    def handle_upload(self, file_id: str, content: bytes) -> tuple[int, str]:
        return receive_upload(self, file_id, content)

    def handle_download(self, file_id: str, token: str | None) -> tuple[int, Any, dict[str, str]]:
        return serve_download(self, file_id, token)

    def handle_response(self, key: str, body: bytes) -> tuple[int, str]:
        return webhooks.receive_response(self, key, body)

    def _error(self, message: str) -> None:
        with self._cond:
            self.errors.append(message)
            self._cond.notify_all()

    # ----------------------------------------------------------------- control API (/_double/)

    def snapshot(self, what: str) -> Any:
        """JSON-ready copy of ``calls``, ``messages``, ``errors``, ``responses``, ``uploaded_files``."""
        with self._cond:
            if what == "calls":
                return [dataclasses.asdict(c) for c in self.calls]
            if what == "uploaded_files":
                return [file_json(f) for f in self.uploaded_files]
            if what == "channels":
                return {cid: dataclasses.asdict(c) for cid, c in self.channels.items()}
            if what in ("messages", "errors", "responses", "ephemerals", "home_views", "views"):
                return json.loads(json.dumps(getattr(self, what)))
        raise KeyError(what)

    def configure(self, settings: dict[str, Any]) -> None:
        """Change fault injection and workspace from a JSON object (see ``/_double/config``)."""
        with self._cond:
            for key in ("rate_limit_per_channel", "fail_429_ratio"):
                if key in settings:
                    setattr(self, key, settings[key])
            self.delay_seconds.update(settings.get("delay_seconds", {}))
            self.kicked.update(settings.get("kicked", []))
            self.unknown_users.update(settings.get("unknown_users", []))
        for method, error in settings.get("fail_next", {}).items():
            self.fail_next(method, error)
        for method, how in settings.get("misbehave", {}).items():
            self.misbehave(method, **how)
        for channel_id in settings.get("channels", []):
            self.add_channel(channel_id)


@dataclasses.dataclass(frozen=True)
class Misbehaviour:
    """One call's misbehaviour (see ``SlackDouble.misbehave``)."""

    status: int | None
    delay: float
    acted: bool
    retry_after: int | None

    def answer(self) -> dict:
        return {"ok": False, "error": "ratelimited" if self.status == 429 else f"http_{self.status}"}

    def headers(self) -> dict[str, str]:
        return (
            {"Retry-After": str(self.retry_after if self.retry_after is not None else 1)} if self.status == 429 else {}
        )


def _validator(schemas_dir: str | Path | None, require_schemas: bool) -> Validator:
    """Slack's JSON Schemas and slack_sdk.models; without the schemas (and not `require_schemas`,
    as `peerbot demo` allows when SLACK_SCHEMAS_DIR names a folder without them) slack_sdk.models only."""
    try:
        return Validator(load_schemas(schemas_dir))
    except FileNotFoundError:
        if require_schemas:
            raise
        return ModelsOnlyValidator()


def basic(header: str | None) -> tuple[str, str] | None:
    """(user, password) of an ``Authorization: Basic <base64>`` header."""
    if header and header.lower().startswith("basic "):
        try:
            user, _, password = base64.b64decode(header[6:].strip()).decode().partition(":")
        except ValueError:
            return None
        return user, password
    return None


def bearer(header: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header."""
    if header and header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return None
