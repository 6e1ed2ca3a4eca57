"""The fieldwork visit in words and Block Kit: interview lines, clashes, the two-day agenda. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from slack_sdk.models.blocks import Block, ContextBlock, DividerBlock, HeaderBlock, MarkdownTextObject

from bot.rules.fieldwork import AgendaDay, AgendaItem, Clash, Interview, format_day, format_time, interview_ref
from handlers import blocks
from handlers.mrkdwn import escape

MAX_BLOCKS = 50


def person(user_id: str, names: Mapping[str, str] | None = None) -> str:
    """A display name when known, else a Slack mention."""
    if names and names.get(user_id):
        return escape(names[user_id])
    return f"<@{user_id}>"


def people(user_ids: Iterable[str], names: Mapping[str, str] | None = None) -> str:
    return ", ".join(person(u, names) for u in user_ids)


def describe_clash(clash: Clash, *, names: Mapping[str, str] | None = None, triad_number: int | None = None) -> str:
    """One line for the person booking: who is double-booked, and with what."""
    other = clash.other
    return (
        f"{person(clash.interviewer, names)} is already interviewing {escape(other.stakeholder)} "
        f"{format_time(other.start)}-{format_time(other.end)} on {format_day(other.day)} "
        f"({interview_ref(other, from_triad=triad_number)})."
    )


def interview_line(interview: Interview) -> str:
    """``2: Monday 23 July 2018, 09:30-10:15 — *Head of Early Help* (manager) · with <@A> · County Hall``."""
    who = f"*{escape(interview.stakeholder)}*" + (f" ({escape(interview.role)})" if interview.role else "")
    parts = [f"{interview.number}: {interview.slot} — {who}"]
    parts.append(f"with {people(interview.interviewers)}" if interview.interviewers else "no interviewer yet")
    if interview.place:
        parts.append(escape(interview.place))
    return " · ".join(parts)


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


def item_detail(item: AgendaItem, names: Mapping[str, str] | None = None) -> str | None:
    """An agenda item's detail line; an interview's says its note or day, interviewers, place and number."""
    if item.kind != "interview":
        return escape(item.detail) if item.detail else item.detail
    parts = [escape(item.detail)] if item.detail else []
    parts.append(f"with {people(item.interviewers, names)}" if item.interviewers else "no interviewer yet")
    if item.place:
        parts.append(escape(item.place))
    if item.number is not None:
        parts.append(f"interview {item.number}")
    return " · ".join(parts)


def _when(item: AgendaItem) -> str:
    if item.start is None or item.end is None:
        return "`time not set`"
    return f"`{format_time(item.start)}–{format_time(item.end)}`"


def agenda_line(item: AgendaItem) -> str:
    detail = item_detail(item)
    if item.kind == "gap":
        return f"{_when(item)} _{escape(item.title)}, {detail}_"
    line = f"{_when(item)} *{escape(item.title)}*"
    return line + (f"\n{detail}" if detail else "")


def agenda_blocks(triad_number: int, round_name: str, days: tuple[AgendaDay, AgendaDay]) -> list[Block]:
    """The two days as Block Kit, within Slack's 50-block and 3000-character limits."""
    day1, day2 = days
    day1_lines = [agenda_line(i) for i in day1.items] or ['_No interviews booked yet: `/peer interview add "…"`_']
    first = sections(f"*{escape(day1.label)}*", day1_lines)
    second = sections(f"*{escape(day2.label)}*", [agenda_line(i) for i in day2.items])
    footer = ContextBlock(
        elements=[
            MarkdownTextObject(
                text="Day 2 follows the programme's fixed structure. "
                "`/peer calendar` posts all of this as a calendar file."
            )
        ]
    )
    room = MAX_BLOCKS - 3 - len(second)  # header, divider, footer
    if len(first) > room:
        first = first[: room - 1] + [
            blocks.section("_…more interviews than fit here: `/peer interview list` shows them all._")
        ]
    header = HeaderBlock(text=blocks.clip(f"Triad {triad_number} — fieldwork agenda ({round_name})", 150))
    return [header, *first, DividerBlock(), *second, footer]
