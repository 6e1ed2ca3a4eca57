"""A triad's files, as Slack gets them, written by the operator:

`peerbot calendar "SE 2018" --triad 1 --out FILE.ics`: a triad's calendar file, as `/peer calendar`
posts it in the triad's channel (challenge session, fieldwork days, interviews, the follow-up).

`peerbot documents "SE 2018" --triad 1 --out DIR`: a triad's day-2 presentation (.pptx), report
skeleton and follow-up review (.docx), as `/peer documents` and the reminders post them. People are
named by their Slack user ids (the operator's command does not ask Slack for names)."""

from __future__ import annotations

import argparse
from pathlib import Path


def cmd_calendar(args: argparse.Namespace) -> int:
    from bot.cli.database import sessions
    from bot.cli.errors import Mistake, one_round, one_triad
    from bot.rules.calendar_ics import build_calendar
    from bot.services.fieldwork import triad_calendar
    from handlers.effects.calendar import calendar_title

    with sessions()() as session:
        round_ = one_round(session, args.name, args.team)
        triad = one_triad(session, round_, args.triad)
        content = build_calendar(triad_calendar(session, triad, calendar_title(triad)))
    out = Path(args.out)
    try:
        out.write_bytes(content)
    except OSError as exc:
        raise Mistake(f"peerbot: can't write {out}: {exc.strerror or exc}") from None
    print(f"{out}: triad {triad.number}'s calendar ({round_.name}, times in {round_.timezone})")
    return 0


def cmd_documents(args: argparse.Namespace) -> int:
    from bot.cli.database import sessions
    from bot.cli.errors import Mistake, one_round, one_triad
    from bot.rules.documents import BUILDERS
    from bot.services.record import record_facts

    with sessions()() as session:
        round_ = one_round(session, args.name, args.team)
        facts = record_facts(session, one_triad(session, round_, args.triad))
    out = Path(args.out)
    built = [build(facts) for build in BUILDERS.values()]
    try:
        out.mkdir(parents=True, exist_ok=True)
        for document in built:
            (out / document.filename).write_bytes(document.content)
    except OSError as exc:
        raise Mistake(f"peerbot: can't write in {out}: {exc.strerror or exc}") from None
    for document in built:
        print(out / document.filename)
    return 0


def add_parser(sub) -> None:
    for name, func, help_, description, out_help in (
        (
            "calendar", cmd_calendar,
            "write a triad's calendar file (.ics): challenge session, fieldwork, interviews, follow-up",
            "Write a triad's calendar file, the one /peer calendar posts in its channel.",
            "the .ics file to write",
        ),
        (
            "documents", cmd_documents,
            "write a triad's day-2 presentation (.pptx), report skeleton and follow-up review (.docx)",
            "Write a triad's documents, the ones /peer documents and the reminders post in Slack.",
            "the folder to write them in (made if missing)",
        ),
    ):  # fmt: skip
        command = sub.add_parser(name, help=help_, description=description)
        command.add_argument("name", help='the round, e.g. "SE 2018"')
        command.add_argument("--triad", type=int, required=True, help="the triad's number")
        command.add_argument("--out", required=True, help=out_help)
        command.add_argument("--team", help="the workspace (team id), when several have a round of that name")
        command.set_defaults(func=func)
