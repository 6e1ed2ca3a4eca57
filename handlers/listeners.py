"""Wire every Slack listener onto the Bolt app (the starter template's `register_listeners`)."""

from __future__ import annotations

import importlib

from slack_bolt import App

# Each module has `register(app, deps)`.
LISTENER_MODULES = [
    "handlers.commands.peer",
    "handlers.actions.follow_up",
    "handlers.actions.focus",
    "handlers.actions.acting",
    "handlers.actions.home_buttons",
    "handlers.views.submissions",
    "handlers.views.sharing",
    "handlers.events.home",
]


def register_listeners(app: App, deps) -> None:
    for name in LISTENER_MODULES:
        importlib.import_module(name).register(app, deps)
