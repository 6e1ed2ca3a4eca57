"""The form that proposes a line of enquiry (its button, or `/peer focus propose` typed bare): proposed as the
typed command proposes it, then posted in the triad's channel by the same effect."""

from __future__ import annotations

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.services import focus as focus_service
from bot.services.access import Actor
from handlers.blocks.focus import LINE_FIELD, PROPOSE_FORM, question_tip
from handlers.effects import Tell
from handlers.effects.focus import announce_proposal
from handlers.views.answering import form_triad, on_field
from handlers.views.forms import metadata, value
from storage.unit_of_work import UnitOfWork


def propose_submitted(ack: Ack, view: dict, client: WebClient, uow: UnitOfWork, who: Actor, tell: Tell) -> None:
    """A mistake (empty, too long, already proposed, the triad gone or not theirs) shows on the field and
    writes nothing; else the proposal is recorded, the form closes and the channel sees it once."""
    text = value(view, LINE_FIELD, LINE_FIELD) or ""
    with on_field(LINE_FIELD):
        triad = form_triad(uow.session, who, view)
        proposed = focus_service.propose_line(uow.session, who, triad, text)
    ack()  # recorded (committed) before it is shown
    posted = announce_proposal(client, proposed, tell)
    opened_in = metadata(view).get("channel")
    notes = []
    if posted and opened_in != proposed.channel_id:  # opened elsewhere: the proposal isn't in sight
        notes.append(f":white_check_mark: Line {proposed.number} posted in <#{proposed.channel_id}>.")
    if proposed.short:
        notes.append(question_tip(proposed.number))
    if not notes:
        return
    if posted and opened_in == proposed.channel_id:
        _tell_in_channel(client, proposed.channel_id, who.user_id, "\n".join(notes), tell)
    else:
        tell("\n".join(notes))


def _tell_in_channel(client: WebClient, channel: str | None, user: str, text: str, tell: Tell) -> None:
    """Words to the proposer only, beside the proposal they can see; a DM if that can't be done."""
    try:
        client.chat_postEphemeral(channel=channel or "", user=user, text=text)
    except Exception:  # SlackApiError or a lost connection: the DM still reaches them
        tell(text)


def register(app: App) -> None:
    app.view(PROPOSE_FORM)(propose_submitted)
