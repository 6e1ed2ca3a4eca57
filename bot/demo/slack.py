"""Slack's side of the demo: what Slack sends when a person types `/peer …` or clicks a button,
signed and dispatched to the Bolt app that `bot.app.create_app` builds (as Bolt's WSGI adapter
does with a POST to /slack/events, without a socket); the app's Web API calls go to the double."""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App
from slack_bolt.request import BoltRequest

from bot.app import Deps, create_app
from slack_double import SlackDouble, payloads

APP_ID = "A0PEERDEMO"
DEMO_TOKEN, DEMO_DOMAIN = "demo-verification-token", "peer-demo"  # fields Bolt does not check


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
