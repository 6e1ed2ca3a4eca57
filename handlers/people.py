"""People named in a command or form are checked with Slack (users.info) before anything is written."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.rules.imports import PersonRef
from bot.rules.people import Standing, standing
from bot.services.imports import Found
from handlers.commands.context import UserError
from handlers.mrkdwn import escape

logger = logging.getLogger(__name__)

WHY = {
    Standing.UNKNOWN: "isn't anyone in this workspace",
    Standing.DEACTIVATED: "has been deactivated in this workspace",
    Standing.BOT: "is an app, not a person",
}


class PersonProblem(UserError):
    """The words for the person who can't be named, ready to show."""


def check_people(client: WebClient, users: Iterable[str], role: str) -> None:
    """Raise PersonProblem for the first of ``users`` who isn't a real, active member of the workspace."""
    for user in dict.fromkeys(users):
        try:
            info = client.users_info(user=user)["user"] or {}
            found = standing(True, bool(info.get("deleted")), bool(info.get("is_bot")), bool(info.get("is_app_user")))
        except SlackApiError as exc:
            error = exc.response.get("error", "error")
            if error not in ("user_not_found", "user_not_visible"):
                logger.warning("users.info %s failed: %s", user, error)
                raise PersonProblem(
                    f"I couldn't check <@{user}> with Slack ({error}); nothing was changed. Please try again."
                ) from None
            found = Standing.UNKNOWN
        if found is not Standing.ACTIVE:
            raise PersonProblem(
                f"<@{user}> {WHY[found]}, so they can't be {role}. Pick an active person from Slack's @ menu; nothing was changed."
            )


class SlackDirectory:
    """People named in an import file, found in Slack: a user ID with users.info, an e-mail with
    users.lookupByEmail (`bot.services.imports.PeopleDirectory`; the CLI and the handlers both use it)."""

    def __init__(self, client: WebClient):
        self.client = client

    def find(self, ref: PersonRef) -> Found:
        try:
            if ref.user_id:
                info = self.client.users_info(user=ref.user_id)["user"] or {}
            else:
                info = self.client.users_lookupByEmail(email=ref.email or "")["user"] or {}
        except SlackApiError as exc:
            error = exc.response.get("error", "error")
            if error in ("user_not_found", "users_not_found", "user_not_visible"):
                return Found(Standing.UNKNOWN)
            logger.warning("looking up %s failed: %s", ref.given, error)
            raise PersonProblem(
                f"I couldn't look up {escape(ref.given)} with Slack ({error}); nothing was imported."
            ) from None
        found = standing(True, bool(info.get("deleted")), bool(info.get("is_bot")), bool(info.get("is_app_user")))
        return Found(found, info.get("id"))
