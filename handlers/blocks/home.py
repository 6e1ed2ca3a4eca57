"""The App Home tab from the person's data: triads, what is coming, open actions. Pure."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.rules.dates import MONTH_NAMES, WEEKDAY_NAMES, FuzzyDate
from bot.rules.triads import NextStep
from bot.services.home import HomeAction, HomeData, HomeReminder, HomeTriad
from handlers import blocks
from handlers.blocks.acting import STEP_DONE, action_buttons, pair_value
from handlers.blocks.actions import latest_note_text, progress_text
from handlers.blocks.asks import AUTHORITY_ADD as HOME_AUTHORITY_ADD
from handlers.blocks.asks import SET_DATES as HOME_DATES
from handlers.blocks.asks import TRIAD_NEW as HOME_TRIAD_NEW
from handlers.blocks.asks import feedback_format_buttons
from handlers.blocks.reminders import reminder_text
from handlers.mrkdwn import escape

MAX_BLOCKS = 100  # Slack's limit for a Home tab
STEP_NAMES = {"self_assessment": "self-assessment", "data_profile": "data profile", "report": "report"}
NEXT_TEXT = {
    NextStep.SET_CHALLENGE: "set the challenge session date",
    NextStep.CONFIRM_CHALLENGE: "confirm the challenge session date",
    NextStep.SELF_ASSESSMENT: "the host's self-assessment",
    NextStep.AGREE_FOCUS: "agree the lines of enquiry in the channel",
    NextStep.SET_FIELDWORK: "set the fieldwork dates",
    NextStep.CONFIRM_FIELDWORK: "confirm the fieldwork dates",
    NextStep.FEEDBACK_FORMAT: "agree the feedback format with the host",
    NextStep.REPORT: "the visiting DCS's report",
}


def next_step_button(item: HomeTriad) -> ActionsBlock | None:
    """The button that does the triad's next step, where one does."""
    if not item.outstanding:
        return None
    step, triad_id = item.outstanding[0].step, item.triad.id
    if step in (NextStep.SET_CHALLENGE, NextStep.CONFIRM_CHALLENGE, NextStep.SET_FIELDWORK, NextStep.CONFIRM_FIELDWORK):
        button = ButtonElement(text="Set dates", action_id=HOME_DATES, value=str(triad_id))
    elif step == NextStep.FEEDBACK_FORMAT:
        return ActionsBlock(block_id=f"next_{triad_id}", elements=feedback_format_buttons(triad_id))
    elif step in (NextStep.SELF_ASSESSMENT, NextStep.REPORT):
        name = "self_assessment" if step == NextStep.SELF_ASSESSMENT else "report"
        button = ButtonElement(
            text=f"Mark the {STEP_NAMES[name]} done", action_id=STEP_DONE, value=pair_value(triad_id, name)
        )
    else:
        return None
    return ActionsBlock(block_id=f"next_{triad_id}", elements=[button])


def round_at_a_glance(data: HomeData, today: date) -> list[Block]:
    """A coordinator's round: every triad on one line (dates, focus, steps, actions), and what they can start."""
    out: list[Block] = [
        HeaderBlock(text=blocks.clip(f"{data.round_name} at a glance", 150)),
        ActionsBlock(
            block_id="coordinator_buttons",
            elements=[
                ButtonElement(text="Form a triad", action_id=HOME_TRIAD_NEW, value="triad", style="primary"),
                ButtonElement(text="Add authority", action_id=HOME_AUTHORITY_ADD, value="authority"),
            ],
        ),
    ]
    if data.round_events is not None:
        ev = data.round_events
        out.append(
            blocks.section(
                f"*Orientation:* {_date_text(ev.orientation, today)}{blocks.material_link(ev)} · "
                f"*Annual summit:* {_date_text(ev.summit, today)}"
            )
        )
    lines = []
    for item in data.round_triads:
        t = item.triad
        steps = ", ".join(STEP_NAMES[s] for s in STEP_NAMES if s in item.steps_done) or "no steps done"
        focus = f"{item.agreed_lines} line(s) agreed" if item.agreed_lines else "focus not agreed"
        lines.append(
            f"*{t.number}.* {escape(t.host.name)} · challenge {_date_text(item.challenge, today)} · "
            f"fieldwork {_date_text(item.fieldwork, today)} · {focus} · {steps} · {item.open_actions} open action(s)"
        )
    out += [blocks.section(text) for text in _packed(lines)] or [blocks.section("No triads in this round yet.")]
    return out


def _packed(lines: list[str], limit: int = blocks.SECTION_LIMIT) -> list[str]:
    texts: list[str] = []
    for line in lines:
        line = blocks.clip(line, limit)
        if texts and len(texts[-1]) + 1 + len(line) <= limit:
            texts[-1] += "\n" + line
        else:
            texts.append(line)
    return texts


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
        f"*Triad {triad.number}* — {escape(triad.round.name)} · you: {roles}{channel}\n"
        f"{escape(triad.host.name)} (host) · {escape(triad.visitor.name)} (visitor) · "
        f"{escape(triad.observer.name)} (observer)"
        + (f" · {escape(triad.second_observer.name)} (observer)" if triad.second_observer else "")
        + "\n"
        f"*Challenge session:* {_date_text(item.challenge, today)} · *Fieldwork:* {_date_text(item.fieldwork, today)}"
        + (
            f"\n*Orientation:* {_date_text(item.round_events.orientation, today)} · "
            f"*Annual summit:* {_date_text(item.round_events.summit, today)}"
            if item.round_events is not None and (item.round_events.orientation or item.round_events.summit)
            else ""
        )
        + (
            f"\n*Next:* {NEXT_TEXT[item.outstanding[0].step]}"
            if item.outstanding
            else "\n*Next:* nothing outstanding — well done"
        )
    )


def reminder_line(item: HomeReminder, today: date) -> str:
    reminder = item.reminder
    where = "to you" if item.to_you else f"in <#{reminder.recipient}>"
    first_line = (reminder_text(reminder).strip() or reminder.kind).splitlines()[0]
    return f"• *{when_text(reminder.due_at, item.zone, today)}* {where} — {blocks.clip(first_line, 200)}"


def action_section(item: HomeAction, today: date) -> SectionBlock:
    action = item.action
    text = (
        f"*Triad {item.triad_number} · action {action.number}:* {blocks.clip(escape(action.text), 600)}\n"
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
    if data.is_coordinator and data.round_name:
        body[2:2] = [*round_at_a_glance(data, today), DividerBlock()]
    if data.triads:
        for item in data.triads:
            section = triad_section(item, today)
            if item.triad.channel_id and item.agreed_lines:  # the documents: a slide or section per agreed line
                section.accessory = ButtonElement(
                    text="Documents", action_id="home_documents", value=str(item.triad.id)
                )
            body.append(section)
            if (button := next_step_button(item)) is not None:
                body.append(button)
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
        for open_action in data.actions:
            body += [
                action_section(open_action, today),
                action_buttons(
                    open_action.action.triad_id, open_action.action.number, f"action_{open_action.action.id}"
                ),
            ]
        if data.more_actions:
            body.append(_context(f"…and {data.more_actions} more: `/peer action list` in each triad's channel."))
        body.append(_context('Or type it: `/peer action update N "…" triad:T` · `/peer action done N triad:T`.'))
    else:
        body.append(blocks.section("No open actions — nothing is waiting on you."))
    body.append(_context(f"Updated {when_text(now, data.zone, today)} · `/peer help` shows what you can do."))
    return View(type="home", blocks=body[:MAX_BLOCKS])


def _context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=blocks.clip(text, 2000))])
