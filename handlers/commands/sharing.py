"""/peer findings (visiting DCS), /peer share (host DCS: a form of what to share, with whom), /peer archive search."""

from __future__ import annotations

from bot.services import sharing as sharing_service
from handlers.blocks.sharing import archive_results, findings_modal, share_modal
from handlers.commands.context import CommandContext, Reply
from handlers.commands.parser import CommandArgs
from handlers.commands.registry import subcommand
from handlers.effects.sharing import announce_findings
from handlers.mistakes import Mistake
from handlers.words.sharing import FINDINGS_USAGE, SEARCH_USAGE


@subcommand("findings")
def findings(ctx: CommandContext, args: CommandArgs) -> Reply:
    if set(args.options) - {"triad"} or args.users():
        raise Mistake(f"Write the summary in one pair of quotes: {FINDINGS_USAGE}")
    quoted = [t.value for t in args.positional if t.kind == "quoted"]
    if not args.positional:
        triad = ctx.triad(args.option("triad"))
        current = sharing_service.findings_for_edit(ctx.session, ctx.actor, triad)
        ctx.open_modal(findings_modal(triad.id, triad.number, ctx.channel_id, current), FINDINGS_USAGE)
        return Reply("", silent=True)
    if len(quoted) != 1 or len(args.positional) != 1:
        raise Mistake(f"Write the summary in one pair of quotes: {FINDINGS_USAGE}")
    triad = ctx.triad(args.option("triad"))
    written = sharing_service.write_findings(ctx.session, ctx.actor, triad, quoted[0], ctx.now())
    channel, user = triad.channel_id, ctx.user_id
    ctx.after_ack(lambda: announce_findings(ctx.client, channel, user, written.replaced, ctx.tell))
    return Reply(findings_reply(written))


def findings_reply(written: sharing_service.FindingsWritten) -> str:
    out = (
        f":white_check_mark: Summary of the findings saved for triad {written.triad_number}; "
        "it is private to the triad until the host DCS shares it."
    )
    if written.summary_shared:
        out += (
            "\nThe host shared the earlier summary; the archive keeps those words until the host shares again "
            "with `/peer share`."
        )
    return out


@subcommand("share", mutates=False)
def share(ctx: CommandContext, args: CommandArgs) -> Reply:
    if args.positional or set(args.options) - {"triad"}:
        raise Mistake(
            "`/peer share` takes nothing but an optional triad:N; it opens a form of what to share, with whom."
        )
    triad = ctx.triad(args.option("triad"))
    preview = sharing_service.share_preview(ctx.session, ctx.actor, triad)
    if all(option.item is None for option in preview.options):
        return Reply(
            f"Triad {triad.number} has nothing to share yet: no agreed line of enquiry, summary of the findings, "
            "attached file or action. `/peer share` shows each of them once there is one."
        )
    ctx.open_modal(share_modal(preview, ctx.channel_id), "`/peer share` again in a moment")
    return Reply("", silent=True)


@subcommand("archive", "search", mutates=False)
def archive_search(ctx: CommandContext, args: CommandArgs) -> Reply:
    if set(args.options):
        raise Mistake(f"Put the words in quotes: {SEARCH_USAGE}")
    query = " ".join(args.texts())
    if not query.strip():
        raise Mistake(f"Say what to look for: {SEARCH_USAGE}")
    found = sharing_service.search_archive(ctx.session, ctx.actor, query)
    text, result_blocks = archive_results(query, found.terms, found.hits)
    return Reply(text, result_blocks)
