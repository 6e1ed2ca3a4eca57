"""The clock and time zones, once for the whole app."""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_ZONE_NAME = "Europe/London"


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def zone_of(name: str | None, fallback: str = DEFAULT_ZONE_NAME) -> ZoneInfo:
    """The round's zone; an unknown or missing name (old data) falls back rather than fails."""
    for candidate in (name, fallback, DEFAULT_ZONE_NAME):
        if not candidate:
            continue
        try:
            return ZoneInfo(candidate)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return ZoneInfo(DEFAULT_ZONE_NAME)


def local_today(now: datetime, zone_name: str | None, fallback: str = DEFAULT_ZONE_NAME) -> date:
    return now.astimezone(zone_of(zone_name, fallback)).date()
