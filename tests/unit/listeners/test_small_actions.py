"""The summit brief, Home documents, visiting team and Home form buttons called as Bolt calls them (a
mocked WebClient, a fake `ack`, the use cases stubbed): acknowledged first, a forged value explained
with nothing read, the work committed before Slack shows it."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from slack_sdk.errors import SlackApiError

from bot.rules.refusals import Refused
from bot.services.access import AccessRefusal, Actor
from handlers.actions import documents, home_buttons, summit, visiting_team
from handlers.blocks.asks import ROUND_NEW
from handlers.blocks.home import HOME_AUTHORITY_ADD, HOME_DATES, HOME_TRIAD_NEW
from handlers.blocks.visiting_team import ACCEPT_ACTION, AGAIN_ACTION
from handlers.mistakes import Mistake
from tests.unit.listeners.conftest import WHO, order

BODY = {"container": {"channel_id": "D1", "message_ts": "1514764800.000100"}, "trigger_id": "trig-1"}
FORGED = [None, "", "x", "7:2", "-7", "1" * 13, "٣"]  # "٣" is a digit to str.isdigit, not an ASCII one
MEMBER = Actor(team_id="T1", user_id="UMEMBER", coordinators=frozenset({"UCOORD"}))


# summit -----------------------------------------------------------------------------------------------


def brief_clicked(steps, value) -> None:
    summit.post_brief_clicked(
        ack=steps.ack, body=BODY, action={"value": value}, client=steps.client, uow=steps.uow, who=WHO,
        tell=steps.tell, now=steps.now,
    )  # fmt: skip


@pytest.mark.parametrize("value", [None, "", "   "])
def test_a_brief_button_naming_no_round_is_explained_after_the_ack(steps, stub, value):
    stub(summit, "summit_service.summit_brief", "post_brief")
    with pytest.raises(Mistake, match="which round"):
        brief_clicked(steps, value)
    assert order(steps) == ["ack"]


def test_the_brief_is_posted_where_the_button_was_clicked(steps, stub):
    stub(summit, "summit_service.summit_brief", "post_brief")
    brief_clicked(steps, " SE 2018 ")
    steps.summit_brief.assert_called_once_with(steps.uow.session, WHO, "SE 2018", steps.now.return_value)
    steps.post_brief.assert_called_once_with(steps.client, "D1", steps.summit_brief.return_value, steps.tell)
    assert order(steps) == ["ack", "summit_brief", "post_brief"]


# documents --------------------------------------------------------------------------------------------


def documents_clicked(steps, value) -> None:
    documents.documents_clicked(
        ack=steps.ack, action={"value": value}, client=steps.client, uow=steps.uow, who=WHO, tell=steps.tell
    )


@pytest.mark.parametrize("value", FORGED)
def test_a_documents_button_naming_no_triad_is_explained_and_nothing_is_read(steps, stub, value):
    stub(documents, "access.triad_by_id", "documents_service.on_demand", "deliver")
    with pytest.raises(Mistake, match="which triad"):
        documents_clicked(steps, value)
    assert order(steps) == ["ack"]


def test_the_documents_posted_and_those_that_failed_are_told_apart(steps, stub):
    stub(documents, "access.triad_by_id", "documents_service.on_demand", "deliver")
    steps.on_demand.return_value.facts.triad_number = 4
    steps.deliver.return_value = [
        (SimpleNamespace(kind="presentation"), None, None),
        (SimpleNamespace(kind="report"), None, "not_in_channel"),
    ]
    documents_clicked(steps, "7")
    steps.triad_by_id.assert_called_once_with(steps.uow.session, WHO, 7)
    assert order(steps) == ["ack", "triad_by_id", "on_demand", "deliver", "tell", "tell"]
    assert [c.args[0] for c in steps.tell.call_args_list] == [
        ":white_check_mark: Triad 4: posted the day-2 presentation.",
        ":x: Triad 4: I couldn't post the report skeleton (not_in_channel). Try `/peer documents` in a minute.",
    ]


# visiting_team ----------------------------------------------------------------------------------------


def team_clicked(steps, action_id: str, value) -> None:
    visiting_team.team_clicked(
        ack=steps.ack, body=BODY, action={"action_id": action_id, "value": value}, client=steps.client,
        tell=steps.tell, uow=steps.uow, who=WHO, now=steps.now,
    )  # fmt: skip


@pytest.mark.parametrize("value", FORGED)
def test_a_team_button_naming_no_proposal_is_explained_and_nothing_changes(steps, stub, value):
    stub(visiting_team, "team_service.accept", "team_service.suggest_again", "show_acceptance", "post_suggestion")
    with pytest.raises(Mistake, match="which suggested team"):
        team_clicked(steps, ACCEPT_ACTION, value)
    assert order(steps) == ["ack"]


def test_an_acceptance_is_committed_before_the_message_shows_it(steps, stub):
    stub(visiting_team, "team_service.accept", "team_service.suggest_again", "show_acceptance", "post_suggestion")
    steps.accept.return_value.proposal.members = ({"user_id": "UR"},)
    team_clicked(steps, ACCEPT_ACTION, "12")
    steps.accept.assert_called_once_with(steps.uow.session, WHO, 12, steps.now.return_value)
    assert order(steps) == ["ack", "accept", "uow.commit", "show_acceptance"]
    assert steps.show_acceptance.call_args.args[3] == ("D1", "1514764800.000100")


def test_suggest_again_is_committed_before_the_new_suggestion_is_posted(steps, stub):
    stub(visiting_team, "team_service.accept", "team_service.suggest_again", "show_acceptance", "post_suggestion")
    team_clicked(steps, AGAIN_ACTION, "12")
    steps.suggest_again.assert_called_once_with(steps.uow.session, WHO, 12)
    assert order(steps) == ["ack", "suggest_again", "uow.commit", "post_suggestion"]


def test_a_refused_acceptance_commits_and_shows_nothing(steps, stub):
    stub(visiting_team, "team_service.accept", "team_service.suggest_again", "show_acceptance", "post_suggestion")
    steps.accept.side_effect = Refused(AccessRefusal.TRIAD_GONE)
    with pytest.raises(Refused):
        team_clicked(steps, ACCEPT_ACTION, "12")
    assert order(steps) == ["ack", "accept"]


# home_buttons -----------------------------------------------------------------------------------------


def home_clicked(steps, action_id: str, value, who: Actor = WHO) -> None:
    home_buttons.home_button_clicked(
        ack=steps.ack, body=BODY, action={"action_id": action_id, "value": value}, client=steps.client,
        uow=steps.uow, who=who, settings=SimpleNamespace(peer_timezone="Europe/London"),
    )  # fmt: skip


@pytest.mark.parametrize("value", FORGED)
def test_a_set_dates_button_naming_no_triad_is_explained_and_opens_nothing(steps, stub, value):
    stub(home_buttons, "access.triad_by_id")
    with pytest.raises(Mistake, match="which triad"):
        home_clicked(steps, HOME_DATES, value)
    assert order(steps) == ["ack"]


def test_set_dates_opens_the_triads_dates_form_on_the_clicks_trigger(steps, stub, monkeypatch):
    stub(home_buttons, "access.triad_by_id")
    monkeypatch.setattr(home_buttons, "triad_dates", lambda triad: (None, None))
    steps.triad_by_id.return_value = SimpleNamespace(id=7, number=3)
    home_clicked(steps, HOME_DATES, "7")
    steps.triad_by_id.assert_called_once_with(steps.uow.session, WHO, 7)
    opened = steps.client.views_open.call_args.kwargs
    assert opened["trigger_id"] == "trig-1" and opened["view"].callback_id == "dates_form"
    assert order(steps) == ["ack", "triad_by_id", "client.views_open"]


@pytest.mark.parametrize("action_id", [ROUND_NEW, HOME_TRIAD_NEW, HOME_AUTHORITY_ADD])
def test_a_coordinators_form_is_refused_to_anyone_else(steps, action_id):
    with pytest.raises(Refused) as raised:
        home_clicked(steps, action_id, "x", who=MEMBER)
    assert raised.value.code == AccessRefusal.NOT_COORDINATOR
    assert order(steps) == ["ack"]


def test_a_triad_form_is_not_opened_before_there_are_three_authorities(steps, stub):
    stub(home_buttons, "admin.authorities", "admin.rounds", "admin.latest_round")
    steps.authorities.return_value = [SimpleNamespace(name="Kent"), SimpleNamespace(name="Essex")]
    steps.rounds.return_value = [SimpleNamespace(name="2026")]
    with pytest.raises(Mistake, match="three registered authorities"):
        home_clicked(steps, HOME_TRIAD_NEW, "triad")
    steps.client.views_open.assert_not_called()


def test_new_round_opens_the_round_form_with_the_default_time_zone(steps):
    home_clicked(steps, ROUND_NEW, "round")
    opened = steps.client.views_open.call_args.kwargs["view"].to_dict()
    assert opened["callback_id"] == "round_new_form"
    assert opened["blocks"][1]["element"]["initial_value"] == "Europe/London"
    assert order(steps) == ["ack", "client.views_open"]


def test_a_form_slack_will_not_open_is_explained(steps):
    steps.client.views_open.side_effect = SlackApiError("no", {"ok": False, "error": "expired_trigger_id"})
    with pytest.raises(Mistake) as raised:
        home_clicked(steps, HOME_AUTHORITY_ADD, "x")
    assert raised.value.text == ("I couldn't open the form (expired_trigger_id). Try the button again.")


def test_form_a_triad_opens_the_triad_form_with_the_latest_round_chosen(steps, stub):
    stub(home_buttons, "admin.authorities", "admin.rounds", "admin.latest_round")
    steps.authorities.return_value = [SimpleNamespace(name=n) for n in ("Kent", "Essex", "Surrey")]
    steps.rounds.return_value = [SimpleNamespace(name="2025"), SimpleNamespace(name="2026")]
    steps.latest_round.return_value = SimpleNamespace(name="2026")
    home_clicked(steps, HOME_TRIAD_NEW, "triad")
    opened = steps.client.views_open.call_args.kwargs["view"]
    assert opened.callback_id == "triad_new_form"
    assert opened.to_dict()["blocks"][3]["element"]["initial_option"]["value"] == "2026"
    assert order(steps) == ["ack", "authorities", "rounds", "latest_round", "client.views_open"]
