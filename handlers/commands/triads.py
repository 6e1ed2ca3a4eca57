"""Triads: forming them (with their Slack channel), dates, status, feedback format, steps done."""

from __future__ import annotations

import logging

from bot.rules.focus import check_feedback_format
from bot.rules.triads import NextStep, Outstanding
from bot.services import admin
from bot.services import triads as triad_service
from bot.services.access import require_coordinator
from handlers import blocks
from handlers.commands.context import CommandContext, Reply
from handlers.commands.parser import CommandArgs
from handlers.commands.registry import subcommand
from handlers.effects.dates import announce_dates
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
            raise Mistake(
                'A triad needs three registered authorities: add them with `/peer authority add "Name" '
                "dcs:@user` first."
            )
        rounds = admin.rounds(ctx.session, ctx.actor)
        if not rounds:
            raise Mistake('There is no round yet: create one first with `/peer round new "SE 2018"`.')
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
        f":hourglass_flowing_sand: Forming the triad for {escape(plan.round_name)}: {escape(plan.host_name)} (host), "
        f"{escape(plan.visitor_name)} (visitor), {escape(plan.observer_name)} (observer). Creating its private channel…"
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
    said, nudge, warning_days = dates_summary(result)
    ctx.after_ack(lambda: announce_dates(ctx.client, result.channel_id, ctx.user_id, said, nudge, ctx.tell))
    said_here = f":white_check_mark: Triad {result.triad_number}: {said}.{nudge}"
    return ctx.posted(result.channel_id, said_here, [warning_days.strip()] if warning_days else None)


def dates_summary(result: triad_service.DatesSet) -> tuple[str, str, str]:
    """(the dates as set, the nudge to confirm imprecise ones, the warning about an unusual visit)."""
    warning_days = ""
    if result.unusual_visit_days is not None:
        warning_days = (
            f" :warning: The visit is normally two days; {escape(result.parsed['fieldwork'].text)} is "
            f"{result.unusual_visit_days}."
        )
    said = "; ".join(f"{DATE_KINDS[k]} {blocks.date_text(v)}" for k, v in result.parsed.items())
    imprecise = [v for v in result.parsed.values() if not v.is_exact]
    nudge = (
        " I'll remind the channel to confirm the imprecise date before the reminders that hang on it."
        if imprecise
        else ""
    )
    return said, nudge, warning_days


@subcommand("status", mutates=False)
def status(ctx: CommandContext, args: CommandArgs) -> Reply:
    st = ctx.only_triad_as(args, "status", triad_service.triad_status)
    triad = st.triad
    focus_text = (
        "\n".join(
            f"{l.number}. {escape(l.text)} — " + ("*agreed*" if l.status == "agreed" else _waiting(l)) for l in st.lines
        )
        or '_No lines of enquiry yet — `/peer focus propose "…"`_'
    )
    feedback = triad.feedback_format or "_not agreed yet_ (`/peer feedback format:presentation`)"
    steps = ", ".join(STEP_LABELS[s] for s in STEP_LABELS if s in st.steps_done) or "none yet"
    texts = [
        f"*Challenge session:* {blocks.date_text(st.challenge)}\n*Fieldwork:* {blocks.date_text(st.fieldwork)}\n"
        f"*Feedback format:* {feedback}\n*Steps done:* {steps}\n"
        f"*Interviews planned:* {st.interviews} · *open actions:* {st.open_actions}",
        f"*The round ({escape(triad.round_name)})*\n*Orientation:* {blocks.date_text(st.round_events.orientation)}"
        f"{blocks.material_link(st.round_events)}\n*Annual summit:* {blocks.date_text(st.round_events.summit)}",
        "*Area of focus*\n" + focus_text,
        "*What comes next*\n" + "\n".join(next_step_lines(st.outstanding)),
    ]
    header = blocks.clip(f"Triad {triad.number} — {triad.round_name}", 150)
    body = [  # as dicts: slack_sdk's objects cost more to convert than the rest of the reply
        {"type": "header", "text": {"type": "plain_text", "text": header, "emoji": True}},
        blocks.roles_section(st.people).to_dict(),
        *({"type": "section", "text": {"type": "mrkdwn", "text": blocks.clip(text)}} for text in texts),
    ]
    return Reply(f"Triad {triad.number} status", body)


def _waiting(line) -> str:
    if line.host_agreed_by:
        return "proposed, agreed by the host DCS, waiting for the visiting DCS"
    if line.visitor_agreed_by:
        return "proposed, agreed by the visiting DCS, waiting for the host DCS"
    return "proposed, waiting for the host and visiting DCS"


NEXT_STEP_TEXT = {
    NextStep.SET_CHALLENGE: '• Set the challenge session date: `/peer dates challenge:"…"`',
    NextStep.CONFIRM_CHALLENGE: "• Confirm the challenge session date (now {date})",
    NextStep.SELF_ASSESSMENT: "• Host: finish the self-assessment, then `/peer mark self-assessment done`",
    NextStep.AGREE_FOCUS: "• Agree the area of focus at the challenge session (`/peer focus agree N`)",
    NextStep.SET_FIELDWORK: '• Set the fieldwork dates: `/peer dates fieldwork:"…"`',
    NextStep.CONFIRM_FIELDWORK: "• Confirm the fieldwork dates (now {date})",
    NextStep.FEEDBACK_FORMAT: "• Agree the feedback format with the host (`/peer feedback format:presentation`)",
    NextStep.REPORT: "• Visiting DCS: write the report after fieldwork, then `/peer mark report done`",
}


def next_step_lines(outstanding: list[Outstanding]) -> list[str]:
    lines = [NEXT_STEP_TEXT[o.step].format(date=escape(o.date.describe()) if o.date else "") for o in outstanding]
    return lines or ["• Nothing outstanding — well done."]


@subcommand("feedback")
def feedback(ctx: CommandContext, args: CommandArgs) -> Reply:
    unknown = sorted(set(args.options) - {"format", "triad"})
    if unknown or args.positional:
        raise Mistake("Write the feedback format as `/peer feedback format:presentation` (or written, verbal).")
    check_feedback_format(args.option("format"))  # a mistyped format is told before anything is looked up
    triad = ctx.triad(args.option("triad"))
    value = triad_service.agree_feedback_format(ctx.session, ctx.actor, triad, args.option("format"))
    channel = triad.channel_id
    host = escape(triad.host.name)
    ctx.after_ack(
        lambda: ctx.post_to_channel(
            channel, f":speech_balloon: Feedback format agreed with {host}: *{value}* (recorded by <@{ctx.user_id}>)."
        )
    )
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
    ctx.after_ack(
        lambda: ctx.post_to_channel(
            channel, f":white_check_mark: <@{ctx.user_id}> marked the {STEP_LABELS[step]} done."
        )
    )
    return ctx.posted(
        channel,
        f":white_check_mark: {STEP_LABELS[step].capitalize()} marked done for triad {triad.number}; "
        "its reminders are cancelled.",
    )
