"""`peerbot documents "SE 2018" --triad 1 --out DIR`: a triad's day-2 presentation (.pptx), report
skeleton and follow-up review (.docx), as `/peer documents` and the reminders post them. People are
named by their Slack user ids (the operator's command does not ask Slack for names)."""

from __future__ import annotations

import argparse
from pathlib import Path


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
    documents = sub.add_parser(
        "documents",
        help="write a triad's day-2 presentation (.pptx), report skeleton and follow-up review (.docx)",
        description="Write a triad's documents, the ones /peer documents and the reminders post in Slack.",
    )
    documents.add_argument("name", help='the round, e.g. "SE 2018"')
    documents.add_argument("--triad", type=int, required=True, help="the triad's number")
    documents.add_argument("--out", required=True, help="the folder to write them in (made if missing)")
    documents.add_argument("--team", help="the workspace (team id), when several have a round of that name")
    documents.set_defaults(func=cmd_documents)
