"""Triads: forming them (with their Slack channel), dates, status, feedback format, steps done."""

from __future__ import annotations

import logging

from bot.rules.focus import check_feedback_format
from bot.services import admin
from bot.services import triads as triad_service
from bot.services.access import require_coordinator
from handlers import blocks
from handlers.blocks.triad import status_blocks
from handlers.commands.context import CommandContext, Reply
from handlers.commands.parser import CommandArgs
from handlers.commands.registry import subcommand
from handlers.effects.dates import announce_dates, dates_said, dates_warning
from handlers.effects.triads import form_triad_with_channel
from handlers.mistakes import Mistake
from handlers.mrkdwn import escape
from handlers.views import forms
from handlers.words.triads import DATE_KINDS, STEP_LABELS

logger = logging.getLogger(__name__)

TRIAD_USAGE = '`/peer triad new host:"Oxfordshire" visitor:"Milton Keynes" observer:"Portsmouth" round:"SE 2018"`'
DATES_USAGE = (
    '`/peer dates challenge:"February 2018" fieldwork:"23 & 24 July 2018"` (add `provisional` if not confirmed)'
)
STEPS = {"self-assessment": "self_assessment", "data-profile": "data_profile", "report": "report"}


@subcommand("triad", "new")
def triad_new(ctx: CommandContext, args: CommandArgs) -> Reply:
    require_coordinator(ctx.actor, "form_triad")
    if not args.positional and not args.options:
        authorities = [a.name for a in admin.authorities(ctx.session, ctx.actor)]
        if len(authorities) < 3:
            raise Mistake("A triad needs three registered authorities: add them first (Add authority, on the Home).")
        rounds = admin.rounds(ctx.session, ctx.actor)
        if not rounds:
            raise Mistake("There is no round yet: start one first (New round, on the Home).")
        latest = queries_latest_round_name(ctx)
        ctx.open_modal(
            forms.triad_new_modal(authorities, [r.name for r in rounds], latest, ctx.channel_id), TRIAD_USAGE
        )
        return Reply("", silent=True)
    unknown = sorted(set(args.options) - {"host", "visitor", "observer", "round"})
    if unknown:
        raise Mistake(f"`{escape(unknown[0])}:` isn't an option of triad new. Write it like {TRIAD_USAGE}")
    if args.positional:
        raise Mistake(f"Name the authorities with host:, visitor: and observer:, like {TRIAD_USAGE}")
    names = {}
    for role in ("host", "visitor", "observer"):
        value = args.option(role)
        if not value:
            raise Mistake(f"The {role} is missing. Write it like {TRIAD_USAGE}")
        names[role] = value
    plan = triad_service.plan_triad(ctx.session, ctx.actor, names, args.option("round"))
    ctx.after_ack(lambda: form_triad_with_channel(ctx.client, ctx.sessions, ctx.actor, plan, ctx.now, ctx.tell))
    return Reply(forming_text(plan))


def queries_latest_round_name(ctx: CommandContext) -> str | None:
    latest = admin.latest_round(ctx.session, ctx.actor)
    return latest.name if latest else None


def forming_text(plan: triad_service.TriadPlan) -> str:
    return (
        f":hourglass_flowing_sand: Creating the channel of {escape(plan.host_name)}'s triad, with "
        f"{escape(plan.visitor_name)} visiting and {escape(plan.observer_name)} observing…"
    )


@subcommand("triad", "list", mutates=False)
def triad_list(ctx: CommandContext, args: CommandArgs) -> Reply:
    rows = triad_service.visible_triads(ctx.session, ctx.actor)
    if not rows:
        return Reply(
            "You aren't in any triad yet."
            if not ctx.is_coordinator()
            else "No triads yet. Form one with " + TRIAD_USAGE
        )
    lines = []
    for t in rows:
        challenge, fieldwork = triad_service.triad_dates(t)
        channel = f"<#{t.channel_id}>" if t.channel_id else "no channel"
        lines.append(
            f"• *Triad {t.number}* ({escape(t.round.name)}) — host {escape(t.host.name)}, "
            f"visitor {escape(t.visitor.name)}, observer {escape(t.observer.name)}"
            + (f" and {escape(t.second_observer.name)}" if t.second_observer else "")
            + " · "
            f"challenge {blocks.date_text(challenge)} · fieldwork {blocks.date_text(fieldwork)} · {channel}"
        )
    return Reply("*Triads*\n" + "\n".join(lines))


