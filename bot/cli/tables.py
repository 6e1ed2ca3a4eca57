"""Tables the operator reads: a header row, times in the round's own zone, names beside Slack ids."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Columns as wide as their widest cell, two spaces apart; the last column is not padded."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    lines = []
    for row in (header, *rows):
        cells = [str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def local_time(iso_z: str | None, zone: str) -> str:
    """ "2018-07-20T08:00:00Z" in Europe/London -> "2018-07-20 09:00 BST"."""
    if not iso_z:
        return "-"
    moment = datetime.fromisoformat(iso_z.replace("Z", "+00:00")).astimezone(ZoneInfo(zone))
    return f"{moment:%Y-%m-%d %H:%M} {moment.tzname()}"


def reminder_table(session, rows: list[dict], *, default_zone: str) -> str:
    from storage.reminders import reminder_time_zones
    from storage.workspaces import known_names

    zones = reminder_time_zones(session, (row["id"] for row in rows))
    names = known_names(session, (row["team_id"] for row in rows))

    coordinators = configured_coordinators()

    def recipient(row: dict) -> str:
        name = names.get((row["team_id"], row["recipient"]))
        if name is None and {(row["team_id"], row["recipient"]), ("", row["recipient"])} & coordinators:
            name = "coordinator"
        return f"{row['recipient']} ({name})" if name else row["recipient"]

    body = [
        (
            str(row["id"]),
            row["team_id"],
            "-" if row["triad"] is None else str(row["triad"]),
            local_time(row["due_at"], zones.get(row["id"], default_zone)),
            row["status"],
            row["kind"],
            recipient(row),
        )
        for row in rows
    ]
    return table(("ID", "WORKSPACE", "TRIAD", "DUE (LOCAL)", "STATUS", "KIND", "RECIPIENT"), body)


def configured_coordinators() -> set[tuple[str, str]]:
    """PEER_COORDINATORS as (team id, user id) pairs; a bare user id has the team ""."""
    import os

    pairs = set()
    for entry in (os.environ.get("PEER_COORDINATORS") or "").split(","):
        team, _, user = entry.strip().rpartition(":")
        if user:
            pairs.add((team, user))
    return pairs
