"""Fetching a file a person shared with the app: the one place the bot token is sent for a file.

The token goes only to Slack's file host over https (``files.slack.com``), or to the host of
``SLACK_API_URL`` (the local Slack double in tests and the demo); a redirect is followed only to such a
host and otherwise refused, never followed; a file kept outside Slack is refused; the whole download has
one deadline (``SLACK_FILE_DOWNLOAD_SECONDS``, connecting, headers and body together) and the size cap
holds while it streams. Who may import is decided by the caller before anything here runs.
"""

from __future__ import annotations

import http.client
import logging
import socket
import ssl
import threading
import time
from contextlib import suppress
from urllib.parse import urljoin, urlsplit

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.rules.imports import MAX_BYTES
from handlers.mistakes import Mistake

logger = logging.getLogger(__name__)

SLACK_FILE_HOST = "files.slack.com"
MAX_REDIRECTS = 2  # within an allowed host only
CHUNK = 64 * 1024
HOSTED_MODES = (None, "", "hosted", "snippet")  # a file uploaded to Slack itself

EXTERNAL = (
    "{name} is a link to a file kept outside Slack, so I can't import it. Download it as CSV, then send "
    "me the file itself (drag it into this DM)."
)
NOT_HOSTED = "{name} isn't a file uploaded to Slack ({mode}), so I can't import it. Send me the CSV file itself."
NO_URL = "Slack didn't give me that file to download. Please send it again."
NOT_SLACK = (
    "Slack gave me an address for that file that isn't Slack's file host, so I didn't fetch it (my Slack "
    "token goes only to Slack). Nothing was imported; please send the file again."
)
REDIRECTED = (
    "Slack's file host sent me elsewhere for that file; my Slack token goes only to Slack, so I didn't follow. "
    "Nothing was imported; please send the file again."
)
TOO_BIG = "That file is bigger than {limit} bytes: is it the right file? Nothing was imported."
TOO_SLOW = "Downloading that file from Slack took more than {seconds:g} seconds, so I gave up. Please send it again."
FAILED = "I couldn't download that file from Slack{why}. Please send it again."


def token_may_go_to(url: str, api_url: str) -> bool:
    """Whether the bot token may be sent to ``url``: Slack's file host over https on its usual port, or
    exactly the scheme, host and port of ``api_url`` (SLACK_API_URL). Anything odd is no: a user or
    password in the address, a backslash, whitespace or a control character, a host spelt another way."""
    if not url.isascii() or any(c.isspace() or ord(c) < 32 or c in "\\\x7f" for c in url):
        return False
    try:
        target, api = urlsplit(url), urlsplit(api_url)
        target_port, api_port = target.port, api.port
    except ValueError:
        return False
    if "@" in target.netloc or not target.hostname:
        return False
    if target.scheme == "https" and target.hostname == SLACK_FILE_HOST and target_port in (None, 443):
        return True
    default = {"https": 443, "http": 80}
    return (
        api.scheme in default
        and bool(api.hostname)
        and "@" not in api.netloc
        and (target.scheme, target.hostname, target_port or default.get(target.scheme))
        == (api.scheme, api.hostname, api_port or default[api.scheme])
    )


def refusal_of(shared: dict) -> str | None:
    """Why a file object (from an event, a form's file input or files.info) is not one to download, if so."""
    name = str(shared.get("name") or shared.get("title") or "That file")
    mode = shared.get("mode")
    if shared.get("is_external") or mode in ("external", "remote"):
        return EXTERNAL.format(name=name)
    if mode not in HOSTED_MODES:
        return NOT_HOSTED.format(name=name, mode=mode)
    return None


