"""The area of focus: propose, agree (host DCS and visiting DCS), withdraw, list."""

from __future__ import annotations

import logging

from bot.rules.focus import LineState, check_line_text
from bot.services import focus as focus_service
from bot.services.themes import themes_of
from handlers.blocks.focus import proposal_blocks
from handlers.commands.context import CommandContext, Reply, item_number
from handlers.commands.parser import CommandArgs
from handlers.commands.registry import subcommand
from handlers.effects.focus import show_line_change, too_many_warning
from handlers.mistakes import Mistake
from handlers.mrkdwn import escape

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
    if set(args.options) - {"triad"} or args.users():
        raise Mistake(f"Write the line of enquiry in quotes: {PROPOSE_USAGE}")
    quoted = [t.value for t in args.positional if t.kind == "quoted"]
    if quoted and len(args.positional) > 1:
        raise Mistake(f"Propose one line at a time, in one pair of quotes: {PROPOSE_USAGE}")
    text = quoted[0] if quoted else " ".join(args.texts())
    check_line_text(text)  # a malformed line is told before the triad is looked up
    triad = ctx.triad(args.option("triad"))
    proposed = focus_service.propose_line(ctx.session, ctx.actor, triad, text)
    number, text = proposed.number, proposed.text
    channel = triad.channel_id
    buttons = proposal_blocks(
        triad.id,
        number,
        text,
        ctx.user_id,
        LineState("proposed", None, None),
        triad.host.dcs_user_id,
        triad.visitor.dcs_user_id,
    )
    ctx.after_ack(
        lambda: ctx.post_to_channel(
            channel,
            f":mag: <@{ctx.user_id}> proposed line of enquiry *{number}*: {escape(text)}\n"
            f"The host DCS and the visiting DCS agree it with `/peer focus agree {number}`.",
            buttons,
        )
    )
    reply = (
        f":white_check_mark: Proposed as line {number}. It is agreed when both the host DCS and the visiting "
        f"DCS run `/peer focus agree {number}`."
    )
    hint = (
        f":bulb: “{escape(text)}” is a clear area; written as a question it is easier to answer in the fieldwork, "
        "e.g. “How well do we …?” — withdraw it and propose the question if you prefer (`/peer focus "
        f"withdraw {number}`)."
    )
    return ctx.posted(channel, reply, [hint] if proposed.short else None)


@subcommand("focus", "agree")
def agree_line(ctx: CommandContext, args: CommandArgs) -> Reply:
    number = _number(args, "agree")
    triad = ctx.triad(args.option("triad"))
    change = focus_service.agree_line(ctx.session, ctx.actor, triad, number)
    if not change.newly_agreed:
        return Reply(f":white_check_mark: You agreed line {number}; it is waiting for the {change.waiting_for}.")
    ctx.after_ack(lambda: show_line_change(ctx.client, ctx.uow, change, ctx.user_id, None, ctx.tell))
    reply = (
        f":white_check_mark: Line {number} is agreed by the host DCS and the visiting DCS, and pinned in the channel."
    )
    return ctx.posted(change.channel_id, reply, [too_many_warning(change.agreed_count)] if change.too_many else None)


@subcommand("focus", "withdraw")
def withdraw(ctx: CommandContext, args: CommandArgs) -> Reply:
    number = _number(args, "withdraw")
    triad = ctx.triad(args.option("triad"))
    change = focus_service.withdraw_line(ctx.session, ctx.actor, triad, number)
    ctx.after_ack(lambda: show_line_change(ctx.client, ctx.uow, change, ctx.user_id, None, ctx.tell))
    return ctx.posted(
        change.channel_id,
        f":white_check_mark: Line {number} withdrawn"
        + (" (it had been agreed; its pinned message is marked withdrawn)." if change.was_agreed else "."),
    )


@subcommand("focus", "list", mutates=False)
def focus_list(ctx: CommandContext, args: CommandArgs) -> Reply:
    triad = ctx.only_triad(args, "focus list")
    found = focus_service.lines_of(ctx.session, triad)
    if not found.lines:
        return Reply(f"Triad {triad.number} has no lines of enquiry yet. Propose one: {PROPOSE_USAGE}")
    themes = themes_of(ctx.session, ctx.team_id, found.lines)
    out = []
    for line in found.lines:
        if line.status == "agreed":
            state = ":white_check_mark: agreed"
        else:
            who = [w for w, by in (("host DCS", line.host_agreed_by), ("visiting DCS", line.visitor_agreed_by)) if by]
            state = "proposed" + (f" — agreed so far by the {' and '.join(who)}" if who else "")
        tagged = ", ".join(escape(t.label) for t in themes[line.id].topics)
        out.append(f"*{line.number}.* {escape(line.text)} — {state}" + (f" · _themes: {tagged}_" if tagged else ""))
    warning = too_many_warning(found.agreed_count) if found.too_many else None
    return Reply(f"*Triad {triad.number} — lines of enquiry*\n" + "\n".join(out) + (f"\n{warning}" if warning else ""))
