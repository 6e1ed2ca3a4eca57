"""Reminders: `/peer remind "…" at:"…" | in:"…"` (a custom one in the triad channel),
`/peer reminders` (what is coming for the triad) and `/peer reminders cancel N` (a custom one)."""

from __future__ import annotations

import re

from bot.rules import limits
from bot.rules.dates import DateError, parse_duration, parse_local_datetime
from bot.services import custom_reminders as reminder_service
from handlers.commands.context import CommandContext, Reply, item_number
from handlers.commands.parser import CommandArgs
from handlers.commands.registry import subcommand
from handlers.mistakes import Mistake
from handlers.mrkdwn import escape
from handlers.views import forms
from handlers.words.dates import describe
from handlers.words.reminders import local_text, short_local
from storage.models import Reminder

REMIND_USAGE = '`/peer remind "Send the interview list" at:"2018-07-20 09:00"` or `in:"30 minutes"`'
CANCEL_USAGE = "`/peer reminders cancel 2` (`/peer reminders` shows the numbers)"
MAX_TEXT = limits.REMINDER
MAX_LISTED = 30
CUSTOM_PREFIX_RE = re.compile(r"^:alarm_clock: Reminder from <@[A-Z0-9]+>: ")

KIND_LABELS = {
    "self_assessment_due": "self-assessment due",
    "data_profile_due": "data profile due",
    "challenge_session": "challenge session",
    "confirm_date": "confirm an imprecise date",
    "pre_visit": "pre-visit conversation",
    "finalise_interviews": "finalise interviews",
    "fieldwork_agenda": "fieldwork agenda",
    "report_due": "report due",
    "action_due": "action due",
    "follow_up": "four-month follow-up",
    "custom": "custom",
}


def recipient_text(recipient: str) -> str:
    return f"<#{recipient}>" if recipient[:1] in ("C", "G") else f"<@{recipient}>"


def custom_body(reminder: Reminder) -> str:
    return CUSTOM_PREFIX_RE.sub("", reminder.text)


def _one_option(args: CommandArgs, key: str) -> str | None:
    if not args.has(key):
        return None
    tokens = args.option_tokens(key)
    if not tokens:
        raise Mistake(f"{key}: is empty. Write {REMIND_USAGE}")
    if len(tokens) != 1 or tokens[0].kind not in ("word", "quoted"):
        raise Mistake(f"Give one {key}: time, in quotes: {REMIND_USAGE}")
    value = tokens[0].value.strip()
    if not value:
        raise Mistake(f"{key}: is empty. Write {REMIND_USAGE}")
    return value


def _reminder_text(args: CommandArgs) -> str:
    """The reminder's words as mrkdwn: what was typed, escaped; a person picked from the @ menu stays a mention."""
    quoted = [t for t in args.positional if t.kind == "quoted"]
    if quoted:
        if len(args.positional) > 1:
            stray = next((t.value for t in args.positional if t is not quoted[0]), "")
            raise Mistake(
                f'Put the reminder\'s text in one pair of quotes and the time in at:"…" or in:"…" '
                f"(`{escape(stray)}` is left over). Write {REMIND_USAGE}"
            )
        parts = [(quoted[0].value, escape(quoted[0].value))]
    else:
        parts = [
            (f"<@{t.value}>", f"<@{t.value}>") if t.kind == "user" else (t.value, escape(t.value))
            for t in args.positional
        ]
    typed = " ".join(" ".join(p[0] for p in parts).split())
    if not typed:
        raise Mistake(f"Say what to remind the triad of, in quotes: {REMIND_USAGE}")
    if len(typed) > MAX_TEXT:
        raise Mistake(f"That reminder is {len(typed)} characters; keep it under {MAX_TEXT}.")
    return " ".join(" ".join(p[1] for p in parts).split())


