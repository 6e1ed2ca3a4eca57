"""The Agree and Withdraw buttons' listener called as Bolt would call it, with a mocked WebClient
and a fake `ack` (the starter template's way): the listener's own part, without Slack or a database.
The use cases are stubbed here; tests/e2e/test_focus_buttons.py clicks the real buttons."""

from __future__ import annotations

from unittest.mock import MagicMock

import pytest
from slack_sdk import WebClient

from bot.rules.focus import LineState
from bot.services.access import Actor
from bot.services.focus import LineChange
from handlers.actions import focus
from handlers.blocks.focus import AGREE_ACTION, WITHDRAW_ACTION
from handlers.mistakes import Mistake
from storage.unit_of_work import UnitOfWork

HOST, VISITOR = "UHOST", "UVISIT"
WHO = Actor(team_id="T1", user_id=HOST, coordinators=frozenset())
BODY = {"container": {"channel_id": "C1", "message_ts": "1514764800.000100"}, "user": {"id": HOST}}
TRIAD = object()


def change(status: str = "proposed", **fields) -> LineChange:
    return LineChange(
        triad_id=7, number=2, text="Why <b>now</b>?", proposed_by=VISITOR,
        state=LineState(status, HOST, None), host_dcs=HOST, visitor_dcs=VISITOR, channel_id="C1", **fields,
    )  # fmt: skip


@pytest.fixture
def steps():
    """The ack, the unit of work, the client and `tell`, in one mock so that their order shows."""
    steps = MagicMock()
    steps.client = MagicMock(spec=WebClient)
    steps.uow = MagicMock(spec=UnitOfWork)
    return steps


@pytest.fixture
def services(monkeypatch):
    found = MagicMock()
    found.triad_by_id.return_value = TRIAD
    monkeypatch.setattr(focus.access, "triad_by_id", found.triad_by_id)
    monkeypatch.setattr(focus.focus_service, "agree_line", found.agree_line)
    monkeypatch.setattr(focus.focus_service, "withdraw_line", found.withdraw_line)
    return found


def click(steps, action_id: str, value: str | None) -> None:
    focus.focus_clicked(
        ack=steps.ack, body=BODY, action={"action_id": action_id, "value": value},
        client=steps.client, uow=steps.uow, who=WHO, tell=steps.tell,
    )  # fmt: skip


@pytest.mark.parametrize("value", [None, "", "7", "7:2:3", "x:2", "7:-2"])
def test_a_tampered_value_is_acknowledged_then_explained_and_nothing_is_read(steps, services, value):
    with pytest.raises(Mistake, match="can't tell which line of enquiry"):
        click(steps, AGREE_ACTION, value)
    steps.ack.assert_called_once_with()
    services.triad_by_id.assert_not_called()
    steps.uow.commit.assert_not_called()
    assert not steps.client.method_calls


def test_the_first_dcs_agreeing_is_recorded_before_the_message_is_redrawn_showing_who_is_awaited(steps, services):
    services.agree_line.return_value = change(waiting_for="visiting DCS")
    click(steps, AGREE_ACTION, "7:2")
    services.triad_by_id.assert_called_once_with(steps.uow.session, WHO, 7)
    services.agree_line.assert_called_once_with(steps.uow.session, WHO, TRIAD, 2, shown_at="1514764800.000100")
    assert [c[0] for c in steps.mock_calls if not c[0].startswith("uow.session")] == [
        "ack", "uow.commit", "client.chat_update",
    ]  # fmt: skip
    update = steps.client.chat_update.call_args.kwargs
    assert (update["channel"], update["ts"]) == ("C1", "1514764800.000100")
    assert update["text"] == "Line 2 proposed: Why &lt;b&gt;now&lt;/b&gt;?"  # typed text escaped
    assert f"<@{HOST}> agreed · waiting for <@{VISITOR}>." in str(update["blocks"])
    steps.tell.assert_not_called()  # no echo: the redrawn proposal shows it


def test_withdraw_calls_the_withdrawing_use_case_and_strikes_the_pinned_announcement(steps, services):
    services.withdraw_line.return_value = change("withdrawn", pinned_ts="1514764900.000200")
    click(steps, WITHDRAW_ACTION, "7:2")
    services.withdraw_line.assert_called_once_with(steps.uow.session, WHO, TRIAD, 2)
    services.agree_line.assert_not_called()
    updated = [(c.kwargs["ts"], c.kwargs["text"]) for c in steps.client.chat_update.call_args_list]
    assert updated[1] == (
        "1514764900.000200",
        ":wastebasket: ~Line 2: Why &lt;b&gt;now&lt;/b&gt;?~ (withdrawn)",
    )
    posted = steps.client.chat_postMessage.call_args.kwargs
    assert (posted["channel"], posted["text"]) == (
        "C1",
        f":wastebasket: <@{HOST}> withdrew line 2: Why &lt;b&gt;now&lt;/b&gt;?",
    )
