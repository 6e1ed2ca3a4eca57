"""Recovery of claims a dead clock left behind (the clock's ``recover-stale-claims`` job).

`recover_stale` finds rows left ``sending`` past their lease, looks for the message in the
channel's history (every reminder is posted with ``metadata.event_payload.reminder_id``,
see `find_posted_reminders`) and records it sent, or puts it back to be sent (late).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session, sessionmaker

from bot.clock.clients import TeamClients, TeamUnavailable, as_team_clients
from bot.clock.config import SendConfig
from bot.clock.slack_client import DEAD_CHANNEL_ERRORS, REMINDER_EVENT, is_user
from bot.rules.times import utcnow
from storage.reminder_claims import (
    HELD,
    Outcome,
    ReminderStatus,
    StaleClaim,
    known_dm_channels,
    record_outcomes,
    stale_claims,
)

log = logging.getLogger("peerbot.clock")  # the clock process's logger, as before the split

HISTORY_MARGIN = timedelta(seconds=5)  # look this far before claimed_at (clocks differ a little)
HISTORY_PAGES = 20


@dataclass
class RecoverStats:
    stale: int = 0
    found_sent: int = 0  # the message was in Slack: recorded sent, not re-posted
    requeued: int = 0  # not in Slack: back to pending, to be sent (late)
    unverifiable: int = 0  # a DM whose channel the app never learnt: re-sent unverified
    failed: int = 0
    postponed: int = 0  # Slack could not be asked now; tried again next time
    held: int = 0  # their workspace uninstalled the app: held, to be sent when it installs again


def _ts_time(ts: str) -> datetime:
    return datetime.fromtimestamp(float(ts), timezone.utc)


def find_posted_reminders(
    client: WebClient, channel: str, oldest: datetime, wanted: set[int]
) -> dict[int, tuple[str, str]]:
    """{reminder id: (channel, ts)} of the wanted reminders found in the channel since `oldest`."""
    found: dict[int, tuple[str, str]] = {}
    cursor = None
    for _ in range(HISTORY_PAGES):
        page = client.conversations_history(
            channel=channel,
            oldest=f"{oldest.timestamp():.6f}",
            include_all_metadata=True,
            limit=200,
            **({"cursor": cursor} if cursor else {}),
        )
        for message in page.get("messages") or []:
            metadata = message.get("metadata") or {}
            if metadata.get("event_type") != REMINDER_EVENT:
                continue
            try:
                reminder_id = int((metadata.get("event_payload") or {}).get("reminder_id"))  # type: ignore[arg-type]
            except (TypeError, ValueError):
                continue
            if reminder_id in wanted:
                found.setdefault(reminder_id, (channel, message["ts"]))
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor or wanted <= found.keys():
            break
    return found


def _requeue(row: StaleClaim, why: str, config: SendConfig, stats: RecoverStats) -> Outcome:
    """Not found in Slack (or not checkable): pending again, or failed once out of attempts."""
    if row.attempts >= config.max_attempts:
        stats.failed += 1
        gave_up = f"gave up after {row.attempts} attempts: {why}"
        return Outcome(row.id, row.attempts, row.claimed_by, ReminderStatus.FAILED, error=gave_up)
    stats.requeued += 1
    return Outcome(row.id, row.attempts, row.claimed_by, ReminderStatus.PENDING, error=why)


def _look_up(
    clients: TeamClients, channel: str, rows: list[StaleClaim], stats: RecoverStats, outcomes: list[Outcome]
) -> dict[int, tuple[str, str]] | None:
    """The rows' reminders found in the channel, or None when Slack cannot be asked now (postponed)
    or ever (their workspace is gone: held, to be sent unverified if it installs again)."""
    try:
        return find_posted_reminders(
            clients.for_team(rows[0].team_id),
            channel,
            min(r.claimed_at for r in rows) - HISTORY_MARGIN,
            {r.id for r in rows},
        )
    except TeamUnavailable as exc:
        if exc.held:
            outcomes.extend(Outcome(row.id, row.attempts, row.claimed_by, HELD, error=exc.error) for row in rows)
            stats.held += len(rows)
            return None
    except SlackApiError as exc:
        error = exc.response.get("error") if hasattr(exc.response, "get") else None
        if error in DEAD_CHANNEL_ERRORS:  # nothing can be there; the next send marks it failed
            return {}
        log.warning("could not read %s to recover reminders: %s", channel, error)
    except Exception as exc:
        log.warning("could not read %s to recover reminders: %r", channel, exc)
    stats.postponed += len(rows)
    return None


def recover_stale(
    sessions: sessionmaker[Session],
    client: WebClient | TeamClients,
    *,
    now: Callable[[], datetime] = utcnow,
    config: SendConfig = SendConfig(),
    limit: int = 500,
) -> RecoverStats:
    """Settle rows left `sending` past their lease: found in Slack -> sent/late; not found -> pending
    (held when their workspace can no longer be asked: uninstalled or revoked)."""
    clients = as_team_clients(client)
    current = now()
    stale = stale_claims(sessions, claimed_before=current - config.lease, limit=limit)
    stats = RecoverStats(stale=len(stale))
    if not stale:
        return stats
    with sessions() as session:
        dms = known_dm_channels(session, {(r.team_id, r.recipient) for r in stale if is_user(r.recipient)})
    by_channel: dict[str, list[StaleClaim]] = {}
    outcomes: list[Outcome] = []
    for row in stale:
        channel = row.message_channel or (
            dms.get((row.team_id, row.recipient)) if is_user(row.recipient) else row.recipient
        )
        if channel is None:
            # A first DM to this person: its channel id only comes back from chat.postMessage,
            # which the dead clock never recorded. It cannot be checked; send it again.
            log.warning("reminder %s: DM to %s cannot be checked in Slack; sending it again", row.id, row.recipient)
            stats.unverifiable += 1
            outcomes.append(_requeue(row, "clock stopped while sending (DM not verifiable)", config, stats))
        else:
            by_channel.setdefault(channel, []).append(row)
    for channel, rows in by_channel.items():
        if (found := _look_up(clients, channel, rows, stats, outcomes)) is None:
            continue
        for row in rows:
            if row.id not in found:
                outcomes.append(_requeue(row, "clock stopped while sending; not found in Slack", config, stats))
                continue
            posted_channel, ts = found[row.id]
            sent_at = _ts_time(ts)
            status = ReminderStatus.LATE if sent_at - row.due_at > config.late_after else ReminderStatus.SENT
            outcomes.append(
                Outcome(row.id, row.attempts, row.claimed_by, status, sent_at=sent_at, channel=posted_channel, ts=ts)
            )
            stats.found_sent += 1
    if outcomes:
        with sessions() as session, session.begin():
            record_outcomes(session, outcomes)
    return stats
