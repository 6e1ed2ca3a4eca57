"""Every listener's preamble, written once (as Netflix dispatch does with Bolt middleware):
the workspace and the person are resolved, the request's unit of work is opened and closed,
and whatever goes wrong is answered on the surface the person used (`answer_failure`).

Bolt's sync `next()` only marks that the next middleware may run: the listener runs after all of
them, in Bolt's listener executor. So the unit of work is closed where the listener ends: in
`RequestExecutor`, which wraps that executor."""

from __future__ import annotations

import contextvars
import json
import logging
import uuid
from collections.abc import Callable
from concurrent.futures import Executor, Future
from datetime import datetime
from typing import Any

from slack_bolt import Ack, App, BoltContext, BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store import InstallationStore
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.rules.dates import DateError
from bot.services import access
from bot.services.access import Actor
from bot.services.errors import Refused
from bot.settings import Settings
from handlers.mistakes import Mistake
from handlers.refusals import word
from handlers.words.dates import describe
from storage.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)

Clock = Callable[[], datetime]
Installations = Callable[[], InstallationStore | None]
_THIS_REQUEST: contextvars.ContextVar[UnitOfWork | None] = contextvars.ContextVar("peer_request", default=None)

ALREADY_DONE = (
    "That was already done (the request arrived twice, or someone did the same at the same moment) "
    "— nothing was changed twice."
)


def went_wrong(ref: str) -> str:
    return (
        ":x: Something went wrong on my side and nothing was changed. Please try again; "
        f"if it keeps happening, tell the programme team (ref {ref})."
    )


class CommitThenAck:
    """Bolt's `ack`, committing the request's work first: an acknowledgement that says "done"
    is only sent once it is true. Bolt's runner reads and sets `response` on it."""

    def __init__(self, ack: Ack, uow: UnitOfWork) -> None:
        self._ack, self._uow = ack, uow

    def __call__(self, *args: Any, **kwargs: Any) -> BoltResponse:
        self._uow.commit()
        return self._ack(*args, **kwargs)

    @property
    def response(self) -> BoltResponse | None:
        return self._ack.response

    @response.setter
    def response(self, value: BoltResponse | None) -> None:
        if value is None and self._ack.response is not None:
            return  # Bolt's runner clears it when a listener fails after acking: the ack already sent stands
        self._ack.response = value


def install(
    app: App,
    sessions: sessionmaker[Session],
    settings: Settings,
    now: Clock,
    installations: Installations = lambda: None,
) -> None:
    """The one middleware and the one error handler. Listeners take what it puts in the context by
    name: `uow`, `who` (the person acting, None for events no person made), `settings`, `now`,
    `tell` (words to the person acting only: under the click, or a DM from the Home or a modal) and
    `installations` (Add to Slack's installation store, or None with one bot token)."""

    app.use(_OpenRequest(sessions, settings, now, installations))
    app.error(answer_failure)


class _OpenRequest(Middleware):
    """Bolt middleware as a class: Bolt calls it directly, without working out a function's arguments."""

    def __init__(self, sessions: sessionmaker[Session], settings: Settings, now: Clock, installations: Installations):
        self._sessions, self._settings, self._now, self._installations = sessions, settings, now, installations

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse:
        context = req.context
        uow = UnitOfWork(self._sessions)
        uow.inline = "command" in req.body
        _THIS_REQUEST.set(uow)
        context["uow"], context["settings"], context["now"] = uow, self._settings, self._now
        context["installations"] = self._installations
        context["tell"] = teller(req.body, context.client, context.respond)
        context["who"] = _who(uow, context, self._settings)
        context["ack"] = CommitThenAck(context.ack, uow)
        next()
        return resp


def _who(uow: UnitOfWork, context: BoltContext, settings: Settings) -> Actor | None:
    """The person acting, with their workspace's coordinators; None for events no person made."""
    team_id, user_id = context.team_id or "", context.user_id or ""
    if not (team_id and user_id):
        return None
    return access.actor(uow.session, team_id, user_id, settings.peer_coordinators)


def close_unhanded(request: BoltRequest) -> None:
    """After dispatch: a request no listener took (none matched, or a middleware answered) is closed here."""
    uow = request.context.get("uow")
    if isinstance(uow, UnitOfWork) and not uow.handed_off:
        uow.close(commit=False)


class RequestExecutor(Executor):
    """Bolt's listener executor, closing each request's unit of work when its listener ends:
    committed if the listener returned, rolled back if it raised (then `answer_failure` has run).
    A slash command's listener runs in the request's own thread (a hand-off costs more than the
    command): its work after the ack (`uow.later`) goes to the pool, and the unit of work with it."""

    def __init__(self, inner: Executor) -> None:
        self._inner = inner

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        uow = _THIS_REQUEST.get()
        if uow is None or uow.handed_off:  # not a listener of a request (Bolt's lazy work, say)
            return self._inner.submit(fn, *args, **kwargs)
        uow.handed_off = True

        def listener_then_close() -> Any:
            ok = False
            try:
                result = fn(*args, **kwargs)
                ok = True
                return result
            finally:
                if ok and uow.inline and uow.later and not uow.failed:
                    self._inner.submit(_close, uow, ok)
                else:
                    _close(uow, ok)

        if not uow.inline:
            return self._inner.submit(listener_then_close)
        done: Future[Any] = Future()
        done.set_result(listener_then_close())  # Bolt's wrapper `fn` answers a failure itself
        return done

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._inner.shutdown(wait=wait, cancel_futures=cancel_futures)


