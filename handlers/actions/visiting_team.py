"""The Accept and Suggest again buttons of a suggested visiting team.

Every click is authorised again here: the button's value names the proposal, and the clicker, its
triad and the workspace are checked as for `/peer team suggest`. The message is updated in place to
show who has accepted and who is awaited; once both DCSs have, the reviewers are invited to the
triad's channel and told there.
"""

from __future__ import annotations

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.services import visiting_team as team_service
from bot.services.access import Actor
from handlers.blocks.visiting_team import ACCEPT_ACTION, AGAIN_ACTION, read_button_value
from handlers.effects import Tell
from handlers.effects.visiting_team import post_suggestion, show_acceptance
from handlers.listening import Clock
from handlers.mistakes import Mistake
from handlers.payloads import clicked_message
from storage.unit_of_work import UnitOfWork


def team_clicked(
    ack: Ack,
    body: dict,
    action: dict,
    client: WebClient,
    tell: Tell,
    uow: UnitOfWork,
    who: Actor,
    now: Clock,
) -> None:
    ack()
    proposal_id = read_button_value(action.get("value"))
    if proposal_id is None:
        raise Mistake("I can't tell which suggested team this button is about; run `/peer team suggest` instead.")
    if action.get("action_id") != ACCEPT_ACTION:
        suggested = team_service.suggest_again(uow.session, who, proposal_id)
        uow.commit()  # recorded before it is shown
        post_suggestion(client, uow, suggested, tell)
        return
    accepted = team_service.accept(uow.session, who, proposal_id, now())
    members = list(accepted.proposal.members)
    uow.commit()  # recorded before it is shown
    show_acceptance(client, accepted, members, clicked_message(body), tell)


def register(app: App) -> None:
    app.action(ACCEPT_ACTION)(team_clicked)
    app.action(AGAIN_ACTION)(team_clicked)
