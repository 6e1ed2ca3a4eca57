"""The /peer slash command: read the words, run the subcommand, reply, then do the slow work.

The request's preamble (the person, the unit of work, failures worded for the reply) is
`handlers.listening`'s; this listener only reads and dispatches."""

from __future__ import annotations

from slack_bolt import App
from slack_sdk import WebClient

from bot.services.access import Actor
from bot.settings import Settings

# Each module registers its subcommands with `registry.subcommand`; imported here, in help's order.
from handlers.commands import (  # noqa: F401
    actions,
    admin,
    canvas,
    documents,
    fieldwork,
    focus,
    help,
    imports,
    registry,
    reminders,
    rounds,
    sharing,
    suggest,
    summit,
    themes,
    triads,
    visiting_team,
)
from handlers.commands.context import CommandContext
from handlers.commands.parser import CommandArgs, split_command, unresolved_at_names
from handlers.events.home import publish_home
from handlers.listening import Clock, CommitThenAck
from handlers.mistakes import Mistake
from handlers.people import lookups_within
from storage.unit_of_work import UnitOfWork

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
        raise Mistake(f"I don't know `/peer {words[0].value}`. Try `/peer help` for the list of commands.")
    rest = words[1:]
    if (group, None) in registry.SUBCOMMANDS and not registry.verbs_of(group):
        return registry.SUBCOMMANDS[(group, None)], CommandArgs(rest, tokens_args.options)
    verb = rest[0].value.lower() if rest and rest[0].kind == "word" else None
    if (group, verb) in registry.SUBCOMMANDS:
        return registry.SUBCOMMANDS[(group, verb)], CommandArgs(rest[1:], tokens_args.options)
    if (group, None) in registry.SUBCOMMANDS:
        return registry.SUBCOMMANDS[(group, None)], CommandArgs(rest, tokens_args.options)
    verbs = " | ".join(_in_help_order(group, registry.verbs_of(group)))
    said = f" {rest[0].value}" if rest else ""
    raise Mistake(
        f"`/peer {group}{said}` isn't a command: write `/peer {group} {verbs}` (`/peer help {group}` has examples)."
    )


def _in_help_order(group: str, verbs: list[str]) -> list[str]:
    """The verbs as `/peer help` lists them, whatever order their modules were imported in."""
    examples = [example for examples in help.TOPICS.values() for example, _ in examples]

    def first_mention(verb: str) -> int:
        said = f"/peer {group} {verb}"
        return next((i for i, e in enumerate(examples) if e == said or e.startswith(said + " ")), len(examples))

    return sorted(verbs, key=lambda verb: (first_mention(verb), verb))


def read_command(text: str) -> tuple[registry.Subcommand, CommandArgs]:
    """The subcommand and its arguments, or a Mistake saying what is wrong with the words."""
    _, args = split_command(text)
    if names := unresolved_at_names(args):
        raise Mistake(
            f"I can't tell who {names[0]} is: pick people from Slack's @ menu so the command carries a real mention."
        )
    command, rest = resolve(args)
    if (command.group, command.verb) not in TAKES_LINKS and _has_link(rest):
        raise Mistake("Put the link in quotes, or leave it out: this command takes no links.")
    return command, rest


def peer_command(
    ack: CommitThenAck,
    command: dict,
    client: WebClient,
    uow: UnitOfWork,
    who: Actor,
    settings: Settings,
    now: Clock,
) -> None:
    subcommand, args = read_command(command.get("text", ""))
    ctx = CommandContext.of_command(command, uow, who, settings, client, now)
    # a command that changes something is applied once, however often Slack sends it
    request_key = f"command:{ctx.trigger_id}" if subcommand.mutates and ctx.trigger_id else None
    if (earlier := uow.earlier_reply(who.team_id, request_key)) is not None:
        ack(text=earlier, response_type="ephemeral") if earlier else ack()
        return
    with lookups_within():  # people named are checked before the ack: in time
        reply = subcommand.handler(ctx, args)
    uow.remember_reply(who.team_id, request_key, reply.text)
    if reply.silent:
        ack()
    else:
        blocks = [b if isinstance(b, dict) else b.to_dict() for b in reply.blocks] if reply.blocks else None
        ack(text=reply.text, blocks=blocks, response_type="ephemeral")
    if subcommand.mutates:  # after the ack's other work: the person's Home tab shows what they just changed
        uow.later.append(lambda: publish_home(client, uow.sessions, settings, who.team_id, who.user_id, now()))


def register(app: App) -> None:
    app.command("/peer")(peer_command)