@subcommand("dates")
def dates(ctx: CommandContext, args: CommandArgs) -> Reply:
    unknown = sorted(set(args.options) - {"challenge", "fieldwork", "triad"})
    if unknown:
        raise Mistake(f"`{escape(unknown[0])}:` isn't a date I keep. Write {DATES_USAGE}")
    provisional = args.provisional(DATES_USAGE)
    given = {k: args.option(k) or "" for k in DATE_KINDS if args.has(k)}
    if not given and not provisional:
        triad = ctx.triad(args.option("triad"))
        challenge, fieldwork = triad_service.triad_dates(triad)
        ctx.open_modal(forms.dates_modal(triad.id, triad.number, challenge, fieldwork), DATES_USAGE)
        return Reply("", silent=True)
    if not given:
        raise Mistake(f"Say which date to set: {DATES_USAGE}")
    triad = ctx.triad(args.option("triad"))
    for kind, text in given.items():
        if not text:
            raise Mistake(f"{kind}: is empty. Write {DATES_USAGE}")
    result = triad_service.set_dates(ctx.session, ctx.actor, triad, given, provisional, ctx.now())
    said, warning = dates_said(result, ctx.user_id), dates_warning(result)
    ctx.after_ack(lambda: announce_dates(ctx.client, result.channel_id, said, ctx.tell))
    return ctx.posted(result.channel_id, said, [warning] if warning else None)


@subcommand("status", mutates=False)
def status(ctx: CommandContext, args: CommandArgs) -> Reply:
    st = ctx.only_triad_as(args, "status", triad_service.triad_status)
    triad = st.triad
    agreed = sum(1 for line in st.lines if line.status == "agreed")
    body = status_blocks(
        triad.id,
        triad.number,
        st.people,
        (st.challenge, st.fieldwork),
        triad.round_year,
        [STEP_LABELS[s] for s in STEP_LABELS if s in st.steps_done],
        (agreed, len(st.lines) - agreed, st.interviews, st.open_actions),
        triad.feedback_format,
        st.outstanding,
    )
    return Reply(f"Triad {triad.number} status", body)


def feedback_agreed(host_name: str, agreed: str, user_id: str) -> str:
    """The triad channel's line when the feedback format is agreed, typed or clicked."""
    return f":speech_balloon: Feedback format agreed with {escape(host_name)}: *{agreed}* (recorded by <@{user_id}>)."


@subcommand("feedback")
def feedback(ctx: CommandContext, args: CommandArgs) -> Reply:
    unknown = sorted(set(args.options) - {"format", "triad"})
    if unknown or args.positional:
        raise Mistake("Write the feedback format as `/peer feedback format:presentation` (or written, verbal).")
    check_feedback_format(args.option("format"))  # a mistyped format is told before anything is looked up
    triad = ctx.triad(args.option("triad"))
    value = triad_service.agree_feedback_format(ctx.session, ctx.actor, triad, args.option("format"))
    channel, said = triad.channel_id, feedback_agreed(triad.host.name, value, ctx.user_id)
    ctx.after_ack(lambda: ctx.post_to_channel(channel, said))
    return ctx.posted(channel, f":white_check_mark: Feedback format for triad {triad.number}: {value}.")


@subcommand("mark")
def mark(ctx: CommandContext, args: CommandArgs) -> Reply:
    words_given = [t.value.lower() for t in args.positional]
    usage = "`/peer mark self-assessment done` (or data-profile, report)"
    if (
        set(args.options) - {"triad"}
        or len(words_given) != 2
        or words_given[1] != "done"
        or words_given[0] not in STEPS
    ):
        raise Mistake(f"Write it as {usage}.")
    triad = ctx.triad(args.option("triad"))
    step = STEPS[words_given[0]]
    triad_service.mark_step_done(ctx.session, ctx.actor, triad, step, ctx.now())
    channel = triad.channel_id
    done = f":white_check_mark: <@{ctx.user_id}> marked the {STEP_LABELS[step]} done; its reminders are cancelled."
    ctx.after_ack(lambda: ctx.post_to_channel(channel, done))
    return ctx.posted(
        channel,
        f":white_check_mark: {STEP_LABELS[step].capitalize()} marked done for triad {triad.number}; "
        "its reminders are cancelled.",
    )
