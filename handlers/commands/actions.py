"""Actions from the fieldwork workshop: add, progress notes, done, list (grouped by line of enquiry)."""

from __future__ import annotations

import logging

from bot.rules import limits
from bot.rules.dates import DateError, parse_fuzzy_date
from bot.services import actions as action_service
from bot.services import focus as focus_service
from handlers import blocks
from handlers.blocks.actions import action_list as action_list_text_and_blocks
from handlers.blocks.actions import progress_noted, recorded_text
from handlers.blocks.reminders import say_day
from handlers.commands.context import CommandContext, Reply, item_number
from handlers.commands.parser import CommandArgs
from handlers.commands.registry import subcommand
from handlers.effects.actions import show_done, show_recorded
from handlers.events.home import publish_home
from handlers.mistakes import Mistake
from handlers.mrkdwn import escape
from handlers.people import check_people
from handlers.views import forms
from handlers.words.dates import describe

logger = logging.getLogger(__name__)

MAX_ACTION_TEXT = limits.ACTION
MAX_NOTE_TEXT = limits.PROGRESS_NOTE
ADD_USAGE = '`/peer action add "Audit step-down to early help" owner:@ann due:"30 September 2018" focus:1`'
UPDATE_USAGE = '`/peer action update 2 "Audit started; first findings in August"`'

# --------------------------------------------------------------------------- helpers


def _number(text: str, usage: str) -> int:
    value = item_number(text)
    if value is None:
        raise Mistake(
            f"`{escape(text)}` isn't an action number — write it like {usage} (`/peer action list` shows the numbers)."
        )
    return value


def refresh_home_after_ack(ctx: CommandContext, user_id: str) -> None:
    """The owner's Home tab shows their open actions; the person acting is refreshed by the dispatcher."""
    if user_id == ctx.user_id:
        return
    team_id, client, sessions, settings, now = ctx.team_id, ctx.client, ctx.sessions, ctx.settings, ctx.now

    def publish() -> None:
        publish_home(client, sessions, settings, team_id, user_id, now())

    ctx.after_ack(publish)


# --------------------------------------------------------------------------- commands


def _action_text(args: CommandArgs) -> str:
    """The action's text from `/peer action add`: one quoted text, nothing else unnamed, within the limit."""
    quoted = [t for t in args.positional if t.kind == "quoted"]
    stray = [t for t in args.positional if t.kind != "quoted"]
    if stray and stray[0].kind == "user":
        raise Mistake(f"Name the owner with owner:, like {ADD_USAGE}")
    if stray and quoted:
        hint = ' — put the due date in quotes too, like due:"30 September 2018"' if args.has("due") else ""
        raise Mistake(f"I don't understand `{stray[0].value}` here{hint}. Write it like {ADD_USAGE}")
    if len(quoted) != 1:
        what = "one action at a time, in one pair of quotes" if quoted else "the action's text in quotes"
        raise Mistake(f"Give {what}: {ADD_USAGE}")
    text = " ".join(quoted[0].value.split())
    if not text:
        raise Mistake(f"The action's text is empty. Write it like {ADD_USAGE}")
    if len(text) > MAX_ACTION_TEXT:
        raise Mistake(
            f"That action is {len(text)} characters; keep it under {MAX_ACTION_TEXT} "
            "(details can go in progress notes)."
        )
    return text


