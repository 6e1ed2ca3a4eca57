"""The App Home tab from the person's data, most useful first: each triad's next step with the button that does
it, then its dates, the reminders coming, and the person's open actions with theirs. No typed syntax: every ask
carries its control (`handlers.blocks.asks`, `handlers.blocks.acting`). Pure."""

from __future__ import annotations

import re
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
from handlers.blocks.asks import (
    feedback_format_buttons,
    propose_line_button,
    round_dates_button,
    round_new_button,
    set_dates_button,
)
from handlers.blocks.reminders import reminder_text, say_day
from handlers.mrkdwn import escape

__all__ = ["HOME_AUTHORITY_ADD", "HOME_DATES", "HOME_TRIAD_NEW", "MAX_BLOCKS", "NEXT_TEXT", "home_view"]

MAX_BLOCKS = 100  # Slack's limit for a Home tab
STEP_NAMES = {"self_assessment": "self-assessment", "data_profile": "data profile", "report": "report"}
NEXT_TEXT = {
    NextStep.SET_CHALLENGE: "set the challenge session date.",
    NextStep.CONFIRM_CHALLENGE: "confirm the challenge session date.",
    NextStep.SELF_ASSESSMENT: "the host's self-assessment.",
    NextStep.AGREE_FOCUS: "propose a line of enquiry.",
    NextStep.SET_FIELDWORK: "set the fieldwork dates.",
    NextStep.CONFIRM_FIELDWORK: "confirm the fieldwork dates.",
    NextStep.FEEDBACK_FORMAT: "choose the feedback format with the host.",
    NextStep.REPORT: "the visiting DCS's report.",
}
DATE_STEPS = {
    NextStep.SET_CHALLENGE: "Set dates",
    NextStep.CONFIRM_CHALLENGE: "Confirm dates",
    NextStep.SET_FIELDWORK: "Set dates",
    NextStep.CONFIRM_FIELDWORK: "Confirm dates",
}
GIST_LABEL = re.compile(r"(Triad \d+|[^:]{1,40}): ")  # "Triad 1: " or "SE 2018: " leads a reminder
GIST_END = re.compile(r"[,:.] |[.]$")  # not ";": escaped text has "&amp; "
NOT_IN_A_TRIAD = "You are not in a triad yet; a programme coordinator adds you."
NO_TRIADS = "No triads yet: register three authorities, then form a triad."
NO_ROUND = "No round yet: start one, then register three authorities and form a triad."
NOTHING_WAITING = "No reminders are planned and no action is waiting on you."


def next_text(item: HomeTriad) -> str:
    """What the triad does next, in words; its button (if any) is `next_step_button`."""
    if not item.outstanding:
        return "nothing outstanding."
    step = item.outstanding[0].step
    if step == NextStep.AGREE_FOCUS and item.proposed_lines:
        where = f"<#{item.triad.channel_id}>" if item.triad.channel_id else "the triad's channel"
        return f"agree a line of enquiry: each proposal in {where} has its Agree button."
    return NEXT_TEXT[step]


def next_step_button(item: HomeTriad) -> ActionsBlock | None:
    """The button that does the triad's next step, where one does."""
    if not item.outstanding:
        return None
    step, triad_id = item.outstanding[0].step, item.triad.id
    elements: list[ButtonElement]
    if step in DATE_STEPS:
        elements = [set_dates_button(triad_id, DATE_STEPS[step])]
    elif step == NextStep.FEEDBACK_FORMAT:
        elements = feedback_format_buttons(triad_id)
    elif step == NextStep.AGREE_FOCUS and not item.proposed_lines:
        elements = [propose_line_button(triad_id)]
    elif step in (NextStep.SELF_ASSESSMENT, NextStep.REPORT):
        name = "self_assessment" if step == NextStep.SELF_ASSESSMENT else "report"
        elements = [
            ButtonElement(
                text=f"Mark the {STEP_NAMES[name]} done", action_id=STEP_DONE, value=pair_value(triad_id, name)
            )
        ]
    else:  # lines proposed: their Agree buttons are on the proposals in the channel
        return None
    return ActionsBlock(block_id=f"next_{triad_id}", elements=elements)


def day_text(value: FuzzyDate | None, year: int, today: date) -> str:
    """A triad's or a round's date said once: with its weekday when it is exact, its year only when that is not
    the round's; as given, to be confirmed, when it is not exact."""
    if value is None:
        return "_not set yet_"
    if not value.is_exact:
        return escape(value.text) + (" _(past)_" if value.end < today else " _(to be confirmed)_")
    if value.start == value.end:
        text = say_day(value.start, year)
    else:
        joiner = " & " if (value.end - value.start).days == 1 else " to "
        same_month = (value.start.year, value.start.month) == (value.end.year, value.end.month)
        first = f"{value.start:%A} {value.start.day}" if same_month else say_day(value.start, year)
        text = f"{first}{joiner}{say_day(value.end, year)}"
    return text + (" _(past)_" if value.end < today else "")


def _year(item: HomeTriad, today: date) -> int:
    return item.triad.round.year or today.year


