"""The buttons and form of handlers/actions/acting.py called as Bolt would call them, with a mocked
WebClient and a fake `ack` (the starter template's way). The use cases are stubbed; the clicks
themselves, signed and against the database, are in tests/e2e/test_acting_buttons.py."""

from __future__ import annotations

import json
from unittest.mock import MagicMock

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.rules.refusals import Refused
from bot.services.access import Actor
from handlers.actions import acting
from handlers.blocks.acting import MAX_NOTE, PROGRESS_FORM
from handlers.mistakes import Mistake
from storage.unit_of_work import UnitOfWork

WHO = Actor(team_id="T1", user_id="UDCS", coordinators=frozenset())
BODY = {"container": {"channel_id": "C1", "message_ts": "1514764800.000100"}, "trigger_id": "trig-1"}


@pytest.fixture
def listener():
    """What Bolt passes, as mocks: `ack`, `client` (a WebClient's methods), `uow`, `tell`, `now`."""
    found = MagicMock()
    found.client = MagicMock(spec=WebClient)
    found.uow = MagicMock(spec=UnitOfWork)
    return found


@pytest.fixture
def services(monkeypatch):
    found = MagicMock()
    monkeypatch.setattr(acting.access, "triad_by_id", found.triad_by_id)
    monkeypatch.setattr(acting.triad_service, "mark_step_done", found.mark_step_done)
    monkeypatch.setattr(acting.action_service, "open_action", found.open_action)
    monkeypatch.setattr(acting.action_service, "note_progress", found.note_progress)
    return found


@pytest.mark.parametrize("value", [None, "7", "7:interviews", "x:self_assessment"])
def test_a_step_button_naming_no_programme_step_is_explained_after_the_ack(listener, services, value):
    with pytest.raises(Mistake, match="can't tell which step"):
        acting.step_done_clicked(
            ack=listener.ack, body=BODY, action={"value": value}, client=listener.client, tell=listener.tell,
            uow=listener.uow, who=WHO, settings=None, now=listener.now,
        )  # fmt: skip
    listener.ack.assert_called_once_with()
    services.mark_step_done.assert_not_called()
    assert not listener.client.method_calls


@pytest.mark.parametrize("value", ["7:x", "7:", "x:2", None])
def test_an_action_button_naming_no_action_is_explained(listener, services, value):
    with pytest.raises(Mistake, match="can't tell which action"):
        acting.action_done_clicked(
            ack=listener.ack, body=BODY, action={"value": value}, client=listener.client, tell=listener.tell,
            uow=listener.uow, who=WHO, settings=None, now=listener.now,
        )  # fmt: skip
    listener.ack.assert_called_once_with()
    assert not listener.client.method_calls and not listener.uow.commit.called


def test_add_progress_opens_the_form_on_the_clicks_trigger(listener, services):
    services.triad_by_id.return_value.number = 3
    services.open_action.return_value.text = "Audit <the> files"
    acting.action_progress_clicked(
        ack=listener.ack, body=BODY, action={"value": "7:2"}, client=listener.client, uow=listener.uow, who=WHO
    )
    services.triad_by_id.assert_called_once_with(listener.uow.session, WHO, 7)
    services.open_action.assert_called_once_with(listener.uow.session, WHO, services.triad_by_id.return_value, 2)
    opened = listener.client.views_open.call_args.kwargs
    assert opened["trigger_id"] == "trig-1" and opened["view"].callback_id == PROGRESS_FORM
    assert json.loads(opened["view"].private_metadata) == {"triad_id": 7, "number": 2, "channel": "C1"}


def test_a_form_slack_will_not_open_is_explained_without_typed_syntax(listener, services):
    listener.client.views_open.side_effect = SlackApiError("no", {"ok": False, "error": "expired_trigger_id"})
    with pytest.raises(Mistake) as raised:
        acting.action_progress_clicked(
            ack=listener.ack, body=BODY, action={"value": "7:2"}, client=listener.client, uow=listener.uow, who=WHO
        )
    assert raised.value.text == ("I couldn't open the form (expired_trigger_id). Try the button again.")


def form(note: str, metadata: dict) -> dict:
    return {
        "private_metadata": json.dumps(metadata),
        "state": {"values": {"note": {"note": {"type": "plain_text_input", "value": note}}}},
    }


@pytest.mark.parametrize("note", ["", "   ", "x" * (MAX_NOTE + 1)])
def test_an_empty_or_long_note_is_answered_on_its_field_and_not_acknowledged(listener, services, note):
    with pytest.raises(Mistake) as raised:
        acting.progress_submitted(
            ack=listener.ack, view=form(note, {"triad_id": 7, "number": 2}), client=listener.client,
            uow=listener.uow, who=WHO, settings=None, now=listener.now,
        )  # fmt: skip
    assert raised.value.block_id == "note"
    listener.ack.assert_not_called()  # the modal stays open with the field's error
    services.note_progress.assert_not_called()


def test_a_form_without_its_triad_is_refused(listener, services):
    with pytest.raises(Refused):
        acting.progress_submitted(
            ack=listener.ack, view=form("done half", {"number": 2}), client=listener.client,
            uow=listener.uow, who=WHO, settings=None, now=listener.now,
        )  # fmt: skip
    listener.ack.assert_not_called()
