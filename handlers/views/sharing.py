"""The findings and share forms' submissions, and the message shortcut *Attach to the record* with its form.

Each is authorised again on the server (who, which triad, which workspace) and calls the same use case
as the typed command; a refusal comes back on the form's field and nothing is written.
"""

from __future__ import annotations

import logging
from contextlib import nullcontext
from functools import partial

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.rules.refusals import Refused
from bot.rules.sharing import ShareKind, SharingRefusal
from bot.services import access
from bot.services import sharing as sharing_service
from bot.services.access import Actor
from handlers.blocks.sharing import (
    ATTACH_FORM,
    ATTACH_SHORTCUT,
    FILE_KIND_LABELS,
    FINDINGS_FORM,
    SHARE_FORM,
    attach_modal,
    shared_summary,
)
from handlers.commands.sharing import findings_reply
from handlers.effects import open_form
from handlers.effects.sharing import announce_findings
from handlers.listening import Clock
from handlers.mistakes import Mistake
from handlers.mrkdwn import escape
from handlers.views.answering import form_triad, on_field
from handlers.views.forms import metadata, value
from storage.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)
MAX_FILES = 5  # a message's files carried in the form's private_metadata (3000 characters)


def _selected(view: dict, block_id: str, action_id: str) -> str | None:
    field = ((view.get("state") or {}).get("values") or {}).get(block_id, {}).get(action_id) or {}
    return (field.get("selected_option") or {}).get("value")


def posted_files(message: dict) -> list[dict]:
    """The files of a shortcut's message: id, name and permalink of each (at most MAX_FILES)."""
    out = []
    for file in message.get("files") or []:
        if isinstance(file, dict) and file.get("id"):
            name = str(file.get("title") or file.get("name") or file["id"])[:120]
            out.append({"id": str(file["id"])[:32], "name": name, "permalink": file.get("permalink")})
    return out[:MAX_FILES]


def say(client: WebClient, channel: str | None, user_id: str, text: str, *, everyone: bool = False) -> None:
    """To the channel (everyone) or to the person only there, else by DM; never raises."""
    try:
        if channel and everyone:
            client.chat_postMessage(channel=channel, text=text)
        elif channel and not channel.startswith("D"):
            client.chat_postEphemeral(channel=channel, user=user_id, text=text)
        else:
            client.chat_postMessage(channel=user_id, text=text)
    except SlackApiError as exc:
        logger.warning("could not tell %s in %s: %s", user_id, channel, exc.response.get("error"))
        if channel and not everyone:
            try:
                client.chat_postMessage(channel=user_id, text=text)
            except SlackApiError:
                logger.warning("could not DM %s either", user_id)


def findings_submitted(ack: Ack, view: dict, client: WebClient, uow: UnitOfWork, who: Actor, now: Clock) -> None:
    text = value(view, "summary", "summary") or ""
    if not text.strip():
        raise Mistake("Write the summary of the findings.", block_id="summary")
    with on_field("summary"):
        triad = form_triad(uow.session, who, view)
        written = sharing_service.write_findings(uow.session, who, triad, text, now())
    ack()
    tell = partial(say, client, metadata(view).get("channel"), who.user_id)
    tell(findings_reply(written))
    announce_findings(client, triad.channel_id, who.user_id, written.replaced, tell)


def share_submitted(ack: Ack, view: dict, client: WebClient, uow: UnitOfWork, who: Actor, now: Clock) -> None:
    meta = metadata(view)
    shown: dict = meta["shown"] if isinstance(meta.get("shown"), dict) else {}
    choices = {kind: _selected(view, f"share_{kind}", "audience") for kind in shown}
    if not shown:  # a form with nothing to choose (stale or forged): closed first, a refusal told after
        ack()
    with on_field(lambda error: _share_field(error, shown)) if shown else nullcontext():
        triad = form_triad(uow.session, who, view)
        done = sharing_service.record_sharing(uow.session, who, triad, choices, shown, now())
    if shown:
        ack()
    summary = shared_summary(done.audiences)
    if not done.changed:
        say(client, meta.get("channel"), who.user_id, f"Nothing changed. Triad {done.triad_number} shares — {summary}.")
        return
    say(
        client,
        meta.get("channel"),
        who.user_id,
        f":white_check_mark: Saved. Triad {done.triad_number} shares — {summary}.",
    )
    if triad.channel_id:
        changed = ", ".join(ShareKind(k).value.replace("_", " ") for k in done.changed)
        say(
            client,
            triad.channel_id,
            who.user_id,
            f":globe_with_meridians: <@{who.user_id}> (host DCS) changed what the triad shares ({changed}): {summary}.",
            everyone=True,
        )


def _share_field(error: Exception, shown: dict) -> str:
    kind = error.facts.get("kind") if isinstance(error, Refused) else None
    return f"share_{kind}" if kind in shown else f"share_{next(iter(shown))}"


def attach_shortcut(ack: Ack, body: dict, client: WebClient, uow: UnitOfWork, who: Actor) -> None:
    ack()
    channel_id = (body.get("channel") or {}).get("id", "")
    files = posted_files(body.get("message") or {})
    triad = access.triad_for(uow.session, who, channel_id=channel_id)  # a refusal: an ephemeral where it was used
    if not files:
        raise Refused(SharingRefusal.NO_FILES)
    open_form(client, body, attach_modal(triad.id, triad.number, channel_id, files), "Try the shortcut again.")


def attach_submitted(ack: Ack, view: dict, client: WebClient, uow: UnitOfWork, who: Actor, now: Clock) -> None:
    meta = metadata(view)
    kind = _selected(view, "kind", "kind")
    if kind is None:
        raise Mistake("Choose the self-assessment or the report.", block_id="kind")
    files = [
        sharing_service.PostedFile(str(f.get("id")), str(f.get("name")), f.get("permalink"))
        for f in meta.get("files") or []
        if isinstance(f, dict) and f.get("id")
    ]
    with on_field("kind"):
        triad = form_triad(uow.session, who, view)
        attached = sharing_service.attach_files(uow.session, who, triad, kind, files, now())
    ack()
    label = FILE_KIND_LABELS[attached.kind]
    if attached.names:
        names = ", ".join(escape(n) for n in attached.names)
        say(
            client,
            triad.channel_id,
            who.user_id,
            f":paperclip: <@{who.user_id}> attached {names} to triad {attached.triad_number}'s record as {label}.",
            everyone=True,
        )
    else:
        say(client, meta.get("channel"), who.user_id, f"That was already attached as {label}; nothing changed.")


def register(app: App) -> None:
    app.view(FINDINGS_FORM)(findings_submitted)
    app.view(SHARE_FORM)(share_submitted)
    app.view(ATTACH_FORM)(attach_submitted)
    app.shortcut(ATTACH_SHORTCUT)(attach_shortcut)
