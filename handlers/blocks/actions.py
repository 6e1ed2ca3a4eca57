"""Actions in words and Block Kit: where one stands, its latest note, the list grouped by line. Pure."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import Block, ContextBlock, HeaderBlock, MarkdownTextObject

from bot.rules.dates import MONTH_NAMES
from bot.rules.times import DEFAULT_ZONE_NAME
from handlers import blocks
from handlers.mrkdwn import escape
from storage.models import Action, FocusLine

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
            current = f"{current}\n{entry}"
    out.append(current)
    return out


def action_list(
    triad_number: int,
    actions: list[Action],
    lines: dict[int, FocusLine],
    today: date,
    zone: ZoneInfo,
    open_count: int | None = None,
    total: int | None = None,
) -> tuple[str, list[Block]]:
    """The triad's actions grouped by line of enquiry in line order, those without a line last: (text, blocks).

    `open_count` and `total` count all the triad's actions when `actions` are only the first of them."""
    groups: dict[int | None, list[Action]] = {}
    for action in actions:
        groups.setdefault(action.focus_number, []).append(action)
    order = sorted(n for n in groups if n is not None) + ([None] if None in groups else [])

    body: list[Block] = [HeaderBlock(text=f"Triad {triad_number} — actions")]
    text_lines = [f"Triad {triad_number} — actions"]
    total = len(actions) if total is None else total
    open_count = sum(1 for a in actions if a.status == "open") if open_count is None else open_count
    shown = f" · the first {len(actions)} are listed; `peerbot export` has every action" if total > len(actions) else ""
    for key in order:
        if key is None:
            title = "*Other actions*"
        else:
            line = lines.get(key)
            state = " _(withdrawn)_" if line is not None and line.status == "withdrawn" else ""
            title = f"*Line {key}{state}: {escape(line.text) if line else ''}*"
        entries = [action_entry(a, today, zone) for a in groups[key]]
        text_lines.append(title)
        text_lines += entries
        for chunk in chunks(title, entries):
            body.append(blocks.section(chunk))
    if len(body) > MAX_LIST_BLOCKS:
        body = body[: MAX_LIST_BLOCKS - 1]
        body.append(
            ContextBlock(elements=[MarkdownTextObject(text="…more than fits here; `peerbot export` has every action.")])
        )
    else:
        body.append(
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text=f"{open_count} open, {total - open_count} done{shown} · "
                        f'add a note with `/peer action update N "…"` · `/peer action done N`'
                    )
                ]
            )
        )
    return blocks.clip("\n".join(text_lines), 3000), body
