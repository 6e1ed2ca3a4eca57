"""The /peer slash command: parse, dispatch to a subcommand, reply, then do the slow work."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime

from slack_bolt import Ack, App
from slack_sdk import WebClient
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.rules.dates import DateError
from bot.services.errors import Refused
from bot.settings import Settings
from handlers.commands import registry
from handlers.commands.context import CommandContext, Reply, UserError
from handlers.commands.parser import CommandArgs, ParseError, split_command, unresolved_at_names
from handlers.events.home import publish_home
from handlers.mrkdwn import escape
from handlers.refusals import word
from storage import requests

logger = logging.getLogger(__name__)

USER_ERRORS = (UserError, ParseError, DateError)


def _said(exc: Exception) -> str:
    """A refusal's one line as mrkdwn: a date parser's words quote what was typed, so they are escaped."""
    return escape(str(exc)) if isinstance(exc, DateError) else str(exc)


TAKES_LINKS = {("round", "material")}  # the only subcommand that reads a pasted <https://…> link


def _has_link(args: CommandArgs) -> bool:
    tokens = [*args.positional, *(t for ts in args.options.values() for t in ts)]
    return any(t.kind == "link" for t in tokens)


def resolve(tokens_args: CommandArgs) -> tuple[registry.Subcommand, CommandArgs]:
    """Find the subcommand from the leading words; return it with the remaining arguments."""
    words = tokens_args.positional
    if not words or words[0].kind != "word":
        return registry.SUBCOMMANDS[("help", None)], CommandArgs()
    group = words[0].value.lower()
    if group not in registry.groups():
        raise UserError(f"I don't know `/peer {words[0].value}`. Try `/peer help` for the list of commands.")
    rest = words[1:]
    if (group, None) in registry.SUBCOMMANDS and not registry.verbs_of(group):
        return registry.SUBCOMMANDS[(group, None)], CommandArgs(rest, tokens_args.options)
    verb = rest[0].value.lower() if rest and rest[0].kind == "word" else None
    if (group, verb) in registry.SUBCOMMANDS:
        return registry.SUBCOMMANDS[(group, verb)], CommandArgs(rest[1:], tokens_args.options)
    if (group, None) in registry.SUBCOMMANDS:
        return registry.SUBCOMMANDS[(group, None)], CommandArgs(rest, tokens_args.options)
    verbs = " | ".join(registry.verbs_of(group))
    said = f" {rest[0].value}" if rest else ""
    raise UserError(
        f"`/peer {group}{said}` isn't a command: write `/peer {group} {verbs}` (`/peer help {group}` has examples)."
    )


def run_command(
    text: str,
    *,
    team_id: str,
    user_id: str,
    channel_id: str,
    trigger_id: str | None,
    response_url: str | None,
    sessions: sessionmaker[Session],
    settings: Settings,
    client: WebClient,
    now: Callable[[], datetime],
) -> tuple[Reply, list[Callable[[], None]], bool]:
    """Run one /peer command in one transaction.

    Returns the reply, the work to do after the ack, and whether a change was made.
    """
    try:
        _, args = split_command(text)
        if names := unresolved_at_names(args):
            raise UserError(
                f"I can't tell who {names[0]} is: pick people from Slack's @ menu so the command carries a real mention."
            )
        command, rest = resolve(args)
        if (command.group, command.verb) not in TAKES_LINKS and _has_link(rest):
            raise UserError("Put the link in quotes, or leave it out: this command takes no links.")
    except USER_ERRORS as exc:
        return Reply(f":x: {_said(exc)}"), [], False

    with sessions() as session:
        ctx = CommandContext(
            team_id, user_id, channel_id, trigger_id, response_url, session, sessions, settings, client, now
        )
        try:
            with session.begin():
                request_key = f"command:{trigger_id}" if command.mutates and trigger_id else None
                if request_key and (seen := requests.reply_to_seen(session, team_id, request_key)) is not None:
                    return Reply(seen), [], False
                reply = command.handler(ctx, rest)
                if request_key:
                    requests.remember(session, team_id, request_key, reply.text)
        except USER_ERRORS as exc:
            return Reply(f":x: {_said(exc)}"), [], False
        except Refused as exc:
            return Reply(f":x: {word(exc)}"), [], False
        except IntegrityError:
            logger.info("duplicate or conflicting request %s", trigger_id)
            return (
                Reply(
                    "That was already done (the request arrived twice, or someone did the same at the same moment) — nothing was changed twice."
                ),
                [],
                False,
            )
        except Exception:
            ref = uuid.uuid4().hex[:8]
            logger.exception("command failed (ref %s): %r", ref, text)
            return (
                Reply(
                    f":x: Something went wrong on my side and nothing was changed. Please try again; if it keeps happening, tell the programme team (ref {ref})."
                ),
                [],
                False,
            )
    return reply, ctx.deferred, command.mutates


def register(app: App, deps) -> None:
    sessions, settings, now = deps.sessions, deps.settings, deps.now
    # Import the subcommand modules so they register themselves.
    from handlers import commands

    commands.load()

    def peer_command(ack: Ack, command: dict, client: WebClient, logger: logging.Logger) -> None:
        reply, deferred, mutated = run_command(
            command.get("text", ""),
            team_id=command.get("team_id", ""),
            user_id=command.get("user_id", ""),
            channel_id=command.get("channel_id", ""),
            trigger_id=command.get("trigger_id"),
            response_url=command.get("response_url"),
            sessions=sessions,
            settings=settings,
            client=client,
            now=now,
        )
        if reply.silent:
            ack()
        else:
            ack(
                text=reply.text,
                blocks=[b.to_dict() for b in reply.blocks] if reply.blocks else None,
                response_type="ephemeral",
            )
        for work in deferred:
            try:
                work()
            except Exception:
                logger.exception("deferred work after /peer failed")
        if mutated:  # the person's Home tab shows what they just changed
            publish_home(client, sessions, settings, command.get("team_id", ""), command.get("user_id", ""), now())

    app.command("/peer")(peer_command)
