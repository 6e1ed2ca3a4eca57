"""/peer summit [round:"SE 2018"] (coordinators): the round's brief posted here, with its timeline picture."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot.services import summit as summit_service
from handlers.commands.context import CommandContext, Reply
from handlers.commands.parser import CommandArgs
from handlers.commands.registry import subcommand
from handlers.mistakes import Mistake
from handlers.mrkdwn import escape
from handlers.summit.posting import post_brief

logger = logging.getLogger(__name__)


@subcommand("summit", mutates=False)
def summit(ctx: CommandContext, args: CommandArgs) -> Reply:
    if args.positional or set(args.options) - {"round"}:
        raise Mistake('Write `/peer summit` (the latest round) or `/peer summit round:"SE 2018"`.')
    brief = summit_service.summit_brief(ctx.session, ctx.actor, args.option("round"), ctx.now())
    channel = ctx.channel_id

    def post() -> None:
        try:
            post_brief(ctx.client, channel, brief)
        except SlackApiError as exc:
            error = exc.response.get("error", "error")
            logger.warning("posting the summit brief in %s failed: %s", channel, error)
            ctx.tell(
                f":x: I couldn't post the summit brief here ({error}). Invite the app to this channel, "
                "or run `/peer summit` in a direct message with it."
            )

    ctx.after_ack(post)
    return Reply(f":memo: Posting the summit brief of {escape(brief.round_name)} here, with its timeline picture.")
