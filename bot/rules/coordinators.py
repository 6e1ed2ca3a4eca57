"""Coordinators belong to one workspace (SPEC, "Coordinators belong to one workspace").

`PEER_COORDINATORS` names them as `T0123:U0456` (user U0456 of workspace T0123); a bare `U0456`
counts only when the app serves one workspace (SLACK_BOT_TOKEN). With Add to Slack (many workspaces)
a bare ID names nobody, since it cannot say which workspace it belongs to.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class Entry:
    """One `PEER_COORDINATORS` entry: a user, and the workspace it names (None: a bare ID)."""

    team_id: str | None
    user_id: str


def parse_entry(text: str) -> Entry:
    """`T0123:U0456` or `U0456`; ValueError for anything else (spaces, empty parts, two colons)."""
    parts = text.split(":")
    if len(parts) > 2 or not all(p and p.isascii() and p.isalnum() for p in parts):
        raise ValueError(f"{text!r} is not a user ID (U0456) or a workspace and user (T0123:U0456)")
    return Entry(parts[0], parts[1]) if len(parts) == 2 else Entry(None, parts[0])


def bare_entries(entries: Iterable[str]) -> tuple[str, ...]:
    """The entries that name no workspace."""
    return tuple(e for e in entries if parse_entry(e).team_id is None)


def configured_for(entries: Iterable[str], team_id: str) -> frozenset[str]:
    """The users the configured entries make coordinators of `team_id`: `team_id:U…` entries, and bare
    IDs (the settings keep a bare ID only when the app serves one workspace)."""
    found = set()
    for text in entries:
        entry = parse_entry(text)
        if entry.team_id is None or entry.team_id == team_id:
            found.add(entry.user_id)
    return frozenset(found)


class CoordinatorRefusal(StrEnum):
    NOT_A_COORDINATOR = "not_a_coordinator"  # facts: user
    NAMED_BY_ENVIRONMENT = "named_by_environment"  # facts: user
    LAST_COORDINATOR = "last_coordinator"  # facts: user


@dataclass(frozen=True)
class Change:
    added: tuple[str, ...]
    removed: tuple[str, ...]


def check_removal(user: str, stored: frozenset[str], configured: frozenset[str]) -> CoordinatorRefusal | None:
    """Why `user` cannot stop being a coordinator of a workspace whose coordinators are `stored`
    (added by command) and `configured` (named by PEER_COORDINATORS); None if they can."""
    if user in configured:
        return CoordinatorRefusal.NAMED_BY_ENVIRONMENT
    if user not in stored:
        return CoordinatorRefusal.NOT_A_COORDINATOR
    if not (stored | configured) - {user}:
        return CoordinatorRefusal.LAST_COORDINATOR
    return None


def change_to(wanted: Iterable[str], stored: frozenset[str], configured: frozenset[str]) -> Change:
    """From the coordinators a form asks for to what to add and remove (the form's checks are
    `check_removal`'s, made on the whole set at once)."""
    wanted_set = frozenset(wanted)
    current = stored | configured
    return Change(tuple(sorted(wanted_set - current)), tuple(sorted(current - wanted_set)))
