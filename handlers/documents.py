"""The triad's documents in Slack: built (bot.rules.documents), then uploaded with `files_upload_v2`
to the triad channel (the report skeleton to the visiting DCS, in the app's DM with them), each with a
line that says what it is and what to do with it."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session, sessionmaker

from bot.rules.documents import BUILDERS, Built
from bot.rules.record import RecordFacts
from bot.services import documents as documents_service
from bot.services.documents import Delivery, DocumentsPlan
from handlers.people import display_names
from storage.unit_of_work import UnitOfWork

log = logging.getLogger("peerbot.documents")

COMMENTS = {
    "presentation": ":bar_chart: *{title}*: the day-2 presentation, a slide for each agreed line of enquiry.",
    "report": ":page_facing_up: *{title}*: the report skeleton, a section for each agreed line of enquiry.",
    "follow_up": ":mag: *{title}*: each action and its progress, to talk through with the host.",
}
WITH_REMINDER = {"presentation": "For day 2:", "report": "To write into:", "follow_up": "For the follow-up:"}


def people_of(facts: RecordFacts) -> list[str]:
    people = facts.people
    return [people.host.dcs, people.visitor.dcs, people.observer.dcs, *(a.owner for a in facts.actions)]


def build(kind: str, facts: RecordFacts, names: Mapping[str, str]) -> Built:
    return BUILDERS[kind](facts, names)


def _destination(client: WebClient, to: str) -> str:
    """A channel id as it is; a user id becomes the app's DM with them."""
    if to[:1] in ("U", "W"):
        return client.conversations_open(users=to)["channel"]["id"]
    return to


def upload(client: WebClient, built: Built, to: str, comment: str) -> str | None:
    """The file in the channel (or DM); returns its file id."""
    answer = client.files_upload_v2(
        channel=_destination(client, to),
        content=built.content,
        filename=built.filename,
        title=built.filename.rsplit(".", 1)[0],
        initial_comment=comment,
    )
    files = answer.get("files") or [answer.get("file") or {}]
    return (files[0] or {}).get("id")


def deliver(client: WebClient, plan: DocumentsPlan, lead: str = "") -> list[tuple[Delivery, str | None, str | None]]:
    """Each delivery of the plan: (delivery, file id, error)."""
    names = display_names(client, people_of(plan.facts), full_names=True)
    results: list[tuple[Delivery, str | None, str | None]] = []
    for delivery in plan.deliveries:
        built = build(delivery.kind, plan.facts, names)
        comment = (lead + " " if lead else "") + COMMENTS[delivery.kind].format(title=built.filename)
        try:
            results.append((delivery, upload(client, built, delivery.to, comment), None))
        except SlackApiError as exc:
            error = str(exc.response.get("error") or "error")
            log.warning("triad %s: posting the %s failed: %s", plan.facts.triad_number, delivery.kind, error)
            results.append((delivery, None, error))
        except Exception as exc:
            log.warning("triad %s: posting the %s failed: %r", plan.facts.triad_number, delivery.kind, exc)
            results.append((delivery, None, type(exc).__name__))
    return results


@dataclass
class DocumentStats:
    posted: int = 0
    failed: int = 0


def post_with_reminders(
    sessions: sessionmaker[Session], client_for_team: Callable[[str], WebClient], now: datetime
) -> DocumentStats:
    """The clock's part: the documents of reminders sent since the last pass, each posted once."""
    stats = DocumentStats()
    with UnitOfWork.separate(sessions) as session:
        due = documents_service.with_reminders(session, now)
    for item in due:
        kind = item.plan.deliveries[0].kind
        file_id: str | None
        error: str | None
        try:
            client = client_for_team(item.plan.facts.team_id)
        except Exception as exc:  # the workspace uninstalled the app: its document is not posted
            log.warning("no client for workspace %s: %r", item.plan.facts.team_id, exc)
            file_id, error = None, type(exc).__name__
        else:
            [(_, file_id, error)] = deliver(client, item.plan, WITH_REMINDER[kind])
        with UnitOfWork.separate(sessions) as session:
            documents_service.record_posted(session, item.reminder_id, file_id, error)
        if error:
            stats.failed += 1
        else:
            stats.posted += 1
    return stats
