"""`peerbot reminders list [--json] [--team T] [--status S]`: every reminder of the plan, by due time."""

from __future__ import annotations

import argparse
import json
import os
import sys

from bot.cli.database import sessions


def reminder_listing(session, team_id: str | None = None, status: str | None = None) -> list[dict]:
    """`reminders list --json`: every reminder of the plan, whatever its status, by due time,
    as JSON-ready dicts; `text` is the reminder's words (a planned one worded from its facts)."""
    from handlers.blocks.reminders import reminder_text
    from storage.reminders import iso_z, list_reminders

    return [
        {
            "id": reminder.id,
            "team_id": reminder.team_id,
            "triad": triad_number,
            "key": reminder.key,
            "kind": reminder.kind,
            "recipient": reminder.recipient,
            "due_at": iso_z(reminder.due_at),
            "status": reminder.status,
            "text": reminder_text(reminder),
            "sent_at": iso_z(reminder.sent_at),
            "error": reminder.error,
        }
        for reminder, triad_number in list_reminders(session, team_id=team_id, status=status)
    ]


def cmd_reminders_list(args: argparse.Namespace) -> int:
    from bot.cli.tables import reminder_table

    with sessions()() as session:
        rows = reminder_listing(session, team_id=args.team, status=args.status)
        table = None if args.json else reminder_table(session, rows, default_zone=_default_zone())
    if args.json:
        json.dump(rows, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    if not rows:
        print(
            "no reminders"
            + (f" with status {args.status}" if args.status else "")
            + (f" in {args.team}" if args.team else "")
        )
        return 0
    print(table)
    return 0


def _default_zone() -> str:
    return os.environ.get("PEER_TIMEZONE") or "Europe/London"
