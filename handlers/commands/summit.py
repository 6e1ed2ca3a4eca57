"""/peer summit [round:"SE 2018"] (coordinators): the round's brief posted here, with its timeline picture."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot.rules.times import local_today
from bot.services import summit as summit_service
from handlers.commands.context import CommandContext, Reply, UserError
from handlers.commands.parser import CommandArgs
from handlers.commands.registry import subcommand
from handlers.summit.message import brief_blocks, fallback_text
from handlers.summit.picture import timeline_png
from handlers.summit.words import title

logger = logging.getLogger(__name__)


@subcommand("summit", mutates=False)
def summit(ctx: CommandContext, args: CommandArgs) -> Reply:
    if args.positional or set(args.options) - {"round"}:
        raise UserError('Write `/peer summit` (the latest round) or `/peer summit round:"SE 2018"`.')
    from bot.services.rounds import find_round

    round_ = find_round(ctx.session, ctx.actor, args.option("round"))
    today = local_today(ctx.now(), round_.timezone)
    brief = summit_service.summit_brief(ctx.session, ctx.actor, round_.name, today)
    channel = ctx.channel_id

    def post() -> None:
        if ctx.post_to_channel(channel, fallback_text(brief), brief_blocks(brief)) is None:
            return
        try:
            ctx.client.files_upload_v2(
                channel=channel,
                content=timeline_png(brief.timeline, title(brief)),
                filename=f"timeline-{round_.name.lower().replace(' ', '-')}.png",
                title=f"{brief.round_name}: the round's timeline",
                initial_comment=(
                    "The round's timeline: one row per triad; hatched bars are dates not yet exact, "
                    "crossed ones provisional; the dashed line is today."
                ),
            )
        except SlackApiError as exc:
            error = exc.response.get("error", "error")
            logger.warning("timeline upload to %s failed: %s", channel, error)
            ctx.tell(f":warning: The brief is posted, but I couldn't upload its timeline picture ({error}).")

    ctx.after_ack(post)
    return Reply(f":memo: Posting the summit brief of {brief.round_name} here, with its timeline picture.")
