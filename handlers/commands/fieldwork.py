"""The fieldwork visit: day-1 interviews, the two-day agenda and the triad's calendar (.ics).

The rules (clashes, warnings, the agenda's shape, the calendar's events) live in
``bot/fieldwork.py`` and ``bot/calendar_ics.py``; this module reads the command, asks
the database, and renders the answer.
"""
from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import Block, ContextBlock, DividerBlock, HeaderBlock, MarkdownTextObject

from bot.rules.calendar_ics import CalendarInput, build_calendar
from handlers.commands.parser import CommandArgs
from bot.rules.dates import parse_slot
from bot.rules.fieldwork import AgendaDay, AgendaItem, Clash, Interview, build_agenda, describe_clash, find_clashes, format_time, interview_warnings
from bot.rules.reminder_plan import PlanConfig, follow_up_day
from handlers import blocks
from handlers.commands.triads import triad_dates
from handlers.commands.context import CommandContext, Reply, UserError, item_number
from handlers.commands.registry import subcommand
from storage import fieldwork_store, queries
from storage.models import Interview as InterviewRow
from storage.models import Triad

logger = logging.getLogger(__name__)

ADD_USAGE = '`/peer interview add "23 July 2018 09:30-10:15" "Head of Early Help" role:"manager" with:@ann @bob where:"County Hall"`'
REMOVE_USAGE = "`/peer interview remove 2` (`/peer interview list` shows the numbers)"
ADD_OPTIONS = {"role", "with", "where", "triad"}
MAX_SLOT, MAX_TEXT = 120, 200  # the columns' sizes
MAX_BLOCKS = 50


def _esc(text: str) -> str:
    """User-given text made safe for mrkdwn (no stray mentions or links)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _people(user_ids) -> str:
    return ", ".join(f"<@{u}>" for u in user_ids)


def _only_triad_option(args: CommandArgs, command: str) -> None:
    if args.positional or set(args.options) - {"triad"}:
        raise UserError(f"`/peer {command}` takes nothing but an optional triad:N.")


# --------------------------------------------------------------------------- interview add


def _text_option(args: CommandArgs, key: str, what: str) -> str | None:
    if not args.has(key):
        return None
    tokens = args.option_tokens(key)
    if any(t.kind not in ("word", "quoted") for t in tokens) or not args.option(key):
        raise UserError(f'{key}: needs {what} in quotes, like {key}:"…". Write it like {ADD_USAGE}')
    value = args.option(key).strip()
    if len(value) > MAX_TEXT:
        raise UserError(f"{key}: is {len(value)} characters; keep it under {MAX_TEXT}.")
    return value


def _interviewers(args: CommandArgs) -> tuple[str, ...]:
    if not args.has("with"):
        return ()
    users = args.option_users("with")
    if args.option("with") or not users:
        raise UserError(f"with: takes the interviewers from Slack's @ menu, like `with:@ann @bob`. Write it like {ADD_USAGE}")
    return tuple(dict.fromkeys(users))


def _shown_clash(ctx: CommandContext, clash: Clash, triad: Triad) -> str:
    """Describe a clash; another triad's stakeholder is named only to those who may see that triad."""
    other = clash.other
    if other.triad_number not in (None, triad.number):
        other_triad = queries.triad_by_number(ctx.session, ctx.team_id, other.triad_number)
        if other_triad is None or not queries.triad_people(other_triad, ctx.coordinators).can_access(ctx.user_id):
            clash = dataclasses.replace(clash, other=dataclasses.replace(other, stakeholder="a stakeholder"))
    return describe_clash(clash, triad_number=triad.number)


