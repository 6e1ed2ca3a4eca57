"""users.lookupByEmail: a person found by their e-mail address.

A user whose profile e-mail was set with ``add_user(..., profile={"email": ...})`` is found by it, and
so is any user by the e-mail users.info gives them (``user-<id>@example.org``). Any other address at
example.org (or one of its subdomains) is a person of the workspace too, with an id made from the
address, so that `examples/se-authorities.csv` imports against the double; other domains, and addresses
in ``unknown_emails``, are ``users_not_found``.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

from slack_double.errors import SlackError

if TYPE_CHECKING:
    from slack_double.double import SlackDouble

_OWN_EMAIL_RE = re.compile(r"^user-([a-z0-9]+)@example\.org$")
_EXAMPLE_RE = re.compile(r"^[^@\s]+@([a-z0-9-]+\.)*example\.org$")


def user_id_for_email(email: str) -> str:
    """The id the double gives the person of an example.org address it was not told about."""
    return "U" + hashlib.sha1(email.lower().encode()).hexdigest()[:10].upper()


def lookup_by_email(slack: SlackDouble, args: dict, token: str) -> dict:
    email = str(args["email"]).strip().lower()
    if email in slack.unknown_emails:
        raise SlackError("users_not_found")
    for user_id, fields in slack.users.items():
        if str((fields.get("profile") or {}).get("email", "")).lower() == email:
            return {"user": slack._user(user_id)}
    if match := _OWN_EMAIL_RE.match(email):
        user_id = match.group(1).upper()
        if user_id not in slack.users:
            return {"user": slack._user(user_id)}
    if _EXAMPLE_RE.match(email):
        user_id = user_id_for_email(email)
        slack.users.setdefault(user_id, {"profile": {"email": email}})
        return {"user": slack._user(user_id)}
    raise SlackError("users_not_found")


METHODS = {"users.lookupByEmail": lookup_by_email}
