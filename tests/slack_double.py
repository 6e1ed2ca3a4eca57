"""A local, Slack-compatible Web API server for end-to-end tests and benchmarks.

    with SlackDouble() as slack:
        client = WebClient(base_url=slack.base_url, token="xoxb-test")
        client.chat_postMessage(channel="U123", text="hi")
        slack.wait_for("chat.postMessage")
        slack.assert_no_errors()

What it does:

* answers ``POST /api/<method>`` (form-encoded or JSON bodies, like slack_sdk sends)
  with realistic state: channels, members, DMs, history, pins, views, file uploads;
* validates every call against the JSON Schemas in ``../shared/slack-schemas``
  (generated from Slack's own TypeScript request types), checks each Block Kit block
  strictly against its own block type, and builds blocks and views with
  ``slack_sdk.models`` so Slack's length limits apply. Anything wrong lands in
  ``errors`` and is answered ``invalid_arguments``;
* records every call (``calls``), every delivered message (``messages``), every
  ``response_url`` post (``responses``) and every uploaded file (``uploaded_files``);
* injects faults: per-channel rate limits and deterministic 429s on
  ``chat.postMessage``, and per-method delays.

Run standalone (for an app running in another process)::

    python -m tests.slack_double --port 0 --rate-limit-per-channel 1.0 --fail-429-ratio 0.33

prints its base URL on the first stdout line and serves until SIGTERM/SIGINT. The
recorded state is readable over HTTP under ``/_double/`` (``calls``, ``messages``,
``errors``, ``responses``, ``uploaded_files``, ``wait``, ``clear``, ``config``);
``RemoteSlackDouble`` is a small client for that.
"""

from __future__ import annotations

import argparse
import base64
import dataclasses
import json
import math
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Iterator
from zoneinfo import ZoneInfo

from jsonschema import Draft7Validator
from jsonschema.exceptions import ValidationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SCHEMAS_DIR = REPO_ROOT.parent / "shared" / "slack-schemas"

# Web API method -> the schema (TypeScript argument type) its arguments must match.
METHOD_SCHEMAS = {
    "chat.postMessage": "ChatPostMessageArguments",
    "chat.postEphemeral": "ChatPostEphemeralArguments",
    "chat.update": "ChatUpdateArguments",
    "chat.delete": "ChatDeleteArguments",
    "chat.scheduleMessage": "ChatScheduleMessageArguments",
    "chat.deleteScheduledMessage": "ChatDeleteScheduledMessageArguments",
    "conversations.create": "ConversationsCreateArguments",
    "conversations.invite": "ConversationsInviteArguments",
    "conversations.archive": "ConversationsArchiveArguments",
    "conversations.members": "ConversationsMembersArguments",
    "conversations.history": "ConversationsHistoryArguments",
    "conversations.setTopic": "ConversationsSetTopicArguments",
    "files.getUploadURLExternal": "FilesGetUploadURLExternalArguments",
    "files.completeUploadExternal": "FilesCompleteUploadExternalArguments",
    "pins.add": "PinsAddArguments",
    "users.info": "UsersInfoArguments",
    "views.open": "ViewsOpenArguments",
    "views.publish": "ViewsPublishArguments",
    "views.update": "ViewsUpdateArguments",
}
# Methods answered without a schema (their arguments are checked by hand).
METHODS_WITHOUT_SCHEMA = {"auth.test", "conversations.info", "files.info"}

# Arguments slack_sdk sends as JSON strings inside form-encoded bodies.
JSON_STRING_FIELDS = ("blocks", "view", "files", "metadata", "attachments")

CHANNEL_NAME = re.compile(r"[a-z0-9_-]+")
MAX_TEXT_LENGTH = 40_000


# --------------------------------------------------------------------------------------
# What the double records


@dataclass
class Call:
    """One Web API call as the double received it (token removed from ``args``)."""

    method: str
    args: dict[str, Any]
    time: float
    token: str | None = None
    status: int = 200  # 429 when the call was throttled
    response: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return bool(self.response.get("ok"))

    @property
    def throttled(self) -> bool:
        return self.status == 429


@dataclass
class Channel:
    """A conversation the double knows: created, whitelisted with ``add_channel`` or a DM."""

    id: str
    name: str | None = None
    is_private: bool = False
    is_im: bool = False
    user: str | None = None  # the other party of a DM
    is_archived: bool = False
    members: list[str] = field(default_factory=list)
    topic: str = ""
    created: int = field(default_factory=lambda: int(time.time()))
    history: list[dict] = field(default_factory=list)  # oldest first, same dicts as ``messages``
    pins: list[str] = field(default_factory=list)  # message ts

    def info(self) -> dict[str, Any]:
        """The channel object Slack returns."""
        if self.is_im:
            return {"id": self.id, "is_im": True, "user": self.user, "created": self.created, "is_open": True}
        return {
            "id": self.id,
            "name": self.name,
            "is_channel": True,
            "is_group": False,
            "is_im": False,
            "is_private": self.is_private,
            "is_archived": self.is_archived,
            "is_member": True,
            "created": self.created,
            "creator": self.members[0] if self.members else "",
            "num_members": len(self.members),
            "topic": {"value": self.topic, "creator": "", "last_set": 0},
            "purpose": {"value": "", "creator": "", "last_set": 0},
        }


