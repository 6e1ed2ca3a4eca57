"""The workspace the double pretends to be: who the app is, channels and DMs with their members,
history and pins, users, views, scheduled messages and files; and the helpers tests seed it with.

``SlackDouble`` is a ``Workspace``; one lock (``_cond``) guards the workspace and the records.
Methods whose name starts with ``_`` expect that lock to be held.
"""

from __future__ import annotations

import json
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from slack_double.errors import SlackError
from slack_double.installs import Installs
from slack_double.records import Channel, UploadedFile


def manifest_scopes() -> list[str]:
    """The bot scopes manifest.json asks for, when the double runs from a checkout that has it."""
    manifest = Path(__file__).resolve().parents[1] / "manifest.json"
    if not manifest.is_file():
        return []
    return list(json.loads(manifest.read_text(encoding="utf-8"))["oauth_config"]["scopes"]["bot"])


class Workspace(Installs):
    """Channels, DMs, users, messages, pins, views and files of one Slack workspace (and, through
    ``Installs``, the tokens of the workspaces that installed the app)."""

    # Kept by SlackDouble (what happened); delivering a message adds to it.
    messages: list[dict]
    root_url: str  # SlackDouble's own address, where it serves shared files

    def __init__(self) -> None:
        self._cond = threading.Condition()

        # Who the app is.
        self.team_id = "T0001"
        self.bot_user_id = "UBOT"
        self.bot_id = "BBOT"
        self.valid_tokens: set[str] | None = None  # None: any token is accepted
        self.team_for_token: dict[str, str] = {}  # auth.test's team_id per token
        self._init_installs()
        self.scopes: list[str] = manifest_scopes()  # the token's scopes (the x-oauth-scopes header)

        # The workspace.
        self.channels: dict[str, Channel] = {}
        self.kicked: set[str] = set()  # channel ids the app was removed from -> not_in_channel
        self.unknown_users: set[str] = set()  # user ids that do not exist -> user_not_found
        self.unknown_emails: set[str] = set()  # addresses users.lookupByEmail does not find
        self.users: dict[str, dict] = {}  # overrides for users.info, by user id
        self.views: dict[str, dict] = {}  # modal views by view id (views.open / views.update)
        self.home_views: dict[str, dict] = {}  # last App Home view published per user
        self.scheduled: list[dict] = []  # chat.scheduleMessage, not yet deleted

        self._counters: dict[str, int] = {}
        self._dm_for_user: dict[str, str] = {}
        self._files: dict[str, UploadedFile] = {}
        self._last_ts_us = 0

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

    def open_dm(self, user_id: str) -> str:
        """The id of the app's DM with a user (opened if need be), where that user types commands."""
        with self._cond:
            return self._channel(user_id, open_dm=True).id

    def add_file(
        self, filename: str, content: bytes, *, user: str, mimetype: str = "text/csv", redirect_to: str | None = None,
        trickle_seconds: float | None = None, **described_as: Any,
    ) -> dict:  # fmt: skip
        """A file a person shared (sent in a DM, or picked in a form's file input): served at its
        ``url_private`` to a bearer token; returns the file object as an event or a view's state carries it.
        ``redirect_to``: its url_private answers 302 to there; ``trickle_seconds``: it is sent a byte at a time,
        this long apart; ``described_as``: fields files.info and the
        event give instead (``is_external=True``, ``mode="external"``, a ``url_private`` on another host)."""
        with self._cond:
            upload = UploadedFile(id=self._new_id("F"), filename=filename, length=len(content), content=content,
                                  completed=True, user=user, mimetype=mimetype, described_as=described_as,
                                  redirect_to=redirect_to, trickle_seconds=trickle_seconds)  # fmt: skip
            upload.url_private = f"{self.root_url}files/{upload.id}/{filename}"
            self._files[upload.id] = upload
            return upload.info()

    def channel_named(self, name: str) -> Channel | None:
        return next((c for c in self.channels.values() if c.name == name), None)

    def dm_channel(self, user_id: str) -> str | None:
        """The DM channel id the double gave this user, if the app wrote to them."""
        return self._dm_for_user.get(user_id)

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
