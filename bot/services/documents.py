"""The triad's documents: what they are built from, and who gets which.

`/peer documents`: the day-2 presentation to the triad channel and the report skeleton to the visiting
DCS (the follow-up review too, once the follow-up has come). With the reminders: the presentation with
the fieldwork agenda when the agreed feedback format includes a presentation, the report skeleton with
the report-due reminder, the follow-up review with the follow-up (storage.documents).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy.orm import Session

from bot.rules.documents import wants_presentation
from bot.rules.record import RecordFacts
from bot.services.errors import Refused
from bot.services.record import record_facts
from storage import documents
from storage.models import Reminder, Triad


class DocumentsRefusal(StrEnum):
    NO_CHANNEL = "documents_no_channel"  # facts: number


@dataclass(frozen=True)
class Delivery:
    kind: str  # presentation | report | follow_up
    to: str  # a channel id, or a user id (a DM)


@dataclass(frozen=True)
class DocumentsPlan:
    facts: RecordFacts
    channel_id: str
    deliveries: tuple[Delivery, ...]


def on_demand(session: Session, triad: Triad) -> DocumentsPlan:
    """`/peer documents` (access to the triad already checked)."""
    if not triad.channel_id:
        raise Refused(DocumentsRefusal.NO_CHANNEL, number=triad.number)
    facts = record_facts(session, triad)
    deliveries = [Delivery("presentation", triad.channel_id), Delivery("report", triad.visitor.dcs_user_id)]
    if triad.follow_up_status is not None:
        deliveries.append(Delivery("follow_up", triad.channel_id))
    return DocumentsPlan(facts, triad.channel_id, tuple(deliveries))


@dataclass(frozen=True)
class ReminderDocument:
    reminder_id: int
    plan: DocumentsPlan


def with_reminders(session: Session, now: datetime) -> list[ReminderDocument]:
    """The documents due with reminders sent lately, each claimed once (a reminder whose document is
    not wanted — no presentation when the format is written or verbal — is recorded as such)."""
    out = []
    for reminder_id, triad_id, kind in documents.reminders_needing_documents(session, now):
        triad = session.get(Triad, triad_id)
        reminder = session.get(Reminder, reminder_id)
        if triad is None or reminder is None or not triad.channel_id:
            documents.claim_document(session, reminder_id, "none", status="not_wanted")
            continue
        document = documents.DOCUMENT_FOR[kind]
        if document == "presentation" and not wants_presentation(triad.feedback_format):
            documents.claim_document(session, reminder_id, document, status="not_wanted")
            continue
        if not documents.claim_document(session, reminder_id, document):
            continue
        facts = record_facts(session, triad)
        to = reminder.recipient if document == "report" else triad.channel_id
        out.append(ReminderDocument(reminder_id, DocumentsPlan(facts, triad.channel_id, (Delivery(document, to),))))
    return out


def record_posted(session: Session, reminder_id: int, file_id: str | None, error: str | None) -> None:
    documents.record_document(session, reminder_id, "failed" if error else "posted", file_id, error)