@dataclass
class UploadedFile:
    """A file uploaded with files.getUploadURLExternal + upload + files.completeUploadExternal."""

    id: str
    filename: str
    length: int
    content: bytes | None = None  # the raw bytes posted to the upload URL
    title: str | None = None
    channel_id: str | None = None
    initial_comment: str | None = None
    thread_ts: str | None = None
    completed: bool = False

    def info(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.filename,
            "title": self.title or self.filename,
            "size": len(self.content or b""),
            "mimetype": "application/octet-stream",
            "channels": [self.channel_id] if self.channel_id else [],
        }


class SlackError(Exception):
    """A Slack error answer (``{"ok": false, "error": code, **extra}``)."""

    def __init__(self, code: str, **extra: Any):
        super().__init__(code)
        self.body = {"ok": False, "error": code, **extra}


class Throttled(Exception):
    """Answer HTTP 429 with ``Retry-After``."""

    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = max(1, retry_after)


# --------------------------------------------------------------------------------------
# Validation: schemas compiled once per folder, shared by every double in the process


class Schemas:
    """Compiled validators for one schema folder; thread-safe, loaded on first use."""

    def __init__(self, folder: Path):
        if not (folder / "ChatPostMessageArguments.json").is_file():
            raise FileNotFoundError(f"Slack schemas not found in {folder} (set SLACK_SCHEMAS_DIR)")
        self.folder = folder
        self._lock = threading.Lock()
        self._validators: dict[str, Draft7Validator] = {}
        self._coercions: dict[str, dict[str, set[str]]] = {}
        known = self._load("KnownBlock")
        # One validator per block type (KnownBlock is a union over `type`): far faster than
        # trying every branch, and its errors name the real problem.
        self.block_types: dict[str, Draft7Validator] = {}
        for ref in known["definitions"]["KnownBlock"]["anyOf"]:
            name = ref["$ref"].rsplit("/", 1)[1]
            definition = known["definitions"][name]
            shape = definition["anyOf"][0] if "anyOf" in definition else definition  # image: url or file
            block_type = shape["properties"]["type"]["const"]
            schema = {"$ref": f"#/definitions/{name}", "definitions": known["definitions"]}
            self.block_types[block_type] = Draft7Validator(schema)

    def _load(self, type_name: str) -> dict:
        return json.loads((self.folder / f"{type_name}.json").read_text(encoding="utf-8"))

    def validator(self, type_name: str) -> Draft7Validator:
        with self._lock:
            if type_name not in self._validators:
                schema = self._load(type_name)
                self._validators[type_name] = Draft7Validator(schema)
                self._coercions[type_name] = _top_level_types(schema, type_name)
            return self._validators[type_name]

    def property_types(self, type_name: str) -> dict[str, set[str]]:
        """``{argument: {"boolean", ...}}`` of a method's top-level arguments."""
        self.validator(type_name)
        return self._coercions[type_name]


def load_schemas(folder: str | Path | None = None) -> Schemas:
    """The schemas in ``folder``, else ``$SLACK_SCHEMAS_DIR``, else ``../shared/slack-schemas``."""
    return _schemas_in(Path(folder or os.environ.get("SLACK_SCHEMAS_DIR") or DEFAULT_SCHEMAS_DIR).resolve())


@lru_cache(maxsize=None)
def _schemas_in(folder: Path) -> Schemas:
    return Schemas(folder)


def _top_level_types(schema: dict, type_name: str) -> dict[str, set[str]]:
    definitions = schema["definitions"]
    top = definitions[type_name]
    types: dict[str, set[str]] = {}
    for branch in top.get("anyOf", [top]):
        if "$ref" in branch:
            branch = definitions[branch["$ref"].rsplit("/", 1)[1]]
        for name, prop in branch.get("properties", {}).items():
            declared = prop.get("type", [])
            types.setdefault(name, set()).update([declared] if isinstance(declared, str) else declared)
    return types


def _coerce(args: dict[str, Any], types: dict[str, set[str]]) -> None:
    """Form bodies carry strings only; give booleans and numbers their JSON types back."""
    for name, value in args.items():
        declared = types.get(name)
        if not isinstance(value, str) or not declared or "string" in declared:
            continue
        if "boolean" in declared and value.lower() in ("1", "true", "0", "false"):
            args[name] = value.lower() in ("1", "true")
        elif declared & {"number", "integer"}:
            try:
                args[name] = int(value)
            except ValueError:
                try:
                    args[name] = float(value)
                except ValueError:
                    pass


def _most_telling(error: ValidationError) -> ValidationError:
    """Inside an anyOf, follow the branch the instance was evidently meant to match.

    A branch whose own ``type`` constant failed (a button tried as a checkbox) is
    skipped; of the rest, the one with the fewest errors wins.
    """
    while error.context:
        branches: dict[Any, list[ValidationError]] = {}
        for sub in error.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        plausible = [
            errs
            for errs in branches.values()
            if not any(e.validator in ("const", "enum") and list(e.relative_path) == ["type"] for e in errs)
        ] or list(branches.values())
        error = min(min(plausible, key=len), key=lambda e: -len(e.relative_path))
    return error


