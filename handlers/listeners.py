"""Wire every Slack listener onto the Bolt app (the starter template's `register_listeners`)."""

from __future__ import annotations

from slack_bolt import App


def register_listeners(app: App) -> None:
    from handlers.actions import acting, documents, follow_up, home_buttons, suggestion, summit, visiting_team
    from handlers.actions import focus as focus_buttons
    from handlers.commands import peer
    from handlers.events import home, imports, workspace
    from handlers.views import (
        action_form,
        authority_form,
        coordinators_form,
        dates_form,
        import_form,
        interview_form,
        reminder_form,
        reviewer_form,
        round_form,
        sharing,
        themes,
        triad_form,
    )

    peer.register(app)
    for events in (home, workspace, imports):
        events.register(app)
    focus_buttons.register(app)
    acting.register(app)
    for module in (visiting_team, reviewer_form, themes, sharing):
        module.register(app)
    for form in (triad_form, authority_form, coordinators_form, dates_form, round_form, action_form, interview_form):
        form.register(app)
    reminder_form.register(app)
    import_form.register(app)
    for module in (follow_up, home_buttons, suggestion, summit, documents):
        module.register(app)
