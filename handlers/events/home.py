"""The App Home tab: each person's triads, next dates, the reminders coming and their open actions.

Published when the person opens the tab (`app_home_opened`) and after a change that concerns them.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from slack_bolt import App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import (
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
)
from slack_sdk.models.views import View
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from bot.rules.dates import MONTH_NAMES, WEEKDAY_NAMES, FuzzyDate
from bot.settings import Settings
from handlers import blocks
from handlers.commands.actions import latest_note_text, progress_text, zone_of
from storage import queries
from storage.models import Action, Reminder, Round, Triad

logger = logging.getLogger(__name__)

MAX_TRIADS = 15
MAX_REMINDERS = 8
MAX_ACTIONS = 20
MAX_BLOCKS = 100  # Slack's limit for a Home tab


@dataclass
class HomeTriad:
    triad: Triad
    roles: list[str]
    zone: ZoneInfo
    challenge: FuzzyDate | None
    fieldwork: FuzzyDate | None


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
    triads: list[HomeTriad] = field(default_factory=list)
    more_triads: int = 0
    reminders: list[HomeReminder] = field(default_factory=list)
    actions: list[HomeAction] = field(default_factory=list)
    more_actions: int = 0


# --------------------------------------------------------------------------- data


def _fuzzy(triad: Triad, kind: str) -> FuzzyDate | None:
    row = queries.triad_date(triad, kind)
    return None if row is None else FuzzyDate(row.text, row.start, row.end, row.precision, row.provisional)


def gather(session: Session, settings: Settings, team_id: str, user_id: str) -> HomeData:
    """Everything the person's Home shows, from their workspace only."""
    coordinators = queries.coordinator_ids(session, team_id, settings.peer_coordinators)
    mine = queries.triads(session, team_id) if user_id in coordinators else queries.triads_for_user(session, team_id, user_id)
    mine.sort(key=lambda t: (-t.round.created_at.timestamp(), t.number))
    data = HomeData(user_id, zone_of(mine[0].round.timezone if mine else settings.peer_timezone))
    for triad in mine[:MAX_TRIADS]:
        people = queries.triad_people(triad, coordinators)
        data.triads.append(
            HomeTriad(triad, people.roles_of(user_id), zone_of(triad.round.timezone), _fuzzy(triad, "challenge"), _fuzzy(triad, "fieldwork"))
        )
    data.more_triads = max(0, len(mine) - MAX_TRIADS)

    channels = {t.channel_id for t in mine if t.channel_id}
    triad_ids = [t.id for t in mine]
    reminders = session.scalars(
        select(Reminder)
        .where(
            Reminder.team_id == team_id,
            Reminder.status == "pending",
            or_(
                Reminder.recipient == user_id,
                and_(Reminder.triad_id.in_(triad_ids), Reminder.recipient.in_(channels)),
            ),
        )
        .order_by(Reminder.due_at, Reminder.id)
        .limit(MAX_REMINDERS)
    ).all()
    zones = _round_zones(session, team_id, {r.triad_id for r in reminders if r.triad_id is not None})
    for reminder in reminders:
        zone = zones.get(reminder.triad_id, zone_of(settings.peer_timezone))
        data.reminders.append(HomeReminder(reminder, zone, reminder.recipient == user_id))

    rows = session.execute(
        select(Action, Triad.number, Round.timezone)
        .join(Triad, Action.triad_id == Triad.id)
        .join(Round, Triad.round_id == Round.id)
        .where(
            Action.team_id == team_id,
            Triad.team_id == team_id,
            Action.owner_user_id == user_id,
            Action.status == "open",
        )
        .order_by(Action.due_date.is_(None), Action.due_date, Triad.number, Action.number)
        .options(selectinload(Action.notes))
    ).all()
    data.actions = [HomeAction(action, number, zone_of(tz)) for action, number, tz in rows[:MAX_ACTIONS]]
    data.more_actions = max(0, len(rows) - MAX_ACTIONS)
    return data


def _round_zones(session: Session, team_id: str, triad_ids: set[int]) -> dict[int, ZoneInfo]:
    if not triad_ids:
        return {}
    rows = session.execute(
        select(Triad.id, Round.timezone)
        .join(Round, Triad.round_id == Round.id)
        .where(Triad.team_id == team_id, Triad.id.in_(triad_ids))
    ).all()
    return {triad_id: zone_of(tz) for triad_id, tz in rows}


# --------------------------------------------------------------------------- the view


