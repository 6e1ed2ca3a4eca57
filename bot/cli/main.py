"""`peerbot`: the operator's command line (SPEC: serve, clock, db upgrade, reminders list, export round)."""

from __future__ import annotations

import argparse
import json
import sys
from importlib import import_module

from bot.settings import ConfigError, database_url_from_env, load_settings
from storage.operator_queries import REMINDER_STATUSES


def _logging() -> None:
    from bot.logs import configure_logging

    configure_logging()


def require_current_schema(url: str) -> None:
    from alembic.script import ScriptDirectory

    from bot.cli.errors import require_existing_database
    from storage.db import alembic_config, current_revision, make_engine

    require_existing_database(url)
    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    engine = make_engine(url)
    try:
        revision = current_revision(engine)
    finally:
        engine.dispose()
    if revision != head:
        raise ConfigError(
            f"peerbot: the database schema is at {revision or 'nothing'}, the code needs {head}: run `peerbot db upgrade` first."
        )


def cmd_serve(args: argparse.Namespace) -> int:
    _logging()
    try:
        settings = load_settings()
    except ConfigError as exc:
        if "SLACK_BOT_TOKEN is not set" in str(exc.code):
            raise ConfigError(
                f"{exc.code} (no Slack app yet? `peerbot demo` shows the app at work without one)"
            ) from None
        raise
    if getattr(args, "migrate", False):  # `peerbot start`: the database it serves, brought to head itself
        migrate_quietly(settings.database_url)
    else:
        require_current_schema(settings.database_url)
    if settings.slack_bot_token and not settings.multi_workspace:
        from bot.cli.serve import check_bot_token

        check_bot_token(settings)
    if settings.slack_app_token:
        from bot.cli.serve import run_socket_mode

        run_socket_mode(settings, args.host)
        return 0
    from bot.cli.serve import prepare_multiprocess_metrics

    prepare_multiprocess_metrics()
    from bot.wsgi import create_application

    run_gunicorn(create_application, bind=f"{args.host}:{settings.port}", workers=args.workers, threads=args.threads)
    return 0


def run_gunicorn(load, *, bind: str, workers: int, threads: int) -> None:
    """Serve the WSGI app that `load()` returns with gunicorn's threaded workers (also used by benchmarks)."""
    from gunicorn.app.base import BaseApplication

    from bot.logs import gunicorn_logger_class

    class Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", bind)
            self.cfg.set("workers", workers)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("threads", threads)
            self.cfg.set("accesslog", None)
            self.cfg.set("graceful_timeout", 10)
            self.cfg.set("logger_class", gunicorn_logger_class())
            if "control_socket_disable" in self.cfg.settings:  # gunicorn >= 25.1
                # Its control socket is one per user ($HOME/.gunicorn/gunicorn.ctl): web processes
                # side by side would take it from each other, and stopping one would remove it.
                self.cfg.set("control_socket_disable", True)

        def load(self):
            return load()

    Server().run()


def cmd_clock(args: argparse.Namespace) -> int:
    _logging()
    settings = load_settings(serving=False)  # the clock answers no request: no signing secret
    require_current_schema(settings.database_url)
    import importlib

    from bot.app import living_record_job, reminder_renderer
    from bot.clock.process import run_clock

    # The handlers word what the resumer says; found by name like the command modules (commands.load()).
    work_resumer = importlib.import_module("handlers.actions.suggestion").work_resumer
    run_clock(
        settings,
        reminder_renderer(),
        once=args.once,
        resume=work_resumer(settings),
        living_record=living_record_job(),
    )
    return 0


def migrate_quietly(url: str) -> None:
    """Apply any migrations the database lacks, without alembic's line per migration."""
    import logging

    from storage.db import upgrade

    alembic = logging.getLogger("alembic")
    level = alembic.level
    alembic.setLevel(logging.WARNING)
    try:
        upgrade(url)
    finally:
        alembic.setLevel(level)


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    _logging()
    from storage.db import upgrade

    url = database_url_from_env()
    upgrade(url, args.revision)
    from bot.cli.errors import shown_url

    print(f"peerbot: the database {shown_url(url)} is at {args.revision}")
    return 0


def _sessions():
    from storage.db import make_engine, make_sessionmaker

    url = database_url_from_env()
    require_current_schema(url)
    return make_sessionmaker(make_engine(url))


def reminder_listing(session, team_id: str | None = None, status: str | None = None) -> list[dict]:
    """`reminders list --json`: every reminder of the plan, whatever its status, by due time,
    as JSON-ready dicts; `text` is the reminder's words (a planned one worded from its facts)."""
    from handlers.blocks.reminders import reminder_text
    from storage.reminder_store import iso_z, list_reminders

    return [
        {
            "id": reminder.id,
            "team_id": reminder.team_id,
            "triad": triad_number,
            "key": reminder.key,
            "kind": reminder.kind,
            "recipient": reminder.recipient,
            "due_at": iso_z(reminder.due_at),
            "status": reminder.status,
            "text": reminder_text(reminder),
            "sent_at": iso_z(reminder.sent_at),
            "error": reminder.error,
        }
        for reminder, triad_number in list_reminders(session, team_id=team_id, status=status)
    ]


