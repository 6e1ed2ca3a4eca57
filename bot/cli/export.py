"""`peerbot export round NAME [--format json|csv]`: a round's record on standard output."""

from __future__ import annotations

import argparse
import sys

from bot.cli.database import sessions


def cmd_export_round(args: argparse.Namespace) -> int:
    from bot.cli.errors import one_round
    from bot.services.export import ExportError, export_round

    try:
        with sessions()() as session:
            output = export_round(session, one_round(session, args.name, args.team), args.format)
    except ExportError as exc:
        print(f"peerbot: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(output)
    return 0
