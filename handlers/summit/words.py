"""The summit brief as titled sections of plain sentences, shared by the Markdown, HTML and Slack forms."""

from __future__ import annotations

from dataclasses import dataclass

from bot.rules.actions import ActionStatus
from bot.rules.dates import FuzzyDate
from bot.services.summit import ActionCounts, SummitBrief, SummitTriad
from handlers.words.actions import STATUS_WORDS

FOLLOW_UP_WORDS = {
    "requested": "follow-up visit wanted",
    "declined": "follow-up visit declined",
    "not_answered": "follow-up: not answered yet",
    "not_due": "follow-up not due yet",
}


@dataclass(frozen=True)
class Section:
    title: str
    items: tuple[str, ...]


def given(value: FuzzyDate | None) -> str:
    """The date as typed, with its year where the text left it out."""
    if value is None:
        return "not set"
    text = value.text if str(value.end.year) in value.text else f"{value.text} {value.end.year}"
    return text if value.is_exact else f"{text} (to be confirmed)"


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def actions_said(counts: ActionCounts) -> str:
    if not counts.recorded:
        return "no actions recorded"
    return (
        f"{_plural(counts.recorded, 'action')} recorded: {counts.done} {STATUS_WORDS[ActionStatus.DONE]}, "
        f"{counts.in_progress} {STATUS_WORDS[ActionStatus.IN_PROGRESS]}, "
        f"{counts.not_started} {STATUS_WORDS[ActionStatus.NOT_STARTED]}"
    )


def title(brief: SummitBrief) -> str:
    return f"Summit brief — {brief.round_name}"


def summary(brief: SummitBrief) -> str:
    shared = len(brief.triads) - brief.not_shared
    parts = [
        f"{_plural(len(brief.triads), 'triad')} in {brief.round_name}",
        f"summit {given(brief.events.summit)}" if brief.events.summit else "summit date not set",
        f"as at {brief.today.strftime('%-d %B %Y')}",
    ]
    if not brief.triads:
        named = "the round has no triad yet"
    elif not brief.not_shared:
        named = "every host shared its findings with the region"
    elif not shared:
        named = "no host has shared its findings with the region yet: each triad's lines and actions are only counted"
    else:
        named = (
            f"{_plural(shared, 'host')} shared with the region; "
            f"{brief.not_shared} shared nothing yet "
            f"({'its' if brief.not_shared == 1 else 'their'} lines and actions only counted)"
        )
    return "; ".join(parts) + f". {named[0].upper()}{named[1:]}."


def _triad_items(triad: SummitTriad) -> list[str]:
    items = [
        f"Triad {triad.number}: {triad.host} hosting, {triad.visitor} visiting, {triad.observer} observing"
        + ("" if triad.shared else " (nothing shared)")
        + f"; challenge session {given(triad.challenge)}, fieldwork {given(triad.fieldwork)}"
    ]
    if not triad.shared:
        return [f"{items[0]}; {_plural(triad.agreed_count, 'agreed line')} of enquiry"]
    if triad.lines is not None:
        for text, topics in triad.lines:
            items.append(f"Line of enquiry: {text}" + (f" ({', '.join(topics)})" if topics else ""))
        if not triad.lines:
            items.append("No line of enquiry agreed yet")
    else:
        items.append(f"{_plural(triad.agreed_count, 'agreed line')} of enquiry (the lines are not shared)")
    if triad.actions is not None:
        items.append(f"{actions_said(triad.actions)}; {FOLLOW_UP_WORDS[triad.follow_up or 'not_due']}")
    return items


def sections(brief: SummitBrief) -> list[Section]:
    out = [Section("The triads and their focus", tuple(i for t in brief.triads for i in _triad_items(t)))]
    earlier = ", ".join(brief.earlier_round_names)
    theme_items = tuple(
        f"{c.label}: {_plural(c.this_round, 'line')} this round"
        + (f", {c.earlier_rounds} in earlier rounds" if earlier else "")
        for c in brief.themes
    )
    out.append(
        Section(
            "Themes across the triads" + (f" (and earlier rounds: {earlier})" if earlier else ""),
            theme_items or ("No agreed line of enquiry is tagged with a theme yet.",),
        )
    )
    out.append(
        Section(
            "Actions at the four-month follow-up",
            (
                f"Across the round: {actions_said(brief.actions)} "
                "(as at each triad's follow-up, or today where it is not due yet).",
            ),
        )
    )
    fu = brief.follow_up
    out.append(
        Section(
            "Follow-up visits",
            (f"{fu.wanted} wanted, {fu.declined} declined, {fu.not_answered} not answered, {fu.not_due} not due yet.",),
        )
    )
    return out
