"""Accept, Reshuffle and Edit on a proposal of a round's triads; and the Edit form's submission.

Each click is authorised again (a coordinator of this workspace) and acts on the stored proposal its
button names. Accept claims the proposal by compare-and-set before forming anything, so a second
click (or a click on a superseded proposal) is told what happened instead of forming twice; the
triads are then formed one by one through the same path as `/peer triad new` (channel, invites, welcome).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from bot.rules.refusals import Refused
from bot.services import access
from bot.services import triad_suggestions as suggestions
from bot.services.access import Actor
from handlers.blocks.suggestion import (
    ACCEPT,
    EDIT,
    EDIT_FORM,
    RESHUFFLE,
    edit_modal,
    interrupted_blocks,
    proposal_blocks,
    read_suggestion_id,
    settled_blocks,
)
from handlers.channels import invite
from handlers.effects import Tell, open_form
from handlers.effects.triads import form_triad_with_channel
from handlers.listening import Clock
from handlers.mistakes import Mistake
from handlers.mrkdwn import escape
from handlers.views.answering import on_field
from handlers.views.forms import metadata, value
from storage.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)


def _suggestion_named(action: dict) -> int:
    suggestion_id = read_suggestion_id(action.get("value"))
    if suggestion_id is None:
        raise Mistake("I can't tell which proposal this button is about; run `/peer round suggest` again.")
    return suggestion_id


def _replace(respond: Respond, text: str, blocks: list) -> None:
    try:
        respond(text=text, blocks=[b.to_dict() for b in blocks], replace_original=True)
    except Exception:
        logger.exception("could not update the proposal message")


def accept_clicked(
    ack: Ack, action: dict, client: WebClient, respond: Respond, uow: UnitOfWork, who: Actor, now: Clock, tell: Tell
) -> None:
    ack()
    suggestion_id = _suggestion_named(action)
    accepting = suggestions.start_accept(uow.session, who, suggestion_id, now())
    proposal = accepting.proposal
    uow.commit()  # claimed before anything is formed
    doing = (
        f"finishing: forming the {len(accepting.plans)} triads not formed yet…"
        if accepting.resumed
        else f"forming {len(accepting.plans)} triads…"
    )
    _replace(
        respond, "Forming the suggested triads",
        settled_blocks(accepting.round_name, proposal, f":hourglass_flowing_sand: <@{who.user_id}> accepted: {doing}"),
    )  # fmt: skip
    result = form_proposal(client, uow.sessions, who, now, tell, suggestion_id, accepting)
    if result is None:
        _replace(
            respond, "Forming the suggested triads stopped part-way",
            interrupted_blocks(suggestion_id, accepting.round_name, proposal, INTERRUPTED),
        )  # fmt: skip
        return
    formed, proposed = result
    _replace(
        respond,
        "Suggested triads accepted",
        settled_blocks(
            accepting.round_name, proposal, _accepted_text(who.user_id, formed, proposed) + _sitting_out(accepting)
        ),
    )


def reshuffle_clicked(ack: Ack, action: dict, respond: Respond, uow: UnitOfWork, who: Actor) -> None:
    ack()
    new = suggestions.reshuffle(uow.session, who, _suggestion_named(action))
    uow.commit()  # recorded before its buttons are shown
    assert new.id is not None
    _replace(
        respond,
        f"Suggested triads for {escape(new.round_name)}",
        proposal_blocks(new.id, new.round_name, new.proposal, new.already_formed),
    )


def edit_clicked(ack: Ack, body: dict, action: dict, client: WebClient, uow: UnitOfWork, who: Actor) -> None:
    ack()
    suggestion_id = read_suggestion_id(action.get("value"))
    if suggestion_id is None:
        raise Refused(suggestions.SuggestionStale.GONE)
    shown = suggestions.view(uow.session, who, suggestion_id).proposal
    names = [n for g in shown.triads for n in g.members] + list(shown.sitting_out)
    open_form(client, body, edit_modal(suggestion_id, body.get("response_url"), names), "Click Edit again.")


def edit_submitted(ack: Ack, view: dict, uow: UnitOfWork, who: Actor) -> None:
    meta = metadata(view)
    suggestion_id = meta.get("suggestion_id")
    first = " ".join((value(view, "first", "name") or "").split())
    second = " ".join((value(view, "second", "name") or "").split())
    named = lambda error: (
        "second" if isinstance(error, Refused) and error.facts.get("name") == second != first else "first"
    )
    with on_field(named):
        if not isinstance(suggestion_id, int):
            raise Refused(suggestions.SuggestionStale.GONE)
        edited = suggestions.swap(uow.session, who, suggestion_id, first, second)
    ack()  # commits first
    assert edited.id is not None
    blocks = proposal_blocks(edited.id, edited.round_name, edited.proposal, edited.already_formed)
    url = meta.get("response_url")
    if isinstance(url, str) and url:
        try:
            WebhookClient(url).send(
                text=f"Suggested triads for {escape(edited.round_name)} (edited)",
                blocks=[b.to_dict() for b in blocks], replace_original=True,
            )  # fmt: skip
        except Exception:
            logger.exception("could not update the edited proposal")


def register(app: App) -> None:
    app.action(ACCEPT)(accept_clicked)
    app.action(RESHUFFLE)(reshuffle_clicked)
    app.action(EDIT)(edit_clicked)
    app.view(EDIT_FORM)(edit_submitted)


INTERRUPTED = (
    ":warning: A network error stopped me part-way through forming these triads. Press *Accept* to finish: "
    "the triads already formed are kept and none is formed twice (otherwise I finish within a few minutes)."
)


def form_proposal(
    client: WebClient,
    sessions,
    who: Actor,
    now: Clock,
    tell: Tell,
    suggestion_id: int,
    accepting: suggestions.Accepting,
) -> tuple[int, int] | None:
    """Form the claimed proposal's triads still to form, one by one (each through `/peer triad new`'s path),
    renewing the claim after each; then mark it accepted: (its triads formed, its triads).

    If anything stops it part-way (a network error from the Web API: URLError, ConnectionError, a
    timeout — not a Slack error, which `form_triad_with_channel` answers per triad), the claim is
    released and None returned: Accept again, or the clock's next pass, finishes it."""
    try:
        for channel, people in accepting.reinvite:
            if failed := invite(client, channel, list(people)):
                tell(
                    f"I couldn't invite {', '.join(f'<@{u}> ({why})' for u, why in failed.items())} to <#{channel}>; "
                    "invite them by hand."
                )
        for plan in accepting.plans:
            form_triad_with_channel(client, sessions, who, plan, now, tell)
            with UnitOfWork.separate(sessions) as session:
                suggestions.renew_accept(session, who, suggestion_id, now())
    except Exception:
        logger.exception(
            "forming the triads of proposal %s stopped part-way; Accept again or the clock finishes it", suggestion_id
        )
        try:
            with UnitOfWork.separate(sessions) as session:
                suggestions.release_accept(session, who, suggestion_id)
        except Exception:
            logger.exception("could not release proposal %s; it is taken over when its claim lapses", suggestion_id)
        return None
    with UnitOfWork.separate(sessions) as session:
        return suggestions.finish_accept(session, who, suggestion_id, now())