def _describe(error: ValidationError) -> str:
    """``.path.inside[0]: message`` for the most telling error, the path relative to the instance."""
    error = _most_telling(error)
    path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
    message = error.message if len(error.message) <= 300 else error.message[:300] + "..."
    return f"{path}: {message}"


def _stub_blocks(blocks: Any) -> Any:
    """Blocks reduced to their type, for the argument schemas (blocks are checked on their own)."""
    if isinstance(blocks, list):
        return [{"type": b["type"]} if isinstance(b, dict) and isinstance(b.get("type"), str) else b for b in blocks]
    return blocks


class Validator:
    """Checks a method's arguments; returns a list of problems (empty when valid)."""

    def __init__(self, schemas: Schemas):
        self.schemas = schemas
        # Problems of each block seen, by its JSON: apps send the same blocks again and again,
        # and checking one costs ~0.2 ms (the benchmark sends 10,000 messages).
        self._block_cache: dict[str, list[str]] = {}

    def arguments(self, method: str, args: dict[str, Any]) -> list[str]:
        type_name = METHOD_SCHEMAS[method]
        instance = dict(args)
        # slack_sdk adds team_id to every call of a client bound to a workspace (Bolt's context
        # client does); Slack accepts it on every method, though the TS types do not list it.
        instance.pop("team_id", None)
        if "blocks" in instance:
            instance["blocks"] = _stub_blocks(instance["blocks"])
        if isinstance(instance.get("view"), dict) and "blocks" in instance["view"]:
            instance["view"] = {**instance["view"], "blocks": _stub_blocks(instance["view"]["blocks"])}
        if isinstance(instance.get("attachments"), list):
            instance["attachments"] = [
                {**a, "blocks": _stub_blocks(a["blocks"])} if isinstance(a, dict) and "blocks" in a else a
                for a in instance["attachments"]
            ]
        problems = ["arguments" + _describe(e) for e in self.schemas.validator(type_name).iter_errors(instance)]
        if isinstance(args.get("blocks"), list):
            problems += self.blocks(args["blocks"], "blocks")
        for i, attachment in enumerate(args.get("attachments") or []):
            if isinstance(attachment, dict) and isinstance(attachment.get("blocks"), list):
                problems += self.blocks(attachment["blocks"], f"attachments[{i}].blocks")
        if isinstance(args.get("view"), dict):
            problems += self.view(args["view"])
        return problems

    def blocks(self, blocks: list, where: str = "blocks") -> list[str]:
        problems = []
        for i, block in enumerate(blocks):
            key = json.dumps(block, sort_keys=True)
            if key not in self._block_cache:
                if len(self._block_cache) > 10_000:
                    self._block_cache.clear()
                self._block_cache[key] = self._block_problems(block)
            problems += [f"{where}[{i}]{problem}" for problem in self._block_cache[key]]
        return problems

    def _block_problems(self, block: Any) -> list[str]:
        """Problems of one block, each starting with its path inside the block."""
        block_type = block.get("type") if isinstance(block, dict) else None
        validator = self.schemas.block_types.get(block_type)  # type: ignore[arg-type]
        if validator is None:
            return [f": unknown block type {block_type!r}"]
        problems = [_describe(e) for e in validator.iter_errors(block)]
        parsed = None if problems else Block.parse(block)
        if parsed is not None:  # None: a block type slack_sdk.models does not model
            problems += self._sdk_check(parsed.to_dict, "")
        return problems

    def view(self, view: dict) -> list[str]:
        problems = []
        if isinstance(view.get("blocks"), list):
            problems += self.blocks(view["blocks"], "view.blocks")
        if not problems:
            problems += self._sdk_check(lambda: View(**view).to_dict(), "view")
        return problems

    @staticmethod
    def _sdk_check(build: Callable[[], Any], where: str) -> list[str]:
        try:
            build()
        except Exception as exc:  # SlackObjectFormationError, TypeError, ...
            return [f"{where}: slack_sdk.models: {exc}"]
        return []


# --------------------------------------------------------------------------------------
# The double


