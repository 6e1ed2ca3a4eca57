"""Wire every Slack listener onto the Bolt app (the starter template's `register_listeners`)."""

from __future__ import annotations

import importlib

from slack_bolt import App

# Each module has `register(app, deps)`.
LISTENER_MODULES = [
    "handlers.actions.follow_up",
    "handlers.actions.home_buttons",
    "handlers.actions.visiting_team",
    "handlers.actions.suggestion",
    "handlers.actions.summit",
    "handlers.actions.documents",
    "handlers.views.submissions",
    "handlers.views.reviewer_form",
    "handlers.views.themes",
    "handlers.views.sharing",
    "handlers.events.home",
    "handlers.events.workspace",
    "handlers.events.imports",
    "handlers.views.import_form",
]


def register_listeners(app: App, deps) -> None:
    from handlers.actions import acting
    from handlers.actions import focus as focus_buttons
    from handlers.commands import peer

    peer.register(app)
    focus_buttons.register(app)
    acting.register(app)
    for name in LISTENER_MODULES:
        importlib.import_module(name).register(app, deps)
