"""The round's own dates and material: /peer round dates, /peer round material."""

from __future__ import annotations

from bot.services import rounds as round_service
from bot.services.access import require_coordinator
from bot.services.rounds import ROUND_DATE_KINDS
from handlers.commands.context import CommandContext, Reply
from handlers.commands.parser import CommandArgs
from handlers.commands.registry import subcommand
from handlers.effects.dates import announce_round_dates, round_dates_said
from handlers.mistakes import Mistake
from handlers.mrkdwn import escape
from handlers.views import forms

ROUND_DATES_USAGE = (
    '`/peer round dates orientation:"Early January 2018" summit:"14 March 2019"` '
    '(add `round:"SE 2018"` for another round than the latest, `provisional` if not confirmed, '
    "`orientation:none` to remove one)"
)
MATERIAL_USAGE = '`/peer round material orientation "https://…"` (or `none` to remove it)'
CLEAR_WORDS = ("none", "clear", "-")


@subcommand("round", "dates")
def round_dates(ctx: CommandContext, args: CommandArgs) -> Reply:
    require_coordinator(ctx.actor, "set_round_dates")
    unknown = sorted(set(args.options) - {*ROUND_DATE_KINDS, "round"})
    if unknown:
        raise Mistake(f"`{escape(unknown[0])}:` isn't a date of the round. Write {ROUND_DATES_USAGE}")
    provisional = args.provisional(ROUND_DATES_USAGE)
    given: dict[str, str | None] = {}
    for kind in ROUND_DATE_KINDS:
        if not args.has(kind):
            continue
        text = (args.option(kind) or "").strip()
        if not text:
            raise Mistake(f"{kind}: is empty. Write {ROUND_DATES_USAGE}")
        given[kind] = None if text.lower() in CLEAR_WORDS else text
    if not given and not provisional:
        round_ = round_service.find_round(ctx.session, ctx.actor, args.option("round"))
        orientation, summit = round_service.given_dates(round_)
        ctx.open_modal(forms.round_dates_modal(round_.id, round_.name, orientation, summit), ROUND_DATES_USAGE)
        return Reply("", silent=True)
    if not given:
        raise Mistake(f"Say which date to set: {ROUND_DATES_USAGE}")
    result = round_service.set_round_dates(ctx.session, ctx.actor, args.option("round"), given, provisional, ctx.now())
    said = round_dates_said(result)
    ctx.after_ack(
        lambda: announce_round_dates(ctx.client, result.channels, ctx.user_id, result.round_name, said, ctx.tell)
    )
    reply = round_dates_reply(result, said, ctx.channel_id)
    return Reply(reply, silent=not reply)


def round_dates_reply(result: round_service.RoundDatesSet, said: str, here: str | None) -> str:
    """To the coordinator: the dates when no triad channel shows them, else where they are posted; a nudge
    about an imprecise one (the coordinators confirm it)."""
    nudge = "\nI'll ask for the exact day in good time." if any(not v.is_exact for v in result.parsed.values()) else ""
    if here in result.channels:
        return nudge.strip()
    if result.channels:
        n = len(result.channels)
        return f":white_check_mark: Posted in the round's {n} triad channel{'s' if n != 1 else ''}.{nudge}"
    return f":white_check_mark: {escape(result.round_name)}: {said}.{nudge}"


@subcommand("round", "material")
def round_material(ctx: CommandContext, args: CommandArgs) -> Reply:
    require_coordinator(ctx.actor, "set_round_material")
    if set(args.options) - {"round"}:
        raise Mistake(f"Write it like {MATERIAL_USAGE}")
    given = [(t.kind, t.value) for t in args.positional]
    if len(given) != 2 or given[0][1].lower() != "orientation" or given[1][0] not in ("word", "quoted", "link"):
        raise Mistake(f"Write it like {MATERIAL_USAGE}")
    # Slack sends a pasted link as <https://…> (a "link" token); typed in quotes it may keep the brackets.
    link: str | None = given[1][1].strip().strip("<>").split("|")[0]
    if given[1][1].strip().lower() in CLEAR_WORDS:
        link = None
    result = round_service.set_orientation_material(ctx.session, ctx.actor, args.option("round"), link, ctx.now())
    if result.link is None:
        return Reply(f":white_check_mark: {escape(result.round_name)}: the orientation material is removed.")
    return Reply(
        f":white_check_mark: {escape(result.round_name)}: the orientation material is <{escape(result.link)}|linked> "
        "from every triad's programme and the orientation reminders."
    )