class SlackDouble:
    """A Slack Web API double on 127.0.0.1 (a free port); see the module docstring."""

    def __init__(
        self,
        *,
        rate_limit_per_channel: float | None = None,
        fail_429_ratio: float = 0.0,
        delay_seconds: dict[str, float] | None = None,
        channels: tuple[str, ...] | list[str] = (),
        schemas_dir: str | Path | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ):
        self.validator = Validator(load_schemas(schemas_dir))
        self.host, self.port = host, port

        # Fault injection, all settable at any time.
        self.rate_limit_per_channel = rate_limit_per_channel  # seconds between messages in a channel
        self.fail_429_ratio = fail_429_ratio  # every round(1/ratio)-th chat.postMessage gets a 429
        self.delay_seconds: dict[str, float] = dict(delay_seconds or {})  # method -> seconds
        self._failures: dict[str, list[dict]] = {}  # method -> error bodies for its next calls (fail_next)

        # Who the app is.
        self.team_id = "T0001"
        self.bot_user_id = "UBOT"
        self.bot_id = "BBOT"
        self.valid_tokens: set[str] | None = None  # None: any token is accepted
        self.team_for_token: dict[str, str] = {}  # auth.test's team_id per token

        # The workspace.
        self.channels: dict[str, Channel] = {}
        self.kicked: set[str] = set()  # channel ids the app was removed from -> not_in_channel
        self.unknown_users: set[str] = set()  # user ids that do not exist -> user_not_found
        self.users: dict[str, dict] = {}  # overrides for users.info, by user id
        self.views: dict[str, dict] = {}  # modal views by view id (views.open / views.update)
        self.home_views: dict[str, dict] = {}  # last App Home view published per user
        self.scheduled: list[dict] = []  # chat.scheduleMessage, not yet deleted

        # What happened.
        self.calls: list[Call] = []
        self.errors: list[str] = []
        self.messages: list[dict] = []  # delivered chat.postMessage messages
        self.ephemerals: list[dict] = []
        self.responses: list[dict] = []  # bodies posted to response URLs
        self.responses_by_key: dict[str, list[dict]] = {}
        self.uploaded_files: list[UploadedFile] = []  # completed uploads

        self._cond = threading.Condition()
        self._counters: dict[str, int] = {}
        self._dm_for_user: dict[str, str] = {}
        self._files: dict[str, UploadedFile] = {}
        self._last_post: dict[str, float] = {}  # channel -> monotonic time of the last delivered message
        self._post_attempts = 0
        self._last_ts_us = 0
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        for channel_id in channels:
            self.add_channel(channel_id)

    # ----------------------------------------------------------------- life cycle

    def start(self) -> "SlackDouble":
        server = _Server((self.host, self.port), _Handler)
        server.double = self
        self._server, self.port = server, server.server_address[1]
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="slack-double", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join()  # type: ignore[union-attr]
            self._server = self._thread = None

    def __enter__(self) -> "SlackDouble":
        return self.start()

    def __exit__(self, *exc_info: Any) -> None:
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
        return f"{self.root_url}response/{key}"

    # ----------------------------------------------------------------- test helpers

    def add_channel(
        self,
        channel_id: str,
        name: str | None = None,
        *,
        members: list[str] | tuple[str, ...] = (),
        is_private: bool = False,
        is_archived: bool = False,
    ) -> Channel:
        """Make a channel the app is in (as if created earlier)."""
        with self._cond:
            channel = Channel(
                id=channel_id,
                name=name or channel_id.lower(),
                is_private=is_private,
                is_archived=is_archived,
                members=[self.bot_user_id, *members],
            )
            self.channels[channel_id] = channel
            return channel

    def add_user(self, user_id: str, **fields: Any) -> None:
        """Override what users.info says about a user (``real_name=``, ``tz=``, ...)."""
        self.users[user_id] = fields

    def add_message(self, channel: str, text: str = "", **fields: Any) -> dict:
        """Seed a message (e.g. one a test's payload refers to); returns it, with its ``ts``."""
        with self._cond:
            ch = self._channel(channel, open_dm=True)
            return self._deliver(ch, {"text": text, **fields})

    def fail_next(self, method: str, error: str, times: int = 1, **extra: Any) -> None:
        """Answer the next ``times`` valid calls to ``method`` with ``{"ok": false, "error": error}``."""
        with self._cond:
            self._failures.setdefault(method, []).extend([{"ok": False, "error": error, **extra}] * times)

    def channel_named(self, name: str) -> Channel | None:
        return next((c for c in self.channels.values() if c.name == name), None)

    def dm_channel(self, user_id: str) -> str | None:
        """The DM channel id the double gave this user, if the app wrote to them."""
        return self._dm_for_user.get(user_id)

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
            for record in (self.calls, self.errors, self.messages, self.ephemerals, self.responses, self.uploaded_files):
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
        body_token = args.pop("token", None)  # real Slack also takes it in the body
        token = _bearer(headers.get("Authorization")) or body_token
        for name in JSON_STRING_FIELDS:
            if isinstance(args.get(name), str):
                try:
                    args[name] = json.loads(args[name])
                except ValueError:
                    pass  # left as a string; the schema reports it
        if method in METHOD_SCHEMAS:
            _coerce(args, self.validator.schemas.property_types(METHOD_SCHEMAS[method]))
        if delay := self.delay_seconds.get(method):
            time.sleep(delay)

        status, extra_headers, body = 200, {}, None
        if not token:
            body = {"ok": False, "error": "not_authed"}
        elif self.valid_tokens is not None and token not in self.valid_tokens:
            body = {"ok": False, "error": "invalid_auth"}
        elif method not in METHOD_SCHEMAS and method not in METHODS_WITHOUT_SCHEMA:
            self._error(f"{method}: unknown method (the double does not implement it)")
            body = {"ok": False, "error": "unknown_method"}
        elif problems := (self.validator.arguments(method, args) if method in METHOD_SCHEMAS else []):
            for problem in problems:
                self._error(f"{method}: {problem}")
            body = {
                "ok": False,
                "error": "invalid_arguments",
                "response_metadata": {"messages": [f"[ERROR] {p}" for p in problems]},
            }

        with self._cond:  # the method acts and the call is recorded in one step
            if body is None and self._failures.get(method):
                body = self._failures[method].pop(0)
            if body is None:
                try:
                    body = {"ok": True, **getattr(self, "_api_" + method.replace(".", "_"))(args, token)}
                except SlackError as exc:
                    body = exc.body
                except Throttled as exc:
                    status, extra_headers = 429, {"Retry-After": str(exc.retry_after)}
                    body = {"ok": False, "error": "ratelimited"}
            self.calls.append(Call(method, args, received, token, status, body))
            self._cond.notify_all()
        return status, extra_headers, body

    def handle_upload(self, file_id: str, content: bytes) -> tuple[int, str]:
        with self._cond:
            upload = self._files.get(file_id)
            if upload is None:
                return 404, "file not found"
            upload.content = content
            self._cond.notify_all()
        return 200, f"OK - {len(content)}"

    def handle_response(self, key: str, body: bytes) -> tuple[int, str]:
        try:
            payload = json.loads(body or b"{}")
        except ValueError:
            payload = None
        problems: list[str] = []
        if not isinstance(payload, dict):
            problems.append("body is not a JSON object")
            payload = {"_raw": body.decode("utf-8", "replace")}
        elif isinstance(payload.get("blocks"), list):
            problems = self.validator.blocks(payload["blocks"])
        elif not payload.get("text") and not payload.get("delete_original"):
            problems.append("neither text nor blocks given")
        with self._cond:
            for problem in problems:
                self._error(f"response_url {key}: {problem}")
            self.responses.append(payload)
            self.responses_by_key.setdefault(key, []).append(payload)
            self._cond.notify_all()
        return (400, "invalid_blocks") if problems else (200, "ok")

    def _error(self, message: str) -> None:
        with self._cond:
            self.errors.append(message)
            self._cond.notify_all()

    # ----------------------------------------------------------------- state helpers (lock held)

    def _new_id(self, prefix: str) -> str:
        """``C0001``, ``C0002``, ... skipping ids a test registered with ``add_channel``."""
        while True:
            self._counters[prefix] = self._counters.get(prefix, 0) + 1
            new_id = f"{prefix}{self._counters[prefix]:04d}"
            if new_id not in self.channels:
                return new_id

    def _new_ts(self) -> str:
        """Unique, increasing, wall-clock based, like Slack's ``1531420618.000100``."""
        self._last_ts_us = max(int(time.time() * 1_000_000), self._last_ts_us + 1)
        return f"{self._last_ts_us // 1_000_000}.{self._last_ts_us % 1_000_000:06d}"

    def _channel(self, channel_id: Any, *, open_dm: bool = False) -> Channel:
        """The channel named by an argument; user ids open a DM when ``open_dm``."""
        if not isinstance(channel_id, str) or not channel_id:
            raise SlackError("channel_not_found")
        if channel_id in self.channels:
            return self.channels[channel_id]
        if open_dm and channel_id[0] in "UW" and channel_id not in self.unknown_users:
            if channel_id not in self._dm_for_user:
                dm = Channel(id=self._new_id("D"), is_im=True, user=channel_id, members=[channel_id, self.bot_user_id])
                self.channels[dm.id] = dm
                self._dm_for_user[channel_id] = dm.id
            return self.channels[self._dm_for_user[channel_id]]
        if channel_id[0] == "D":  # a DM the test's payload came from
            dm = Channel(id=channel_id, is_im=True, members=[self.bot_user_id])
            self.channels[channel_id] = dm
            return dm
        if found := self.channel_named(channel_id.lstrip("#")):
            return found
        raise SlackError("channel_not_found")

    def _writable(self, channel: Channel) -> Channel:
        if channel.id in self.kicked:
            raise SlackError("not_in_channel")
        if channel.is_archived:
            raise SlackError("is_archived")
        return channel

    def _readable(self, channel: Channel) -> Channel:
        if channel.id in self.kicked:
            raise SlackError("not_in_channel")
        return channel

    def _message(self, channel: Channel, ts: Any) -> dict:
        found = next((m for m in channel.history if m["ts"] == ts), None)
        if found is None:
            raise SlackError("message_not_found")
        return found

    def _deliver(self, channel: Channel, args: dict[str, Any]) -> dict:
        message = {
            "channel": channel.id,
            "text": args.get("text"),
            "blocks": args.get("blocks"),
            "attachments": args.get("attachments"),
            "metadata": args.get("metadata"),
            "ts": self._new_ts(),
            "thread_ts": args.get("thread_ts"),
            "reply_broadcast": bool(args.get("reply_broadcast")),
            "user": self.bot_user_id,
        }
        channel.history.append(message)
        self.messages.append(message)
        self._cond.notify_all()
        return message

    def _check_rate_limits(self, channel: Channel) -> None:
        self._post_attempts += 1
        if self.fail_429_ratio and self._post_attempts % max(1, round(1 / self.fail_429_ratio)) == 0:
            raise Throttled(1)
        if self.rate_limit_per_channel and channel.id in self._last_post:
            wait = self._last_post[channel.id] + self.rate_limit_per_channel - time.monotonic()
            if wait > 0:
                raise Throttled(math.ceil(wait))

    def _user(self, user_id: str) -> dict:
        if user_id in self.unknown_users or not user_id or user_id[0] not in "UWB":
            raise SlackError("user_not_found")
        tz = ZoneInfo("Europe/London")
        offset = int(datetime.now(tz).utcoffset().total_seconds())  # type: ignore[union-attr]
        name = f"user-{user_id.lower()}"
        user = {
            "id": user_id,
            "team_id": self.team_id,
            "name": name,
            "real_name": f"User {user_id}",
            "deleted": False,
            "is_bot": user_id == self.bot_user_id,
            "tz": "Europe/London",
            "tz_label": "British Summer Time" if offset else "Greenwich Mean Time",
            "tz_offset": offset,
            "profile": {"real_name": f"User {user_id}", "display_name": name, "email": f"{name}@example.org"},
        }
        overrides = dict(self.users.get(user_id, {}))
        user["profile"].update(overrides.pop("profile", {}))
        user.update(overrides)
        return user

    def _store_view(self, view: dict, view_id: str | None = None) -> dict:
        view_id = view_id or self._new_id("V")
        stored = {
            "id": view_id,
            "team_id": self.team_id,
            "bot_id": self.bot_id,
            "app_id": "A0001",
            "root_view_id": view_id,
            "previous_view_id": None,
            "state": {"values": {}},
            "hash": self._new_ts(),
            "private_metadata": "",
            "callback_id": "",
            "external_id": "",
            **view,
        }
        self.views[view_id] = stored
        return stored

    # ----------------------------------------------------------------- Web API methods

    def _api_auth_test(self, args: dict, token: str) -> dict:
        return {
            "url": "https://double.slack.com/",
            "team": "Slack Double",
            "user": "peerbot",
            "team_id": self.team_for_token.get(token, self.team_id),
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }

    def _api_chat_postMessage(self, args: dict, token: str) -> dict:
        channel = self._writable(self._channel(args["channel"], open_dm=True))
        if len(args.get("text") or "") > MAX_TEXT_LENGTH:
            raise SlackError("msg_too_long")
        self._check_rate_limits(channel)
        message = self._deliver(channel, args)
        self._last_post[channel.id] = time.monotonic()
        return {"channel": channel.id, "ts": message["ts"], "message": _as_slack_message(message, True)}

    def _api_chat_postEphemeral(self, args: dict, token: str) -> dict:
        channel = self._writable(self._channel(args["channel"], open_dm=True))
        ts = self._new_ts()
        self.ephemerals.append(
            {
                "channel": channel.id,
                "user": args["user"],
                "text": args.get("text"),
                "blocks": args.get("blocks"),
                "thread_ts": args.get("thread_ts"),
                "message_ts": ts,
            }
        )
        return {"message_ts": ts}

    def _api_chat_update(self, args: dict, token: str) -> dict:
        channel = self._writable(self._channel(args["channel"]))
        message = self._message(channel, args["ts"])
        for key in ("text", "blocks", "attachments", "metadata"):
            if key in args:
                message[key] = args[key]
        message["edited"] = {"user": self.bot_user_id, "ts": self._new_ts()}
        return {
            "channel": channel.id,
            "ts": message["ts"],
            "text": message["text"],
            "message": _as_slack_message(message, True),
        }

    def _api_chat_delete(self, args: dict, token: str) -> dict:
        channel = self._writable(self._channel(args["channel"]))
        message = self._message(channel, args["ts"])
        channel.history.remove(message)
        self.messages[:] = [m for m in self.messages if m is not message]
        return {"channel": channel.id, "ts": message["ts"]}

    def _api_chat_scheduleMessage(self, args: dict, token: str) -> dict:
        channel = self._writable(self._channel(args["channel"], open_dm=True))
        try:
            post_at = int(float(args["post_at"]))
        except (KeyError, TypeError, ValueError):
            raise SlackError("invalid_time")
        if post_at <= time.time():
            raise SlackError("time_in_past")
        if post_at > time.time() + 120 * 86400:
            raise SlackError("time_too_far")
        scheduled = {
            "id": self._new_id("Q"),
            "channel": channel.id,
            "post_at": post_at,
            "text": args.get("text"),
            "blocks": args.get("blocks"),
            "metadata": args.get("metadata"),
        }
        self.scheduled.append(scheduled)
        return {
            "channel": channel.id,
            "scheduled_message_id": scheduled["id"],
            "post_at": post_at,
            "message": {"type": "message", "text": scheduled["text"], "user": self.bot_user_id},
        }

    def _api_chat_deleteScheduledMessage(self, args: dict, token: str) -> dict:
        channel = self._channel(args["channel"], open_dm=True)
        for scheduled in self.scheduled:
            if scheduled["id"] == args["scheduled_message_id"] and scheduled["channel"] == channel.id:
                self.scheduled.remove(scheduled)
                return {}
        raise SlackError("invalid_scheduled_message_id")

    def _api_conversations_create(self, args: dict, token: str) -> dict:
        name = args["name"]
        if not name:
            raise SlackError("invalid_name_required")
        if len(name) > 80:
            raise SlackError("invalid_name_maxlength")
        if not CHANNEL_NAME.fullmatch(name):
            raise SlackError("invalid_name_specials")
        if self.channel_named(name):
            raise SlackError("name_taken")
        channel = Channel(
            id=self._new_id("C"),
            name=name,
            is_private=bool(args.get("is_private")),
            members=[self.bot_user_id],
        )
        self.channels[channel.id] = channel
        return {"channel": channel.info()}

    def _api_conversations_invite(self, args: dict, token: str) -> dict:
        channel = self._writable(self._channel(args["channel"]))
        users = list(dict.fromkeys(u.strip() for u in str(args["users"]).split(",") if u.strip()))
        if not users:
            raise SlackError("no_user")
        failures = []
        for user in users:
            if user == self.bot_user_id:
                failures.append({"user": user, "ok": False, "error": "cant_invite_self"})
            elif user in self.unknown_users or user[0] not in "UW":
                failures.append({"user": user, "ok": False, "error": "user_not_found"})
            elif user in channel.members:
                failures.append({"user": user, "ok": False, "error": "already_in_channel"})
        if failures and not args.get("force"):
            raise SlackError(failures[0]["error"], errors=failures)
        failed = {f["user"] for f in failures}
        for user in users:
            if user not in failed and user not in channel.members:
                channel.members.append(user)
        return {"channel": channel.info(), **({"errors": failures} if failures else {})}

    def _api_conversations_archive(self, args: dict, token: str) -> dict:
        channel = self._readable(self._channel(args["channel"]))
        if channel.is_im:
            raise SlackError("method_not_supported_for_channel_type")
        if channel.is_archived:
            raise SlackError("already_archived")
        channel.is_archived = True
        return {}

    def _api_conversations_members(self, args: dict, token: str) -> dict:
        channel = self._readable(self._channel(args["channel"]))
        return {"members": list(channel.members), "response_metadata": {"next_cursor": ""}}

    def _api_conversations_info(self, args: dict, token: str) -> dict:
        return {"channel": self._channel(args.get("channel")).info()}

    def _api_conversations_history(self, args: dict, token: str) -> dict:
        channel = self._readable(self._channel(args["channel"]))
        try:
            oldest, latest = float(args.get("oldest") or 0), float(args.get("latest") or "inf")
        except ValueError:
            raise SlackError("invalid_ts_oldest")
        inclusive = bool(args.get("inclusive"))
        limit = int(args.get("limit") or 100)

        def in_range(ts: float) -> bool:
            return (oldest <= ts <= latest) if inclusive else (oldest < ts < latest)

        top_level = [
            m
            for m in reversed(channel.history)
            if (m["thread_ts"] in (None, m["ts"]) or m["reply_broadcast"]) and in_range(float(m["ts"]))
        ]
        with_metadata = bool(args.get("include_all_metadata"))
        return {
            "messages": [_as_slack_message(m, with_metadata) for m in top_level[:limit]],
            "has_more": len(top_level) > limit,
            "pin_count": len(channel.pins),
            "response_metadata": {"next_cursor": ""},
        }

    def _api_conversations_setTopic(self, args: dict, token: str) -> dict:
        channel = self._writable(self._channel(args["channel"]))
        if len(args["topic"]) > 250:
            raise SlackError("too_long")
        channel.topic = args["topic"]
        return {"channel": channel.info()}

    def _api_pins_add(self, args: dict, token: str) -> dict:
        channel = self._writable(self._channel(args["channel"]))
        message = self._message(channel, args["timestamp"])
        if message["ts"] in channel.pins:
            raise SlackError("already_pinned")
        channel.pins.append(message["ts"])
        return {}

    def _api_users_info(self, args: dict, token: str) -> dict:
        return {"user": self._user(args["user"])}

    def _api_views_open(self, args: dict, token: str) -> dict:
        return {"view": self._store_view(args["view"])}

    def _api_views_update(self, args: dict, token: str) -> dict:
        view_id = args.get("view_id") or next(
            (v["id"] for v in self.views.values() if v.get("external_id") == args.get("external_id")), None
        )
        # Unknown view ids are accepted: a test's payload may name a view the double never opened.
        return {"view": self._store_view(args["view"], view_id)}

    def _api_views_publish(self, args: dict, token: str) -> dict:
        self._user(args["user_id"])
        view = self._store_view(args["view"])
        self.home_views[args["user_id"]] = view
        return {"view": view}

    def _api_files_getUploadURLExternal(self, args: dict, token: str) -> dict:
        upload = UploadedFile(id=self._new_id("F"), filename=args["filename"], length=int(args["length"]))
        self._files[upload.id] = upload
        return {"upload_url": f"{self.root_url}upload/{upload.id}", "file_id": upload.id}

    def _api_files_completeUploadExternal(self, args: dict, token: str) -> dict:
        uploads = [self._files.get(f.get("id")) for f in args["files"]]
        if any(u is None or u.content is None for u in uploads):
            raise SlackError("file_not_found")
        channel_id = None
        if args.get("channel_id"):
            channel_id = self._writable(self._channel(args["channel_id"], open_dm=True)).id
        for upload, entry in zip(uploads, args["files"]):
            assert upload is not None
            upload.title = entry.get("title") or upload.filename
            upload.channel_id = channel_id
            upload.initial_comment = args.get("initial_comment")
            upload.thread_ts = args.get("thread_ts")
            upload.completed = True
            self.uploaded_files.append(upload)
        return {"files": [u.info() for u in uploads if u]}

    def _api_files_info(self, args: dict, token: str) -> dict:
        upload = self._files.get(args.get("file"))
        if upload is None or not upload.completed:
            raise SlackError("file_not_found")
        return {"file": upload.info()}

    # ----------------------------------------------------------------- control API (/_double/)

    def snapshot(self, what: str) -> Any:
        """JSON-ready copy of ``calls``, ``messages``, ``errors``, ``responses``, ``uploaded_files``."""
        with self._cond:
            if what == "calls":
                return [dataclasses.asdict(c) for c in self.calls]
            if what == "uploaded_files":
                return [_file_json(f) for f in self.uploaded_files]
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
        for channel_id in settings.get("channels", []):
            self.add_channel(channel_id)


