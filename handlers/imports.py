"""The words of the CSV imports (what was imported, or every bad row by its line), for the CLI, a file
sent to the app in a DM and the import form (the file itself is fetched by `handlers.slack_files`)."""

from __future__ import annotations

import logging

from slack_sdk import WebClient

from bot.rules.imports import ImportProblem, ImportRefusal, RowProblem
from bot.services.errors import Refused
from bot.services.imports import AuthoritiesImported, ImportRoundRefusal, RoundImported
from handlers.mistakes import Mistake
from handlers.mrkdwn import escape
from handlers.refusals import COORDINATOR_TASKS, word, words

logger = logging.getLogger(__name__)

COORDINATOR_TASKS.update(
    {
        "import_authorities": "import authorities",
        "import_round": "import an earlier round",
        "import_files": "import authorities or an earlier round from a file",
    }
)

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


words(
    {
        ImportRefusal.NOT_IMPORTED: not_imported,
        ImportRoundRefusal.NO_ROUND_NAME: 'Give the earlier round\'s name, like "SE 2018".',
        ImportRoundRefusal.ROUND_NAME_TOO_LONG: "That round's name is too long; keep it under {limit} characters.",
    }
)


def refusal_lines(exc: Refused) -> list[str]:
    """A refusal as lines for the CLI's stderr: the bad rows one a line."""
    if exc.code == ImportRefusal.NOT_IMPORTED:
        lines = [problem_text(p, exc.facts["kind"]) for p in exc.facts["problems"]]
        if exc.facts.get("more"):
            lines.append(f"… and {exc.facts['more']} more")
        return [*lines, "nothing was imported"]
    return [word(exc)]


def _names(names: tuple[str, ...]) -> str:
    return ", ".join(names[:10]) + (f" and {len(names) - 10} more" if len(names) > 10 else "")


def authorities_said(result: AuthoritiesImported) -> str:
    if not result.changed:
        n = len(result.unchanged)
        return f"{n} {'authority' if n == 1 else 'authorities'} already as in the file, nothing changed."
    parts = []
    if result.added:
        parts.append(f"{len(result.added)} added ({_names(result.added)})")
    if result.updated:
        parts.append(f"{len(result.updated)} updated with the file's DCS and team ({_names(result.updated)})")
    if result.unchanged:
        parts.append(f"{len(result.unchanged)} already as in the file")
    return "Authorities imported: " + "; ".join(parts) + "."


def round_said(result: RoundImported) -> str:
    n = len(result.unchanged)
    if not result.changed:
        return f"{result.round_name}: {n} {'triad' if n == 1 else 'triads'} already as in the file, nothing changed."

    def listed(triads) -> str:
        return ", ".join(
            f"triad {t.number} ({t.host})"
            + (f" — triad {t.file_number} in the file" if t.file_number != t.number else "")
            for t in triads
        )

    parts = []
    if result.added:
        parts.append(f"{len(result.added)} triad(s) recorded: {listed(result.added)}")
    if result.updated:
        parts.append(f"{len(result.updated)} updated from the file: {listed(result.updated)}")
    if result.unchanged:
        parts.append(f"{n} already as in the file")
    head = f"{result.round_name} {'created as an earlier round' if result.round_created else 'imported'}"
    text = f"{head}: " + "; ".join(parts) + "."
    if result.not_in_file:
        text += " Not in the file, left as they are: " + ", ".join(f"triad {n}" for n in result.not_in_file) + "."
    text += (
        f" No Slack channels were made (it is history); {result.skipped_reminders} reminder(s) whose time had "
        f"passed are skipped, never sent"
    )
    text += f", {result.pending_reminders} still to come." if result.pending_reminders else "."
    return text


# --------------------------------------------------------------------------- one import, from Slack


AUTHORITIES, ROUND = "authorities", "round"


def run_import(
    sessions,
    settings,
    client: WebClient,
    *,
    team_id: str,
    user_id: str,
    kind: str,
    round_name: str | None,
    content: bytes,
    now,
    request_key: str | None = None,
) -> tuple[bool, str]:
    """Import one file for a person of the workspace in one transaction: (imported?, the words to reply).

    ``request_key`` makes a retried Slack delivery answer as the first one did, without importing twice."""
    from sqlalchemy.exc import IntegrityError

    from bot.services import access, imports
    from handlers.people import SlackDirectory
    from storage import requests
    from storage.db import transaction

    try:
        with transaction(sessions) as session:
            if request_key and (seen := requests.reply_to_seen(session, team_id, request_key)) is not None:
                return True, seen
            who = access.actor(session, team_id, user_id, settings.peer_coordinators)
            result: imports.RoundImported | imports.AuthoritiesImported
            if kind == ROUND:
                result = imports.import_round(session, who, round_name, content, settings.peer_timezone, now)
                said = round_said(result)
            else:
                result = imports.import_authorities(session, who, content, SlackDirectory(client), now)
                said = authorities_said(result)
            text = f":white_check_mark: {escape(said)}"
            if request_key and result.changed:  # a retry of an import that changed nothing changes nothing either
                requests.remember(session, team_id, request_key, text)
    except Refused as exc:
        return False, f":x: {word(exc)}"
    except Mistake as exc:
        return False, f":x: {exc}"
    except IntegrityError:
        return False, "That file was being imported already (it arrived twice); nothing was imported twice."
    if isinstance(result, imports.AuthoritiesImported):
        text += invite_new_people(client, result)
    return True, text


def invite_new_people(client: WebClient, result: AuthoritiesImported) -> str:
    """An authority's new DCS and team join its triads' channels (and a change of DCS is told to the former
    DCS and the open triads); returns a note of any who couldn't be invited."""
    from handlers.channels import invite
    from handlers.dcs_change import tell_dcs_change

    for change in result.dcs_changes:
        tell_dcs_change(client, change)
    failed: dict[str, str] = {}
    for channel, people in result.invites.items():
        failed |= invite(client, channel, people)
    if not failed:
        return ""
    return (
        " I couldn't invite " + ", ".join(f"<@{u}> ({why})" for u, why in failed.items()) + " to their triad channels."
    )
