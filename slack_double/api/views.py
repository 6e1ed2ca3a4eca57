"""views.*: modals opened and updated, App Home views published."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from slack_double.double import SlackDouble


def views_open(slack: SlackDouble, args: dict, token: str) -> dict:
    return {"view": slack._store_view(args["view"])}


def views_update(slack: SlackDouble, args: dict, token: str) -> dict:
    view_id = args.get("view_id") or next(
        (v["id"] for v in slack.views.values() if v.get("external_id") == args.get("external_id")), None
    )
    # Unknown view ids are accepted: a test's payload may name a view the double never opened.
    return {"view": slack._store_view(args["view"], view_id)}


def views_publish(slack: SlackDouble, args: dict, token: str) -> dict:
    slack._user(args["user_id"])
    view = slack._store_view(args["view"])
    slack.home_views[args["user_id"]] = view
    return {"view": view}


METHODS = {"views.open": views_open, "views.update": views_update, "views.publish": views_publish}
