"""The host's answer to the four-month follow-up: is a follow-up visit wanted?"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy.orm import Session

from bot.rules import roles
from bot.rules.refusals import Refused
from bot.services.access import Actor
from bot.services.replan import replan_triad
from storage import triads
from storage.models import Reminder, Triad
from storage.reminders import sent_follow_ups

ANSWERS = ("requested", "declined")


class FollowUpRefusal(StrEnum):
    NO_SUCH_TRIAD = "follow_up_no_such_triad"
    ALREADY_ANSWERED = "follow_up_already_answered"  # facts: triad (as answered)


@dataclass(frozen=True)
class FollowUpAnswered:
    triad: Triad
    posted: list[Reminder]  # follow-up messages already posted, to show the answer in


def answer_follow_up(session: Session, who: Actor, triad_id: int, answer: str, now: datetime) -> FollowUpAnswered:
    """Record the first answer only (a double click, or two people at once, count once); the host is not chased
    again."""
    if answer not in ANSWERS:
        raise ValueError(f"unknown follow-up answer {answer!r}")
    triad = triads.triad_by_id(session, who.team_id, triad_id)
    if triad is None:
        raise Refused(FollowUpRefusal.NO_SUCH_TRIAD)
    roles.check_may_answer_follow_up(who.people(triad), who.user_id)
    if not triads.record_follow_up_answer(session, triad, answer, who.user_id):
        raise Refused(FollowUpRefusal.ALREADY_ANSWERED, triad=triad)
    replan_triad(session, triad, who.coordinators, now)
    return FollowUpAnswered(triad, sent_follow_ups(session, who.team_id, triad.id))