@subcommand("remind")
def remind(ctx: CommandContext, args: CommandArgs) -> Reply:
    if not args.positional and set(args.options) <= {"triad"}:
        triad = ctx.triad(args.option("triad"))
        ctx.open_modal(forms.remind_modal(triad.id, triad.number, ctx.channel_id), REMIND_USAGE)
        return Reply("", silent=True)
    unknown = sorted(set(args.options) - {"at", "in", "triad"})
    if unknown:
        raise Mistake(f"`{unknown[0]}:` isn't an option of remind. Write {REMIND_USAGE}")
    if args.has("at") and args.has("in"):
        raise Mistake(f"Give either at: (a date and time) or in: (a while from now), not both. Write {REMIND_USAGE}")
    if not args.has("at") and not args.has("in"):
        raise Mistake(f'Say when with at:"2018-07-20 09:00" or in:"30 minutes": {REMIND_USAGE}')
    text = _reminder_text(args)
    at, after = _one_option(args, "at"), _one_option(args, "in")
    triad = ctx.triad(args.option("triad"))
    try:
        when = (
            {"at": parse_local_datetime(at, triad.round.year)}
            if at is not None
            else {"after": parse_duration(after or "")}
        )
    except DateError as exc:
        raise Mistake(f"Reminder time: {describe(exc)}") from None
    created = reminder_service.set_reminder(
        ctx.session, ctx.actor, triad, f":alarm_clock: Reminder from <@{ctx.user_id}>: {text}", ctx.now(),
        fallback_zone=ctx.settings.peer_timezone, **when,
    )  # fmt: skip
    return Reply(
        f":alarm_clock: Reminder {created.number} set for {local_text(created.due_at, created.zone)} "
        f"({created.zone.key}), "
        f"in <#{created.channel_id}>: {text}\nCancel it with `/peer reminders cancel {created.number}`."
    )


@subcommand("reminders", mutates=False)
def reminders(ctx: CommandContext, args: CommandArgs) -> Reply:
    if args.positional or set(args.options) - {"triad"}:
        said = args.positional[0].value if args.positional else f"{sorted(set(args.options) - {'triad'})[0]}:"
        raise Mistake(
            f"`/peer reminders` takes only triad:N (`{said}` isn't something it knows); to cancel one: {CANCEL_USAGE}."
        )
    listed = reminder_service.coming_reminders(
        ctx.session, ctx.actor, ctx.triad(args.option("triad")), ctx.settings.peer_timezone
    )
    number, tz, coming = listed.triad_number, listed.zone, listed.reminders
    if not coming:
        return Reply(
            f"Nothing is coming up for triad {number}. Reminders are planned from the dates "
            '(`/peer dates challenge:"…" fieldwork:"…"`); add your own with ' + REMIND_USAGE + "."
        )
    lines = []
    for r, custom in coming[:MAX_LISTED]:
        when = short_local(r.due_at, tz)
        to = recipient_text(r.recipient)
        if custom is not None:
            lines.append(f"• *{custom}.* {when} — custom, in {to}: {custom_body(r)[:200]}")
        else:
            label = KIND_LABELS.get(r.kind, r.kind.replace("_", " "))
            if r.key.startswith("follow_up:chase"):
                label = "follow-up: one reminder to the host"
            lines.append(f"• {when} — {label}, to {to}")
    if len(coming) > MAX_LISTED:
        lines.append(f"…and {len(coming) - MAX_LISTED} more.")
    footer = "_Planned reminders stop when their step is marked done (`/peer mark self-assessment done`)"
    if any(custom is not None for _, custom in coming[:MAX_LISTED]):
        footer += f"; numbered ones are custom: cancel with {CANCEL_USAGE}"
    return Reply(f"*Coming up for triad {number}* (times in {tz.key})\n" + "\n".join(lines) + "\n" + footer + "._")


@subcommand("reminders", "cancel")
def reminders_cancel(ctx: CommandContext, args: CommandArgs) -> Reply:
    texts = [t.value for t in args.positional]
    number = item_number(texts[0]) if len(texts) == 1 else None
    if set(args.options) - {"triad"} or args.users() or number is None:
        raise Mistake(f"Give the custom reminder's number: {CANCEL_USAGE}.")
    cancelled = reminder_service.cancel_reminder(
        ctx.session, ctx.actor, ctx.triad(args.option("triad")), number, ctx.settings.peer_timezone
    )
    reminder = cancelled.reminder
    return Reply(
        f":white_check_mark: Cancelled reminder {number} ({local_text(reminder.due_at, cancelled.zone)}): "
        f"{custom_body(reminder)}"
    )