def coordinator_blocks(data: HomeData, today: date) -> list[Block]:
    """A coordinator's round: its dates and every triad on one line (dates, focus, steps, actions), and the
    buttons that form a triad and register an authority; before any round, the one that starts it."""
    add = ButtonElement(text="Add authority", action_id=HOME_AUTHORITY_ADD, value="authority")
    if (
        not data.has_round and not data.round_name
    ):  # the first step: start a round (authorities may be registered before it)
        first = ActionsBlock(block_id="coordinator_buttons", elements=[round_new_button("primary"), add])
        return [HeaderBlock(text="Your round"), blocks.section(NO_ROUND), first]
    buttons = ActionsBlock(
        block_id="coordinator_buttons",
        elements=[ButtonElement(text="Form a triad", action_id=HOME_TRIAD_NEW, value="triad", style="primary"), add],
    )
    if not data.round_name:
        return [HeaderBlock(text="Your round"), blocks.section(NO_TRIADS), buttons]
    year = (data.round_triads[0].triad.round.year if data.round_triads else None) or today.year
    out: list[Block] = [HeaderBlock(text=blocks.clip(f"{data.round_name} at a glance", 150)), buttons]
    ev = data.round_events
    orientation, summit = (ev.orientation, ev.summit) if ev is not None else (None, None)
    out.append(
        blocks.section(
            f"Orientation {day_text(orientation, year, today)}{blocks.material_link(ev)} · "
            f"annual summit {day_text(summit, year, today)}"
        )
    )
    if not all(value is not None and value.is_exact for value in (orientation, summit)):  # to set or confirm
        buttons.elements.append(round_dates_button(data.round_name))
    lines = []
    for item in data.round_triads:
        t = item.triad
        done = ", ".join(STEP_NAMES[s] for s in STEP_NAMES if s in item.steps_done)
        focus = f"{item.agreed_lines} line(s) agreed" if item.agreed_lines else "no line agreed"
        lines.append(
            f"*{t.number}.* {escape(t.host.name)} · challenge {day_text(item.challenge, year, today)} · "
            f"fieldwork {day_text(item.fieldwork, year, today)} · {focus} · "
            + (f"done: {done} · " if done else "")
            + f"{item.open_actions} open action(s)"
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


def triad_blocks(item: HomeTriad, today: date, with_dates: bool = True) -> list[Block]:
    """The triad's next step and its button, then its dates (unless the round at a glance says them)."""
    triad = item.triad
    roles = ", ".join(item.roles) or "member"
    channel = f" · <#{triad.channel_id}>" if triad.channel_id else ""
    head = blocks.section(f"*Triad {triad.number}*{channel} · you: {roles}\n*Next:* {next_text(item)}")
    if triad.channel_id and item.agreed_lines:  # the documents: a slide or section per agreed line
        head.accessory = ButtonElement(text="Documents", action_id="home_documents", value=str(triad.id))
    out: list[Block] = [head]
    if (button := next_step_button(item)) is not None:
        out.append(button)
    if with_dates:
        out.append(_context(_dates_text(item, today)))
    return out


def _dates_text(item: HomeTriad, today: date) -> str:
    year = _year(item, today)
    text = (
        f"Challenge session {day_text(item.challenge, year, today)} · fieldwork {day_text(item.fieldwork, year, today)}"
    )
    ev = item.round_events
    if ev is not None:  # the round's events still to come
        for name, value in (("orientation", ev.orientation), ("annual summit", ev.summit)):
            if value is not None and value.end >= today:
                text += f" · {name} {day_text(value, year, today)}"
    return text


def reminder_line(item: HomeReminder, today: date) -> str:
    """When, where, and the gist of what it will say (the reminder itself says the rest)."""
    reminder = item.reminder
    where = "to you" if item.to_you else f"in <#{reminder.recipient}>"
    first_line = (reminder_text(reminder).strip() or reminder.kind).splitlines()[0]
    return f"• *{when_text(reminder.due_at, item.zone, today)}* {where} — {blocks.clip(gist(first_line), 200)}"


def gist(line: str) -> str:
    """A reminder's first clause: "Triad 1: the report is due, 6 weeks after…" -> "Triad 1: the report is due"."""
    label = GIST_LABEL.match(line)
    start = label.end() if label else 0
    cut = GIST_END.search(line, start)
    return line if cut is None else line[: cut.start()]


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
    body: list[Block] = []
    glanced = {item.triad.id for item in data.round_triads}
    if data.triads:
        body.append(HeaderBlock(text="Your triads"))
        for item in data.triads:
            body += triad_blocks(item, today, with_dates=item.triad.id not in glanced)
        if data.more_triads:
            body.append(_context(f"…and {data.more_triads} more triads, each in its own channel."))
    elif not data.is_coordinator:
        body.append(blocks.section(NOT_IN_A_TRIAD))
    if data.is_coordinator:
        body += [DividerBlock()] if body else []
        body += coordinator_blocks(data, today)

    if data.reminders:
        body += [DividerBlock(), HeaderBlock(text="Coming up")]
        body.append(blocks.section("\n".join(reminder_line(item, today) for item in data.reminders)))
    if data.actions:
        body += [DividerBlock(), HeaderBlock(text="Your open actions")]
        for open_action in data.actions:
            body += [
                action_section(open_action, today),
                action_buttons(
                    open_action.action.triad_id, open_action.action.number, f"action_{open_action.action.id}"
                ),
            ]
        if data.more_actions:
            body.append(_context(f"…and {data.more_actions} more open actions, each listed in its triad's channel."))
    elif data.triads and not data.reminders:
        body += [DividerBlock(), blocks.section(NOTHING_WAITING)]
    body.append(_context(f"Updated {when_text(now, data.zone, today)}"))
    return View(type="home", blocks=body[:MAX_BLOCKS])


def _context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=blocks.clip(text, 2000))])
