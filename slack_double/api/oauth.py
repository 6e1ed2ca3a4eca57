"""oauth.v2.access: a code from the OAuth redirect, or a refresh token (token rotation), for a bot token."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from slack_double.errors import SlackError

if TYPE_CHECKING:
    from slack_double.double import SlackDouble

_refreshes = itertools.count(1)


def oauth_v2_access(slack: SlackDouble, args: dict, token: str | None) -> dict:
    if args.get("client_id") != slack.client_id:
        raise SlackError("invalid_client_id")
    if args.get("client_secret") != slack.client_secret:
        raise SlackError("bad_client_secret")
    if args.get("grant_type") == "refresh_token":
        team_id = slack._refresh.get(args.get("refresh_token") or "")
        if team_id is None:
            raise SlackError("invalid_refresh_token")
        grant = slack.grants[team_id]
        return slack._give(grant, f"xoxe.xoxb-{team_id.lower()}-r{next(_refreshes)}")
    team_id = slack._codes.pop(args.get("code") or "", None)  # a code works once
    if team_id is None:
        raise SlackError("invalid_code")
    grant = slack._pending.pop(team_id)
    return slack._give(grant, grant.token)


METHODS = {"oauth.v2.access": oauth_v2_access}
