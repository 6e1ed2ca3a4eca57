"""Slack's side of the demo: what Slack sends when a person types `/peer …`, clicks a button or submits the form
a button opened, signed and dispatched to the Bolt app that `bot.app.create_app` builds (as Bolt's WSGI adapter
does with a POST to /slack/events, without a socket); the app's Web API calls go to the double."""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App
from slack_bolt.request import BoltRequest

from bot.app import Deps, create_app
from slack_double import SlackDouble, payloads

APP_ID = "A0PEERDEMO"
DEMO_TOKEN, DEMO_DOMAIN = "demo-verification-token", "peer-demo"  # fields Bolt does not check

Filled = Mapping[str, str | Sequence[str]]  # a form's inputs as a person fills them in: block id -> what they chose


class FormNotSubmitted(RuntimeError):
    """The demo's script and the app disagree: a button opened no form, a field it fills is not in the form, or
    the app refused what was submitted (its field errors). The demo stops rather than show a round that did not
    happen."""


def form_state(view: dict, filled: Filled) -> dict[str, dict[str, dict]]:
    """The state Slack sends with a submitted modal: every input as the person left it, what they `filled`
    (text, a date YYYY-MM-DD, a time HH:MM, an option's value, user ids, checked values), the rest as the form
    opened (its initial values)."""
    inputs = {b["block_id"]: b["element"] for b in view.get("blocks") or [] if b.get("type") == "input"}
    unknown = set(filled) - set(inputs)
    if unknown:
        raise FormNotSubmitted(f"the form {view.get('callback_id')!r} has no field {sorted(unknown)}")
    return {block_id: {element["action_id"]: _element_state(element, filled.get(block_id))}
            for block_id, element in inputs.items()}  # fmt: skip


def _element_state(element: dict, chosen: str | Sequence[str] | None) -> dict:
    kind = element["type"]
    if kind in ("static_select", "radio_buttons"):
        options = [o for o in element.get("options") or [] if o.get("value") == chosen]
        return {"type": kind, "selected_option": options[0] if options else element.get("initial_option")}
    if kind in ("checkboxes", "multi_static_select"):
        picked = [o for o in element.get("options") or [] if chosen is not None and o.get("value") in chosen]
        return {
            "type": kind,
            "selected_options": picked if chosen is not None else element.get("initial_options") or [],
        }
    if kind == "multi_users_select":
        return {
            "type": kind,
            "selected_users": list(chosen if chosen is not None else element.get("initial_users") or []),
        }
    state_key, initial_key = {
        "users_select": ("selected_user", "initial_user"),
        "datepicker": ("selected_date", "initial_date"),
        "timepicker": ("selected_time", "initial_time"),
    }.get(kind, ("value", "initial_value"))
    return {"type": kind, state_key: chosen if chosen is not None else element.get(initial_key)}


class DrainingExecutor(ThreadPoolExecutor):
    """Bolt's listener executor, so that the demo (and the tests) can wait for the work done after each ack."""

    def __init__(self, max_workers: int = 4, thread_name_prefix: str = "demo-listener") -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix=thread_name_prefix)
        self._pending: set = set()
        self._lock = threading.Condition()

    def submit(self, fn, /, *args, **kwargs):
        future = super().submit(fn, *args, **kwargs)
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(self._done)
        return future

    def _done(self, future) -> None:
        with self._lock:
            self._pending.discard(future)
            self._lock.notify_all()

    def drain(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        with self._lock:
            while self._pending:
                if not self._lock.wait(max(0.0, deadline - time.monotonic())):
                    raise TimeoutError("the app's work after an acknowledgement did not finish")


class SlackSide:
    """Types commands and clicks buttons as the demo's people, in the double's workspace."""

    def __init__(self, deps: Deps, double: SlackDouble):
        self.deps, self.double = deps, double
        self.executor = DrainingExecutor()
        self.bolt: App = create_app(deps, self.executor)
        self._keys = itertools.count(1)

    def close(self) -> None:
        self.executor.shutdown(wait=True)

    def command(self, user: str, text: str, channel: str) -> tuple[dict, str]:
        """`/peer text` typed by `user` in `channel`: (Bolt's answer, the response_url key)."""
        key = f"cmd-{next(self._keys)}"
        body = payloads.slash_command_body(
            text, team=self.double.team_id, user=user, channel=channel, response_url=self.double.response_url(key),
            trigger_id=f"{key}.trigger", app_id=APP_ID, token=DEMO_TOKEN, team_domain=DEMO_DOMAIN,
        )  # fmt: skip
        return self._dispatch(body, "application/x-www-form-urlencoded"), key

    def click(self, user: str, message: dict, action_id: str) -> tuple[dict, str]:
        """`user` clicks the button `action_id` of a message the app posted: a block_actions payload."""
        key = f"click-{next(self._keys)}"
        payload = payloads.block_actions(
            user=user, team=self.double.team_id, message=message, action_id=action_id,
            response_url=self.double.response_url(key), bot_id=self.double.bot_id,
            bot_user_id=self.double.bot_user_id, trigger_id=f"{key}.trigger", app_id=APP_ID, token=DEMO_TOKEN,
            team_domain=DEMO_DOMAIN,
        )  # fmt: skip
        return self._dispatch(payloads.interaction_body(payload), "application/x-www-form-urlencoded"), key

    def views_opened(self) -> int:
        """How many forms the app has opened so far (`views.open`)."""
        return len(self.double.calls_to("views.open"))

    def opened_view(self, since: int) -> dict:
        """The form the app opened after `since` forms (`views_opened`), as Slack stored it (with its id)."""
        opened = self.double.calls_to("views.open")[since:]
        if not opened:
            raise FormNotSubmitted("the button opened no form")
        view = opened[-1].response.get("view") or opened[-1].args["view"]
        return json.loads(view) if isinstance(view, str) else view

    def submit(self, user: str, view: dict, state: dict[str, dict[str, dict]]) -> dict:
        """`user` submits the opened `view` with its inputs in `state` (`form_state`): a view_submission payload.
        The app's answer is empty when it closed the form; field errors stop the demo."""
        payload = payloads.view_submission(
            user=user, team=self.double.team_id, view=view, values=state, app_id=APP_ID, token=DEMO_TOKEN,
            team_domain=DEMO_DOMAIN, bot_id=self.double.bot_id,
        )  # fmt: skip
        answer = self._dispatch(payloads.interaction_body(payload), "application/x-www-form-urlencoded")
        if answer.get("response_action") == "errors":
            raise FormNotSubmitted(f"the app refused the form {view.get('callback_id')!r}: {answer.get('errors')}")
        return answer

    def _dispatch(self, body: str, content_type: str) -> dict:
        signed = payloads.sign(body, self.deps.settings.slack_signing_secret)
        headers: dict[str, str | Sequence[str]] = {
            "Content-Type": content_type,
            "Content-Length": str(len(body.encode())),
            **signed,
        }
        answer = self.bolt.dispatch(BoltRequest(body=body, headers=headers))
        self.executor.drain()
        if answer.status != 200:
            raise RuntimeError(f"the app answered {answer.status}: {answer.body[:200]}")
        try:
            return json.loads(answer.body) if answer.body else {}
        except json.JSONDecodeError:
            return {"text": answer.body}
