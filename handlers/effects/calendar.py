"""The triad's calendar file posted in its channel: by `/peer calendar` and by *Add to calendar* alike."""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.rules.calendar_ics import CalendarInput, build_calendar
from bot.services import fieldwork as fieldwork_service
from bot.services.access import Actor
from handlers.effects import Tell
from handlers.people import display_names
from storage.models import Triad

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CalendarJob:
    channel: str
    filename: str
    calendar: CalendarInput  # interviewer_names still empty: looked up after the ack


def calendar_title(triad: Triad) -> str:
    """The calendar's name, for `/peer calendar` and `peerbot calendar` alike."""
    return (
        f"Triad {triad.number} peer challenge: {triad.host.name} (host), "
        f"{triad.visitor.name} (visitor), {triad.observer.name} (observer)"
    )


def calendar_filename(triad_number: int) -> str:
    return f"triad-{triad_number}-peer-challenge.ics"


def calendar_job(session: Session, who: Actor, triad: Triad) -> CalendarJob:
    """What to post, read inside the request's transaction; refused when the triad has no channel."""
    request = fieldwork_service.calendar_input(session, who, triad, calendar_title(triad))
    return CalendarJob(channel=request.channel_id, filename=calendar_filename(triad.number), calendar=request.calendar)


def post_calendar(client: WebClient, user_id: str, job: CalendarJob, tell: Tell, now: datetime) -> bool:
    """After the ack: look up names, build the .ics and upload it to the triad's channel. A failure is told
    to the person, never raised; says whether it was posted."""
    interviewers = [u for i in job.calendar.interviews for u in i.interviewers]
    number = job.calendar.triad_number
    try:
        calendar = dataclasses.replace(job.calendar, interviewer_names=display_names(client, interviewers))
        client.files_upload_v2(
            channel=job.channel,
            content=build_calendar(calendar, now=now),
            filename=job.filename,
            title=f"Triad {number} peer challenge calendar",
            initial_comment=(
                f":calendar: <@{user_id}> posted triad {number}'s calendar: challenge session, fieldwork, "
                "interviews and follow-up. Dates not confirmed yet are all-day and tentative."
            ),
        )
        return True
    except SlackApiError as exc:
        error = exc.response.get("error", "error")
        logger.warning("calendar upload to %s failed: %s", job.channel, error)
        tell(f":x: I couldn't post the calendar in <#{job.channel}> ({error}). Is the app still in the channel?")
    except Exception:
        logger.exception("building or posting the calendar failed")
        tell(":x: Something went wrong making the calendar file; nothing was posted. Try again in a moment.")
    return False
