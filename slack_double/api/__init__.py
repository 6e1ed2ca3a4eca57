"""The Web API methods the double implements, one module per family.

Each method is a function ``(slack, args, token) -> dict``: it runs with the double's lock held,
acts on its workspace and returns the answer's fields (``ok: true`` is added), or raises
``SlackError`` / ``Throttled``. ``METHODS`` maps Slack's method names to them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from slack_double.api import apps, auth, canvases, chat, conversations, dms, files, oauth, users, views

if TYPE_CHECKING:
    from slack_double.double import SlackDouble

Method = Callable[["SlackDouble", dict[str, Any], str], dict[str, Any]]

METHODS: dict[str, Method] = {
    **apps.METHODS,
    **auth.METHODS,
    **canvases.METHODS,
    **chat.METHODS,
    **conversations.METHODS,
    **dms.METHODS,
    **files.METHODS,
    **oauth.METHODS,
    **users.METHODS,
    **views.METHODS,
}
