"""The fieldwork visit: day-1 interviews, the two-day agenda and the triad's calendar (.ics).

The rules live in ``bot/rules/fieldwork.py`` and ``bot/rules/calendar_ics.py``, the use cases in
``bot/services/fieldwork.py``; this module reads the command, calls the service, and words the answer
(with the builders of ``handlers/blocks/fieldwork.py``).
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError

from bot.rules import limits
from bot.rules.calendar_ics import CalendarInput, build_calendar
from bot.rules.dates import parse_slot
from bot.rules.fieldwork import build_agenda
from bot.services import fieldwork as fieldwork_service
from bot.services.fieldwork import Slot
from bot.services.triads import triad_dates
from handlers import blocks
from handlers.blocks.fieldwork import agenda_blocks, interview_line, sections
from handlers.commands.context import CommandContext, Reply, item_number
from handlers.commands.parser import CommandArgs
from handlers.commands.registry import subcommand
from handlers.mistakes import Mistake
from handlers.mrkdwn import escape
from handlers.people import check_people, display_names
from handlers.views import forms
from storage.models import Triad

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
    summary = interview_line(booked.interview)
    channel = booked.channel_id
    ctx.after_ack(
        lambda: ctx.post_to_channel(channel, f":spiral_calendar_pad: <@{ctx.user_id}> booked interview {summary}")
    )
    notes = [f":warning: {escape(w)}" for w in booked.warnings]
    return ctx.posted(channel, f":white_check_mark: Booked interview {summary}", notes)


# --------------------------------------------------------------------------- interview list / remove


@subcommand("interview", "list", mutates=False)
def interview_list(ctx: CommandContext, args: CommandArgs) -> Reply:
    listed = fieldwork_service.interviews_of(ctx.session, ctx.only_triad(args, "interview list"))
    number, interviews = listed.triad_number, listed.interviews
    if not interviews:
        return Reply(f"Triad {number} has no interviews booked yet. Book one: {ADD_USAGE}")
    heading = f"*Triad {number} — interviews* (fieldwork {blocks.date_text(listed.fieldwork)})"
    lines = [f"• {interview_line(i)}" for i in interviews]
    return Reply(f"Triad {number}: {len(interviews)} interviews", sections(heading, lines))


@subcommand("interview", "remove")
def interview_remove(ctx: CommandContext, args: CommandArgs) -> Reply:
    texts = args.texts()
    number = item_number(texts[0]) if len(args.positional) == 1 and len(texts) == 1 else None
    if number is None or set(args.options) - {"triad"}:
        raise Mistake(f"Give the interview's number: {REMOVE_USAGE}.")
    triad = ctx.triad(args.option("triad"))
    removed = fieldwork_service.remove_interview(ctx.session, ctx.actor, triad, number)
    summary = interview_line(removed.interview)
    channel = removed.channel_id
    ctx.after_ack(lambda: ctx.post_to_channel(channel, f":wastebasket: <@{ctx.user_id}> removed interview {summary}"))
    return ctx.posted(
        channel, f":white_check_mark: Removed interview {summary}\nThe other interviews keep their numbers."
    )


# --------------------------------------------------------------------------- agenda


@subcommand("agenda", mutates=False)
def agenda(ctx: CommandContext, args: CommandArgs) -> Reply:
    data = fieldwork_service.agenda_data(ctx.session, ctx.only_triad(args, "agenda"))
    days = build_agenda(data.fieldwork, data.interviews, data.agreed_lines)  # agenda_blocks escapes their words
    return Reply(f"Triad {data.triad_number} fieldwork agenda", agenda_blocks(data.triad_number, data.round_name, days))


# --------------------------------------------------------------------------- calendar


@dataclass(frozen=True)
class CalendarJob:
    channel: str
    filename: str
    calendar: CalendarInput  # interviewer_names still empty: looked up after the ack


def calendar_title(triad: Triad) -> str:
    """The calendar's name, for `/peer calendar` and `peerbot calendar` alike."""
    return (
        f"Triad {triad.number} peer challenge: {triad.host.name} (host), "
        f"{triad.visitor.name} (visitor), {triad.observer.name} (observer)"
    )


def calendar_filename(triad_number: int) -> str:
    return f"triad-{triad_number}-peer-challenge.ics"


def post_calendar(ctx: CommandContext, job: CalendarJob) -> None:
    """After the ack: look up names, build the .ics and upload it to the triad's channel."""
    interviewers = [u for i in job.calendar.interviews for u in i.interviewers]
    try:
        calendar = dataclasses.replace(job.calendar, interviewer_names=display_names(ctx.client, interviewers))
        content = build_calendar(calendar, now=ctx.now())
        ctx.client.files_upload_v2(
            channel=job.channel,
            content=content,
            filename=job.filename,
            title=f"Triad {calendar.triad_number} peer challenge calendar",
            initial_comment=(
                f":calendar: <@{ctx.user_id}> asked for triad {calendar.triad_number}'s calendar: challenge session, "
                "fieldwork days, interviews and the four-month follow-up. Open the file to add them to your calendar; "
                "dates not confirmed yet are all-day and tentative."
            ),
        )
    except SlackApiError as exc:
        error = exc.response.get("error", "error")
        logger.warning("calendar upload to %s failed: %s", job.channel, error)
        ctx.tell(
            f":x: I couldn't post the calendar in <#{job.channel}> ({error}). "
            "Is the app still in the channel? Try `/peer calendar` again."
        )
    except Exception:
        logger.exception("building or posting the calendar failed")
        ctx.tell(
            ":x: Something went wrong making the calendar file; nothing was posted. Please try `/peer calendar` again."
        )


@subcommand("calendar", mutates=False)
def calendar(ctx: CommandContext, args: CommandArgs) -> Reply:
    triad = ctx.only_triad(args, "calendar")
    request = fieldwork_service.calendar_input(ctx.session, ctx.actor, triad, calendar_title(triad))
    job = CalendarJob(channel=request.channel_id, filename=calendar_filename(triad.number), calendar=request.calendar)
    ctx.after_ack(lambda: post_calendar(ctx, job))
    return Reply(
        f":hourglass_flowing_sand: Triad {triad.number}'s calendar (`{job.filename}`) "
        f"is on its way to <#{job.channel}>."
    )
