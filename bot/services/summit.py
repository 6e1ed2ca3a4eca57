"""The summit brief: the round's triads and focus, themes across triads and rounds, actions at the
four-month follow-up, follow-up visits, and the timeline. Every triad is named by its authorities (the
programme publishes its triad table); its lines and actions only where its host shared them with the
region (or every region) — the rest is counted.

`summit_brief` is the coordinator's (`/peer summit`); `operator_summit_brief` is `peerbot summit`'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy.orm import Session

from bot.rules.actions import ActionStatus, action_status
from bot.rules.dates import FuzzyDate
from bot.rules.reminder_plan import PlanConfig, RoundEvents, add_months
from bot.rules.themes import ThemeCount, count_themes, suggest_topics
from bot.rules.timeline import Timeline, TriadTimes, timeline_of
from bot.rules.times import local_today
from bot.services.access import Actor, require_coordinator
from bot.services.rounds import find_round
from bot.services.sharing import shared_kinds, shared_lines
from bot.services.themes import themes_of
from storage import rounds
from storage import themes as themes_store
from storage.models import Action, Round
from storage.rounds import TriadRecord, round_events, round_records

# What a host may share (the sharing service's kinds) that the brief uses.
LINES, ACTION_THEMES = "lines", "action_themes"


@dataclass(frozen=True)
class ActionCounts:
    recorded: int = 0
    done: int = 0
    in_progress: int = 0  # open, with at least one progress note
    not_started: int = 0  # open, no progress noted

    def __add__(self, other: ActionCounts) -> ActionCounts:
        return ActionCounts(
            self.recorded + other.recorded,
            self.done + other.done,
            self.in_progress + other.in_progress,
            self.not_started + other.not_started,
        )


@dataclass(frozen=True)
class SummitTriad:
    number: int
    shared: frozenset[str]  # what the host shared with the region or wider
    host: str  # the authorities: the region's public record, whatever is shared
    visitor: str
    observer: str
    challenge: FuzzyDate | None
    fieldwork: FuzzyDate | None
    agreed_count: int
    lines: tuple[tuple[str, tuple[str, ...]], ...] | None  # (text, topic labels), when the lines are shared
    actions: ActionCounts | None  # when the action themes are shared
    follow_up: str | None  # requested | declined | not_answered | not_due, when the action themes are shared
    follow_up_due: date | None


@dataclass(frozen=True)
class FollowUpCounts:
    wanted: int = 0
    declined: int = 0
    not_answered: int = 0  # the follow-up is due and the host has not said
    not_due: int = 0  # the four months are not up (or the fieldwork is not dated)


@dataclass(frozen=True)
class SummitBrief:
    round_name: str
    timezone: str
    today: date
    events: RoundEvents
    triads: tuple[SummitTriad, ...]
    themes: tuple[ThemeCount, ...]
    earlier_round_names: tuple[str, ...]
    actions: ActionCounts  # every triad's, counted whether shared or not
    follow_up: FollowUpCounts
    timeline: Timeline

    @property
    def not_shared(self) -> int:
        return sum(1 for t in self.triads if not t.shared)


def summit_brief(session: Session, who: Actor, round_name: str | None, now: datetime) -> SummitBrief:
    """The brief of the round named (else the latest), as at today in the round's time zone."""
    require_coordinator(who, "summit_brief")
    round_ = find_round(session, who, round_name)
    return brief_of(session, round_, local_today(now, round_.timezone))


def operator_summit_brief(session: Session, round_: Round, today: date) -> SummitBrief:
    return brief_of(session, round_, today)


def _follow_up_due(fieldwork: FuzzyDate | None, config: PlanConfig) -> date | None:
    return add_months(fieldwork.end, config.follow_up_months_after_fieldwork) if fieldwork else None


def _end_of(day: date) -> datetime:
    return datetime.combine(day, time.max)


def action_counts(actions: Sequence[Action], as_of: date) -> ActionCounts:
    """The actions as they stood at the end of ``as_of``: recorded by then, done by then, with progress by then."""
    cutoff = _end_of(as_of)
    statuses = [
        action_status(
            action.done_at is not None and _naive(action.done_at) <= cutoff,
            any(_naive(n.created_at) <= cutoff for n in action.notes),
        )
        for action in actions
        if _naive(action.created_at) <= cutoff
    ]
    return ActionCounts(len(statuses), *(statuses.count(s) for s in ActionStatus))


