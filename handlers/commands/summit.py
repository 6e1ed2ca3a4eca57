"""/peer summit [round:"SE 2018"] (coordinators): the round's brief posted here, with its timeline picture
(no reply beside it: the post is the answer; a failure to post is told)."""

from __future__ import annotations

from bot.services import summit as summit_service
from handlers.commands.context import CommandContext, Reply
from handlers.commands.parser import CommandArgs
from handlers.commands.registry import subcommand
from handlers.effects.summit import post_brief
from handlers.mistakes import Mistake


@subcommand("summit", mutates=False)
def summit(ctx: CommandContext, args: CommandArgs) -> Reply:
    if args.positional or set(args.options) - {"round"}:
        raise Mistake('Write `/peer summit` (the latest round) or `/peer summit round:"SE 2018"`.')
    brief = summit_service.summit_brief(ctx.session, ctx.actor, args.option("round"), ctx.now())
    hint = " Invite the app to this channel, or ask for the brief in a direct message with the app."
    ctx.after_ack(lambda: post_brief(ctx.client, ctx.channel_id, brief, ctx.tell, hint))
    return Reply("", silent=True)  # the brief is posted here: no echo
