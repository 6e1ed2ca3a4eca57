"""A triad formed with its private channel, shown in Slack: by `/peer triad new`, by its form and by
an accepted suggestion of triads, alike."""

from __future__ import annotations

import logging
from datetime import datetime

from slack_sdk import WebClient
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.rules.refusals import Refused
from bot.rules.triads import channel_base_name
from bot.services import triads as triad_service
from bot.services.access import Actor
from bot.services.triads import TriadPlan
from handlers.blocks.triad import welcome_blocks
from handlers.channels import ChannelRefused, archive, create_private_channel, invite
from handlers.effects import Tell, post
from handlers.listening import Clock
from handlers.mrkdwn import escape
from storage.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)


def form_triad_with_channel(
    client: WebClient, sessions: sessionmaker[Session], who: Actor, plan: TriadPlan, now: Clock, tell: Tell
) -> None:
    """After the ack: create the channel, then record the triad, then invite and welcome.

    The triad is recorded only once Slack has given us a channel, so a Slack failure leaves no
    triad behind; if recording fails, the new channel is archived again.
    """
    try:
        with UnitOfWork.separate(sessions) as session:
            names = triad_service.free_channel_names(session, who.team_id, plan)
            triad_service.check_host_free(session, who.team_id, plan)
    except Refused as exc:  # the same command twice in a second
        tell(_not_created(exc))
        return
    try:
        created = create_private_channel(client, names)
    except ChannelRefused as exc:
        tell(
            f":x: Slack would not create the triad's channel ({exc.error}); no triad was created. "
            f"{_slack_hint(exc.error)}"
        )
        return
    if created is None:
        base = channel_base_name(plan.round_year, plan.host_name)
        tell(
            f":x: Every channel name like #{base} is taken; no triad was created. "
            "Rename or archive an old channel and try again."
        )
        return
    channel_id, channel_name = created.id, created.name
    # Archive a channel this attempt made if recording fails; never one adopted (another attempt may own it).
    litter = (lambda: None) if created.adopted else (lambda: archive(client, channel_id))
    try:
        formed = _record(sessions, who, plan, channel_id, channel_name, now())
    except Refused as exc:
        litter()
        tell(_not_created(exc))
        return
    except Exception:
        logger.exception("saving triad failed; archiving %s unless adopted", channel_id)
        litter()
        tell(":x: I couldn't save the triad (the channel I created has been archived). Please try again.")
        return
    number, people = formed.number, formed.people
    not_invited = invite(client, channel_id, people.channel_invitees())
    welcome = welcome_blocks(formed.triad_id, number, plan.round_name, people)
    post(client, channel_id, f"Welcome to triad {number}: {escape(people.host.name)}'s peer challenge", tell, welcome)
    summary = f":white_check_mark: Triad {number} formed: <#{channel_id}> — everyone is invited."
    if not_invited:
        summary = (
            f":white_check_mark: Triad {number} formed: <#{channel_id}>. I couldn't invite "
            + ", ".join(f"<@{u}> ({why})" for u, why in not_invited.items())
            + " — check they are in this workspace and invite them by hand."
        )
    tell(summary)


def _record(
    sessions: sessionmaker[Session], who: Actor, plan: TriadPlan, channel_id: str, channel_name: str, now: datetime
):
    """Record the triad; when a twin request committed the same triad first (the unique number, or one host per
    round), once more, so that this one meets the twin's triad and is refused in words, not with an error."""
    try:
        with UnitOfWork.separate(sessions) as session:
            return triad_service.record_triad(session, who, plan, channel_id, channel_name, now)
    except IntegrityError:
        with UnitOfWork.separate(sessions) as session:
            return triad_service.record_triad(session, who, plan, channel_id, channel_name, now)


def _not_created(exc: Refused) -> str:
    f = exc.facts
    return (
        f":x: {escape(f['host'])} is already the host of triad {f['number']} in {escape(f['round'])}; "
        "no new triad was created."
    )


def _slack_hint(error: str | None) -> str:
    return {
        "restricted_action": "The workspace doesn't let apps create private channels; ask an admin.",
        "missing_scope": "The app needs the groups:write scope; reinstall it from manifest.json.",
        "invalid_name_specials": "The host's name can't make a channel name; rename it in Slack and try again.",
    }.get(error or "", "Please try again, or ask the programme team.")
