"""`peerbot calendar "SE 2018" --triad 1 --out FILE.ics`: a triad's calendar file, as `/peer calendar`
posts it in the triad's channel (challenge session, fieldwork days, interviews, the follow-up)."""

from __future__ import annotations

import argparse
from pathlib import Path


def cmd_calendar(args: argparse.Namespace) -> int:
    from bot.cli.database import sessions
    from bot.cli.errors import Mistake, one_round, one_triad
    from bot.rules.calendar_ics import build_calendar
    from bot.services.fieldwork import triad_calendar

    with sessions()() as session:
        round_ = one_round(session, args.name, args.team)
        triad = one_triad(session, round_, args.triad)
        title = (
            f"Triad {triad.number} peer challenge: {triad.host.name} (host), "
            f"{triad.visitor.name} (visitor), {triad.observer.name} (observer)"
        )
        content = build_calendar(triad_calendar(session, triad, title))
    out = Path(args.out)
    try:
        out.write_bytes(content)
    except OSError as exc:
        raise Mistake(f"peerbot: can't write {out}: {exc.strerror or exc}") from None
    print(f"{out}: triad {triad.number}'s calendar ({round_.name}, times in {round_.timezone})")
    return 0


def add_parser(sub) -> None:
    calendar = sub.add_parser(
        "calendar",
        help="write a triad's calendar file (.ics): challenge session, fieldwork, interviews, follow-up",
        description="Write a triad's calendar file, the one /peer calendar posts in its channel.",
    )
    calendar.add_argument("name", help='the round, e.g. "SE 2018"')
    calendar.add_argument("--triad", type=int, required=True, help="the triad's number")
    calendar.add_argument("--out", required=True, help="the .ics file to write")
    calendar.add_argument("--team", help="the workspace (team id), when several have a round of that name")
    calendar.set_defaults(func=cmd_calendar)
