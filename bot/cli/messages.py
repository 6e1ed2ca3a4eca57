"""`peerbot messages --out DIR`: every kind of message, modal and Home view the app sends, with sample facts, as
DIR/index.html (one page, each with its word count) and DIR/messages.json (issue 18)."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.cli.errors import Mistake


def cmd_messages(args: argparse.Namespace) -> int:
    from bot.demo.catalogue import figures, write

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise Mistake(f"peerbot messages: {out} is a file, not a folder: give --out a folder to write into")
    try:
        entries, paths = write(out, demo=args.demo)
    except OSError as exc:
        raise Mistake(f"peerbot messages: can't write into {out}: {exc.strerror or exc}") from None
    for line in figures(entries):
        print(line)
    for path in paths:
        print(path)
    return 0


def add_parser(sub) -> None:
    messages = sub.add_parser(
        "messages", help="write every kind of message, modal and Home view with its word count (index.html, JSON)"
    )
    messages.add_argument("--out", default="messages", help="the folder to write into (default: messages/)")
    messages.add_argument(
        "--demo",
        action="store_true",
        help="also run the demo into DIR/demo and add what it sends that has no builder (one of each shape, ~20 s)",
    )
    messages.set_defaults(func=cmd_messages)
