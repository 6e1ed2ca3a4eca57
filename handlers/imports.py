"""The words of the CSV imports (what was imported, or every bad row by its line), for the CLI, a file
sent to the app in a DM and the import form (the file itself is fetched by `handlers.slack_files`)."""

from __future__ import annotations

import logging

from slack_sdk import WebClient

from bot.rules.imports import ImportRefusal
from bot.services.errors import Refused
from bot.services.imports import AuthoritiesImported, RoundImported
from handlers.mistakes import Mistake
from handlers.mrkdwn import escape
from handlers.refusals import word
from handlers.words.imports import problem_text

logger = logging.getLogger(__name__)


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
    from storage import unit_of_work

    try:
        with unit_of_work.UnitOfWork.separate(sessions) as session:
            if request_key and (seen := unit_of_work.reply_to_seen(session, team_id, request_key)) is not None:
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
                unit_of_work.remember(session, team_id, request_key, text)
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
