"""The fieldwork visit in words and Block Kit: interview lines, clashes, the two-day agenda. Pure.

A day is said once, with its weekday, and with its year only when that is not the round's (`say_day`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, ContextBlock, HeaderBlock, MarkdownTextObject

from bot.rules.dates import FuzzyDate
from bot.rules.fieldwork import (
    DAY2_HYPOTHESES,
    DAY2_LUNCH,
    DAY2_PRESENTATION,
    DAY2_STRUCTURE,
    DAY2_WORKSHOP,
    AgendaFacts,
    Clash,
    Interview,
    agenda_facts,
    format_time,
    interview_ref,
)
from bot.services.fieldwork import AgendaData
from handlers import blocks
from handlers.blocks.asks import plan_interviews_button, set_dates_button
from handlers.blocks.reminders import say_day
from handlers.mrkdwn import escape

MAX_BLOCKS = 50
ADD_TO_CALENDAR = "fieldwork_calendar"  # posts the triad's calendar file in its channel: value "<triad id>"

# Day 2's fixed structure, as the agenda says it in one line (the calendar file says it whole).
DAY2_WORDS = {
    DAY2_HYPOTHESES: "hypotheses",
    DAY2_PRESENTATION: "findings to the host",
    DAY2_LUNCH: "lunch",
    DAY2_WORKSHOP: "workshop",
}


def person(user_id: str, names: Mapping[str, str] | None = None) -> str:
    """A display name when known, else a Slack mention."""
    if names and names.get(user_id):
        return escape(names[user_id])
    return f"<@{user_id}>"


def people(user_ids: Iterable[str], names: Mapping[str, str] | None = None) -> str:
    return ", ".join(person(u, names) for u in user_ids)


def times(interview: Interview) -> str:
    return f"{format_time(interview.start)}-{format_time(interview.end)}"


def when(interview: Interview, year: int | None) -> str:
    """``Monday 23 July, 09:30-10:15`` (the year only when it is not the round's)."""
    return f"{say_day(interview.day, year)}, {times(interview)}"


def describe_clash(
    clash: Clash, year: int | None, *, names: Mapping[str, str] | None = None, triad_number: int | None = None
) -> str:
    """One sentence for the person booking: who is double-booked, and with what."""
    other = clash.other
    return (
        f"{person(clash.interviewer, names)} is already interviewing {escape(other.stakeholder)} "
        f"then ({when(other, year)}, {interview_ref(other, from_triad=triad_number)})."
    )


def _who_and_where(interview: Interview, *, role: bool) -> str:
    """``*Head of Early Help* with <@A>, <@B> · County Hall``."""
    who = f"*{escape(interview.stakeholder)}*"
    if role and interview.role:
        who += f" ({escape(interview.role)})"
    who += f" with {people(interview.interviewers)}" if interview.interviewers else ", no interviewer yet"
    return who + (f" · {escape(interview.place)}" if interview.place else "")


def interview_line(interview: Interview, year: int | None, *, role: bool = False) -> str:
    """``2: Monday 23 July, 09:30-10:15, *Head of Early Help* with <@A> · County Hall``."""
    return f"{interview.number}: {when(interview, year)}, {_who_and_where(interview, role=role)}"


def interview_list(triad_number: int, interviews: Sequence[Interview], year: int | None) -> tuple[str, list[Block]]:
    """`/peer interview list`: one line an interview, in time order, with its number and role."""
    lines = [f"• {interview_line(i, year, role=True)}" for i in interviews]
    return f"Triad {triad_number}: {len(interviews)} interviews", sections(f"*Triad {triad_number} interviews*", lines)


def no_interviews(triad_id: int, triad_number: int) -> tuple[str, list[Block]]:
    text = f"Triad {triad_number} has no interviews booked yet."
    return text, [blocks.section(text), ActionsBlock(elements=[plan_interviews_button(triad_id)])]


def sections(heading: str, lines: list[str]) -> list[Block]:
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


def calendar_button(triad_id: int) -> ButtonElement:
    """*Add to calendar*: does what `/peer calendar` does (handlers.actions.agenda)."""
    return ButtonElement(text="Add to calendar", action_id=ADD_TO_CALENDAR, value=str(triad_id), style="primary")


def _day2_line(day2_label: str, agreed: Sequence[int]) -> str:
    """``*Day 2, Tuesday 24 July:* `09:00` hypotheses on lines 1, 2 · `11:45` findings to the host · …``."""
    parts = []
    for slot in DAY2_STRUCTURE:
        start, end, _ = slot
        said = DAY2_WORDS[slot]
        if slot == DAY2_HYPOTHESES and agreed:
            said += f" on line{'s' if len(agreed) > 1 else ''} {', '.join(str(n) for n in agreed)}"
        at = f"{format_time(start)}-{format_time(end)}" if slot == DAY2_WORKSHOP else format_time(start)
        parts.append(f"`{at}` {said}")
    return f"*{day2_label}:* " + " · ".join(parts)


def _labels(fieldwork: FuzzyDate | None, facts: AgendaFacts, year: int | None) -> tuple[str, str]:
    if facts.days is not None:
        day1, day2 = facts.days
        return f"*Day 1, {say_day(day1, year)}: interviews*", f"Day 2, {say_day(day2, year)}"
    if fieldwork is None:
        return "*Fieldwork dates not set yet.* Interviews booked:", "Day 2"
    return f"*Fieldwork {escape(fieldwork.text)}, not confirmed.* Interviews booked:", "Day 2"


def agenda_blocks(
    triad_id: int,
    triad_number: int,
    year: int | None,
    fieldwork: FuzzyDate | None,
    facts: AgendaFacts,
    agreed: Sequence[int],
) -> list[Block]:
    """The two days at a glance, within Slack's 50-block and 3000-character limits: one line an interview
    (time, who is interviewed, interviewers, place), day 2 as one line of times, and *Add to calendar*."""
    day1_label, day2_label = _labels(fieldwork, facts, year)
    lines = [f"`{times(i)}` {_who_and_where(i, role=False)}" for i in facts.day1]
    off_day = " _(not day 1)_" if facts.days is not None else ""
    lines += [f"{when(i, year)}: {_who_and_where(i, role=False)}{off_day}" for i in facts.elsewhere]
    first = sections(day1_label, lines or ["_No interviews booked yet._"])
    second = blocks.section(_day2_line(day2_label, agreed))
    buttons = [calendar_button(triad_id), plan_interviews_button(triad_id)]
    if facts.days is None:
        buttons.append(set_dates_button(triad_id))
    room = MAX_BLOCKS - 3  # header, day 2, buttons
    if len(first) > room:
        more = MarkdownTextObject(text="_…more interviews than fit here: the calendar has them all._")
        first = first[: room - 1] + [ContextBlock(elements=[more])]
    header = HeaderBlock(text=f"Triad {triad_number} fieldwork agenda")
    return [header, *first, second, ActionsBlock(block_id="agenda_buttons", elements=buttons)]


def agenda_message(data: AgendaData) -> tuple[str, list[Block]]:
    """`/peer agenda` and *Show the agenda*: (fallback text, blocks) from the use case's facts."""
    facts = agenda_facts(data.fieldwork, data.interviews)
    agreed = [number for number, _ in data.agreed_lines]
    body = agenda_blocks(data.triad_id, data.triad_number, data.year, data.fieldwork, facts, agreed)
    return f"Triad {data.triad_number} fieldwork agenda", body
