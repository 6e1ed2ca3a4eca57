"""The summit brief's words: `glance` (the lines the Slack message, the reminder's button and the head of
`peerbot summit`'s files all say, one builder) and `sections` (the full detail, in the files and behind the
message's *Full brief* button)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.rules.actions import ActionStatus
from bot.rules.dates import FuzzyDate
from bot.services.summit import ActionCounts, SummitBrief, SummitTriad
from handlers.words.actions import STATUS_WORDS

_TBC = re.compile(r"\b(tbc|tba|to be confirmed|provisional)\b", re.IGNORECASE)
GLANCE_THEMES = 5  # the themes line names the most frequent few (four and "N more" past five); the files, all
GLANCE_WORDS = 100  # the message's most, header included: the themes line gives way first
_WORD = re.compile(r"[\w’'@#:<>./-]*\w[\w’'@#:<>./-]*")  # as `bot.demo.words` counts them
SHARED_WORDS = {"lines": "lines", "summary": "findings", "files": "files", "action_themes": "actions"}
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


def dated(value: FuzzyDate) -> str:
    """The date as typed, with its year where the text left it out ("7 September" → "7 September 2018")."""
    return value.text if str(value.end.year) in value.text else f"{value.text} {value.end.year}"


def given(value: FuzzyDate | None) -> str:
    """The date as typed, with its year, and "(to be confirmed)" when it is not yet exact."""
    if value is None:
        return "not set"
    text = dated(value)
    return text if value.is_exact or _TBC.search(text) else f"{text} (to be confirmed)"


def said(value: FuzzyDate) -> str:
    """A date at a glance: a single day with its weekday and year ("Thursday 14 March 2019"), else as typed."""
    return f"{value.start:%A} {value.start.day} {value.start:%B %Y}" if value.precision == "day" else dated(value)


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
    """What the detail is as at, and what its hosts shared: "As at Thursday 14 February 2019. No host …"."""
    shared = len(brief.triads) - brief.not_shared
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
    return f"As at {brief.today:%A} {brief.today.day} {brief.today:%B %Y}. {named[0].upper()}{named[1:]}."


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


def headline(brief: SummitBrief) -> str:
    """The one-line fact: "3 triads; summit Thursday 14 March 2019; 1 of 4 actions done"."""
    summit = f"summit {said(brief.events.summit)}" if brief.events.summit else "summit date not set"
    counts = brief.actions
    if not counts.recorded:
        actions = "no actions recorded yet"
    else:
        actions = f"{counts.done} of {_plural(counts.recorded, 'action')} {STATUS_WORDS[ActionStatus.DONE]}"
        if counts.in_progress:
            actions += f", {counts.in_progress} {STATUS_WORDS[ActionStatus.IN_PROGRESS]}"
    return f"{_plural(len(brief.triads), 'triad')}; {summit}; {actions}"


def days(value: FuzzyDate) -> str:
    """Two days running said as "23–24 July 2018"; any other date as typed, with its year."""
    same_month = (value.start.year, value.start.month) == (value.end.year, value.end.month)
    if value.precision == "days" and same_month and (value.end - value.start).days == 1:
        return f"{value.start.day}–{value.end.day} {value.end:%B %Y}" + ("" if value.is_exact else " tbc")
    return dated(value)


def triad_line(triad: SummitTriad) -> str:
    """Who hosted, visited and observed (the region's public record), the fieldwork, and what the host shared."""
    line = f"{triad.host} hosting, {triad.visitor} visiting, {triad.observer} observing"
    line += f"; fieldwork {days(triad.fieldwork)}" if triad.fieldwork else "; fieldwork not dated"
    kinds = [word for kind, word in SHARED_WORDS.items() if kind in triad.shared]
    if len(kinds) == len(SHARED_WORDS):
        return line + "; everything shared"
    return line + (f"; shared: {', '.join(kinds)}" if kinds else "")


def themes_line(brief: SummitBrief, room: int = GLANCE_WORDS) -> str | None:
    """The most frequent themes, as many as ``room`` words allow (at least one, and how many more)."""
    if not brief.themes:
        return None
    named = [c.label + (f" ({c.this_round})" if c.this_round > 1 else "") for c in brief.themes]
    counts = [len(named)] if len(named) <= GLANCE_THEMES else []  # past five: four at most, and "N more"
    counts += range(min(len(named), GLANCE_THEMES) - 1, 0, -1)
    for shown in counts:
        more = len(named) - shown
        line = "Themes: " + ", ".join(named[:shown]) + (f" and {more} more" if more else "")
        if len(_WORD.findall(line)) <= room:
            break
    return line  # at least the most frequent theme, whatever the room


def follow_ups_line(brief: SummitBrief) -> str | None:
    fu = brief.follow_up
    counts = (
        (fu.wanted, "wanted"),
        (fu.declined, "declined"),
        (fu.not_answered, "unanswered"),
        (fu.not_due, "not due"),
    )
    parts = [f"{n} {word}" for n, word in counts if n]
    return "Follow-up visits: " + ", ".join(parts) if parts else None


def glance_parts(brief: SummitBrief) -> tuple[str, list[str], list[str]]:
    """The brief at a glance: the fact; a line a triad; the themes and the follow-ups (where there are any)."""
    head, triads, follow_ups = headline(brief), [triad_line(t) for t in brief.triads], follow_ups_line(brief)
    used = len(_WORD.findall(" ".join([title(brief), head, *triads, follow_ups or ""])))
    after = [line for line in (themes_line(brief, GLANCE_WORDS - used), follow_ups) if line]
    return head, triads, after


def glance(brief: SummitBrief) -> list[str]:
    """The same lines as one list: what the Slack message says, and the head of `peerbot summit`'s files."""
    head, triads, after = glance_parts(brief)
    return [head, *triads, *after]