def when_text(moment: datetime, zone: ZoneInfo, today: date) -> str:
    local = moment.astimezone(zone)
    year = "" if local.year == today.year else f" {local.year}"
    return f"{WEEKDAY_NAMES[local.weekday()][:3]} {local.day} {MONTH_NAMES[local.month]}{year}, {local:%H:%M}"


def _date_text(value: FuzzyDate | None, today: date) -> str:
    text = blocks.date_text(value)
    if value is not None and value.end < today:
        text += " _(past)_"
    return text


def triad_section(item: HomeTriad, today: date):
    triad = item.triad
    roles = ", ".join(item.roles) or "member"
    channel = f" · <#{triad.channel_id}>" if triad.channel_id else ""
    return blocks.section(
        f"*Triad {triad.number}* — {triad.round.name} · you: {roles}{channel}\n"
        f"{triad.host.name} (host) · {triad.visitor.name} (visitor) · {triad.observer.name} (observer)\n"
        f"*Challenge session:* {_date_text(item.challenge, today)} · *Fieldwork:* {_date_text(item.fieldwork, today)}"
    )


def reminder_line(item: HomeReminder, today: date) -> str:
    reminder = item.reminder
    where = "to you" if item.to_you else f"in <#{reminder.recipient}>"
    first_line = ((reminder.text or "").strip() or reminder.kind).splitlines()[0]
    return f"• *{when_text(reminder.due_at, item.zone, today)}* {where} — {blocks.clip(first_line, 200)}"


def action_section(item: HomeAction, today: date):
    action = item.action
    text = (
        f"*Triad {item.triad_number} · action {action.number}:* {blocks.clip(action.text, 600)}\n"
        f"{progress_text(action, today, item.zone)}"
    )
    latest = latest_note_text(action, today, item.zone)
    return blocks.section(text + (f"\n{latest}" if latest else ""))


def home_view(data: HomeData, now: datetime) -> View:
    """Pure: the person's data in, the Home tab out."""
    today = now.astimezone(data.zone).date()
    body: list = [
        HeaderBlock(text="Peer challenge"),
        blocks.section(f"Hello {blocks.mention(data.user_id)} — here is where your peer challenges stand."),
        HeaderBlock(text="Your triads"),
    ]
    if data.triads:
        body += [triad_section(item, today) for item in data.triads]
        if data.more_triads:
            body.append(_context(f"…and {data.more_triads} more: `/peer triad list` shows them all."))
    else:
        body.append(blocks.section("You aren't in a triad yet. When a coordinator forms one with your authority, it appears here."))

    body += [DividerBlock(), HeaderBlock(text="Coming up")]
    if data.reminders:
        body.append(blocks.section("\n".join(reminder_line(item, today) for item in data.reminders)))
    else:
        body.append(blocks.section("No reminders are planned for you or your triads yet."))

    body += [DividerBlock(), HeaderBlock(text="Your open actions")]
    if data.actions:
        body += [action_section(item, today) for item in data.actions]
        if data.more_actions:
            body.append(_context(f"…and {data.more_actions} more: `/peer action list` in each triad's channel."))
        body.append(_context('Add a progress note with `/peer action update N "…" triad:T`; finished? `/peer action done N triad:T`.'))
    else:
        body.append(blocks.section("No open actions — nothing is waiting on you."))
    body.append(_context(f"Updated {when_text(now, data.zone, today)} · `/peer help` lists every command."))
    return View(type="home", blocks=body[:MAX_BLOCKS])


def _context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=blocks.clip(text, 2000))])


# --------------------------------------------------------------------------- Slack in and out


def publish_home(client: WebClient, sessions: sessionmaker[Session], settings: Settings, team_id: str, user_id: str, now: datetime) -> bool:
    """Build and publish the person's Home tab. Never raises: a failure is logged."""
    if not user_id or not team_id:
        return False
    try:
        with sessions() as session:
            view = home_view(gather(session, settings, team_id, user_id), now).to_dict()
    except Exception:
        logger.exception("building the Home tab for %s failed", user_id)
        return False
    try:
        client.views_publish(user_id=user_id, view=view)
    except SlackApiError as exc:
        logger.warning("views.publish for %s failed: %s", user_id, exc.response.get("error"))
        return False
    except Exception:
        logger.exception("views.publish for %s failed", user_id)
        return False
    return True


def register(app: App, deps) -> None:
    def app_home_opened(event: dict, context: BoltContext, body: dict, client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        team_id = context.team_id or body.get("team_id", "")
        publish_home(client, deps.sessions, deps.settings, team_id, event.get("user", ""), deps.now())

    app.event("app_home_opened")(app_home_opened)
