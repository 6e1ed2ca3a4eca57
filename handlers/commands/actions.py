"""Actions from the fieldwork workshop: add, progress notes, done, list (grouped by line of enquiry)."""
from __future__ import annotations

import logging
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk.models.blocks import ContextBlock, HeaderBlock, MarkdownTextObject
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from handlers.commands.parser import CommandArgs
from bot.rules.dates import MONTH_NAMES, DateError, parse_fuzzy_date
from handlers import blocks
from handlers.commands.context import CommandContext, Reply, UserError, item_number
from handlers.commands.registry import subcommand
from storage import queries
from storage.models import Action, ActionNote, FocusLine, Triad
from bot.services.replan import replan_triad

logger = logging.getLogger(__name__)

MAX_ACTION_TEXT = 500
MAX_NOTE_TEXT = 1000
MAX_LIST_BLOCKS = 50  # Slack's limit for a message
DEFAULT_ZONE = ZoneInfo("Europe/London")
ADD_USAGE = '`/peer action add "Audit step-down to early help" owner:@ann due:"30 September 2018" focus:1`'
UPDATE_USAGE = '`/peer action update 2 "Audit started; first findings in August"`'


# --------------------------------------------------------------------------- shared with the Home tab


def zone_of(timezone: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(timezone) if timezone else DEFAULT_ZONE
    except (ZoneInfoNotFoundError, ValueError):  # an unknown zone in old data: fall back rather than fail
        return DEFAULT_ZONE


def local_today(now: datetime, timezone: str | None) -> date:
    return now.astimezone(zone_of(timezone)).date()


def day_text(day: date, today: date | None = None) -> str:
    """`30 September` in the current year, `30 September 2018` otherwise."""
    text = f"{day.day} {MONTH_NAMES[day.month]}"
    return text if today is not None and day.year == today.year else f"{text} {day.year}"


def progress_text(action: Action, today: date, zone: ZoneInfo = DEFAULT_ZONE) -> str:
    """Where an action stands, in a supportive voice: never "overdue", always an invitation."""
    if action.status == "done":
        when = f" {day_text(action.done_at.astimezone(zone).date(), today)}" if action.done_at else ""
        return f":white_check_mark: done{when}"
    if action.due_date is None:
        return "open, no due date"
    if action.due_date < today:
        return f"due {day_text(action.due_date, today)} — how is it going?"
    if action.due_date == today:
        return "due today — how is it going?"
    return f"due {day_text(action.due_date, today)}"


def latest_note_text(action: Action, today: date, zone: ZoneInfo = DEFAULT_ZONE) -> str | None:
    if not action.notes:
        return None
    note = action.notes[-1]
    written = day_text(note.created_at.astimezone(zone).date(), today)
    return f"_Latest: “{blocks.clip(note.text, 300)}” — {blocks.mention(note.author)}, {written}_"


# --------------------------------------------------------------------------- helpers


def _actions(ctx: CommandContext, triad: Triad) -> list[Action]:
    return list(
        ctx.session.scalars(
            select(Action)
            .where(Action.team_id == ctx.team_id, Action.triad_id == triad.id)
            .order_by(Action.number)
            .options(selectinload(Action.notes))
        )
    )


def _action(ctx: CommandContext, triad: Triad, number: int) -> Action:
    action = ctx.session.scalar(
        select(Action)
        .where(Action.team_id == ctx.team_id, Action.triad_id == triad.id, Action.number == number)
        .options(selectinload(Action.notes))
    )
    if action is None:
        raise UserError(f"Triad {triad.number} has no action {number} — `/peer action list` shows them.")
    return action


def _number(text: str, usage: str) -> int:
    value = item_number(text)
    if value is None:
        raise UserError(f"`{text}` isn't an action number — write it like {usage} (`/peer action list` shows the numbers).")
    return value


def _reject_unknown(args: CommandArgs, allowed: set[str], usage: str) -> None:
    unknown = sorted(set(args.options) - allowed)
    if unknown:
        raise UserError(f"`{unknown[0]}:` isn't an option here. Write it like {usage}")


def refresh_home_after_ack(ctx: CommandContext, user_id: str) -> None:
    """The owner's Home tab shows their open actions; the person acting is refreshed by the dispatcher."""
    if user_id == ctx.user_id:
        return
    from handlers.events.home import publish_home

    team_id, client, sessions, settings, now = ctx.team_id, ctx.client, ctx.sessions, ctx.settings, ctx.now
    ctx.after_ack(lambda: publish_home(client, sessions, settings, team_id, user_id, now()))


# --------------------------------------------------------------------------- commands


@subcommand("action", "add", usage='action add "<text>" owner:@user due:"30 September 2018" [focus:N]')
def action_add(ctx: CommandContext, args: CommandArgs) -> Reply:
    _reject_unknown(args, {"owner", "due", "focus", "triad"}, ADD_USAGE)
    quoted = [t for t in args.positional if t.kind == "quoted"]
    stray = [t for t in args.positional if t.kind != "quoted"]
    if stray and stray[0].kind == "user":
        raise UserError(f"Name the owner with owner:, like {ADD_USAGE}")
    if stray and quoted:
        hint = ' — put the due date in quotes too, like due:"30 September 2018"' if args.has("due") else ""
        raise UserError(f"I don't understand `{stray[0].value}` here{hint}. Write it like {ADD_USAGE}")
    if len(quoted) != 1:
        what = "one action at a time, in one pair of quotes" if quoted else "the action's text in quotes"
        raise UserError(f"Give {what}: {ADD_USAGE}")
    text = " ".join(quoted[0].value.split())
    if not text:
        raise UserError(f"The action's text is empty. Write it like {ADD_USAGE}")
    if len(text) > MAX_ACTION_TEXT:
        raise UserError(f"That action is {len(text)} characters; keep it under {MAX_ACTION_TEXT} (details can go in progress notes).")

    owner_tokens = args.option_tokens("owner")
    owners = [t.value for t in owner_tokens if t.kind == "user"]
    if not args.has("owner"):
        raise UserError(f"Say who owns the action with owner:@person, like {ADD_USAGE}")
    if len(owners) != 1 or len(owner_tokens) != 1:
        raise UserError("owner: takes one person, picked from Slack's @ menu, like owner:@ann.")
    owner = owners[0]

    due_text = args.option("due")
    if not args.has("due"):
        raise UserError(f'Give a due date with due:"30 September 2018", like {ADD_USAGE}')
    if not due_text:
        raise UserError('due: is empty — write the day in quotes, like due:"30 September 2018".')

    triad = ctx.triad(args.option("triad"))
    try:
        due = parse_fuzzy_date(due_text, triad.round.year)
    except DateError as exc:
        raise UserError(f"Due date: {exc}") from None
    if due.precision != "day" or due.provisional:
        raise UserError(f'An action needs one exact due day, not "{due.describe()}" — write it like due:"30 September 2018".')

    focus_number = None
    focus_text = args.option("focus")
    if args.has("focus"):
        focus_number = item_number(focus_text)
        if focus_number is None:
            raise UserError(f"focus:{focus_text or ''} isn't a line number — write it like focus:2 (`/peer focus list` shows them).")
        line = queries.focus_line(ctx.session, triad.id, focus_number)
        if line is None:
            raise UserError(f"Triad {triad.number} has no line of enquiry {focus_number} — `/peer focus list` shows them.")
        if line.status == "withdrawn":
            raise UserError(f"Line of enquiry {focus_number} was withdrawn; link the action to a current line (`/peer focus list`) or leave focus: out.")

    number = queries.next_number(ctx.session, Action, triad.id)
    ctx.session.add(
        Action(
            team_id=ctx.team_id,
            triad_id=triad.id,
            number=number,
            text=text,
            owner_user_id=owner,
            due_text=due.text,
            due_date=due.start,
            focus_number=focus_number,
            status="open",
            created_by=ctx.user_id,
        )
    )
    ctx.session.flush()
    replan_triad(ctx.session, triad, ctx.coordinators, ctx.now())

    today = local_today(ctx.now(), triad.round.timezone)
    notes = []
    people = queries.triad_people(triad, ctx.coordinators)
    if not people.can_access(owner):
        notes.append(
            f":information_source: {blocks.mention(owner)} isn't in triad {triad.number}, so they won't see its channel — "
            "check that's the right person, or ask a coordinator to add them to an authority's team."
        )
    if due.start < today:
        notes.append(f":information_source: {day_text(due.start)} has already passed — is the year right?")
    line_part = f" (line of enquiry {focus_number})" if focus_number else ""
    channel = triad.channel_id
    actor = ctx.user_id
    ctx.after_ack(
        lambda: ctx.post_to_channel(
            channel,
            f":clipboard: <@{actor}> recorded action *{number}*{line_part}: {text}\n"
            f"Owner {blocks.mention(owner)} · due {day_text(due.start)}. "
            f'Progress notes: `/peer action update {number} "…"`.',
        )
    )
    refresh_home_after_ack(ctx, owner)
    reply = (
        f":white_check_mark: Action {number} recorded for triad {triad.number}{line_part}: "
        f"owner {blocks.mention(owner)}, due {day_text(due.start)}."
    )
    return Reply("\n".join([reply, *notes]))


@subcommand("action", "update", usage='action update N "<progress note>"')
def action_update(ctx: CommandContext, args: CommandArgs) -> Reply:
    _reject_unknown(args, {"triad"}, UPDATE_USAGE)
    if args.users():
        raise UserError(f"A progress note is text in quotes: {UPDATE_USAGE}")
    texts = args.texts()
    if not texts or args.positional[0].kind != "word":
        raise UserError(f"Give the action's number, then the note: {UPDATE_USAGE}")
    number = _number(texts[0], UPDATE_USAGE)
    rest = args.positional[1:]
    quoted = [t for t in rest if t.kind == "quoted"]
    if quoted and len(rest) > 1:
        raise UserError(f"Write the progress note in one pair of quotes: {UPDATE_USAGE}")
    note = " ".join(" ".join(t.value for t in rest).split())
    if not note:
        raise UserError(f"Add the progress note after the number: {UPDATE_USAGE}")
    if len(note) > MAX_NOTE_TEXT:
        raise UserError(f"That note is {len(note)} characters; keep it under {MAX_NOTE_TEXT}.")
    triad = ctx.triad(args.option("triad"))
    action = _action(ctx, triad, number)
    action.notes.append(ActionNote(text=note, author=ctx.user_id, created_at=ctx.now()))
    refresh_home_after_ack(ctx, action.owner_user_id)
    return Reply(f":white_check_mark: Progress noted on action {number} of triad {triad.number} — thank you. `/peer action list` shows it.")


@subcommand("action", "done", usage="action done N")
def action_done(ctx: CommandContext, args: CommandArgs) -> Reply:
    _reject_unknown(args, {"triad"}, "`/peer action done 2`")
    texts = args.texts()
    if len(texts) != 1 or len(args.positional) != 1:
        raise UserError("Give one action's number: `/peer action done 2` (`/peer action list` shows them).")
    number = _number(texts[0], "`/peer action done 2`")
    triad = ctx.triad(args.option("triad"))
    action = _action(ctx, triad, number)
    if action.status == "done":
        raise UserError(f"Action {number} is already done.")
    action.status = "done"
    action.done_at = ctx.now()
    ctx.session.flush()
    replan_triad(ctx.session, triad, ctx.coordinators, ctx.now())
    channel, text, actor = triad.channel_id, action.text, ctx.user_id
    ctx.after_ack(lambda: ctx.post_to_channel(channel, f":white_check_mark: <@{actor}> marked action *{number}* done: {text}. Well done!"))
    refresh_home_after_ack(ctx, action.owner_user_id)
    return Reply(f":white_check_mark: Action {number} is done. Its reminder is cancelled.")


@subcommand("action", "list", mutates=False, usage="action list")
def action_list(ctx: CommandContext, args: CommandArgs) -> Reply:
    if args.positional or set(args.options) - {"triad"}:
        raise UserError("`/peer action list` takes nothing but an optional triad:N.")
    triad = ctx.triad(args.option("triad"))
    actions = _actions(ctx, triad)
    if not actions:
        return Reply(f"Triad {triad.number} has no actions yet. Record one from the workshop: {ADD_USAGE}")
    zone = zone_of(triad.round.timezone)
    today = ctx.now().astimezone(zone).date()
    lines = {
        line.number: line
        for line in ctx.session.scalars(select(FocusLine).where(FocusLine.triad_id == triad.id))
    }
    groups: dict[int | None, list[Action]] = {}
    for action in actions:
        groups.setdefault(action.focus_number, []).append(action)
    order = sorted(n for n in groups if n is not None) + ([None] if None in groups else [])

    body: list = [HeaderBlock(text=f"Triad {triad.number} — actions")]
    text_lines = [f"Triad {triad.number} — actions"]
    open_count = sum(1 for a in actions if a.status == "open")
    for key in order:
        if key is None:
            title = "*Other actions*"
        else:
            line = lines.get(key)
            state = " _(withdrawn)_" if line is not None and line.status == "withdrawn" else ""
            title = f"*Line {key}{state}: {line.text if line else ''}*"
        entries = [action_entry(a, today, zone) for a in groups[key]]
        text_lines.append(title)
        text_lines += entries
        for chunk in _chunks(title, entries):
            body.append(blocks.section(chunk))
    if len(body) > MAX_LIST_BLOCKS:
        body = body[: MAX_LIST_BLOCKS - 1]
        body.append(ContextBlock(elements=[MarkdownTextObject(text="…more than fits here; `peerbot export` has every action.")]))
    else:
        body.append(
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text=f"{open_count} open, {len(actions) - open_count} done · "
                        f'add a note with `/peer action update N "…"` · `/peer action done N`'
                    )
                ]
            )
        )
    return Reply(blocks.clip("\n".join(text_lines), 3000), body)


def action_entry(action: Action, today: date, zone: ZoneInfo = DEFAULT_ZONE) -> str:
    entry = (
        f"• *{action.number}.* {action.text} — {blocks.mention(action.owner_user_id)} · {progress_text(action, today, zone)}"
    )
    latest = latest_note_text(action, today, zone)
    return entry + (f"\n      {latest}" if latest else "")


def _chunks(title: str, entries: list[str], limit: int = blocks.SECTION_LIMIT) -> list[str]:
    """Section texts under Slack's limit: the title, then as many entries as fit in each."""
    chunks, current = [], title
    for entry in entries:
        entry = blocks.clip(entry, limit - len(title) - 1)
        if len(current) + 1 + len(entry) > limit:
            chunks.append(current)
            current = entry
        else:
            current = f"{current}\n{entry}"
    chunks.append(current)
    return chunks
