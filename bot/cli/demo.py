"""`peerbot demo`: the app seen without Slack (and what `peerbot start` runs when no Slack credentials are set)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

SLACK_SETTINGS = (
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "SLACK_CLIENT_ID",
    "SLACK_CLIENT_SECRET",
    "SLACK_API_URL",
    "PEER_COORDINATORS",
)


def cmd_demo(args: argparse.Namespace) -> int:
    from bot.demo.run import DemoDatabaseInUse, run_demo

    out = Path(args.out)
    if ignored := [name for name in SLACK_SETTINGS if os.environ.get(name)]:
        print(f"peerbot demo: ignoring {', '.join(ignored)}: the demo talks only to its own Slack stand-in.")
    print(
        "peerbot demo: replaying the 2018 round (docs/guide.md) through the app, "
        f"against a local stand-in for Slack, into {out}/"
    )
    from bot.cli.progress import progress_bar

    try:
        with progress_bar("replaying the year", unit="day") as bar:

            def on_day(done: int, days: int) -> None:
                bar.total = days
                bar.n = done
                bar.refresh()

            say = (lambda line: None) if args.quiet else bar.write
            result = run_demo(out, say=say, database_url=args.database_url, on_day=on_day)
    except DemoDatabaseInUse as exc:
        print(exc, file=sys.stderr)
        return 2
    print()
    for line in result.summary:
        print(line)
    picture = result.page.with_name("timeline.png")
    print(
        f"Written: {result.page} (open it in a browser), {result.page.with_name('transcript.json')}, {result.database}"
        + (f", and {picture} (the summit brief's timeline)." if picture.exists() else ".")
    )
    print(f"The demo took {result.seconds:.1f} s.")
    return 0


def add_demo_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", default="demo", help="folder for index.html and the demo's database (default: demo/)")
    parser.add_argument("--quiet", action="store_true", help="only the summary, not the narration")
    parser.add_argument(
        "--database-url", help="an empty database to replay into (default: a new SQLite file DIR/demo.db)"
    )
