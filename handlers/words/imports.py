"""The CSV imports: every bad row by its line."""

from __future__ import annotations

from enum import StrEnum

from bot.rules.dates import DateError
from bot.rules.imports import ImportProblem, ImportRefusal, RowProblem
from bot.services.imports import ImportRoundRefusal
from handlers.mrkdwn import escape
from handlers.words import Wording
from handlers.words.dates import describe

AUTHORITY_HEADER = "name, DCS, team"
ROUND_HEADER = "triad, host, visitor, observer, challenge session, fieldwork"
PERSON_HINT = "a Slack user ID like U0123ABCD or an e-mail address"
STANDING_WORDS = {"deactivated": "has been deactivated in Slack", "bot": "is an app, not a person"}

PROBLEMS: dict[ImportProblem, str] = {
    ImportProblem.NOT_UTF8: (
        "the file isn't UTF-8 text from here on. In Excel save it as “CSV UTF-8 (Comma delimited)”; "
        "from Numbers or Google Sheets export it as CSV."
    ),
    ImportProblem.TOO_BIG: "the file is bigger than {limit} bytes: is it the right file?",
    ImportProblem.EMPTY: "the file is empty. Its first line names the columns: {header}.",
    ImportProblem.NO_ROWS: "the file has its header and no rows under it.",
    ImportProblem.TOO_MANY_ROWS: "the file has more than {limit} rows: is it the right file?",
    ImportProblem.NOT_CSV: "this isn't a CSV file I can read ({reason}).",
    ImportProblem.MISSING_COLUMNS: "no {missing_text} column. The first line names the columns: {header}.",
    ImportProblem.DUPLICATE_COLUMN: "the {column} column is there twice.",
    ImportProblem.EXTRA_CELLS: (
        "{cells} cells but the header has {columns} columns — put a name with a comma in quotes."
    ),
    ImportProblem.EMPTY_CELL: "the {column} is empty.",
    ImportProblem.NAME_TOO_LONG: "the {column} is {length} characters; keep it under {limit}.",
    ImportProblem.DUPLICATE_NAME: "{name} is already on line {first_line}.",
    ImportProblem.BAD_PERSON: "“{given}” in the {column} column isn't " + PERSON_HINT + ".",
    ImportProblem.PERSON_TOO_LONG: (
        "a person in the {column} column is {length:,} characters; "
        "a Slack user ID or e-mail address is at most {limit}."
    ),
    ImportProblem.ONE_DCS: "the DCS column names {count} people; an authority has one DCS (put others in team).",
    ImportProblem.BAD_TRIAD_NUMBER: "triad “{given}” isn't a number like 1, 2, 3.",
    ImportProblem.DUPLICATE_TRIAD: "triad {number} is already on line {first_line}.",
    ImportProblem.SAME_AUTHORITY_TWICE: "{name} can't have two roles in one triad.",
    ImportProblem.DUPLICATE_HOST: (
        "{name} already hosts the triad on line {first_line}; a round has one triad per host."
    ),
    ImportProblem.BAD_DATE: "{column}: {reason}",
    ImportProblem.FIELDWORK_BEFORE_CHALLENGE: (
        "the fieldwork ({fieldwork}) comes before the challenge session ({challenge})."
    ),
    ImportProblem.UNKNOWN_AUTHORITY: (
        "the {column}, “{name}”, isn't a registered authority. Import the authorities first "
        "(`peerbot import authorities FILE.csv`, or send me their CSV), or check the spelling."
    ),
    ImportProblem.PERSON_NOT_FOUND: "nobody in this Slack workspace is {given} ({column}).",
    ImportProblem.PERSON_NOT_ACTIVE: "{given} ({column}) {standing_text}.",
    ImportProblem.ROUND_FORMED_IN_SLACK: (
        "{name} has triads formed in Slack (triad {number}): an import records an earlier round — give it another name."
    ),
}


def problem_text(problem: RowProblem, kind: str, *, mrkdwn: bool = False) -> str:
    """A bad row in words; ``mrkdwn=True`` escapes what the file said, for Slack."""
    facts = {k: escape(v) if mrkdwn and isinstance(v, str) else v for k, v in problem.facts.items()}
    reason = problem.facts.get("reason")
    if isinstance(reason, DateError):
        facts["reason"] = describe(reason, plain=not mrkdwn)
    facts["header"] = AUTHORITY_HEADER if kind == "authorities" else ROUND_HEADER
    if "missing" in facts:
        facts["missing_text"] = " or ".join(facts["missing"])
    if "standing" in facts:
        facts["standing_text"] = STANDING_WORDS.get(facts["standing"], "isn't an active member")
    text = PROBLEMS[problem.code].format(**facts)
    return f"line {problem.line}: {text}" if problem.line is not None else text


def not_imported(facts: dict) -> str:
    """Every bad row, one a line, under a line saying nothing was imported."""
    what = "authorities" if facts["kind"] == "authorities" else "round"
    problems = facts["problems"]
    lines = [problem_text(p, facts["kind"], mrkdwn=True) for p in problems]
    if facts.get("more"):
        lines.append(f"… and {facts['more']} more.")
    head = (
        f"Nothing was imported: the {what} file has a problem"
        if len(problems) == 1 and not facts.get("more")
        else f"Nothing was imported: the {what} file has {len(problems) + facts.get('more', 0)} problems"
    )
    return head + "\n" + "\n".join(f"• {line}" for line in lines)


REFUSALS: dict[StrEnum, Wording] = {
    ImportRefusal.NOT_IMPORTED: not_imported,
    ImportRoundRefusal.NO_ROUND_NAME: 'Give the earlier round\'s name, like "SE 2018".',
    ImportRoundRefusal.ROUND_NAME_TOO_LONG: "That round's name is too long; keep it under {limit} characters.",
}
