"""Wire every Slack listener onto the Bolt app (the starter template's `register_listeners`)."""

from __future__ import annotations

from slack_bolt import App


def register_listeners(app: App) -> None:
    from handlers.actions import (
        acting,
        agenda,
        documents,
        fieldwork,
        follow_up,
        home_buttons,
        programme,
        suggestion,
        summit,
        visiting_team,
    )
    from handlers.actions import focus as focus_buttons
    from handlers.commands import peer
    from handlers.events import home, imports, workspace
    from handlers.views import (
        action_form,
        authority_form,
        coordinators_form,
        dates_form,
        focus_form,
        import_form,
        interview_form,
        reminder_form,
        reviewer_form,
        round_form,
        round_new_form,
        sharing,
        themes,
        triad_form,
    )

    for module in (
        peer,
        home,
        workspace,
        imports,
        focus_buttons,
        acting,
        agenda,
        fieldwork,
        visiting_team,
        follow_up,
        home_buttons,
        programme,
        suggestion,
        summit,
        documents,
        reviewer_form,
        themes,
        sharing,
        triad_form,
        authority_form,
        coordinators_form,
        dates_form,
        focus_form,
        round_form,
        round_new_form,
        action_form,
        interview_form,
        reminder_form,
        import_form,
    ):
        module.register(app)
