"""A triad's channel canvas as Slack canvas markdown, built from its record (bot.rules.record).

Pure: facts in, markdown out. The people the app resolved are canvas mentions (`![](@U123)`); every
word a person typed (lines of enquiry, actions, progress, stakeholders, places) is escaped so that it
shows as plain text: no heading, list, link, mention or formatting comes from it.
"""

from __future__ import annotations

import re

from bot.rules.dates import FuzzyDate
from bot.rules.fieldwork import build_agenda, format_time
from bot.rules.record import ActionFact, RecordFacts, RoundFacts
from bot.rules.roles import AuthorityPeople

# Every ASCII punctuation mark may be backslash-escaped in markdown; these are the ones that can start
# or carry markup in a canvas (emphasis, code, links and mentions, headings, lists, quotes, tables, HTML).
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>@])")
_SPACES = re.compile(r"\s+")
MAX_TYPED = 2000  # a typed text shown in full up to this; longer is cut with an ellipsis

FORMATS = {"presentation": "a presentation", "written": "a written report", "verbal": "verbal feedback"}
FOLLOW_UP = {
    None: "not due yet",
    "asked": "the host has been asked whether a follow-up visit is wanted",
    "requested": "the host asked for a follow-up visit",
    "declined": "the host declined a follow-up visit (not chased again)",
}


def plain(text: str | None) -> str:
    """A person's words as canvas text: on one line, every markup character escaped."""
    words = _SPACES.sub(" ", text or "").strip()
    if len(words) > MAX_TYPED:
        words = words[: MAX_TYPED - 1] + "…"
    return _SPECIAL.sub(r"\\\1", words)


def person(user_id: str) -> str:
    return f"![](@{user_id})"


def given(value: FuzzyDate | None) -> str:
    if value is None:
        return "not set yet"
    shown = plain(value.describe())
    return shown if value.is_exact else f"{shown} (to be confirmed)"


def _authority(label: str, who: AuthorityPeople) -> str:
    team = [u for u in who.team if u != who.dcs]
    line = f"- **{label}**: {plain(who.name)} — DCS {person(who.dcs)}"
    if team:
        line += " · team " + " ".join(person(u) for u in team)
    return line


def _action(action: ActionFact) -> str:
    box = "[x]" if action.done else "[ ]"
    parts = [f"{action.number}\\. {plain(action.text)}", f"owner {person(action.owner)}"]
    parts.append(f"due {plain(action.due)}" if action.due else "no due date")
    if action.focus is not None:
        parts.append(f"line {action.focus}")
    line = f"- {box} " + " — ".join(parts)
    if action.progress:
        line += f" — latest: {plain(action.progress[-1])}"
    return line


def canvas_title(facts: RecordFacts) -> str:
    return f"Triad {facts.triad_number} — {facts.round_name}"


