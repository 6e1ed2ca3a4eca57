"""`peerbot import authorities FILE.csv` and `peerbot import round FILE.csv --name "SE 2018"`.

The same use cases as a file sent to the app in a DM (bot.services.imports); people named by e-mail
are looked up in Slack with the bot token (users.lookupByEmail), the workspace is the token's unless
--team names it. A bad file writes nothing: each bad row on stderr by its line, exit status 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.settings import load_settings


def _read(path: str) -> bytes | None:
    try:
        return sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        print(f"peerbot: can't read {path}: {exc.strerror or exc}", file=sys.stderr)
        return None


def cmd_import(args: argparse.Namespace) -> int:
    from slack_sdk.errors import SlackApiError

    from bot.app import web_client
    from bot.cli.database import require_current_schema
    from bot.services import imports
    from bot.services.errors import Refused
    from handlers.imports import authorities_said, invite_new_people, refusal_lines, round_said
    from handlers.mistakes import Mistake
    from handlers.people import SlackDirectory
    from storage.db import make_engine, make_sessionmaker, transaction

    content = _read(args.file)
    if content is None:
        return 2
    settings = load_settings(serving=False)  # offline work: the bot token for people, no signing secret
    require_current_schema(settings.database_url)
    client = web_client(settings)
    team_id = args.team
    try:
        if not team_id:
            team_id = client.auth_test()["team_id"]
    except SlackApiError as exc:
        print(f"peerbot: Slack refused the bot token ({exc.response.get('error')}); give --team T…", file=sys.stderr)
        return 2
    sessions = make_sessionmaker(make_engine(settings.database_url))
    from bot.cli.progress import CountedDirectory, progress_bar
    from bot.rules.times import utcnow

    try:
        with transaction(sessions) as session, progress_bar("looking up people in Slack", unit="person") as bar:
            who = imports.operator(session, team_id, settings.peer_coordinators)
            if args.what == "authorities":
                directory = CountedDirectory(SlackDirectory(client), bar)
                result = imports.import_authorities(session, who, content, directory, utcnow())
                said = authorities_said(result)
            else:
                said = round_said(
                    imports.import_round(session, who, args.name, content, args.tz or settings.peer_timezone, utcnow())
                )
    except Refused as exc:
        for line in refusal_lines(exc):
            print(f"peerbot: {args.file}: {line}", file=sys.stderr)
        return 1
    except Mistake as exc:  # Slack couldn't be asked about a person
        print(f"peerbot: {args.file}: {exc}", file=sys.stderr)
        return 1
    if args.what == "authorities":
        said += invite_new_people(client, result)
    print(said)
    return 0


def add_parser(sub) -> None:
    imp = sub.add_parser("import", help="import authorities or an earlier round from CSV (all or nothing)")
    what = imp.add_subparsers(dest="what", required=True)
    auth = what.add_parser("authorities", help="columns: name, DCS, team (Slack user IDs or e-mails)")
    rnd = what.add_parser("round", help="columns: triad, host, visitor, observer, challenge session, fieldwork")
    rnd.add_argument("--name", required=True, help='the earlier round\'s name, e.g. "SE 2018"')
    rnd.add_argument("--tz", help="its time zone (default PEER_TIMEZONE)")
    for parser in (auth, rnd):
        parser.add_argument("file", help="the CSV file (- for standard input)")
        parser.add_argument("--team", help="the workspace (team id); default: the bot token's")
        parser.set_defaults(func=cmd_import)