def _as_slack_message(message: dict, with_metadata: bool) -> dict:
    """A stored message as Slack shows it in responses and history."""
    shown = {"type": "message", "user": message["user"], "bot_id": "BBOT", "text": message["text"] or ""}
    for key in ("blocks", "attachments", "thread_ts", "edited"):
        if message.get(key) is not None:
            shown[key] = message[key]
    shown["ts"] = message["ts"]
    if with_metadata and message.get("metadata") is not None:
        shown["metadata"] = message["metadata"]
    return shown


def _file_json(upload: UploadedFile) -> dict:
    data = dataclasses.asdict(upload)
    data["content"] = base64.b64encode(upload.content).decode() if upload.content is not None else None
    return data


def _bearer(header: str | None) -> str | None:
    if header and header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return None


# --------------------------------------------------------------------------------------
# HTTP plumbing


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # benchmarks open many connections at once
    double: SlackDouble


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "SlackDouble/1.0"
    disable_nagle_algorithm = True  # headers and body go out in separate writes
    server: _Server

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
                args = _parse_args(url.query, self.headers.get("Content-Type", ""), body)
                status, headers, payload = double.handle_api(url.path[5:], self.headers, args)
                self._send(status, payload, headers)
            elif url.path.startswith("/upload/"):
                self._send(*double.handle_upload(url.path[8:], body))
            elif url.path.startswith("/response/"):
                self._send(*double.handle_response(url.path[10:], body))
            elif url.path.startswith("/_double/"):
                self._send(*_control(double, url.path[9:], urllib.parse.parse_qs(url.query), body))
            else:
                self._send(404, {"ok": False, "error": "not_found"})
        except Exception as exc:  # a bug in the double (or a very odd request): say so loudly
            double._error(f"{self.command} {url.path}: the double failed: {exc!r}")
            self._send(500, {"ok": False, "error": "internal_error", "detail": repr(exc)})

    def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        if isinstance(payload, str):
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