def _close(uow: UnitOfWork, ok: bool) -> None:
    try:
        if ok and not uow.failed:
            uow.run_later()
        uow.close(commit=ok and not uow.failed)
    except Exception:
        logger.exception("committing the request's work after its listener failed")


def answer_failure(
    error: Exception,
    body: dict[str, Any],
    response: BoltResponse | None,
    context: BoltContext,
    client: WebClient,
    respond: Callable[..., Any],
) -> None:
    """Bolt's `@app.error`: the request's work is rolled back and the person gets one clear line,
    where they are: the command's reply, the modal's field, or a message under the click (a DM from Home)."""
    uow = context.get("uow")
    if isinstance(uow, UnitOfWork):
        uow.fail()
    text, block_id = _words_for(error, body)
    acked = response is None  # Bolt passes no response once the listener has acknowledged
    kind = body.get("type")
    if not acked and kind == "view_submission":
        response.status, response.headers["content-type"] = 200, ["application/json"]  # type: ignore[union-attr]
        field = block_id or _first_input(body)
        response.body = json.dumps({"response_action": "errors", "errors": {field: _plain(error, text)}})  # type: ignore[union-attr]
    elif not acked and body.get("command"):
        response.status, response.headers["content-type"] = 200, ["application/json"]  # type: ignore[union-attr]
        response.body = json.dumps({"response_type": "ephemeral", "text": text})  # type: ignore[union-attr]
    else:
        if response is not None and not acked:
            response.status = 200  # Slack would show its own error: the words go below instead
        teller(body, client, respond)(text)


def _words_for(error: Exception, body: dict[str, Any]) -> tuple[str, str | None]:
    if isinstance(error, Mistake):
        return f":x: {error.text}", error.block_id
    if isinstance(error, Refused):
        return f":x: {word(error)}", None
    if isinstance(error, DateError):
        return f":x: {describe(error)}", None
    if isinstance(error, IntegrityError):
        logger.info("duplicate or conflicting request: %s", error.orig)
        return ALREADY_DONE, None
    ref = uuid.uuid4().hex[:8]
    logger.error("%s failed (ref %s)", _surface(body), ref, exc_info=error)
    return went_wrong(ref), None


def _plain(error: Exception, text: str) -> str:
    """A modal field's error is plain text: no emoji code, no mrkdwn escapes."""
    if isinstance(error, Refused):
        return word(error, plain=True)
    if isinstance(error, DateError):
        return describe(error, plain=True)
    return text.removeprefix(":x: ")


def _surface(body: dict[str, Any]) -> str:
    if body.get("command"):
        return f"command {body.get('command')} {body.get('text', '')!r}"
    if body.get("type") == "block_actions":
        return "button " + ",".join(a.get("action_id", "?") for a in body.get("actions") or [])
    if body.get("type") == "view_submission":
        return f"form {(body.get('view') or {}).get('callback_id')}"
    return f"request {body.get('type') or (body.get('event') or {}).get('type')}"


def _first_input(body: dict[str, Any]) -> str:
    blocks = (body.get("view") or {}).get("blocks") or []
    return next((b.get("block_id", "") for b in blocks if b.get("type") == "input"), "")


def teller(body: dict[str, Any], client: WebClient | None, respond: Callable[..., Any] | None) -> Callable[[str], None]:
    """Words to the person acting only: ephemeral in the channel where a message shortcut was used,
    ephemeral where Slack gave a response URL (a click under a message, a command) or under the clicked
    message, else a DM from the app (a click on the Home, a modal's submission, a shortcut where the app
    can't post)."""
    user_id = (body.get("user") or {}).get("id") or body.get("user_id") or (body.get("event") or {}).get("user")
    has_url = bool(body.get("response_url") or body.get("response_urls"))
    clicked_in = body.get("type") == "block_actions" and (
        (body.get("container") or {}).get("channel_id") or (body.get("channel") or {}).get("id")
    )
    interactive = body.get("type") in ("block_actions", "view_submission", "message_action", "shortcut")
    shortcut_in = (body.get("channel") or {}).get("id") if body.get("type") == "message_action" else None

    def tell(text: str) -> None:
        try:
            if shortcut_in and user_id and client is not None:
                try:
                    client.chat_postEphemeral(channel=shortcut_in, user=user_id, text=text)
                except SlackApiError:
                    client.chat_postMessage(channel=user_id, text=text)
            elif has_url and respond is not None:
                respond(text=text, response_type="ephemeral", replace_original=False)
            elif user_id and clicked_in and client is not None:
                client.chat_postEphemeral(channel=clicked_in, user=user_id, text=text)
            elif user_id and interactive and client is not None:
                client.chat_postMessage(channel=user_id, text=text)
        except Exception:
            logger.exception("could not tell %s", user_id)

    return tell
