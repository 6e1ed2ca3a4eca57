"""auth.test and users.info: who the app is, and who the people are."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from slack_double.double import SlackDouble


def auth_test(slack: SlackDouble, args: dict, token: str) -> dict:
    return {
        "url": "https://double.slack.com/",
        "team": slack.team_names.get(slack.team_for_token.get(token, ""), "Slack Double"),
        "user": "peerbot",
        "team_id": slack.team_for_token.get(token, slack.team_id),
        "user_id": slack.bot_user_id,
        "bot_id": slack.bot_id,
        "is_enterprise_install": False,
    }


def users_info(slack: SlackDouble, args: dict, token: str) -> dict:
    return {"user": slack._user(args["user"])}


METHODS = {"auth.test": auth_test, "users.info": users_info}
