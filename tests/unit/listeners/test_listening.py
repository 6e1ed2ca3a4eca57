"""The middleware's acknowledgement, without Slack or a database."""

from __future__ import annotations

from unittest.mock import MagicMock

from slack_bolt import Ack

from handlers.listening import CommitThenAck
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
