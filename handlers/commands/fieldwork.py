"""The fieldwork visit: day-1 interviews, the two-day agenda and the triad's calendar (.ics).

The rules live in ``bot/rules/fieldwork.py`` and ``bot/rules/calendar_ics.py``, the use cases in
``bot/services/fieldwork.py``; this module reads the command, calls the service, and words the answer
(with the builders of ``handlers/blocks/fieldwork.py``).
"""

from __future__ import annotations

import logging

from bot.rules import limits
from bot.rules.dates import parse_slot
from bot.services import fieldwork as fieldwork_service
from bot.services.fieldwork import Slot
from bot.services.triads import triad_dates
from handlers.blocks import fieldwork as fieldwork_blocks
from handlers.blocks.fieldwork import agenda_message, interview_line, no_interviews
from handlers.commands.context import CommandContext, Reply, item_number
from handlers.commands.parser import CommandArgs
from handlers.commands.registry import subcommand
from handlers.effects.calendar import calendar_job, post_calendar
from handlers.mistakes import Mistake
from handlers.mrkdwn import escape
from handlers.people import check_people
from handlers.views import forms
from handlers.words.fieldwork import warning_text

logger = logging.getLogger(__name__)

ADD_USAGE = (
    '`/peer interview add "23 July 2018 09:30-10:15" "Head of Early Help" role:"manager" with:@ann @bob '
    'where:"County Hall"`'
)
REMOVE_USAGE = "`/peer interview remove 2` (`/peer interview list` shows the numbers)"
ADD_OPTIONS = {"role", "with", "where", "triad"}
MAX_SLOT, MAX_TEXT = limits.SLOT, limits.STAKEHOLDER  # the columns' sizes


# --------------------------------------------------------------------------- interview add


def _text_option(args: CommandArgs, key: str, what: str) -> str | None:
    if not args.has(key):
        return None
    tokens = args.option_tokens(key)
    if any(t.kind not in ("word", "quoted") for t in tokens) or not args.option(key):
        raise Mistake(f'{key}: needs {what} in quotes, like {key}:"…". Write it like {ADD_USAGE}')
    value = (args.option(key) or "").strip()
    if len(value) > MAX_TEXT:
        raise Mistake(f"{key}: is {len(value)} characters; keep it under {MAX_TEXT}.")
    return value


def _interviewers(args: CommandArgs) -> tuple[str, ...]:
    if not args.has("with"):
        return ()
    users = args.option_users("with")
    if args.option("with") or not users:
        raise Mistake(
            f"with: takes the interviewers from Slack's @ menu, like `with:@ann @bob`. Write it like {ADD_USAGE}"
        )
    return tuple(dict.fromkeys(users))


@subcommand("interview", "add")
def interview_add(ctx: CommandContext, args: CommandArgs) -> Reply:
    if not args.positional and set(args.options) <= {"triad"}:
        triad = ctx.triad(args.option("triad"))
        _, fieldwork = triad_dates(triad)
        day = fieldwork.start.isoformat() if fieldwork and fieldwork.is_exact else None
        ctx.open_modal(forms.interview_modal(triad.id, triad.number, ctx.channel_id, day), ADD_USAGE)
        return Reply("", silent=True)
    unknown = sorted(set(args.options) - ADD_OPTIONS)
    if unknown:
        raise Mistake(
            f"`{escape(unknown[0])}:` isn't an option of interview add (it takes role:, with: and where:). "
            f"Write it like {ADD_USAGE}"
        )
    if args.users():
        raise Mistake(f"Put the interviewers after with:, like `with:@ann @bob`. Write it like {ADD_USAGE}")
    if len(args.positional) != 2 or any(t.kind != "quoted" for t in args.positional):
        raise Mistake(f"Give the slot and the stakeholder, each in quotes: {ADD_USAGE}")
    slot_text, stakeholder = (t.value.strip() for t in args.positional)
    if not slot_text:
        raise Mistake(f"The slot is empty: give the day and times, like {ADD_USAGE}")
    if not stakeholder:
        raise Mistake(f"Say who is interviewed (the stakeholder), like {ADD_USAGE}")
    if len(slot_text) > MAX_SLOT or len(stakeholder) > MAX_TEXT:
        raise Mistake(
            f"That slot or stakeholder is too long: keep the slot under {MAX_SLOT} characters and the "
            f"stakeholder under {MAX_TEXT}."
        )
    role = _text_option(args, "role", "the stakeholder's role")
    place = _text_option(args, "where", "the place")
    interviewers = _interviewers(args)

    triad = ctx.triad(args.option("triad"))
    slot_day, start, end = parse_slot(slot_text, triad.round.year)
    booked = fieldwork_service.book_interview(
        ctx.session, ctx.actor, triad, Slot(slot_text, slot_day, start, end), stakeholder,
        role=role, place=place, interviewers=interviewers,
    )  # fmt: skip
    check_people(ctx.client, interviewers, "an interviewer")  # members, but one may have left Slack since: rolled back
    summary = interview_line(booked.interview, triad.round.year)
    channel = booked.channel_id
    ctx.after_ack(lambda: ctx.post_to_channel(channel, f"<@{ctx.user_id}> booked interview {summary}"))
    notes = [f":warning: {warning_text(w, triad.round.year, triad.number)}" for w in booked.warnings]
    return ctx.posted(channel, f"Booked interview {summary}", notes)


# --------------------------------------------------------------------------- interview list / remove


@subcommand("interview", "list", mutates=False)
def interview_list(ctx: CommandContext, args: CommandArgs) -> Reply:
    listed = fieldwork_service.interviews_of(ctx.session, ctx.only_triad(args, "interview list"))
    if not listed.interviews:
        return Reply(*no_interviews(listed.triad_id, listed.triad_number))
    return Reply(*fieldwork_blocks.interview_list(listed.triad_number, listed.interviews, listed.year))


@subcommand("interview", "remove")
def interview_remove(ctx: CommandContext, args: CommandArgs) -> Reply:
    texts = args.texts()
    number = item_number(texts[0]) if len(args.positional) == 1 and len(texts) == 1 else None
    if number is None or set(args.options) - {"triad"}:
        raise Mistake(f"Give the interview's number: {REMOVE_USAGE}.")
    triad = ctx.triad(args.option("triad"))
    removed = fieldwork_service.remove_interview(ctx.session, ctx.actor, triad, number)
    summary = interview_line(removed.interview, triad.round.year)
    channel = removed.channel_id
    ctx.after_ack(lambda: ctx.post_to_channel(channel, f"<@{ctx.user_id}> removed interview {summary}"))
    return ctx.posted(channel, f"Removed interview {summary}")


# --------------------------------------------------------------------------- agenda


@subcommand("agenda", mutates=False)
def agenda(ctx: CommandContext, args: CommandArgs) -> Reply:
    return Reply(*agenda_message(fieldwork_service.agenda_data(ctx.session, ctx.only_triad(args, "agenda"))))


# --------------------------------------------------------------------------- calendar


@subcommand("calendar", mutates=False)
def calendar(ctx: CommandContext, args: CommandArgs) -> Reply:
    triad = ctx.only_triad(args, "calendar")
    job = calendar_job(ctx.session, ctx.actor, triad)
    client, user_id, tell, now = ctx.client, ctx.user_id, ctx.tell, ctx.now
    ctx.after_ack(lambda: post_calendar(client, user_id, job, tell, now()))
    return Reply(
        f":hourglass_flowing_sand: Triad {triad.number}'s calendar (`{job.filename}`) "
        f"is on its way to <#{job.channel}>."
    )