def cmd_reminders_list(args: argparse.Namespace) -> int:
    from bot.cli.tables import reminder_table

    with _sessions()() as session:
        rows = reminder_listing(session, team_id=args.team, status=args.status)
        table = None if args.json else reminder_table(session, rows, default_zone=_default_zone())
    if args.json:
        json.dump(rows, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    if not rows:
        print(
            "no reminders"
            + (f" with status {args.status}" if args.status else "")
            + (f" in {args.team}" if args.team else "")
        )
        return 0
    print(table)
    return 0


def _default_zone() -> str:
    import os

    return os.environ.get("PEER_TIMEZONE") or "Europe/London"


def cmd_export_round(args: argparse.Namespace) -> int:
    from bot.services.export import ExportError, export_round

    try:
        with _sessions()() as session:
            output = export_round(session, args.name, args.format, team_id=args.team)
    except ExportError as exc:
        print(f"peerbot: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(output)
    return 0


def default_workers() -> int:
    import os

    return int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1))


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

    from bot.cli.demo import add_demo_arguments, cmd_demo, cmd_start

    serve = sub.add_parser("serve", help="run the web process (Socket Mode when SLACK_APP_TOKEN is set)")
    start = sub.add_parser(
        "start",
        help="migrate the database and `serve` when Slack credentials are set, else the demo and how to go further",
    )
    for web in (serve, start):
        web.add_argument("--host", default="0.0.0.0", help="the address to listen on (default: all, 0.0.0.0)")
        # Processes rather than many threads: a command is CPU-bound Python, and threads of one
        # process queue behind the GIL (benchmarks/ack_latency.py: p99 80 ms with 2x8, 27 ms with 4x2).
        web.add_argument("--workers", type=int, default=default_workers(), help="default: WEB_CONCURRENCY or 2 per CPU")
        web.add_argument("--threads", type=int, default=2, help="threads per worker process (default: 2)")
    serve.set_defaults(func=cmd_serve)
    add_demo_arguments(start)
    start.set_defaults(func=cmd_start, migrate=True)
    demo = sub.add_parser(
        "demo", help="replay the 2018 round through the app against a Slack stand-in; writes demo/index.html"
    )
    add_demo_arguments(demo)
    demo.set_defaults(func=cmd_demo)

    clock = sub.add_parser("clock", help="run the clock process that sends due reminders")
    clock.add_argument("--once", action="store_true", help="send what is due now and exit")
    clock.set_defaults(func=cmd_clock)

    db = sub.add_parser("db", help="database maintenance").add_subparsers(dest="db_command", required=True)
    up = db.add_parser("upgrade", help="apply migrations")
    up.add_argument("revision", nargs="?", default="head", help="the Alembic revision to upgrade to (default: head)")
    up.set_defaults(func=cmd_db_upgrade)

    reminders = sub.add_parser("reminders", help="planned reminders").add_subparsers(dest="rem_command", required=True)
    listing = reminders.add_parser("list", help="list every planned reminder")
    listing.add_argument("--json", action="store_true", help="a JSON array, times in UTC (the stable interface)")
    listing.add_argument("--team", help="only this workspace (team id)")
    listing.add_argument("--status", choices=REMINDER_STATUSES, help="only this status")
    listing.set_defaults(func=cmd_reminders_list)

    doctor = sub.add_parser("doctor", help="check the settings, the database, Slack and the clock (exit 1 on a FAIL)")
    doctor.set_defaults(func=lambda args: import_module("bot.cli.doctor").cmd_doctor(args))

    export = sub.add_parser("export", help="export data").add_subparsers(dest="export_command", required=True)
    rnd = export.add_parser("round", help="export a round")
    rnd.add_argument("name", help='the round, e.g. "SE 2018"')
    rnd.add_argument(
        "--format", choices=("json", "csv"), default="json", help="json: the whole record; csv: a row per action"
    )
    rnd.add_argument("--team", help="the workspace (team id), when several have a round of that name")
    rnd.set_defaults(func=cmd_export_round)

    from bot.cli.workspaces import add_parser as add_workspaces_parser

    add_workspaces_parser(sub)
    from bot.cli.imports import add_parser as add_import_parser

    add_import_parser(sub)

    from bot.cli.suggest import add_parser as add_round_suggest

    add_round_suggest(sub)

    from bot.cli import calendar, documents, summit

    summit.add_parser(sub)
    calendar.add_parser(sub)
    documents.add_parser(sub)
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
        from bot.cli.errors import failure_line

        print(failure_line(exc), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
