"""Actions in words and Block Kit: the action as posted, where one stands, its latest note, the list. Pure."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import Block, ContextBlock, HeaderBlock, MarkdownTextObject

from bot.rules.actions import action_status
from bot.rules.dates import MONTH_NAMES
from bot.rules.times import DEFAULT_ZONE_NAME
from handlers import blocks
from handlers.blocks.reminders import say_day
from handlers.mrkdwn import escape
from handlers.words.actions import STATUS_WORDS
from storage.models import Action

DEFAULT_ZONE = ZoneInfo(DEFAULT_ZONE_NAME)
MAX_LIST_BLOCKS = 50  # Slack's limit for a message


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
    return f"_Latest: “{blocks.clip(escape(note.text), 300)}” — {blocks.mention(note.author)}, {written}_"


def action_entry(action: Action, today: date, zone: ZoneInfo = DEFAULT_ZONE) -> str:
    owner = blocks.mention(action.owner_user_id)
    entry = f"• *{action.number}.* {escape(action.text)} — {owner} · {progress_text(action, today, zone)}"
    latest = latest_note_text(action, today, zone)
    return entry + (f"\n      {latest}" if latest else "")


def chunks(title: str, entries: list[str], limit: int = blocks.SECTION_LIMIT) -> list[str]:
    """Section texts under Slack's limit: the title, then as many entries as fit in each."""
    out, current = [], title
    for entry in entries:
        entry = blocks.clip(entry, limit - len(title) - 1)
        if len(current) + 1 + len(entry) > limit:
            out.append(current)
            current = entry
        else:
            current = f"{current}\n{entry}" if current else entry
    out.append(current)
    return out


def recorded_text(number: int, text: str, owner: str, due: date, focus_number: int | None, year: int | None) -> str:
    """The action as posted for the triad: ``*Action 2* (line 1): … — <@A>, due Wednesday 31 October``."""
    line_part = f" (line {focus_number})" if focus_number else ""
    return f"*Action {number}*{line_part}: {escape(text)} — {blocks.mention(owner)}, due {say_day(due, year)}"


def progress_noted(number: int) -> str:
    """To the person who noted progress: the note itself is in the action list and the Home tab."""
    return f":white_check_mark: Progress noted on action {number}."


def status_of(action: Action) -> str:
    """The same words as the follow-up and the summit brief (`STATUS_WORDS`)."""
    return STATUS_WORDS[action_status(action.status == "done", bool(action.notes))]


def list_entry(action: Action, year: int | None) -> str:
    """``• *2.* Put the child's words first (line 1) — <@A> · not started, due Wednesday 31 October``."""
    line_part = f" (line {action.focus_number})" if action.focus_number else ""
    status = status_of(action)
    if action.status != "done" and action.due_date is not None:
        status += f", due {say_day(action.due_date, year)}"
    return f"• *{action.number}.* {escape(action.text)}{line_part} — {blocks.mention(action.owner_user_id)} · {status}"


def action_list(
    triad_number: int,
    actions: list[Action],
    year: int | None,
    open_count: int | None = None,
    total: int | None = None,
) -> tuple[str, list[Block]]:
    """The triad's actions by number, one line each: (text, blocks).

    `open_count` and `total` count all the triad's actions when `actions` are only the first of them."""
    title = f"Triad {triad_number} actions"
    total = len(actions) if total is None else total
    open_count = sum(1 for a in actions if a.status == "open") if open_count is None else open_count
    entries = [list_entry(a, year) for a in actions]
    body: list[Block] = [HeaderBlock(text=title)]
    body += [blocks.section(chunk) for chunk in chunks("", entries)][: MAX_LIST_BLOCKS - 2]
    counted = f"{open_count} open, {total - open_count} done"
    if total > len(actions):
        counted += f" · the first {len(actions)} are listed; `peerbot export` has every action"
    body.append(ContextBlock(elements=[MarkdownTextObject(text=counted)]))
    return blocks.clip("\n".join([title, *entries]), 3000), body
