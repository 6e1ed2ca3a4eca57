"""The middleware's acknowledgement, without Slack or a database."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from unittest.mock import MagicMock

from slack_bolt import Ack

from handlers.listening import _THIS_REQUEST, CommitThenAck, RequestExecutor
from storage.unit_of_work import UnitOfWork


def test_the_work_is_committed_before_the_acknowledgement_and_the_acknowledgement_survives_a_later_failure():
    uow = MagicMock(spec=UnitOfWork)
    ack = CommitThenAck(Ack(), uow)
    assert ack.response is None
    ack()
    uow.commit.assert_called_once_with()
    ack.response = None  # what Bolt's runner does when the listener raises after acknowledging
    assert ack.response is not None and ack.response.status == 200


def test_a_failure_before_the_acknowledgement_is_answered_with_bolts_response():
    ack = CommitThenAck(Ack(), MagicMock(spec=UnitOfWork))
    failed = MagicMock(status=500)
    ack.response = failed
    assert ack.response is failed


def _run(inline: bool) -> tuple[list[tuple[str, str]], UnitOfWork]:
    uow, seen = UnitOfWork(MagicMock()), []
    uow.inline = inline
    uow.later.append(lambda: seen.append(("later", threading.current_thread().name)))
    pool = ThreadPoolExecutor(1, thread_name_prefix="pool")
    token = _THIS_REQUEST.set(uow)
    try:
        RequestExecutor(pool).submit(lambda: seen.append(("listener", threading.current_thread().name)))
    finally:
        _THIS_REQUEST.reset(token)
        pool.shutdown(wait=True)
    return seen, uow


def test_a_commands_listener_runs_in_the_request_thread_and_its_work_after_the_ack_on_the_pool():
    seen, uow = _run(inline=True)
    assert seen == [("listener", threading.current_thread().name), ("later", "pool_0")]
    assert uow.closed


def test_other_listeners_run_on_the_pool_with_their_work_after_the_ack():
    seen, uow = _run(inline=False)
    assert seen == [("listener", "pool_0"), ("later", "pool_0")]
    assert uow.closed
