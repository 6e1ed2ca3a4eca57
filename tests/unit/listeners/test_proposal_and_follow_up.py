"""The follow-up answer buttons and the proposal's Accept, Reshuffle and Edit (and the Edit form) called as
Bolt calls them: a mocked WebClient and `respond`, a fake `ack`, the use cases stubbed."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from slack_sdk.errors import SlackApiError

from bot.rules.refusals import Refused
from bot.services.triad_suggestions import SuggestionStale
from handlers.actions import follow_up, suggestion
from handlers.blocks.reminders import DECLINE_ACTION, QUESTION_BLOCK, VISIT_ACTION
from handlers.mistakes import Mistake
from tests.unit.listeners.conftest import WHO, order, text, view

TRIAD = SimpleNamespace(channel_id="C7", host=SimpleNamespace(dcs_user_id="UHOST"))
QUESTION = [
    {"type": "section", "block_id": "said", "text": {"type": "mrkdwn", "text": "Four months on"}},
    {"type": "section", "block_id": QUESTION_BLOCK, "text": {"type": "mrkdwn", "text": "A visit?"}},
    {"type": "actions", "block_id": "buttons", "elements": []},
]


# follow_up --------------------------------------------------------------------------------------------


def answered(steps, action_id: str, value, channel: str = "D1", blocks=QUESTION) -> None:
    body = {"container": {"channel_id": channel, "message_ts": "1.1"}, "message": {"text": "Four months on",
                                                                                  "blocks": blocks}}  # fmt: skip
    follow_up.follow_up_answered(
        ack=steps.ack, body=body, action={"action_id": action_id, "value": value}, client=steps.client,
        uow=steps.uow, who=WHO, tell=steps.tell, now=steps.now,
    )  # fmt: skip


@pytest.fixture
def follow_up_stubs(stub, steps, monkeypatch):
    stub(follow_up, "follow_up_service.answer_follow_up")
    monkeypatch.setattr(follow_up, "answer_words", lambda triad: "A follow-up visit is wanted.")
    steps.answer_follow_up.return_value = SimpleNamespace(triad=TRIAD, posted=[])


@pytest.mark.parametrize("value", [None, "", "x", "7:2", "7.0", " 7", "-7", "\u0663", "1" * 13])
def test_a_follow_up_button_naming_no_triad_is_explained_and_nothing_is_recorded(steps, follow_up_stubs, value):
    with pytest.raises(Mistake, match="which triad this follow-up"):
        answered(steps, VISIT_ACTION, value)
    assert order(steps) == ["ack"]


def test_a_wanted_visit_is_committed_then_the_message_loses_its_buttons_then_the_triad_is_told(steps, follow_up_stubs):
    answered(steps, VISIT_ACTION, "7")
    steps.answer_follow_up.assert_called_once_with(steps.uow.session, WHO, 7, "requested", steps.now.return_value)
    assert order(steps) == ["ack", "answer_follow_up", "uow.commit", "client.chat_update", "client.chat_postMessage"]
    update = steps.client.chat_update.call_args.kwargs
    assert [b.get("block_id") for b in update["blocks"]][:1] == ["said"] and len(update["blocks"]) == 2
    posted = steps.client.chat_postMessage.call_args.kwargs
    assert (posted["channel"], posted["thread_ts"]) == ("C7", None)
    assert posted["text"] == (
        ":calendar: A follow-up visit is wanted. <@UCOORD>, please arrange it with <@UHOST> and the triad."
    )


def test_a_decline_clicked_in_the_triads_channel_tells_nobody_to_arrange_anything(steps, follow_up_stubs):
    answered(steps, DECLINE_ACTION, "7", channel="C7")
    assert steps.answer_follow_up.call_args.args[3] == "declined"
    steps.client.chat_postMessage.assert_not_called()


def test_a_message_slack_will_not_update_is_told_with_the_answer_recorded(steps, follow_up_stubs):
    steps.client.chat_update.side_effect = SlackApiError("no", {"ok": False, "error": "message_not_found"})
    answered(steps, DECLINE_ACTION, "7")
    steps.tell.assert_called_once_with(
        "Your answer is recorded (A follow-up visit is wanted.), but I couldn't update the message."
    )


def test_a_refused_answer_commits_and_updates_nothing(steps, follow_up_stubs):
    steps.answer_follow_up.side_effect = Refused(SuggestionStale.GONE)
    with pytest.raises(Refused):
        answered(steps, VISIT_ACTION, "7")
    assert order(steps) == ["ack", "answer_follow_up"]


# suggestion -------------------------------------------------------------------------------------------


@pytest.fixture
def proposal_stubs(stub):
    stub(suggestion, "suggestions.start_accept", "suggestions.reshuffle", "suggestions.view", "suggestions.swap")
    stub(suggestion, "settled_blocks", "interrupted_blocks", "proposal_blocks", "form_proposal", "WebhookClient")


def accept(steps, value) -> None:
    suggestion.accept_clicked(
        ack=steps.ack, action={"value": value}, client=steps.client,
        respond=steps.respond, uow=steps.uow, who=WHO, now=steps.now, tell=steps.tell,
    )  # fmt: skip


FORGED = [None, "", "x", "-3", "1" * 10, "٣"]


@pytest.mark.parametrize("value", FORGED)
def test_an_accept_naming_no_proposal_is_explained_and_claims_nothing(steps, proposal_stubs, value):
    with pytest.raises(Mistake, match="which proposal"):
        accept(steps, value)
    assert order(steps) == ["ack"]


def test_a_proposal_is_claimed_and_committed_before_it_is_shown_or_formed(steps, proposal_stubs):
    steps.start_accept.return_value = SimpleNamespace(
        proposal="P", plans=[1, 2], resumed=False, round_name="SE 2026", sitting_out=["A <&> B"]
    )
    steps.form_proposal.return_value = (2, 2)
    accept(steps, "12")
    assert steps.start_accept.call_args.args[:3] == (steps.uow.session, WHO, 12)
    assert [name for name in order(steps) if name != "settled_blocks().__iter__"] == [
        "ack", "start_accept", "uow.commit", "settled_blocks", "respond", "form_proposal", "settled_blocks", "respond",
    ]  # fmt: skip
    assert steps.settled_blocks.call_args.args[2] == (
        ":white_check_mark: Accepted by <@UCOORD>: 2 triads formed, each with its private channel. "
        "A &lt;&amp;&gt; B sits this round out."
    )


def test_forming_stopped_part_way_shows_the_interrupted_proposal(steps, proposal_stubs):
    steps.start_accept.return_value = SimpleNamespace(proposal="P", plans=[1], resumed=True, round_name="SE")
    steps.form_proposal.return_value = None
    accept(steps, "12")
    assert steps.interrupted_blocks.call_args.args == (12, "SE", "P", suggestion.INTERRUPTED)
    assert steps.respond.call_args.kwargs["text"] == "Forming the suggested triads stopped part-way"


@pytest.mark.parametrize("value", FORGED)
def test_a_reshuffle_naming_no_proposal_is_explained(steps, proposal_stubs, value):
    with pytest.raises(Mistake, match="which proposal"):
        suggestion.reshuffle_clicked(ack=steps.ack, action={"value": value}, respond=steps.respond, uow=steps.uow,
                                     who=WHO)  # fmt: skip
    assert order(steps) == ["ack"]


def test_a_reshuffle_is_committed_before_its_buttons_are_shown_with_the_round_escaped(steps, proposal_stubs):
    steps.reshuffle.return_value = SimpleNamespace(id=13, round_name="SE <1>", proposal="P", already_formed=[])
    suggestion.reshuffle_clicked(ack=steps.ack, action={"value": "12"}, respond=steps.respond, uow=steps.uow, who=WHO)
    assert [n for n in order(steps) if not n.endswith("__iter__")] == [
        "ack", "reshuffle", "uow.commit", "proposal_blocks", "respond",
    ]  # fmt: skip
    assert steps.respond.call_args.kwargs["text"] == "Suggested triads for SE &lt;1&gt;"


def test_an_edit_naming_no_proposal_is_refused_as_gone_and_opens_nothing(steps, proposal_stubs):
    with pytest.raises(Refused) as raised:
        suggestion.edit_clicked(ack=steps.ack, body={}, action={"value": "x"}, client=steps.client, uow=steps.uow,
                                who=WHO)  # fmt: skip
    assert raised.value.code == SuggestionStale.GONE
    assert order(steps) == ["ack"]


def edit(steps, metadata, first="Kent", second="Essex") -> None:
    submitted = view(metadata, first=("name", text(first)), second=("name", text(second)))
    suggestion.edit_submitted(ack=steps.ack, view=submitted, uow=steps.uow, who=WHO)


@pytest.mark.parametrize("metadata", [{}, {"suggestion_id": "12"}, "]"])
def test_an_edit_form_naming_no_proposal_is_answered_on_its_first_field(steps, proposal_stubs, metadata):
    with pytest.raises(Mistake) as raised:
        edit(steps, metadata)
    assert raised.value.block_id == "first"
    assert order(steps) == []


def test_a_name_not_in_the_proposal_is_answered_on_the_field_it_was_typed_in(steps, proposal_stubs):
    steps.swap.side_effect = Refused(SuggestionStale.NOT_IN_PROPOSAL, name="Essex")
    with pytest.raises(Mistake) as raised:
        edit(steps, {"suggestion_id": 12})
    assert raised.value.block_id == "second"
    steps.ack.assert_not_called()


def test_a_swap_is_acknowledged_before_the_proposal_message_is_replaced(steps, proposal_stubs):
    steps.swap.return_value = SimpleNamespace(id=12, round_name="SE <1>", proposal="P", already_formed=[])
    edit(steps, {"suggestion_id": 12, "response_url": "https://hooks.slack.test/1"}, " Kent ", "Essex")
    steps.swap.assert_called_once_with(steps.uow.session, WHO, 12, "Kent", "Essex")
    assert [n for n in order(steps) if not n.endswith("__iter__")] == [
        "swap", "ack", "proposal_blocks", "WebhookClient", "WebhookClient().send",
    ]  # fmt: skip
    assert (
        steps.WebhookClient.return_value.send.call_args.kwargs["text"] == "Suggested triads for SE &lt;1&gt; (edited)"
    )


def test_the_other_follow_up_messages_posted_are_redrawn_but_not_the_clicked_one_twice(
    steps, follow_up_stubs, monkeypatch
):
    monkeypatch.setattr(follow_up, "reminder_message", lambda session, reminder: reminder)
    monkeypatch.setattr(follow_up, "render", lambda reminder: ("redrawn", []))
    posted = [
        SimpleNamespace(message_channel=channel, message_ts=ts)
        for channel, ts in (("D1", "1.1"), ("C7", "2.2"), (None, None))
    ]
    steps.answer_follow_up.return_value = SimpleNamespace(triad=TRIAD, posted=posted)
    answered(steps, DECLINE_ACTION, "7")
    updated = [(c.kwargs["channel"], c.kwargs["ts"]) for c in steps.client.chat_update.call_args_list]
    assert updated == [("D1", "1.1"), ("C7", "2.2")]


def test_edit_opens_the_swap_form_with_the_proposals_names(steps, proposal_stubs):
    shown = SimpleNamespace(triads=[SimpleNamespace(members=("Kent", "Essex", "Surrey"))], sitting_out=("Hull",))
    steps.view.return_value.proposal = shown
    body = {"trigger_id": "trig-1", "response_url": "https://hooks.slack.test/1"}
    suggestion.edit_clicked(
        ack=steps.ack, body=body, action={"value": "12"}, client=steps.client, uow=steps.uow, who=WHO
    )
    steps.view.assert_called_once_with(steps.uow.session, WHO, 12)
    opened = steps.client.views_open.call_args.kwargs
    assert opened["trigger_id"] == "trig-1" and opened["view"].callback_id == "suggestion_edit_form"


def test_an_edit_form_slack_will_not_open_is_explained(steps, proposal_stubs):
    steps.view.return_value.proposal = SimpleNamespace(triads=[], sitting_out=())
    steps.client.views_open.side_effect = SlackApiError("no", {"ok": False, "error": "expired_trigger_id"})
    with pytest.raises(Mistake, match=r"couldn't open the form \(expired_trigger_id\)\. Click Edit again"):
        suggestion.edit_clicked(ack=steps.ack, body={}, action={"value": "12"}, client=steps.client, uow=steps.uow,
                                who=WHO)  # fmt: skip
