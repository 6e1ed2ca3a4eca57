"""`/peer canvas`: the triad's channel canvas rebuilt now (and made again if a person deleted it).

The canvas is otherwise kept by the clock (handlers.canvas.sync_dirty); this is for the person who
deleted it, or a workspace that could not have canvases before.
"""

from __future__ import annotations

from handlers.canvas import CanvasSync, sync_now
from handlers.commands.context import CommandContext, Reply, UserError
from handlers.commands.parser import CommandArgs
from handlers.commands.registry import subcommand

USAGE = "`/peer canvas` in the triad's channel (or `/peer canvas triad:3`)"
OUTCOMES = {
    "created": ":white_check_mark: Triad {number}'s canvas is back at the top of <#{channel}>, rebuilt from the record.",
    "edited": ":white_check_mark: Triad {number}'s canvas in <#{channel}> is up to date.",
    "busy": ":hourglass_flowing_sand: Triad {number}'s canvas is being updated right now; it will show the record in a moment.",
    "unavailable": ":information_source: Slack doesn't allow a canvas in <#{channel}> in this workspace; everything else carries on (the coordinators have been told).",
    "failed": ":x: Slack didn't take triad {number}'s canvas just now; I'll keep trying, or try `/peer canvas` again in a minute.",
}


@subcommand("canvas", mutates=False)
def canvas(ctx: CommandContext, args: CommandArgs) -> Reply:
    if args.positional or set(args.options) - {"triad"}:
        raise UserError(f"`/peer canvas` takes nothing but an optional triad:N: {USAGE}.")
    triad = ctx.triad(args.option("triad"))
    if not triad.channel_id:
        raise UserError(f"Triad {triad.number} has no channel yet, so it has no canvas.")
    triad_id, number, channel = triad.id, triad.number, triad.channel_id
    sync = CanvasSync(
        ctx.sessions,
        lambda _team: ctx.client,
        tuple(ctx.settings.peer_coordinators),
        ctx.now,
        f"command:{ctx.user_id}",
    )

    def rebuild() -> None:
        outcome = sync_now(sync, triad_id)
        ctx.tell(OUTCOMES[outcome].format(number=number, channel=channel))

    ctx.after_ack(rebuild)
    return Reply(f":hourglass_flowing_sand: Rebuilding triad {number}'s canvas in <#{channel}>…")