def canvas_markdown(facts: RecordFacts) -> str:
    """The whole canvas; the app replaces it whole at every change, from the database."""
    people = facts.people
    out = [
        f"# Triad {facts.triad_number}: {plain(people.host.name)} peer challenge ({plain(facts.round_name)})",
        "",
        "Kept current by Peer Challenge from what the triad records with `/peer`; edits made here are replaced.",
        "",
        "## The triad",
        _authority("Host", people.host),
        _authority("Visitor", people.visitor),
        _authority("Observer", people.observer),
    ]
    if people.second_observer is not None:
        out.append(_authority("Observer", people.second_observer))

    done = facts.steps_done

    def tick(step: str) -> str:
        return " ✅" if step in done else ""

    report = facts.report_due.strftime("%-d %B %Y") if facts.report_due else "four weeks after fieldwork"
    follow_up = facts.follow_up_day.strftime("%-d %B %Y") if facts.follow_up_day else "four months after fieldwork"
    out += [
        "",
        "## Timeline",
        f"- Self-assessment: due two weeks before the challenge session{tick('self_assessment')}",
        f"- Data profile: one month before the challenge session{tick('data_profile')}",
        f"- Challenge session: {given(facts.challenge)}",
        f"- Fieldwork visit: {given(facts.fieldwork)}",
        f"- Report: {report}{tick('report')}",
        f"- Four-month follow-up: {follow_up}",
        "",
        "**What comes next**",
        "",
    ]
    out += [f"- {step}" for step in facts.next_steps] or ["- Nothing outstanding."]

    out += ["", "## Agreed lines of enquiry"]
    if facts.agreed:
        for agreed in facts.agreed:
            themes = f" — themes: {', '.join(plain(t) for t in agreed.themes)}" if agreed.themes else ""
            out.append(f"- **Line {agreed.number}**: {plain(agreed.text)}{themes}")
    else:
        out.append("None agreed yet: the host and visiting DCS agree each line (`/peer focus agree N`).")
    if facts.proposed:
        out += ["", f"{facts.proposed} more proposed, not agreed yet (`/peer focus list`)."]
    fmt = FORMATS.get(facts.feedback_format or "", plain(facts.feedback_format)) if facts.feedback_format else None
    out += ["", f"**Feedback format**: {fmt}, agreed with the host." if fmt else "**Feedback format**: not agreed yet."]
    out += ["", "The day-2 presentation and the report skeleton: `/peer documents`."]

    out += ["", "## Fieldwork agenda"]
    days = build_agenda(facts.fieldwork, facts.interviews, [(agreed.number, "") for agreed in facts.agreed])
    for day in days:
        out.append(f"### {plain(day.label)}")
        items = [item for item in day.items if item.kind != "gap"]
        if not items:
            out.append("No interviews booked yet (`/peer interview add`).")
        for item in items:
            when = f"{format_time(item.start)}–{format_time(item.end)} " if item.start and item.end else ""
            line = f"- {when}{plain(item.title)}"
            if item.kind == "interview":
                if item.place:
                    line += f", {plain(item.place)}"
                if item.interviewers:
                    line += " — with " + " ".join(person(u) for u in item.interviewers)
                if item.detail:
                    line += f" — {plain(item.detail)}"
            out.append(line)

    out += ["", "## Actions"]
    out += [_action(a) for a in facts.actions] or [
        "No actions yet: they are agreed at the day-2 workshop (`/peer action add`)."
    ]

    out += ["", "## Follow-up", f"Four months after fieldwork: {FOLLOW_UP.get(facts.follow_up_status, 'not due yet')}."]
    if facts.actions:
        open_count = len(facts.open_actions)
        out += ["", f"{len(facts.actions) - open_count} of {len(facts.actions)} actions done."]
    return "\n".join(out) + "\n"


STEP_NAMES = (("self_assessment", "self-assessment"), ("data_profile", "data profile"), ("report", "report"))


def round_canvas_title(facts: RoundFacts) -> str:
    return f"{facts.round_name} — the round at a glance"


def round_canvas_markdown(facts: RoundFacts) -> str:
    """The coordinator's round canvas: every triad of the round on one line. It shows what the region
    may see of every triad (who, when) and counts, never a triad's own words."""
    out = [
        f"# {plain(facts.round_name)}: the round at a glance",
        "",
        "Kept current by Peer Challenge; each triad's own canvas (in its channel) has the detail.",
        "",
    ]
    for t in facts.triads:
        steps = [name for step, name in STEP_NAMES if step in t.steps_done]
        follow = {None: "not due", "asked": "asked", "requested": "visit requested", "declined": "declined"}
        parts = [
            f"**Triad {t.number}**: {plain(t.host)} (host), {plain(t.visitor)}, {plain(t.observer)}",
            f"challenge {given(t.challenge)}",
            f"fieldwork {given(t.fieldwork)}",
            f"focus agreed: {t.lines_agreed} line{'s' if t.lines_agreed != 1 else ''}"
            if t.lines_agreed
            else "focus not agreed",
            "steps done: " + (", ".join(steps) if steps else "none yet"),
            f"open actions: {t.open_actions} of {t.actions}",
            f"follow-up: {follow.get(t.follow_up_status, plain(t.follow_up_status))}",
        ]
        out.append("- " + " — ".join(parts))
    if not facts.triads:
        out.append("No triads in this round yet.")
    return "\n".join(out) + "\n"
