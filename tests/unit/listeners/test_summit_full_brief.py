"""*Full brief* on the posted summit brief, called as Bolt calls it (a mocked WebClient, a fake `ack`, the
use case stubbed): acknowledged first, a button naming no round explained with nothing read, Slack's
refusal to open the modal explained."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError

from handlers.actions import summit
from handlers.mistakes import Mistake
from tests.unit.listeners.conftest import WHO, order

BODY = {"container": {"channel_id": "C1", "message_ts": "1550138400.000100"}, "trigger_id": "trig-1"}


def full_clicked(steps, value) -> None:
    summit.full_brief_clicked(
        ack=steps.ack, body=BODY, action={"value": value}, client=steps.client, uow=steps.uow, who=WHO, now=steps.now
    )


@pytest.mark.parametrize("value", [None, "", "   "])
def test_a_full_brief_button_naming_no_round_is_explained_after_the_ack(steps, stub, value):
    stub(summit, "summit_service.summit_brief", "brief_view")
    with pytest.raises(Mistake, match="which round"):
        full_clicked(steps, value)
    assert order(steps) == ["ack"]


def test_the_full_brief_opens_as_a_modal_for_the_round_named(steps, stub):
    stub(summit, "summit_service.summit_brief", "brief_view")
    full_clicked(steps, " SE 2018 ")
    steps.summit_brief.assert_called_once_with(steps.uow.session, WHO, "SE 2018", steps.now.return_value)
    steps.brief_view.assert_called_once_with(steps.summit_brief.return_value)
    steps.client.views_open.assert_called_once_with(trigger_id="trig-1", view=steps.brief_view.return_value)
    assert order(steps) == ["ack", "summit_brief", "brief_view", "client.views_open"]


def test_slack_refusing_the_modal_is_explained(steps, stub):
    stub(summit, "summit_service.summit_brief", "brief_view")
    steps.client.views_open.side_effect = SlackApiError("expired", {"ok": False, "error": "expired_trigger_id"})
    with pytest.raises(Mistake, match=r"couldn't open the form \(expired_trigger_id\)\. Try the button again"):
        full_clicked(steps, "SE 2018")