@subcommand("action", "add")
def action_add(ctx: CommandContext, args: CommandArgs) -> Reply:
    args.reject_unknown({"owner", "due", "focus", "triad"}, ADD_USAGE)
    if not args.positional and set(args.options) <= {"triad"}:
        triad = ctx.triad(args.option("triad"))
        ctx.open_modal(action_form(ctx, triad), ADD_USAGE)
        return Reply("", silent=True)
    text = _action_text(args)
    owner_tokens = args.option_tokens("owner")
    owners = [t.value for t in owner_tokens if t.kind == "user"]
    if not args.has("owner"):
        raise Mistake(f"Say who owns the action with owner:@person, like {ADD_USAGE}")
    if len(owners) != 1 or len(owner_tokens) != 1:
        raise Mistake("owner: takes one person, picked from Slack's @ menu, like owner:@ann.")
    owner = owners[0]

    due_text = args.option("due")
    if not args.has("due"):
        raise Mistake(f'Give a due date with due:"30 September 2018", like {ADD_USAGE}')
    if not due_text:
        raise Mistake('due: is empty — write the day in quotes, like due:"30 September 2018".')

    triad = ctx.triad(args.option("triad"))
    try:
        due = parse_fuzzy_date(due_text, triad.round.year)
    except DateError as exc:
        raise Mistake(f"Due date: {describe(exc)}") from None

    focus_number = None
    focus_text = args.option("focus")
    if args.has("focus"):
        focus_number = item_number(focus_text)
        if focus_number is None:
            raise Mistake(
                f"focus:{escape(focus_text or '')} isn't a line number — "
                "write it like focus:2 (`/peer focus list` shows them)."
            )

    added = action_service.add_action(
        ctx.session, ctx.actor, triad, text, owner, due, focus_number, ctx.now(), ctx.settings.peer_timezone
    )
    check_people(ctx.client, [owner], "an action's owner")  # after the rules: a refusal rolls the action back
    number = added.number
    notes = []
    if added.owner_outside_triad:
        notes.append(
            f":information_source: {blocks.mention(owner)} isn't in triad {added.triad_number}, "
            "so they won't see its channel — check that's the right person, "
            "or ask a coordinator to add them to an authority's team."
        )
    if added.due_has_passed:
        notes.append(f":information_source: {say_day(added.due, None)} has already passed — is the year right?")
    triad_id = triad.id
    ctx.after_ack(lambda: show_recorded(ctx.client, triad_id, added, ctx.user_id, ctx.tell))
    refresh_home_after_ack(ctx, owner)
    said = recorded_text(number, added.text, owner, added.due, focus_number, added.year)
    return ctx.posted(added.channel_id, f"Triad {added.triad_number}: {said}", notes)


def action_form(ctx: CommandContext, triad, text: str | None = None):
    lines = [(line.number, line.text) for line in focus_service.lines_of(ctx.session, triad).lines]
    return forms.action_modal(triad.id, triad.number, lines, ctx.channel_id, text)


@subcommand("action", "update")
def action_update(ctx: CommandContext, args: CommandArgs) -> Reply:
    args.reject_unknown({"triad"}, UPDATE_USAGE)
    if args.users():
        raise Mistake(f"A progress note is text in quotes: {UPDATE_USAGE}")
    texts = args.texts()
    if not texts or args.positional[0].kind != "word":
        raise Mistake(f"Give the action's number, then the note: {UPDATE_USAGE}")
    number = _number(texts[0], UPDATE_USAGE)
    rest = args.positional[1:]
    quoted = [t for t in rest if t.kind == "quoted"]
    if quoted and len(rest) > 1:
        raise Mistake(f"Write the progress note in one pair of quotes: {UPDATE_USAGE}")
    note = " ".join(" ".join(t.value for t in rest).split())
    if not note:
        raise Mistake(f"Add the progress note after the number: {UPDATE_USAGE}")
    if len(note) > MAX_NOTE_TEXT:
        raise Mistake(f"That note is {len(note)} characters; keep it under {MAX_NOTE_TEXT}.")
    noted = action_service.note_progress(
        ctx.session, ctx.actor, ctx.triad(args.option("triad")), number, note, ctx.now()
    )
    refresh_home_after_ack(ctx, noted.owner)
    return Reply(progress_noted(number))


@subcommand("action", "done")
def action_done(ctx: CommandContext, args: CommandArgs) -> Reply:
    args.reject_unknown({"triad"}, "`/peer action done 2`")
    texts = args.texts()
    if len(texts) != 1 or len(args.positional) != 1:
        raise Mistake("Give one action's number: `/peer action done 2` (`/peer action list` shows them).")
    number = _number(texts[0], "`/peer action done 2`")
    done = action_service.mark_done(ctx.session, ctx.actor, ctx.triad(args.option("triad")), number, ctx.now())
    client, actor = ctx.client, ctx.user_id
    ctx.after_ack(lambda: show_done(client, done, actor, None, ctx.tell))
    refresh_home_after_ack(ctx, done.owner)
    return ctx.posted(done.channel_id, f":white_check_mark: Action {number} is done. Its reminder is cancelled.")


@subcommand("action", "list", mutates=False)
def action_list(ctx: CommandContext, args: CommandArgs) -> Reply:
    listed = action_service.actions_of(
        ctx.session, ctx.actor, ctx.only_triad(args, "action list"), ctx.now(), ctx.settings.peer_timezone
    )
    if not listed.actions:
        return Reply(f"Triad {listed.triad_number} has no actions yet: they are agreed at the day-2 workshop.")
    text, body = action_list_text_and_blocks(
        listed.triad_number, listed.actions, listed.year, listed.open_count, listed.total
    )
    return Reply(text, body)
