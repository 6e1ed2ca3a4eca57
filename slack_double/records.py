"""What the double records and serves: calls, conversations, uploaded files, and how Slack shows them."""

from __future__ import annotations

import base64
import dataclasses
import time
from dataclasses import dataclass, field
from typing import Any


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
    creator: str | None = None  # who created it (None: its first member)

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
            "creator": self.creator or (self.members[0] if self.members else ""),
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
    shared_ts: str | None = None  # when completeUploadExternal shared it in channel_id (the share's message ts)
    user: str | None = None  # who shared it (a file a person sent to the app)
    url_private: str | None = None  # where the double serves its bytes, with a token (GET /files/<id>/<name>)
    mimetype: str = "application/octet-stream"
    # A test's file as Slack could describe it otherwise: fields files.info (and the event) give instead
    # (``is_external``, ``mode``, a ``url_private`` elsewhere), and where its url_private redirects to.
    described_as: dict[str, Any] = field(default_factory=dict)
    redirect_to: str | None = None
    trickle_seconds: float | None = None  # its url_private sends a byte, then waits this long, and so on

    def info(self) -> dict[str, Any]:
        found = {
            "id": self.id,
            "name": self.filename,
            "title": self.title or self.filename,
            "size": len(self.content or b""),
            "mimetype": self.mimetype,
            "filetype": self.filename.rpartition(".")[2].lower() if "." in self.filename else "text",
            "channels": [self.channel_id] if self.channel_id else [],
        }
        if self.user:
            found["user"] = self.user
        if self.url_private:
            found |= {"url_private": self.url_private, "url_private_download": self.url_private + "?download=1"}
        return found | self.described_as


@dataclass(frozen=True)
class Trickle:
    """A download sent a byte at a time, as a slow or hostile server would (``UploadedFile.trickle_seconds``)."""

    content: bytes
    seconds_per_byte: float


def as_slack_message(message: dict, with_metadata: bool) -> dict:
    """A stored message as Slack shows it in responses and history."""
    shown = {"type": "message", "user": message["user"], "bot_id": "BBOT", "text": message["text"] or ""}
    for key in ("blocks", "attachments", "thread_ts", "edited"):
        if message.get(key) is not None:
            shown[key] = message[key]
    shown["ts"] = message["ts"]
    if with_metadata and message.get("metadata") is not None:
        shown["metadata"] = message["metadata"]
    return shown


def file_json(upload: UploadedFile) -> dict:
    data = dataclasses.asdict(upload)
    data["content"] = base64.b64encode(upload.content).decode() if upload.content is not None else None
    return data
