"""The area of focus: propose, agree (host DCS and visiting DCS), withdraw, list."""

from __future__ import annotations

import logging

from bot.rules.focus import LineState, check_line_text
from bot.services import focus as focus_service
from bot.services.themes import themes_of
from handlers.blocks.focus import (
    Listed,
    lines_blocks,
    lines_fallback,
    propose_modal,
    question_tip,
    too_many_warning,
    you_agreed_text,
)
from handlers.commands.context import CommandContext, Reply, item_number
from handlers.commands.parser import CommandArgs
from handlers.commands.registry import subcommand
from handlers.effects.focus import announce_proposal, show_line_change
from handlers.mistakes import Mistake

logger = logging.getLogger(__name__)

PROPOSE_USAGE = '`/peer focus propose "How well do we hear the voice of the child in plans?"`'


def _number(args: CommandArgs, verb: str) -> int:
    texts = args.texts()
    number = item_number(texts[0]) if len(texts) == 1 else None
    if number is None or set(args.options) - {"triad"}:
        raise Mistake(f"Give the line's number: `/peer focus {verb} 2` (`/peer focus list` shows them).")
    return number


@subcommand("focus", "propose")
def propose(ctx: CommandContext, args: CommandArgs) -> Reply:
    if not args.positional and set(args.options) <= {"triad"} and not args.users():
        triad = ctx.triad(args.option("triad"))
        ctx.open_modal(propose_modal(triad.id, triad.number, ctx.channel_id), PROPOSE_USAGE)
        return Reply("", silent=True)
    if set(args.options) - {"triad"} or args.users():
        raise Mistake(f"Write the line of enquiry in quotes: {PROPOSE_USAGE}")
    quoted = [t.value for t in args.positional if t.kind == "quoted"]
    if quoted and len(args.positional) > 1:
        raise Mistake(f"Propose one line at a time, in one pair of quotes: {PROPOSE_USAGE}")
    text = quoted[0] if quoted else " ".join(args.texts())
    check_line_text(text)  # a malformed line is told before the triad is looked up
    triad = ctx.triad(args.option("triad"))
    proposed = focus_service.propose_line(ctx.session, ctx.actor, triad, text)
    ctx.after_ack(lambda: announce_proposal(ctx.client, proposed, ctx.tell))
    tip = [question_tip(proposed.number)] if proposed.short else None
    return ctx.posted(proposed.channel_id, f":white_check_mark: Proposed as line {proposed.number}.", tip)


@subcommand("focus", "agree")
def agree_line(ctx: CommandContext, args: CommandArgs) -> Reply:
    number = _number(args, "agree")
    triad = ctx.triad(args.option("triad"))
    change = focus_service.agree_line(ctx.session, ctx.actor, triad, number)
    if not change.newly_agreed:
        return Reply(you_agreed_text(number, change.waiting_for))
    ctx.after_ack(lambda: show_line_change(ctx.client, ctx.uow, change, ctx.user_id, None, ctx.tell))
    reply = f":white_check_mark: Line {number} agreed and pinned."
    return ctx.posted(change.channel_id, reply, [too_many_warning(change.agreed_count)] if change.too_many else None)


@subcommand("focus", "withdraw")
def withdraw(ctx: CommandContext, args: CommandArgs) -> Reply:
    number = _number(args, "withdraw")
    triad = ctx.triad(args.option("triad"))
    change = focus_service.withdraw_line(ctx.session, ctx.actor, triad, number)
    ctx.after_ack(lambda: show_line_change(ctx.client, ctx.uow, change, ctx.user_id, None, ctx.tell))
    return ctx.posted(change.channel_id, f":white_check_mark: Line {number} withdrawn.")


@subcommand("focus", "list", mutates=False)
def focus_list(ctx: CommandContext, args: CommandArgs) -> Reply:
    triad = ctx.only_triad(args, "focus list")
    found = focus_service.lines_of(ctx.session, triad)
    themes = themes_of(ctx.session, ctx.team_id, found.lines)
    listed = [
        Listed(
            line.number,
            line.text,
            LineState(line.status, line.host_agreed_by, line.visitor_agreed_by),
            tuple(t.label for t in themes[line.id].topics),
        )
        for line in found.lines
    ]
    blocks = lines_blocks(triad.id, triad.number, listed, found.too_many)
    return Reply(lines_fallback(triad.number, len(listed)), blocks)