def finish_stalled_accepts(
    sessions, settings, client_for: Callable[[str], WebClient], now: Callable[[], datetime]
) -> int:
    """The clock's part: finish every proposal whose forming stopped part-way (its claim released, or
    lapsed with a process that died), telling the coordinator who accepted it. Returns how many finished."""
    with UnitOfWork.separate(sessions) as session:
        stalled = suggestions.stalled_accepts(session, now())
    finished = 0
    for team_id, suggestion_id, accepted_by in stalled:
        try:
            client = client_for(team_id)
            with UnitOfWork.separate(sessions) as session:
                who = access.actor(session, team_id, accepted_by or "", settings.peer_coordinators)
                accepting = suggestions.resume_accept(session, who, suggestion_id, now())
        except Refused:
            continue  # another process took it over a moment ago
        except Exception:
            logger.exception("could not resume proposal %s of %s", suggestion_id, team_id)
            continue

        def tell(text: str, client: WebClient = client, user: str | None = accepted_by) -> None:
            if not user:
                return
            try:
                client.chat_postMessage(channel=user, text=text)
            except Exception:
                logger.exception("could not tell %s about forming the proposal's triads", user)

        result = form_proposal(client, sessions, who, now, tell, suggestion_id, accepting)
        if result is not None:
            finished += 1
            tell(
                f":white_check_mark: I finished forming the suggested triads of {accepting.round_name} that a network "
                f"error had interrupted: {result[0]} of {result[1]} triads formed."
            )
    return finished


def work_resumer(settings) -> Callable[[object, Callable[[str], WebClient], Callable[[], datetime]], int]:
    """The clock's resumer (bot.clock.process.WorkResumer), given to `run_clock` by `peerbot clock`."""
    return lambda sessions, client_for, now: finish_stalled_accepts(sessions, settings, client_for, now)


def _sitting_out(accepting: suggestions.Accepting) -> str:
    out = accepting.sitting_out
    return (
        f" {', '.join(escape(name) for name in out)} sit{'s' if len(out) == 1 else ''} this round out." if out else ""
    )


def _accepted_text(user_id: str, formed: int, proposed: int) -> str:
    if formed == proposed:
        return f":white_check_mark: Accepted by <@{user_id}>: {formed} triads formed, each with its private channel."
    return (
        f":warning: Accepted by <@{user_id}>: {formed} of {proposed} triads formed (see the messages above "
        "for the others); "
        "`/peer round suggest` again proposes triads for the authorities still without one."
    )
