"""`peerbot`: the operator's command line (SPEC: serve, clock, db upgrade, reminders list, export round).

The argparse tree of every command group's module, and `main()`, which runs the chosen command and
tells whatever stops it in one line."""

from __future__ import annotations

import argparse
import sys

from bot.cli import (
    clock,
    db,
    demo,
    doctor,
    export,
    imports,
    messages,
    reminders,
    serve,
    suggest,
    summit,
    triad_files,
    workspaces,
)
from bot.cli.errors import failure_line
from bot.settings import ConfigError
from storage.reminders import REMINDER_STATUSES


class DescribedSubcommands(argparse._SubParsersAction):
    """A subcommand's --help opens with what it does: its one-line help, unless it has a description."""

    def add_parser(self, name, **kwargs):
        if "help" in kwargs and "description" not in kwargs:
            kwargs["description"] = kwargs["help"][:1].upper() + kwargs["help"][1:] + "."
        return super().add_parser(name, **kwargs)


class OneLineParser(argparse.ArgumentParser):
    """A mistake on the command line is one line naming it (and the choices), exit status 2."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.register("action", "parsers", DescribedSubcommands)

    def add_subparsers(self, **kwargs):
        kwargs.setdefault("metavar", "COMMAND")  # "required: COMMAND", not the parser's inner name
        return super().add_subparsers(**kwargs)

    def error(self, message: str):
        self.exit(2, f"{self.prog}: {message} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="peerbot",
        description="Peer challenge assistant for Slack: the operator's commands.",
        epilog="Any command takes --debug to show the traceback of an unexpected error.",
    )
    parser.add_argument("--debug", action="store_true", help="show the traceback of an unexpected error")
    sub = parser.add_subparsers(dest="command", required=True)

    serve_parser = sub.add_parser("serve", help="run the web process (Socket Mode when SLACK_APP_TOKEN is set)")
    start_parser = sub.add_parser(
        "start",
        help="migrate the database and `serve` when Slack credentials are set, else the demo and how to go further",
    )
    for web in (serve_parser, start_parser):
        web.add_argument("--host", default="0.0.0.0", help="the address to listen on (default: all, 0.0.0.0)")
        # Processes rather than many threads: a command is CPU-bound Python, and threads of one
        # process queue behind the GIL (benchmarks/ack_latency.py: p99 80 ms with 2x8, 27 ms with 4x2).
        web.add_argument(
            "--workers", type=int, default=serve.default_workers(), help="default: WEB_CONCURRENCY or 2 per CPU"
        )
        web.add_argument("--threads", type=int, default=2, help="threads per worker process (default: 2)")
    serve_parser.set_defaults(func=serve.cmd_serve)
    demo.add_demo_arguments(start_parser)
    # `start` without Slack credentials runs the demo: the two command modules meet here, not in each other.
    start_parser.set_defaults(func=lambda args: serve.cmd_start(args, run_demo=demo.cmd_demo), migrate=True)
    demo_parser = sub.add_parser(
        "demo", help="replay the 2018 round through the app against a Slack stand-in; writes demo/index.html"
    )
    demo.add_demo_arguments(demo_parser)
    demo_parser.set_defaults(func=demo.cmd_demo)

    clock_parser = sub.add_parser("clock", help="run the clock process that sends due reminders")
    clock_parser.add_argument("--once", action="store_true", help="send what is due now and exit")
    clock_parser.set_defaults(func=clock.cmd_clock)

    db_commands = sub.add_parser("db", help="database maintenance").add_subparsers(dest="db_command", required=True)
    up = db_commands.add_parser("upgrade", help="apply migrations")
    up.add_argument("revision", nargs="?", default="head", help="the Alembic revision to upgrade to (default: head)")
    up.set_defaults(func=db.cmd_db_upgrade)

    reminder_commands = sub.add_parser("reminders", help="planned reminders").add_subparsers(
        dest="rem_command", required=True
    )
    listing = reminder_commands.add_parser("list", help="list every planned reminder")
    listing.add_argument("--json", action="store_true", help="a JSON array, times in UTC (the stable interface)")
    listing.add_argument("--team", help="only this workspace (team id)")
    listing.add_argument("--status", choices=REMINDER_STATUSES, help="only this status")
    listing.set_defaults(func=reminders.cmd_reminders_list)

    doctor_parser = sub.add_parser(
        "doctor", help="check the settings, the database, Slack and the clock (exit 1 on a FAIL)"
    )
    doctor_parser.set_defaults(func=doctor.cmd_doctor)

    export_commands = sub.add_parser("export", help="export data").add_subparsers(dest="export_command", required=True)
    rnd = export_commands.add_parser("round", help="export a round")
    rnd.add_argument("name", help='the round, e.g. "SE 2018"')
    rnd.add_argument(
        "--format", choices=("json", "csv"), default="json", help="json: the whole record; csv: a row per action"
    )
    rnd.add_argument("--team", help="the workspace (team id), when several have a round of that name")
    rnd.set_defaults(func=export.cmd_export_round)

    workspaces.add_parser(sub)
    imports.add_parser(sub)
    suggest.add_parser(sub)
    summit.add_parser(sub)
    triad_files.add_parser(sub)
    messages.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv  # anywhere: `peerbot doctor --debug` as well as `peerbot --debug doctor`
    args = build_parser().parse_args([word for word in argv if word != "--debug"])
    try:
        return args.func(args)
    except ConfigError as exc:
        print(exc.code if isinstance(exc.code, str) else exc, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("peerbot: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `peerbot reminders list --json | head`: the reader has gone, not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        if debug:
            raise
        print(failure_line(exc), file=sys.stderr)
        return 1
