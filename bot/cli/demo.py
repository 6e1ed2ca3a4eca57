"""`peerbot demo` and `peerbot start`: the app seen without Slack, and the README's first command."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

GO_FURTHER = """\
To go further, with your own Slack workspace (docs/operators.md, "Installing in Slack"):
  1. api.slack.com/apps -> Create New App -> From an app manifest: paste manifest.json,
     with YOUR-APP.example.com replaced by your host; install it to the workspace.
  2. Put the bot token and the signing secret in the environment (or a .env file):
       SLACK_BOT_TOKEN=xoxb-...   SLACK_SIGNING_SECRET=...
     (and SLACK_APP_TOKEN=xapp-... to use Socket Mode instead of a public URL)
  3. Run `.venv/bin/peerbot start` again (or `peerbot serve`, plus `peerbot clock` for the reminders)."""


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
        f"peerbot demo: replaying the 2018 round (docs/guide.md) through the app, against a local stand-in for Slack, into {out}/"
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


def has_slack_credentials() -> bool:
    """Any of the Slack credentials set (one workspace's token, Add to Slack's client id and secret, the
    signing secret or Socket Mode's app token), in the environment or in .env."""
    names = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_APP_TOKEN")
    if any(os.environ.get(name) for name in names):
        return True
    env_file = Path(".env")
    if env_file.is_file():
        for line in env_file.read_text(encoding="utf-8", errors="replace").splitlines():
            key, _, value = line.partition("=")
            if key.strip().removeprefix("export ").strip() in names and value.strip():
                return True
    return False


def cmd_start(args: argparse.Namespace) -> int:
    """With Slack credentials: migrate the database (DATABASE_URL) quietly, then `peerbot serve`. Without: say so,
    run the demo (its own database in DIR), say how to go further."""
    if has_slack_credentials():
        from bot.cli.main import cmd_serve

        return cmd_serve(args)
    print(
        "peerbot start: no Slack credentials set (SLACK_BOT_TOKEN or SLACK_CLIENT_ID, and SLACK_SIGNING_SECRET), "
        "so here is the demo instead."
    )
    code = cmd_demo(args)
    print()
    print(GO_FURTHER)
    sys.stdout.flush()
    return code


def add_demo_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", default="demo", help="folder for index.html and the demo's database (default: demo/)")
    parser.add_argument("--quiet", action="store_true", help="only the summary, not the narration")
    parser.add_argument(
        "--database-url", help="an empty database to replay into (default: a new SQLite file DIR/demo.db)"
    )