@subcommand("interview", "add", usage='interview add "23 July 2018 09:30-10:15" "<stakeholder>" [role:"..."] [with:@a @b] [where:"..."]')
def interview_add(ctx: CommandContext, args: CommandArgs) -> Reply:
    unknown = sorted(set(args.options) - ADD_OPTIONS)
    if unknown:
        raise UserError(f"`{unknown[0]}:` isn't an option of interview add (it takes role:, with: and where:). Write it like {ADD_USAGE}")
    if args.users():
        raise UserError(f"Put the interviewers after with:, like `with:@ann @bob`. Write it like {ADD_USAGE}")
    if len(args.positional) != 2 or any(t.kind != "quoted" for t in args.positional):
        raise UserError(f"Give the slot and the stakeholder, each in quotes: {ADD_USAGE}")
    slot_text, stakeholder = (t.value.strip() for t in args.positional)
    if not slot_text:
        raise UserError(f"The slot is empty: give the day and times, like {ADD_USAGE}")
    if not stakeholder:
        raise UserError(f"Say who is interviewed (the stakeholder), like {ADD_USAGE}")
    if len(slot_text) > MAX_SLOT or len(stakeholder) > MAX_TEXT:
        raise UserError(f"That slot or stakeholder is too long: keep the slot under {MAX_SLOT} characters and the stakeholder under {MAX_TEXT}.")
    role = _text_option(args, "role", "the stakeholder's role")
    place = _text_option(args, "where", "the place")
    interviewers = _interviewers(args)

    triad = ctx.triad(args.option("triad"))
    day, start, end = parse_slot(slot_text, triad.round.year)
    people = queries.triad_people(triad, ctx.coordinators)
    outsiders = [u for u in interviewers if not people.is_member(u)]
    if outsiders:
        raise UserError(
            f"<@{outsiders[0]}> isn't a member of triad {triad.number}: interviewers come from the DCSs and teams of "
            f"{people.host.name}, {people.visitor.name} and {people.observer.name} (a coordinator can add them with `/peer authority update`)."
        )

    new = Interview(
        number=fieldwork_store.next_interview_number(ctx.session, triad),
        day=day, start=start, end=end, stakeholder=stakeholder, role=role, place=place,
        interviewers=interviewers, triad_number=triad.number,
    )  # fmt: skip
    clashes = find_clashes(new, fieldwork_store.interviews_on_day(ctx.session, ctx.team_id, day, for_booking=True))
    if clashes:
        said = " ".join(_shown_clash(ctx, clash, triad) for clash in clashes)
        raise UserError(f"That slot double-books an interviewer: {said} Choose another time or another interviewer.")
    _, fieldwork = triad_dates(triad)
    warnings = interview_warnings(new, fieldwork_store.triad_interviews(ctx.session, triad), fieldwork)

    ctx.session.add(
        InterviewRow(
            team_id=ctx.team_id, triad_id=triad.id, number=new.number, slot_text=slot_text,
            day=day, start_time=start, end_time=end, stakeholder=stakeholder, role=role, place=place,
            interviewers=list(new.interviewers), created_by=ctx.user_id,
        )
    )  # fmt: skip
    summary = _interview_line(new)
    channel = triad.channel_id
    ctx.after_ack(lambda: ctx.post_to_channel(channel, f":spiral_calendar_pad: <@{ctx.user_id}> booked interview {summary}"))
    reply = f":white_check_mark: Booked interview {summary}"
    return Reply(reply + "".join(f"\n:warning: {_esc(w)}" for w in warnings))


def _interview_line(interview: Interview) -> str:
    """``2: Monday 23 July 2018, 09:30-10:15 — *Head of Early Help* (manager) · with <@A> · County Hall``."""
    who = f"*{_esc(interview.stakeholder)}*" + (f" ({_esc(interview.role)})" if interview.role else "")
    parts = [f"{interview.number}: {interview.slot} — {who}"]
    parts.append(f"with {_people(interview.interviewers)}" if interview.interviewers else "no interviewer yet")
    if interview.place:
        parts.append(_esc(interview.place))
    return " · ".join(parts)


# --------------------------------------------------------------------------- interview list / remove


@subcommand("interview", "list", mutates=False, usage="interview list")
def interview_list(ctx: CommandContext, args: CommandArgs) -> Reply:
    _only_triad_option(args, "interview list")
    triad = ctx.triad(args.option("triad"))
    interviews = fieldwork_store.triad_interviews(ctx.session, triad)
    if not interviews:
        return Reply(f"Triad {triad.number} has no interviews booked yet. Book one: {ADD_USAGE}")
    _, fieldwork = triad_dates(triad)
    heading = f"*Triad {triad.number} — interviews* (fieldwork {blocks.date_text(fieldwork)})"
    lines = [f"• {_interview_line(i)}" for i in interviews]
    return Reply(f"Triad {triad.number}: {len(interviews)} interviews", _sections(heading, lines))


@subcommand("interview", "remove", usage="interview remove N")
def interview_remove(ctx: CommandContext, args: CommandArgs) -> Reply:
    texts = args.texts()
    number = item_number(texts[0]) if len(args.positional) == 1 and len(texts) == 1 else None
    if number is None or set(args.options) - {"triad"}:
        raise UserError(f"Give the interview's number: {REMOVE_USAGE}.")
    triad = ctx.triad(args.option("triad"))
    row = fieldwork_store.interview_row(ctx.session, triad.id, number)
    if row is None:
        raise UserError(f"There is no interview {number} in triad {triad.number} — `/peer interview list` shows them.")
    summary = _interview_line(fieldwork_store.to_interview(row, triad.number))
    ctx.session.delete(row)
    channel = triad.channel_id
    ctx.after_ack(lambda: ctx.post_to_channel(channel, f":wastebasket: <@{ctx.user_id}> removed interview {summary}"))
    return Reply(f":white_check_mark: Removed interview {summary}\nThe other interviews keep their numbers.")


# --------------------------------------------------------------------------- agenda


