"""`/peer documents`: the day-2 presentation in the triad channel and the report skeleton to the
visiting DCS (and the follow-up review once the follow-up has come), built from the record now."""

from __future__ import annotations

from bot.services import documents as documents_service
from handlers.commands.context import CommandContext, Reply
from handlers.commands.parser import CommandArgs
from handlers.commands.registry import subcommand
from handlers.documents import deliver

WHERE = {"presentation": "<#{to}>", "report": "<@{to}>'s DM", "follow_up": "<#{to}>"}
WHAT = {"presentation": "the day-2 presentation", "report": "the report skeleton", "follow_up": "the follow-up review"}


@subcommand("documents", mutates=False)
def documents(ctx: CommandContext, args: CommandArgs) -> Reply:
    triad = ctx.only_triad(args, "documents")
    plan = documents_service.on_demand(ctx.session, triad)

    def post() -> None:
        results = deliver(ctx.client, plan, f"<@{ctx.user_id}> asked for the documents.")
        failed = [(d, e) for d, _, e in results if e]
        if failed:
            ctx.tell(
                ":x: I couldn't post "
                + ", ".join(f"{WHAT[d.kind]} ({e})" for d, e in failed)
                + ". Try `/peer documents` again in a minute."
            )

    ctx.after_ack(post)
    sent = ", ".join(f"{WHAT[d.kind]} to {WHERE[d.kind].format(to=d.to)}" for d in plan.deliveries)
    return Reply(f":hourglass_flowing_sand: Triad {triad.number}'s documents are on their way: {sent}.")
