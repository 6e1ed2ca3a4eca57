"""What a person's App Home shows: their triads, the next dates, the reminders coming, their open actions.
From their workspace only; no Slack here."""

from __future__ import annotations

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.rules.dates import FuzzyDate
from bot.rules.reminder_plan import RoundEvents
from bot.rules.times import DEFAULT_ZONE_NAME, zone_of
from bot.rules.triads import Outstanding, next_steps
from bot.services.access import Actor
from storage import actions as actions_store
from storage import reminders as reminders_store
from storage import rounds
from storage import triads as triads_store
from storage.models import Action, Reminder, Triad
from storage.rounds import round_events
from storage.triads import steps_done, triad_date

MAX_TRIADS = 15
MAX_ROUND_TRIADS = 60  # a coordinator's round at a glance: one line each, packed into sections
MAX_REMINDERS = 8
MAX_ACTIONS = 20


@dataclass
class HomeTriad:
    triad: Triad
    roles: list[str]
    zone: ZoneInfo
    challenge: FuzzyDate | None
    fieldwork: FuzzyDate | None
    outstanding: list[Outstanding] = field(default_factory=list)  # what the triad still has to do, in order
    steps_done: set[str] = field(default_factory=set)
    agreed_lines: int = 0
    open_actions: int = 0
    round_events: RoundEvents | None = None  # the round's orientation and summit
    proposed_lines: int = 0  # lines of enquiry proposed and not yet agreed (their Agree buttons are in the channel)


@dataclass
class HomeReminder:
    reminder: Reminder
    zone: ZoneInfo
    to_you: bool


@dataclass
class HomeAction:
    action: Action
    triad_number: int
    zone: ZoneInfo


@dataclass
class HomeData:
    user_id: str
    zone: ZoneInfo  # for the footer: the zone of the person's latest round, or the default
    is_coordinator: bool = False
    has_round: bool = False  # for a coordinator: the workspace has a round (else the Home offers to start one)
    round_name: str | None = None  # a coordinator's latest round, shown at a glance in `round_triads`
    round_events: RoundEvents | None = None  # that round's orientation and summit
    round_triads: list[HomeTriad] = field(default_factory=list)
    triads: list[HomeTriad] = field(default_factory=list)
    more_triads: int = 0
    reminders: list[HomeReminder] = field(default_factory=list)
    actions: list[HomeAction] = field(default_factory=list)
    more_actions: int = 0


def home_of(session: Session, who: Actor, fallback_zone: str = DEFAULT_ZONE_NAME) -> HomeData:
    """Everything the person's Home shows: a coordinator sees every triad, anyone else the triads they are in."""
    team_id, user_id = who.team_id, who.user_id
    mine = (
        triads_store.triads(session, team_id)
        if who.is_coordinator
        else triads_store.triads_for_user(session, team_id, user_id)
    )
    mine.sort(key=lambda t: (-t.round.created_at.timestamp(), t.number))
    data = HomeData(user_id, zone_of(mine[0].round.timezone if mine else None, fallback_zone), who.is_coordinator)
    counts = triads_store.triad_counts(session, [t.id for t in mine])

    events = {t.round_id: round_events(t.round) for t in mine}

    def item(triad: Triad) -> HomeTriad:
        challenge, fieldwork = triad_date(triad, "challenge"), triad_date(triad, "fieldwork")
        done = steps_done(triad)
        agreed, proposed, open_actions = counts.get(triad.id, (0, 0, 0))
        return HomeTriad(
            triad,
            who.people(triad).roles_of(user_id),
            zone_of(triad.round.timezone, fallback_zone),
            challenge,
            fieldwork,
            next_steps(challenge, fieldwork, done, agreed > 0, triad.feedback_format is not None),
            done,
            agreed,
            open_actions,
            events[triad.round_id],
            proposed,
        )

    data.has_round = bool(mine) or (who.is_coordinator and rounds.latest_round(session, team_id) is not None)
    if who.is_coordinator and mine:
        latest = mine[0].round
        data.round_name = latest.name
        data.round_events = events[latest.id]
        data.round_triads = [item(t) for t in mine if t.round_id == latest.id][:MAX_ROUND_TRIADS]
    data.triads = [item(t) for t in mine[:MAX_TRIADS]]
    data.more_triads = max(0, len(mine) - MAX_TRIADS)

    channels = {t.channel_id for t in mine if t.channel_id}
    reminders = reminders_store.pending_reminders_for(
        session, team_id, user_id, [t.id for t in mine], channels, MAX_REMINDERS
    )
    zones = rounds.round_zone_names(session, team_id, {r.triad_id for r in reminders if r.triad_id is not None})
    for reminder in reminders:
        zone = zone_of(zones.get(reminder.triad_id) if reminder.triad_id is not None else None, fallback_zone)
        data.reminders.append(HomeReminder(reminder, zone, reminder.recipient == user_id))

    owned = actions_store.open_actions_owned_by(session, team_id, user_id, limit=MAX_ACTIONS + 1)
    data.actions = [
        HomeAction(action, number, zone_of(tz, fallback_zone)) for action, number, tz in owned[:MAX_ACTIONS]
    ]
    if len(owned) > MAX_ACTIONS:  # only then count them all
        data.more_actions = actions_store.count_open_actions_owned_by(session, team_id, user_id) - MAX_ACTIONS
    return data
