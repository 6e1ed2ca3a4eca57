"""A triad's record as plain facts: what its channel canvas and its documents are built from.

Gathered by bot.services.record from the database; the builders (bot.rules.canvas,
bot.rules.documents) turn them into canvas markdown, a presentation and the report documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.rules.dates import FuzzyDate
from bot.rules.fieldwork import Interview
from bot.rules.roles import TriadPeople


@dataclass(frozen=True)
class LineFact:
    number: int
    text: str
    themes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActionFact:
    number: int
    text: str
    owner: str  # a user id
    due: str | None  # as given
    due_date: date | None
    focus: int | None  # the line of enquiry it answers
    done: bool
    progress: tuple[str, ...] = ()  # oldest first


@dataclass(frozen=True)
class RecordFacts:
    team_id: str
    triad_number: int
    round_name: str
    people: TriadPeople
    challenge: FuzzyDate | None
    fieldwork: FuzzyDate | None
    steps_done: frozenset[str]
    agreed: tuple[LineFact, ...]
    proposed: int  # lines proposed, not agreed yet
    feedback_format: str | None
    interviews: tuple[Interview, ...]
    actions: tuple[ActionFact, ...]
    follow_up_status: str | None  # None | asked | requested | declined
    follow_up_day: date | None
    report_due: date | None
    findings: str | None = None
    next_steps: tuple[str, ...] = field(default_factory=tuple)

    @property
    def open_actions(self) -> tuple[ActionFact, ...]:
        return tuple(a for a in self.actions if not a.done)

    @property
    def title(self) -> str:
        return f"{self.people.host.name} {self.round_name}"


@dataclass(frozen=True)
class TriadLine:
    """One triad on the coordinator's round canvas: the region's public record (who hosts, visits and
    observes, the dates) and counts of its progress, none of its words."""

    number: int
    host: str
    visitor: str
    observer: str
    challenge: FuzzyDate | None
    fieldwork: FuzzyDate | None
    lines_agreed: int
    steps_done: frozenset[str]
    actions: int
    open_actions: int
    follow_up_status: str | None


@dataclass(frozen=True)
class RoundFacts:
    round_name: str
    triads: tuple[TriadLine, ...]
