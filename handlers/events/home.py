"""The App Home tab: each person's triads, next dates, the reminders coming and their open actions.

Published when the person opens the tab (`app_home_opened`) and after a change that concerns them.
What it shows comes from `bot.services.home`; the view is built by `handlers.blocks.home`.
"""

from __future__ import annotations

import logging
from datetime import datetime

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session, sessionmaker

from bot.services import access
from bot.services.access import Actor
from bot.services.home import (
    MAX_ACTIONS,
    MAX_REMINDERS,
    MAX_TRIADS,
    HomeAction,
    HomeData,
    HomeReminder,
    HomeTriad,
    home_of,
)
from bot.settings import Settings
from handlers.blocks.home import MAX_BLOCKS, home_view
from handlers.listening import Clock
from storage.unit_of_work import UnitOfWork

__all__ = [
    "MAX_ACTIONS", "MAX_BLOCKS", "MAX_REMINDERS", "MAX_TRIADS",
    "HomeAction", "HomeData", "HomeReminder", "HomeTriad", "home_view", "publish_home", "register",
]  # fmt: skip

logger = logging.getLogger(__name__)


def publish_home(
    client: WebClient, sessions: sessionmaker[Session], settings: Settings, team_id: str, user_id: str, now: datetime
) -> bool:
    """Build and publish the person's Home tab. Never raises: a failure is logged."""
    if not user_id or not team_id:
        return False
    try:
        with sessions() as session:
            who = access.actor(session, team_id, user_id, settings.peer_coordinators)
            view = home_view(home_of(session, who, settings.peer_timezone), now).to_dict()
    except Exception:
        logger.exception("building the Home tab for %s failed", user_id)
        return False
    return _publish(client, user_id, view)


def _publish(client: WebClient, user_id: str, view: dict) -> bool:
    try:
        client.views_publish(user_id=user_id, view=view)
    except SlackApiError as exc:
        logger.warning("views.publish for %s failed: %s", user_id, exc.response.get("error"))
        return False
    except Exception:
        logger.exception("views.publish for %s failed", user_id)
        return False
    return True


def app_home_opened(
    event: dict, client: WebClient, uow: UnitOfWork, who: Actor | None, settings: Settings, now: Clock
) -> None:
    if event.get("tab", "home") == "home" and who is not None:
        _publish(client, who.user_id, home_view(home_of(uow.session, who, settings.peer_timezone), now()).to_dict())


def register(app: App) -> None:
    app.event("app_home_opened")(app_home_opened)
