"""`peerbot workspaces list [--json]`: every workspace the app serves, with its status and counts."""

from __future__ import annotations

import argparse
import json
import sys


def workspace_listing(session) -> list[dict]:
    from bot.services.workspaces import list_workspaces
    from storage.reminders import iso_z

    return [
        {
            "team_id": row.team_id,
            "name": row.name,
            "installed_at": iso_z(row.installed_at),
            "status": row.status,
            "triads": row.triads,
            "pending_reminders": row.pending,
            "held_reminders": row.held,
        }
        for row in list_workspaces(session)
    ]


def cmd_workspaces_list(args: argparse.Namespace) -> int:
    from bot.cli.database import sessions

    with sessions()() as session:
        rows = workspace_listing(session)
    if args.json:
        json.dump(rows, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    if not rows:
        print("no workspaces")
    for row in rows:
        print(
            f"{row['team_id']:<12}  {(row['name'] or '-')[:30]:<30}  {row['installed_at'] or '-':<20}  "
            f"{row['status']:<11}  triads {row['triads']:>4}  pending {row['pending_reminders']:>6}  "
            f"held {row['held_reminders']:>6}"
        )
    return 0


def add_parser(sub) -> None:
    workspaces = sub.add_parser("workspaces", help="the workspaces the app serves").add_subparsers(
        dest="ws_command", required=True
    )
    listing = workspaces.add_parser("list", help="team id, name, installed at, status, triads and reminders")
    listing.add_argument("--json", action="store_true", help="a JSON array (the stable interface)")
    listing.set_defaults(func=cmd_workspaces_list)
