"""One line for whatever stops a `peerbot` command: the operator reads what went wrong and what to do,
not a traceback (`--debug` shows that)."""

from __future__ import annotations

from pathlib import Path

from bot.settings import ConfigError

DEBUG_HINT = "run it again with --debug to see the traceback"


def first_line(exc: BaseException) -> str:
    words = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return words[0].strip() if words else type(exc).__name__


def shown_url(url: str) -> str:
    """A database URL as it may be printed: without its password."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "DATABASE_URL"


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (None for PostgreSQL or an in-memory database)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def require_existing_database(url: str) -> None:
    """Commands that read a database never create one: a SQLite file that isn't there is a mistake."""
    path = sqlite_file(url)
    if path is not None and not path.exists():
        raise ConfigError(
            f"peerbot: there is no database at {path} (DATABASE_URL={shown_url(url)}): "
            "run `peerbot db upgrade` to create it, or set DATABASE_URL to the app's database"
        )


def failure_line(exc: BaseException) -> str:
    """The one line an unexpected failure is told in."""
    from slack_sdk.errors import SlackApiError
    from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

    if isinstance(exc, OperationalError):
        return (
            f"peerbot: can't use the database: {first_line(exc)} (check DATABASE_URL and that the database is running)"
        )
    if isinstance(exc, ArgumentError):
        return f"peerbot: DATABASE_URL is not usable: {first_line(exc)}"
    if isinstance(exc, DBAPIError):
        return f"peerbot: the database refused a query: {first_line(exc)}; {DEBUG_HINT}"
    if isinstance(exc, SlackApiError):
        return f"peerbot: Slack answered {exc.response.get('error', 'an error')}; {DEBUG_HINT}"
    if isinstance(exc, (ConnectionError, TimeoutError)) or type(exc).__name__ == "URLError":
        return f"peerbot: can't reach Slack (SLACK_API_URL): {first_line(exc)}"
    return f"peerbot: unexpected error: {type(exc).__name__}: {first_line(exc)}; {DEBUG_HINT}"


class Mistake(ConfigError):
    """What the operator asked for can't be done as asked: the one line says why, exit status 2."""


def one_round(session, name: str, team: str | None):
    """The round called `name` (in workspace `team` when given), or the Mistake that says why not."""
    from storage.rounds import rounds_named

    rounds = rounds_named(session, name, team)
    if not rounds:
        where = f" in workspace {team}" if team else ""
        raise Mistake(f'peerbot: there is no round called "{name}"{where}')
    if len(rounds) > 1:
        teams = ", ".join(r.team_id for r in rounds)
        raise Mistake(
            f'peerbot: a round called "{name}" exists in several workspaces ({teams}): choose one with --team TEAM_ID'
        )
    return rounds[0]


def one_triad(session, round_, number: int):
    """The round's triad with this number, or the Mistake that names the round's triads."""
    from storage.triads import triads

    found = triads(session, round_.team_id, round_.id)
    for triad in found:
        if triad.number == number:
            return triad
    numbers = ", ".join(str(t.number) for t in found) or "none yet"
    raise Mistake(f'peerbot: round "{round_.name}" has no triad {number} (its triads: {numbers})')
