"""Wire every Slack listener onto the Bolt app (the starter template's `register_listeners`)."""

from __future__ import annotations

import importlib

from slack_bolt import App

# Each module has `register(app, deps)`.
LISTENER_MODULES = [
    "handlers.views.submissions",
    "handlers.events.home",
    "handlers.events.workspace",
    "handlers.events.imports",
    "handlers.views.import_form",
]


def register_listeners(app: App, deps) -> None:
    from handlers.actions import acting, documents, follow_up, home_buttons, suggestion, summit, visiting_team
    from handlers.actions import focus as focus_buttons
    from handlers.commands import peer
    from handlers.views import reviewer_form, sharing, themes

    peer.register(app)
    focus_buttons.register(app)
    acting.register(app)
    for module in (visiting_team, reviewer_form, themes, sharing):
        module.register(app)
    for module in (follow_up, home_buttons, suggestion, summit, documents):
        module.register(app)
    for name in LISTENER_MODULES:
        importlib.import_module(name).register(app, deps)