def _naive(moment: datetime) -> datetime:
    return moment.replace(tzinfo=None)


def _follow_up_state(status: str | None, due: date | None, today: date) -> str:
    """As at ``today``: the host answers the follow-up's question, asked when it is due, so before then
    an answer given since has not happened yet (`peerbot summit --today` in the past)."""
    if due is None or today < due:
        return "not_due"
    return status if status in ("requested", "declined") else "not_answered"


def brief_of(session: Session, round_: Round, today: date) -> SummitBrief:
    config = PlanConfig.from_dict(round_.plan_config)
    records: list[TriadRecord] = round_records(session, round_)
    shared = shared_kinds(session, round_.team_id, [r.triad.id for r in records])
    agreed = {r.triad.id: [f for f in r.focus if f.status == "agreed"] for r in records}
    themes = themes_of(session, round_.team_id, [line for lines in agreed.values() for line in lines])
    approved = shared_lines(session, round_.team_id, [r.triad.id for r in records])
    vocabulary = themes_store.vocabulary(session, round_.team_id)
    labels = {t.key: t.label for t in vocabulary}

    def as_shared(triad_id: int) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The lines in the words the host approved; a line still agreed in those words keeps its chosen themes."""
        current = {line.text: themes[line.id] for line in agreed[triad_id]}
        out = []
        for text in approved.get(triad_id, []):
            keys = [t.key for t in current[text].topics] if text in current else suggest_topics(text, vocabulary)
            out.append((text, tuple(labels[k] for k in keys if k in labels)))
        return tuple(out)

    earlier = rounds.earlier_rounds(session, round_)
    earlier_lines = themes_store.agreed_lines_by_round(session, round_.team_id, [r.id for r in earlier])
    earlier_themes = themes_of(session, round_.team_id, [line for lines in earlier_lines.values() for line in lines])

    triads: list[SummitTriad] = []
    totals, follow_ups = ActionCounts(), {"requested": 0, "declined": 0, "not_answered": 0, "not_due": 0}
    for record in records:
        triad, kinds = record.triad, shared.get(record.triad.id, frozenset())
        challenge, fieldwork = record.dates.get("challenge"), record.dates.get("fieldwork")
        due = _follow_up_due(fieldwork, config)
        counts = action_counts(record.actions, min(today, due) if due else today)
        state = _follow_up_state(triad.follow_up_status, due, today)
        totals += counts
        follow_ups[state] += 1
        triads.append(
            SummitTriad(
                number=triad.number,
                shared=kinds,
                host=triad.host.name,
                visitor=triad.visitor.name,
                observer=triad.observer.name,
                challenge=challenge,
                fieldwork=fieldwork,
                agreed_count=len(agreed[triad.id]),
                lines=as_shared(triad.id) if LINES in kinds else None,
                actions=counts if ACTION_THEMES in kinds else None,
                follow_up=state if ACTION_THEMES in kinds else None,
                follow_up_due=due,
            )
        )
    events = round_events(round_)
    theme_counts = count_themes(
        ([t.key for t in themes[line.id].topics] for lines in agreed.values() for line in lines),
        ([t.key for t in earlier_themes[line.id].topics] for lines in earlier_lines.values() for line in lines),
        vocabulary,
    )
    times = [TriadTimes(t.number, t.host, t.challenge, t.fieldwork) for t in triads]
    return SummitBrief(
        round_name=round_.name,
        timezone=round_.timezone,
        today=today,
        events=events,
        triads=tuple(triads),
        themes=tuple(theme_counts),
        earlier_round_names=tuple(r.name for r in earlier if r.id in earlier_lines),
        actions=totals,
        follow_up=FollowUpCounts(
            follow_ups["requested"], follow_ups["declined"], follow_ups["not_answered"], follow_ups["not_due"]
        ),
        timeline=timeline_of(times, events, today, config),
    )