def download(client: WebClient, shared: dict, *, api_url: str, deadline_seconds: float) -> tuple[str, bytes]:
    """A shared file's name and bytes: files.info for its private download URL, then fetched with the bot
    token under the rules above; a refusal or a failure is a ``Mistake`` with the words to reply."""
    if (why := refusal_of(shared)) is not None:
        raise Mistake(why)
    file_id = str(shared.get("id") or "")
    try:
        info = client.files_info(file=file_id)["file"] or {}
    except SlackApiError as exc:
        error = exc.response.get("error", "error")
        logger.warning("files.info %s failed: %s", file_id, error)
        raise Mistake(f"I couldn't open that file ({error}). Please send it again.") from None
    if (why := refusal_of(info)) is not None:
        raise Mistake(why)
    url = info.get("url_private_download") or info.get("url_private")
    if not url:
        raise Mistake(NO_URL)
    if int(info.get("size") or 0) > MAX_BYTES:
        raise Mistake(TOO_BIG.format(limit=MAX_BYTES))
    content = fetch(str(url), client.token or "", api_url=api_url, deadline_seconds=deadline_seconds)
    return str(info.get("name") or file_id), content


def fetch(url: str, token: str, *, api_url: str, deadline_seconds: float, max_bytes: int = MAX_BYTES) -> bytes:
    """GET ``url`` with the bot token, only where ``token_may_go_to`` allows, within one deadline."""
    deadline = time.monotonic() + deadline_seconds
    for _ in range(MAX_REDIRECTS + 1):
        if not token_may_go_to(url, api_url):
            logger.warning("refused to send the bot token for a file to %s", urlsplit(url).hostname)
            raise Mistake(NOT_SLACK)
        status, location, content = _get(url, token, deadline, deadline_seconds, max_bytes)
        if status not in (301, 302, 303, 307, 308):
            return content
        try:
            target = urljoin(url, location) if location else ""
        except ValueError:
            target = ""
        if not target or not token_may_go_to(target, api_url):
            logger.warning("refused to follow a file download's redirect to %r", location[:200])
            raise Mistake(REDIRECTED)
        url = target
    raise Mistake(REDIRECTED)


def _get(url: str, token: str, deadline: float, seconds: float, max_bytes: int) -> tuple[int, str, bytes]:
    """One request: (status, Location, body). A watchdog shuts the socket at the deadline, so a server
    that trickles its headers or body a byte at a time cannot hold the worker past it."""
    parts = urlsplit(url)
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise Mistake(TOO_SLOW.format(seconds=seconds))
    assert parts.hostname is not None  # token_may_go_to checked it
    connection: http.client.HTTPConnection
    if parts.scheme == "https":
        context = ssl.create_default_context()
        connection = http.client.HTTPSConnection(parts.hostname, parts.port, timeout=remaining, context=context)
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=remaining)
    expired = threading.Event()

    def cut() -> None:
        expired.set()
        sock = connection.sock
        if sock is not None:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    watchdog = threading.Timer(remaining, cut)
    watchdog.daemon = True
    watchdog.start()
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("GET", path, headers={"Authorization": f"Bearer {token}", "Accept-Encoding": "identity"})
        response = connection.getresponse()
        if response.status in (301, 302, 303, 307, 308):
            return response.status, response.getheader("Location") or "", b""
        if response.status != 200:
            raise Mistake(FAILED.format(why=f" (it answered {response.status})"))
        length = response.getheader("Content-Length")
        if length and length.strip().isdigit() and int(length) > max_bytes:
            raise Mistake(TOO_BIG.format(limit=max_bytes))
        content = bytearray()
        while chunk := response.read1(CHUNK):
            content += chunk
            if len(content) > max_bytes:
                raise Mistake(TOO_BIG.format(limit=max_bytes))
            if time.monotonic() > deadline:
                raise Mistake(TOO_SLOW.format(seconds=seconds))
        if expired.is_set() or (length and length.strip().isdigit() and len(content) < int(length)):
            raise Mistake(TOO_SLOW.format(seconds=seconds) if expired.is_set() else FAILED.format(why=""))
        return response.status, "", bytes(content)
    except (OSError, http.client.HTTPException) as exc:
        if expired.is_set() or isinstance(exc, TimeoutError):
            raise Mistake(TOO_SLOW.format(seconds=seconds)) from None
        logger.warning("downloading a file from %s failed: %r", parts.hostname, exc)
        raise Mistake(FAILED.format(why="")) from None
    finally:
        watchdog.cancel()
        connection.close()
