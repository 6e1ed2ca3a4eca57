"""The area of focus: propose, agree (host DCS and visiting DCS), withdraw, list."""
from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from handlers.commands.parser import CommandArgs
from bot.rules.focus import LineState, agree, check_line_text, too_many_agreed_warning
from handlers.commands.context import CommandContext, Reply, UserError, item_number
from handlers.commands.registry import subcommand
from storage import queries
from storage.db import transaction
from storage.models import FocusLine

logger = logging.getLogger(__name__)

PROPOSE_USAGE = '`/peer focus propose "How well do we hear the voice of the child in plans?"`'


def _number(args: CommandArgs, verb: str) -> int:
    texts = args.texts()
    number = item_number(texts[0]) if len(texts) == 1 else None
    if number is None or set(args.options) - {"triad"}:
        raise UserError(f"Give the line's number: `/peer focus {verb} 2` (`/peer focus list` shows them).")
    return number


def _line(ctx: CommandContext, triad_id: int, number: int) -> FocusLine:
    line = queries.focus_line(ctx.session, triad_id, number, for_update=True)
    if line is None:
        raise UserError(f"There is no line of enquiry {number} — `/peer focus list` shows them.")
    return line


@subcommand("focus", "propose", usage='focus propose "<line of enquiry>"')
def propose(ctx: CommandContext, args: CommandArgs) -> Reply:
    if set(args.options) - {"triad"} or args.users():
        raise UserError(f"Write the line of enquiry in quotes: {PROPOSE_USAGE}")
    quoted = [t.value for t in args.positional if t.kind == "quoted"]
    if quoted and len(args.positional) > 1:
        raise UserError(f"Propose one line at a time, in one pair of quotes: {PROPOSE_USAGE}")
    text = check_line_text(quoted[0] if quoted else " ".join(args.texts()))
    triad = ctx.triad(args.option("triad"))
    for line in queries.focus_lines(ctx.session, triad.id):
        if line.text.casefold() == text.casefold():
            raise UserError(f"That line is already proposed as number {line.number}.")
    number = queries.next_number(ctx.session, FocusLine, triad.id)
    ctx.session.add(FocusLine(triad_id=triad.id, number=number, text=text, proposed_by=ctx.user_id))
    channel = triad.channel_id
    ctx.after_ack(
        lambda: ctx.post_to_channel(
            channel,
            f":mag: <@{ctx.user_id}> proposed line of enquiry *{number}*: {text}\n"
            f"The host DCS and the visiting DCS agree it with `/peer focus agree {number}`.",
        )
    )
    return Reply(f":white_check_mark: Proposed as line {number}. It is agreed when both the host DCS and the visiting DCS run `/peer focus agree {number}`.")


@subcommand("focus", "agree", usage="focus agree N")
def agree_line(ctx: CommandContext, args: CommandArgs) -> Reply:
    number = _number(args, "agree")
    triad = ctx.triad(args.option("triad"))
    line = _line(ctx, triad.id, number)
    result = agree(
        LineState(line.status, line.host_agreed_by, line.visitor_agreed_by),
        ctx.user_id,
        triad.host.dcs_user_id,
        triad.visitor.dcs_user_id,
    )
    line.status = result.state.status
    line.host_agreed_by, line.visitor_agreed_by = result.state.host_agreed_by, result.state.visitor_agreed_by
    if not result.newly_agreed:
        return Reply(f":white_check_mark: You agreed line {number}; it is waiting for the {result.waiting_for}.")
    ctx.session.flush()
    agreed = queries.agreed_lines(ctx.session, triad.id)
    warning = too_many_agreed_warning(len(agreed))
    channel, line_id, text = triad.channel_id, line.id, line.text
    ctx.after_ack(lambda: announce_and_pin(ctx, channel, line_id, number, text, warning))
    reply = f":white_check_mark: Line {number} is agreed by the host DCS and the visiting DCS, and pinned in the channel."
    return Reply(reply + (f"\n{warning}" if warning else ""))


def announce_and_pin(ctx: CommandContext, channel: str | None, line_id: int, number: int, text: str, warning: str | None) -> None:
    message = ctx.post_to_channel(channel, f":pushpin: *Agreed line of enquiry {number}:* {text}" + (f"\n{warning}" if warning else ""))
    if not message:
        return
    try:
        ctx.client.pins_add(channel=channel, timestamp=message["ts"])
    except SlackApiError as exc:
        logger.warning("pin failed: %s", exc.response.get("error"))
        return
    with transaction(ctx.sessions) as session:
        line = session.get(FocusLine, line_id)
        if line is not None:
            line.pinned_ts = message["ts"]


@subcommand("focus", "withdraw", usage="focus withdraw N")
def withdraw(ctx: CommandContext, args: CommandArgs) -> Reply:
    number = _number(args, "withdraw")
    triad = ctx.triad(args.option("triad"))
    line = _line(ctx, triad.id, number)
    if line.status == "withdrawn":
        raise UserError(f"Line {number} is already withdrawn.")
    allowed = {line.proposed_by, triad.host.dcs_user_id, triad.visitor.dcs_user_id}
    if ctx.user_id not in allowed and not ctx.is_coordinator():
        raise UserError("Only whoever proposed the line, the host DCS or the visiting DCS can withdraw it (the host keeps ownership of the focus).")
    was_agreed = line.status == "agreed"
    line.status = "withdrawn"
    channel, pinned, text = triad.channel_id, line.pinned_ts, line.text
    line.pinned_ts = None

    def tell_channel() -> None:
        if pinned:  # the pinned announcement is struck through rather than left looking agreed
            try:
                ctx.client.chat_update(channel=channel, ts=pinned, text=f":wastebasket: ~Agreed line of enquiry {number}: {text}~ (withdrawn)")
            except SlackApiError as exc:
                logger.info("could not update pinned line %s: %s", pinned, exc.response.get("error"))
        ctx.post_to_channel(channel, f":wastebasket: <@{ctx.user_id}> withdrew line of enquiry {number}: {text}")

    ctx.after_ack(tell_channel)
    return Reply(f":white_check_mark: Line {number} withdrawn" + (" (it had been agreed; its pinned message is marked withdrawn)." if was_agreed else "."))


@subcommand("focus", "list", mutates=False, usage="focus list")
def focus_list(ctx: CommandContext, args: CommandArgs) -> Reply:
    if args.positional or set(args.options) - {"triad"}:
        raise UserError("`/peer focus list` takes nothing but an optional triad:N.")
    triad = ctx.triad(args.option("triad"))
    lines = queries.focus_lines(ctx.session, triad.id)
    if not lines:
        return Reply(f"Triad {triad.number} has no lines of enquiry yet. Propose one: {PROPOSE_USAGE}")
    out = []
    for line in lines:
        if line.status == "agreed":
            state = ":white_check_mark: agreed"
        else:
            who = [w for w, by in (("host DCS", line.host_agreed_by), ("visiting DCS", line.visitor_agreed_by)) if by]
            state = "proposed" + (f" — agreed so far by the {' and '.join(who)}" if who else "")
        out.append(f"*{line.number}.* {line.text} — {state}")
    agreed = sum(1 for line in lines if line.status == "agreed")
    warning = too_many_agreed_warning(agreed)
    return Reply(f"*Triad {triad.number} — lines of enquiry*\n" + "\n".join(out) + (f"\n{warning}" if warning else ""))
