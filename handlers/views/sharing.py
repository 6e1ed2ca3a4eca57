"""The findings and share forms' submissions, and the message shortcut *Attach to the record* with its form.

Each is authorised again on the server (who, which triad, which workspace) and calls the same use case
as the typed command; a refusal comes back on the form's field and nothing is written.
"""

from __future__ import annotations

import logging

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.rules.refusals import Refused
from bot.rules.sharing import ShareKind, SharingRefusal
from bot.services import access
from bot.services import sharing as sharing_service
from bot.services.access import AccessRefusal
from handlers.blocks.sharing import (
    ATTACH_FORM,
    ATTACH_SHORTCUT,
    FILE_KIND_LABELS,
    FINDINGS_FORM,
    SHARE_FORM,
    attach_modal,
    shared_summary,
)
from handlers.commands.sharing import findings_posted, findings_reply
from handlers.mrkdwn import escape
from handlers.payloads import who_acted
from handlers.refusals import plain_word, word
from handlers.views.forms import metadata, value
from handlers.views.submissions import _guarded as guarded
from storage.db import transaction

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


def register(app: App, deps) -> None:
    sessions, settings, now = deps.sessions, deps.settings, deps.now

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

    def triad_of(session, who: access.Actor, view: dict):
        triad_id = metadata(view).get("triad_id")
        if not isinstance(triad_id, int):
            raise Refused(AccessRefusal.TRIAD_GONE)
        return access.triad_by_id(session, who, triad_id)

    def on_findings(ack: Ack, body: dict, view: dict, client: WebClient) -> None:
        team_id, user_id = who_acted(body)
        text = value(view, "summary", "summary") or ""
        if not text.strip():
            ack(response_action="errors", errors={"summary": "Write the summary of the findings."})
            return
        try:
            with transaction(sessions) as session:
                who = access.actor(session, team_id, user_id, settings.peer_coordinators)
                triad = triad_of(session, who, view)
                written = sharing_service.write_findings(session, who, triad, text, now())
                channel = triad.channel_id
        except Refused as exc:
            ack(response_action="errors", errors={"summary": plain_word(exc)})
            return
        ack()
        say(client, metadata(view).get("channel"), user_id, findings_reply(written))
        if channel:
            say(client, channel, user_id, findings_posted(user_id, written.replaced), everyone=True)

    def on_share(ack: Ack, body: dict, view: dict, client: WebClient) -> None:
        team_id, user_id = who_acted(body)
        meta = metadata(view)
        shown = meta.get("shown") if isinstance(meta.get("shown"), dict) else {}
        choices = {kind: _selected(view, f"share_{kind}", "audience") for kind in shown}
        try:
            with transaction(sessions) as session:
                who = access.actor(session, team_id, user_id, settings.peer_coordinators)
                triad = triad_of(session, who, view)
                done = sharing_service.record_sharing(session, who, triad, choices, shown, now())
                channel = triad.channel_id
        except Refused as exc:
            kind = exc.facts.get("kind")
            field = f"share_{kind}" if kind in shown else (f"share_{next(iter(shown))}" if shown else None)
            if field is None:
                ack()  # nothing could be chosen: the form had no item to share
                say(client, meta.get("channel"), user_id, f":x: {word(exc)}")
                return
            ack(response_action="errors", errors={field: plain_word(exc)})
            return
        ack()
        summary = shared_summary(done.audiences)
        if not done.changed:
            say(client, meta.get("channel"), user_id, f"Nothing changed. Triad {done.triad_number} shares — {summary}.")
            return
        say(
            client,
            meta.get("channel"),
            user_id,
            f":white_check_mark: Saved. Triad {done.triad_number} shares — {summary}.",
        )
        if channel:
            changed = ", ".join(ShareKind(k).value.replace("_", " ") for k in done.changed)
            say(client, channel, user_id, f":globe_with_meridians: <@{user_id}> (host DCS) changed what the triad shares ({changed}): {summary}.", everyone=True)  # fmt: skip

    def on_attach_shortcut(ack: Ack, body: dict, shortcut: dict, client: WebClient) -> None:
        ack()
        team_id, user_id = who_acted(body)
        channel_id = (body.get("channel") or {}).get("id", "")
        files = posted_files(body.get("message") or {})
        try:
            with transaction(sessions) as session:
                who = access.actor(session, team_id, user_id, settings.peer_coordinators)
                triad = access.triad_for(session, who, channel_id=channel_id)
                if not files:
                    raise Refused(SharingRefusal.NO_FILES)
                view = attach_modal(triad.id, triad.number, channel_id, files)
        except Refused as exc:
            say(client, channel_id, user_id, f":x: {word(exc)}")
            return
        try:
            client.views_open(trigger_id=body.get("trigger_id"), view=view)
        except SlackApiError as exc:
            say(client, channel_id, user_id, f":x: I couldn't open the form ({exc.response.get('error')}). Try the shortcut again.")  # fmt: skip

    def on_attach(ack: Ack, body: dict, view: dict, client: WebClient) -> None:
        team_id, user_id = who_acted(body)
        meta = metadata(view)
        kind = _selected(view, "kind", "kind")
        if kind is None:
            ack(response_action="errors", errors={"kind": "Choose the self-assessment or the report."})
            return
        files = [
            sharing_service.PostedFile(str(f.get("id")), str(f.get("name")), f.get("permalink"))
            for f in meta.get("files") or []
            if isinstance(f, dict) and f.get("id")
        ]
        try:
            with transaction(sessions) as session:
                who = access.actor(session, team_id, user_id, settings.peer_coordinators)
                triad = triad_of(session, who, view)
                attached = sharing_service.attach_files(session, who, triad, kind, files, now())
                channel = triad.channel_id
        except Refused as exc:
            ack(response_action="errors", errors={"kind": plain_word(exc)})
            return
        ack()
        label = FILE_KIND_LABELS[attached.kind]
        if attached.names:
            names = ", ".join(escape(n) for n in attached.names)
            say(client, channel, user_id, f":paperclip: <@{user_id}> attached {names} to triad {attached.triad_number}'s record as {label}.", everyone=True)  # fmt: skip
        else:
            say(client, meta.get("channel"), user_id, f"That was already attached as {label}; nothing changed.")

    for callback_id, listener in ((FINDINGS_FORM, on_findings), (SHARE_FORM, on_share), (ATTACH_FORM, on_attach)):
        app.view(callback_id)(guarded(listener))
    app.shortcut(ATTACH_SHORTCUT)(on_attach_shortcut)
