"""The demo's narrated summary: what each triad's channel saw, the reminders and the follow-ups."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select

from bot.demo.transcript import ZONE, Transcript
from bot.rules.working_days import is_working_day
from storage.models import FocusLine, Reminder, Triad

FOLLOW_UP_WORDS = {"requested": "asked for a follow-up visit", "declined": "declined a follow-up visit"}


@dataclass
class TriadFacts:
    number: int
    channel_id: str
    agreed: list[str]
    follow_up: str | None


def triad_facts(sessions) -> list[TriadFacts]:
    with sessions() as session:
        triads = session.scalars(select(Triad).order_by(Triad.number)).all()
        out = []
        for triad in triads:
            lines = session.scalars(
                select(FocusLine.text)
                .where(FocusLine.triad_id == triad.id, FocusLine.status == "agreed")
                .order_by(FocusLine.number)
            ).all()
            out.append(TriadFacts(triad.number, triad.channel_id or "", list(lines), triad.follow_up_status))
        return out


def reminder_statuses(sessions) -> Counter[str]:
    with sessions() as session:
        rows = session.execute(select(Reminder.status, func.count()).group_by(Reminder.status)).all()
    return Counter({status: count for status, count in rows})


def off_hours(transcript: Transcript) -> list[str]:
    """Reminders the clock sent at any time but 09:00 local on a working day (none, if all is well)."""
    out = []
    for conversation, entry in transcript.entries("reminder"):
        local = entry.when.astimezone(ZONE)
        if (local.hour, local.minute) != (9, 0) or not is_working_day(local.date()):
            out.append(f"{conversation.title}: {local:%a %d %b %Y %H:%M}")
    return out


def summary_lines(transcript: Transcript, sessions, *, schemas_checked: bool) -> list[str]:
    lines = []
    facts = triad_facts(sessions)
    first, last = transcript.span()
    lines.append(
        f"The 2018 round replayed from {first:%d %B %Y} to {last:%d %B %Y}: {len(facts)} triads, "
        f"{len(transcript.entries('typed'))} commands typed, {len(transcript.entries('clicked'))} buttons clicked "
        f"({len(transcript.entries('submitted'))} of them opening a form, filled in and submitted)."
    )
    for triad in facts:
        conversation = transcript.conversations[triad.channel_id]
        messages = sum(1 for e in conversation.entries if e.kind in ("message", "reminder"))
        reminders = sum(1 for e in conversation.entries if e.kind == "reminder")
        follow_up = FOLLOW_UP_WORDS.get(triad.follow_up or "", "has not answered the follow-up yet")
        lines.append(
            f"  {conversation.title}: {messages} messages ({reminders} reminders); "
            f"{len(triad.agreed)} line{'s' if len(triad.agreed) != 1 else ''} of enquiry agreed; the host {follow_up}."
        )
        lines += [f"      agreed: {text}" for text in triad.agreed]
    sent = transcript.entries("reminder")
    statuses = reminder_statuses(sessions)
    wrong = off_hours(transcript)
    when = (
        "every one at 09:00 Europe/London on a working day"
        if not wrong
        else f"{len(wrong)} NOT at 09:00 on a working day"
    )
    lines.append(
        f"Reminders: {len(sent)} sent by the clock, {when}; "
        + ", ".join(f"{count} {status}" for status, count in sorted(statuses.items()))
        + " in the database."
    )
    lines += [f"  off hours: {w}" for w in wrong]
    if schemas_checked:
        lines.append("Slack stand-in: every Web API call checked against Slack's JSON Schemas and slack_sdk.models.")
    else:
        lines.append(
            "Slack stand-in: Slack's JSON Schemas not found in SLACK_SCHEMAS_DIR: "
            "Block Kit checked with slack_sdk.models only."
        )
    return lines
