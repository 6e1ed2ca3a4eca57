"""PLACEHOLDER in this branch only: the sharing service arrives from the sharing branch (h8)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session


def shared_kinds(session: Session, team_id: str, triad_ids: Iterable[int]) -> dict[int, frozenset[str]]:
    return {}
