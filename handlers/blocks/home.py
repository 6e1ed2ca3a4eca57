"""The App Home tab from the person's data: triads, what is coming, open actions. Pure."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.rules.dates import MONTH_NAMES, WEEKDAY_NAMES, FuzzyDate
from bot.services.home import HomeAction, HomeData, HomeReminder, HomeTriad
from handlers import blocks
from handlers.blocks.actions import latest_note_text, progress_text
from handlers.blocks.reminders import reminder_text

MAX_BLOCKS = 100  # Slack's limit for a Home tab


def when_text(moment: datetime, zone: ZoneInfo, today: date) -> str:
    local = moment.astimezone(zone)
    year = "" if local.year == today.year else f" {local.year}"
    return f"{WEEKDAY_NAMES[local.weekday()][:3]} {local.day} {MONTH_NAMES[local.month]}{year}, {local:%H:%M}"


def _date_text(value: FuzzyDate | None, today: date) -> str:
    text = blocks.date_text(value)
    if value is not None and value.end < today:
        text += " _(past)_"
    return text


def triad_section(item: HomeTriad, today: date) -> SectionBlock:
    triad = item.triad
    roles = ", ".join(item.roles) or "member"
    channel = f" · <#{triad.channel_id}>" if triad.channel_id else ""
    return blocks.section(
        f"*Triad {triad.number}* — {triad.round.name} · you: {roles}{channel}\n"
        f"{triad.host.name} (host) · {triad.visitor.name} (visitor) · {triad.observer.name} (observer)\n"
        f"*Challenge session:* {_date_text(item.challenge, today)} · *Fieldwork:* {_date_text(item.fieldwork, today)}"
    )


def reminder_line(item: HomeReminder, today: date) -> str:
    reminder = item.reminder
    where = "to you" if item.to_you else f"in <#{reminder.recipient}>"
    first_line = (reminder_text(reminder).strip() or reminder.kind).splitlines()[0]
    return f"• *{when_text(reminder.due_at, item.zone, today)}* {where} — {blocks.clip(first_line, 200)}"


def action_section(item: HomeAction, today: date) -> SectionBlock:
    action = item.action
    text = (
        f"*Triad {item.triad_number} · action {action.number}:* {blocks.clip(action.text, 600)}\n"
        f"{progress_text(action, today, item.zone)}"
    )
    latest = latest_note_text(action, today, item.zone)
    return blocks.section(text + (f"\n{latest}" if latest else ""))


def home_view(data: HomeData, now: datetime) -> View:
    """Pure: the person's data in, the Home tab out."""
    today = now.astimezone(data.zone).date()
    body: list = [
        HeaderBlock(text="Peer challenge"),
        blocks.section(f"Hello {blocks.mention(data.user_id)} — here is where your peer challenges stand."),
        HeaderBlock(text="Your triads"),
    ]
    if data.triads:
        body += [triad_section(item, today) for item in data.triads]
        if data.more_triads:
            body.append(_context(f"…and {data.more_triads} more: `/peer triad list` shows them all."))
    else:
        body.append(
            blocks.section(
                "You aren't in a triad yet. When a coordinator forms one with your authority, it appears here."
            )
        )

    body += [DividerBlock(), HeaderBlock(text="Coming up")]
    if data.reminders:
        body.append(blocks.section("\n".join(reminder_line(item, today) for item in data.reminders)))
    else:
        body.append(blocks.section("No reminders are planned for you or your triads yet."))

    body += [DividerBlock(), HeaderBlock(text="Your open actions")]
    if data.actions:
        body += [action_section(item, today) for item in data.actions]
        if data.more_actions:
            body.append(_context(f"…and {data.more_actions} more: `/peer action list` in each triad's channel."))
        body.append(
            _context(
                'Add a progress note with `/peer action update N "…" triad:T`; finished? `/peer action done N triad:T`.'
            )
        )
    else:
        body.append(blocks.section("No open actions — nothing is waiting on you."))
    body.append(_context(f"Updated {when_text(now, data.zone, today)} · `/peer help` lists every command."))
    return View(type="home", blocks=body[:MAX_BLOCKS])


def _context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=blocks.clip(text, 2000))])