def _parse_args(query: str, content_type: str, body: bytes) -> dict[str, Any]:
    args: dict[str, Any] = dict(urllib.parse.parse_qsl(query, keep_blank_values=True))
    if body:
        if content_type.startswith("application/json"):
            decoded = json.loads(body)
            if isinstance(decoded, dict):
                args.update(decoded)
        elif content_type.startswith("application/x-www-form-urlencoded"):
            args.update(urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    return args


def _control(double: SlackDouble, action: str, query: dict[str, list[str]], body: bytes) -> tuple[int, Any]:
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


# --------------------------------------------------------------------------------------
# Another process's double


class RemoteSlackDouble:
    """Reads a double running in another process (``python -m tests.slack_double``)."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.root_url = base_url.removesuffix("api/")

    @classmethod
    @contextmanager
    def spawn(cls, *cli_args: str) -> Iterator["RemoteSlackDouble"]:
        """Start ``python -m tests.slack_double --port 0 *cli_args``; stop it afterwards."""
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.slack_double", "--port", "0", *cli_args],
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
        ``kicked``, ``unknown_users`` (lists of ids), ``fail_next`` ({method: error})."""
        self._get("config", json.dumps(settings).encode())

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        query = urllib.parse.urlencode({"method": method, "count": count, "timeout": timeout})
        answer = self._get(f"wait?{query}", timeout=timeout + 10)
        assert answer["ok"], answer["error"]
        return [c for c in self.calls(method) if c.status != 429]

    def assert_no_errors(self) -> None:
        errors = self.errors()
        assert not errors, "Slack double saw invalid calls:\n  " + "\n  ".join(errors)


# --------------------------------------------------------------------------------------
# Standalone


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.slack_double", description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--rate-limit-per-channel", type=float, default=None, metavar="SECONDS")
    parser.add_argument("--fail-429-ratio", type=float, default=0.0, metavar="RATIO")
    parser.add_argument("--delay", action="append", default=[], metavar="METHOD=SECONDS")
    parser.add_argument("--channel", action="append", default=[], metavar="ID", help="a channel the app is in")
    parser.add_argument("--schemas-dir", default=None)
    options = parser.parse_args(argv)

    double = SlackDouble(
        host=options.host,
        port=options.port,
        rate_limit_per_channel=options.rate_limit_per_channel,
        fail_429_ratio=options.fail_429_ratio,
        delay_seconds={m: float(s) for m, s in (d.split("=", 1) for d in options.delay)},
        channels=options.channel,
        schemas_dir=options.schemas_dir,
    )
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    with double:
        print(double.base_url, flush=True)
        while not stopping.wait(0.5):
            pass
        if double.errors:
            print("\n".join(double.errors), file=sys.stderr)


if __name__ == "__main__":
    main()
