"""Workspaces that install the app through Add to Slack: a bot token (and, with token rotation,
a refresh token and an expiry) per workspace; revoking them; the codes of the OAuth redirect.

``SlackDouble`` is an ``Installs``. Once a test installs a workspace the double knows its tokens:
a call with a token it never issued is answered ``invalid_auth``, a revoked one ``token_revoked``,
an expired one ``token_expired`` (the double records which token every call carried: ``Call.token``).
Methods whose name starts with ``_`` expect the double's lock to be held.
"""

from __future__ import annotations

import itertools
import threading
import time
from dataclasses import dataclass, field

_serial = itertools.count(1)
CLIENT_ID, CLIENT_SECRET = "111.222", "double-client-secret"  # what the double's app is registered with


@dataclass
class Grant:
    """What oauth.v2.access hands out for one workspace."""

    team_id: str
    team_name: str
    token: str
    refresh_token: str | None = None
    expires_in: int | None = None  # seconds; None: the token does not expire
    scope: str = "commands,chat:write"
    installer: str = "UINSTALLER"
    issued: list[str] = field(default_factory=list)  # every access token given for this workspace


class Installs:
    valid_tokens: set[str] | None
    team_for_token: dict[str, str]
    _cond: threading.Condition

    def _init_installs(self) -> None:
        self.revoked_tokens: set[str] = set()
        self.token_expiry: dict[str, float] = {}  # token -> time.time() when it stops working
        self.team_names: dict[str, str] = {}
        self.grants: dict[str, Grant] = {}  # team id -> its current grant
        self._codes: dict[str, str] = {}  # OAuth code -> team id (each code works once)
        self._refresh: dict[str, str] = {}  # refresh token -> team id
        self._pending: dict[str, Grant] = {}  # team id -> the grant its code will give
        self.client_id, self.client_secret = CLIENT_ID, CLIENT_SECRET  # the app's credentials

    # ----------------------------------------------------------------- test helpers

    def issue_code(
        self, team_id: str, team_name: str | None = None, *, rotating: bool = False, expires_in: int = 43200
    ) -> str:
        """A code for the OAuth redirect, as Slack appends it after the user clicks *Allow*;
        ``rotating``: the token expires after ``expires_in`` seconds and comes with a refresh token."""
        with self._cond:
            n = next(_serial)
            grant = Grant(
                team_id,
                team_name or f"Team {team_id}",
                f"xoxb-{team_id.lower()}-{n}" if not rotating else f"xoxe.xoxb-{team_id.lower()}-{n}",
                refresh_token=f"xoxe-1-{team_id.lower()}-{n}" if rotating else None,
                expires_in=expires_in if rotating else None,
            )
            self._codes[f"code-{team_id.lower()}-{n}"] = team_id
            self._pending[team_id] = grant
            return f"code-{team_id.lower()}-{n}"

    def revoke(self, team_id: str) -> None:
        """The workspace uninstalled the app: every token it was given now answers ``token_revoked``."""
        with self._cond:
            grant = self.grants.get(team_id)
            if grant is not None:
                self.revoked_tokens.update(grant.issued)
                if grant.refresh_token:
                    self._refresh.pop(grant.refresh_token, None)

    def expire(self, token: str) -> None:
        """The token expires now (as a rotating token does after ``expires_in``)."""
        with self._cond:
            self.token_expiry[token] = time.time() - 1

    def token_of(self, team_id: str) -> str:
        """The latest access token the workspace was given."""
        with self._cond:
            return self.grants[team_id].issued[-1]

    # ----------------------------------------------------------------- checks (lock held)

    def _token_error(self, token: str) -> str | None:
        if token in self.revoked_tokens:
            return "token_revoked"
        if (expiry := self.token_expiry.get(token)) is not None and expiry <= time.time():
            return "token_expired"
        if self.valid_tokens is not None and token not in self.valid_tokens:
            return "invalid_auth"
        return None

    def _give(self, grant: Grant, token: str) -> dict:
        """Issue ``token`` for the grant's workspace; oauth.v2.access's answer."""
        if self.valid_tokens is None:
            self.valid_tokens = set()  # from the first install on, unknown tokens are refused
        self.valid_tokens.add(token)
        self.team_for_token[token] = grant.team_id
        self.team_names[grant.team_id] = grant.team_name
        grant.issued.append(token)
        self.grants[grant.team_id] = grant
        answer: dict = {
            "app_id": "A0001",
            "authed_user": {"id": grant.installer},
            "scope": grant.scope,
            "token_type": "bot",
            "access_token": token,
            "bot_user_id": "UBOT",
            "team": {"id": grant.team_id, "name": grant.team_name},
            "enterprise": None,
            "is_enterprise_install": False,
        }
        if grant.refresh_token is not None and grant.expires_in is not None:
            self._refresh[grant.refresh_token] = grant.team_id
            self.token_expiry[token] = time.time() + grant.expires_in
            answer |= {"refresh_token": grant.refresh_token, "expires_in": grant.expires_in}
        return answer
