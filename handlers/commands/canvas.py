"""`/peer canvas`: the triad's channel canvas rebuilt now (and made again if a person deleted it).

The canvas is otherwise kept by the clock (handlers.canvas.sync_dirty); this is for the person who
deleted it, or a workspace that could not have canvases before.
"""

from __future__ import annotations

from bot.services import admin
from handlers.canvas import CanvasSync, sync_now, sync_round_now
from handlers.commands.context import CommandContext, Reply
from handlers.commands.parser import CommandArgs
from handlers.commands.registry import subcommand
from handlers.mistakes import Mistake
from storage.models import name_key

USAGE = (
    "`/peer canvas` in the triad's channel (or `/peer canvas triad:3`; a coordinator: "
    '`/peer canvas round:"SE 2018"` in the programme channel)'
)
ROUND_OUTCOMES = {
    "created": ":white_check_mark: {round}'s canvas is at the top of this channel: every triad on one line, "
    "kept current.",
    "edited": ":white_check_mark: {round}'s canvas in this channel is up to date.",
    "busy": ":hourglass_flowing_sand: {round}'s canvas is being updated right now.",
    "unavailable": ":information_source: Slack doesn't allow channel canvases in this workspace; "
    "everything else carries on.",
    "gone": ":x: I'm not in this channel, so I can't put {round}'s canvas here: add me (`/invite @Peer Challenge`) "
    "and try again.",
    "failed": ":x: Slack didn't take {round}'s canvas just now; I'll keep trying, or try again in a minute.",
    "taken": ":information_source: This channel already has a canvas that someone made, and I don't overwrite it: "
    "delete it, or type this in another channel.",
}
OUTCOMES = {
    "created": ":white_check_mark: Triad {number}'s canvas is back at the top of <#{channel}>, "
    "rebuilt from the record.",
    "edited": ":white_check_mark: Triad {number}'s canvas in <#{channel}> is up to date.",
    "busy": ":hourglass_flowing_sand: Triad {number}'s canvas is being updated right now; "
    "it will show the record in a moment.",
    "unavailable": ":information_source: Slack doesn't allow a canvas in <#{channel}> in this workspace; "
    "everything else carries on (the coordinators have been told).",
    "failed": ":x: Slack didn't take triad {number}'s canvas just now; I'll keep trying, "
    "or try `/peer canvas` again in a minute.",
    "gone": ":x: I'm not in <#{channel}> any more (or it was archived), so its canvas can't be kept; "
    "add me back and try `/peer canvas`.",
    "taken": ":information_source: <#{channel}> already has a canvas that someone made, and I don't overwrite it. "
    "To have mine (kept current from the record), delete that one and type `/peer canvas` again.",
}


@subcommand("canvas", mutates=False)
def canvas(ctx: CommandContext, args: CommandArgs) -> Reply:
    if args.positional or set(args.options) - {"triad", "round"} or {"triad", "round"} <= set(args.options):
        raise Mistake(f'`/peer canvas` takes a triad:N or a round:"…", nothing else: {USAGE}.')
    sync = CanvasSync(
        ctx.sessions,
        lambda _team: ctx.client,
        tuple(ctx.settings.peer_coordinators),
        ctx.now,
        f"command:{ctx.user_id}",
    )
    if args.has("round"):
        return _round_canvas(ctx, args, sync)
    triad = ctx.triad(args.option("triad"))
    if not triad.channel_id:
        raise Mistake(f"Triad {triad.number} has no channel yet, so it has no canvas.")
    triad_id, number, channel = triad.id, triad.number, triad.channel_id

    def rebuild() -> None:
        outcome = sync_now(sync, triad_id)
        ctx.tell(OUTCOMES[outcome].format(number=number, channel=channel))

    ctx.after_ack(rebuild)
    return Reply(f":hourglass_flowing_sand: Rebuilding triad {number}'s canvas in <#{channel}>…")


def _round_canvas(ctx: CommandContext, args: CommandArgs, sync: CanvasSync) -> Reply:
    """The coordinator's round canvas, in the channel the command was typed in."""
    ctx.require_coordinator("keep a round's canvas")
    name = (args.option("round") or "").strip()
    rounds = admin.rounds(ctx.session, ctx.actor)
    round_ = next((r for r in rounds if name and r.name_key == name_key(name)), None)
    if round_ is None:
        known = ", ".join(f'"{r.name}"' for r in rounds) or "none yet"
        raise Mistake(f'There is no round called "{name}" (rounds: {known}). Write it like {USAGE}.')
    if ctx.channel_id.startswith("D"):
        raise Mistake("Type it in the programme channel where the round's canvas should be, not in a DM.")
    team_id, round_id, channel, shown = ctx.team_id, round_.id, ctx.channel_id, round_.name

    def make() -> None:
        outcome = sync_round_now(sync, team_id, round_id, channel)
        ctx.tell(ROUND_OUTCOMES[outcome].format(round=shown))

    ctx.after_ack(make)
    return Reply(f":hourglass_flowing_sand: Making {shown}'s canvas in this channel…")