def _sections(heading: str, lines: list[str]) -> list[Block]:
    """``heading`` and ``lines`` packed into as few sections as Slack's 3000-character limit allows."""
    texts, current = [], heading
    for line in lines:
        line = blocks.clip(line, blocks.SECTION_LIMIT // 2)
        if len(current) + 1 + len(line) > blocks.SECTION_LIMIT:
            texts.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    texts.append(current)
    return [blocks.section(t) for t in texts if t]


def _when(item: AgendaItem) -> str:
    if item.start is None or item.end is None:
        return "`time not set`"
    return f"`{format_time(item.start)}–{format_time(item.end)}`"


def _agenda_line(item: AgendaItem) -> str:
    if item.kind == "gap":
        return f"{_when(item)} _{item.title}, {item.detail}_"
    line = f"{_when(item)} *{item.title}*"
    return line + (f"\n{item.detail}" if item.detail else "")


def agenda_blocks(triad_number: int, round_name: str, days: tuple[AgendaDay, AgendaDay]) -> list[Block]:
    """The two days as Block Kit, within Slack's 50-block and 3000-character limits."""
    day1, day2 = days
    day1_lines = [_agenda_line(i) for i in day1.items] or ['_No interviews booked yet: `/peer interview add "…"`_']
    first = _sections(f"*{day1.label}*", day1_lines)
    second = _sections(f"*{day2.label}*", [_agenda_line(i) for i in day2.items])
    footer = ContextBlock(
        elements=[MarkdownTextObject(text="Day 2 follows the programme's fixed structure. `/peer calendar` posts all of this as a calendar file.")]
    )
    room = MAX_BLOCKS - 3 - len(second)  # header, divider, footer
    if len(first) > room:
        first = first[: room - 1] + [blocks.section("_…more interviews than fit here: `/peer interview list` shows them all._")]
    header = HeaderBlock(text=blocks.clip(f"Triad {triad_number} — fieldwork agenda ({round_name})", 150))
    return [header, *first, DividerBlock(), *second, footer]


@subcommand("agenda", mutates=False, usage="agenda")
def agenda(ctx: CommandContext, args: CommandArgs) -> Reply:
    _only_triad_option(args, "agenda")
    triad = ctx.triad(args.option("triad"))
    _, fieldwork = triad_dates(triad)
    interviews = [
        dataclasses.replace(
            i, stakeholder=_esc(i.stakeholder), role=i.role and _esc(i.role), place=i.place and _esc(i.place)
        )
        for i in fieldwork_store.triad_interviews(ctx.session, triad)
    ]
    agreed = [(line.number, _esc(line.text)) for line in queries.agreed_lines(ctx.session, triad.id)]
    days = build_agenda(fieldwork, interviews, agreed)
    return Reply(f"Triad {triad.number} fieldwork agenda", agenda_blocks(triad.number, triad.round.name, days))


# --------------------------------------------------------------------------- calendar


@dataclass(frozen=True)
class CalendarJob:
    channel: str
    filename: str
    calendar: CalendarInput  # interviewer_names still empty: looked up after the ack


def calendar_filename(triad_number: int) -> str:
    return f"triad-{triad_number}-peer-challenge.ics"


def display_names(client: WebClient, user_ids) -> dict[str, str]:
    """Display names from users.info; a user Slack can't tell us about keeps their id."""
    names = {}
    for user in dict.fromkeys(user_ids):
        try:
            info = client.users_info(user=user)["user"]
        except SlackApiError as exc:
            logger.info("users.info %s failed: %s", user, exc.response.get("error"))
            continue
        profile = info.get("profile") or {}
        name = profile.get("display_name") or profile.get("real_name") or info.get("real_name") or info.get("name")
        if name:
            names[user] = name
    return names


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
        ctx.tell(f":x: I couldn't post the calendar in <#{job.channel}> ({error}). Is the app still in the channel? Try `/peer calendar` again.")
    except Exception:
        logger.exception("building or posting the calendar failed")
        ctx.tell(":x: Something went wrong making the calendar file; nothing was posted. Please try `/peer calendar` again.")


@subcommand("calendar", mutates=False, usage="calendar")
def calendar(ctx: CommandContext, args: CommandArgs) -> Reply:
    _only_triad_option(args, "calendar")
    triad = ctx.triad(args.option("triad"))
    if not triad.channel_id:
        raise UserError(f"Triad {triad.number} has no channel to post its calendar in.")
    challenge, fieldwork = triad_dates(triad)
    months = PlanConfig.from_dict(triad.round.plan_config).follow_up_months_after_fieldwork
    follow_up = follow_up_day(fieldwork.end, months) if fieldwork is not None else None
    job = CalendarJob(
        channel=triad.channel_id,
        filename=calendar_filename(triad.number),
        calendar=CalendarInput(
            triad_number=triad.number,
            title=f"Triad {triad.number} peer challenge: {triad.host.name} (host), {triad.visitor.name} (visitor), {triad.observer.name} (observer)",
            timezone=triad.round.timezone,
            challenge=challenge,
            fieldwork=fieldwork,
            interviews=tuple(fieldwork_store.triad_interviews(ctx.session, triad)),
            interviewer_names={},
            follow_up=follow_up,
            uid_domain=f"{ctx.team_id.lower()}.peerbot",
        ),
    )
    ctx.after_ack(lambda: post_calendar(ctx, job))
    return Reply(f":hourglass_flowing_sand: Triad {triad.number}'s calendar (`{job.filename}`) is on its way to <#{job.channel}>.")
