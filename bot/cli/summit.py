"""`peerbot summit "SE 2018" --out DIR`: the round's summit brief as files (brief.md, brief.html,
summit.json, timeline.png), naming only what each host shared, as `/peer summit` does."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path


def cmd_summit(args: argparse.Namespace) -> int:
    from bot.cli.database import sessions
    from bot.cli.errors import one_round
    from bot.cli.progress import progress_bar
    from bot.rules.times import local_today, utcnow
    from bot.services.summit import operator_summit_brief
    from handlers.summit.files import write_brief

    with sessions()() as session:
        round_ = one_round(session, args.name, args.team)
        today = args.today or local_today(utcnow(), round_.timezone)
        with progress_bar(f"summit brief of {round_.name}", total=2, unit="step") as bar:
            brief = operator_summit_brief(session, round_, today)
            bar.update(1)
            paths = write_brief(brief, Path(args.out))  # the timeline picture is the slow part
            bar.update(1)
    for path in paths:
        print(path)
    return 0


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2019-03-14") from None


def add_parser(sub) -> None:
    summit = sub.add_parser(
        "summit", help="write a round's summit brief (brief.md, brief.html, summit.json, timeline.png)"
    )
    summit.add_argument("name", help='the round, e.g. "SE 2018"')
    summit.add_argument("--out", required=True, help="the folder to write the files into")
    summit.add_argument("--team", help="the workspace (team id), when several have a round of that name")
    summit.add_argument("--today", type=_day, help="the day the brief is as at (default: today in the round's zone)")
    summit.set_defaults(func=cmd_summit)
