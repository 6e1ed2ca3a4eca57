"""The events' listeners called as Bolt calls them (a mocked WebClient, the use cases stubbed): a
workspace's sending stops before its installation is forgotten; the Home is published only for its
own tab; a CSV in a DM is looked at only when a coordinator sent it, and named escaped."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from slack_bolt import BoltContext

from bot.services.access import Actor
from bot.services.workspaces import WorkspaceStatus
from handlers.events import home, imports, workspace
from handlers.mistakes import Mistake
from tests.unit.listeners.conftest import WHO, order

SETTINGS = SimpleNamespace(peer_timezone="Europe/London", slack_api_url="https://slack.test/api/",
                           slack_file_download_seconds=5.0)  # fmt: skip
MEMBER = Actor(team_id="T1", user_id="UMEMBER", coordinators=frozenset({"UCOORD"}))


# workspace --------------------------------------------------------------------------------------------


def test_an_uninstall_stops_the_sending_and_commits_before_the_installation_is_forgotten(steps, stub):
    stub(workspace, "stopped")
    workspace.app_uninstalled(
        body={"team_id": "T9"}, context=BoltContext({"team_id": "T1"}), uow=steps.uow, now=steps.now,
        installations=steps.installations,
    )  # fmt: skip
    steps.stopped.assert_called_once_with(steps.uow.session, "T1", WorkspaceStatus.UNINSTALLED, steps.now.return_value)
    assert order(steps) == ["stopped", "uow.commit", "installations", "installations().delete_all"]
    steps.installations.return_value.delete_all.assert_called_once_with(enterprise_id=None, team_id="T1")


@pytest.mark.parametrize(("tokens", "stops"), [({"bot": ["UB"]}, True), ({"oauth": ["U1"]}, False), ({}, False)])
def test_only_a_revoked_bot_token_stops_the_workspace(steps, stub, tokens, stops):
    stub(workspace, "stopped")
    workspace.tokens_revoked(
        event={"tokens": tokens}, body={"team_id": "T2"}, context=BoltContext(), uow=steps.uow, now=steps.now,
        installations=steps.installations,
    )  # fmt: skip
    if stops:
        assert steps.stopped.call_args.args[1:3] == ("T2", WorkspaceStatus.REVOKED)
    else:
        assert order(steps) == []


def test_an_event_without_a_workspace_changes_nothing(steps, stub):
    stub(workspace, "stopped")
    workspace.app_uninstalled(
        body={}, context=BoltContext(), uow=steps.uow, now=steps.now, installations=steps.installations
    )
    assert order(steps) == []


# home -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tab", "who", "published"), [("home", WHO, True), ("messages", WHO, False), ("home", None, False)]
)
def test_the_home_is_published_only_for_the_home_tab_of_someone_known(steps, stub, monkeypatch, tab, who, published):
    stub(home, "home_of")
    monkeypatch.setattr(home, "home_view", lambda data, now: SimpleNamespace(to_dict=lambda: {"type": "home"}))
    home.app_home_opened(
        event={"tab": tab}, client=steps.client, uow=steps.uow, who=who, settings=SETTINGS, now=steps.now
    )
    if published:
        steps.home_of.assert_called_once_with(steps.uow.session, WHO, "Europe/London")
        steps.client.views_publish.assert_called_once_with(user_id="UCOORD", view={"type": "home"})
    else:
        assert order(steps) == []


# imports ----------------------------------------------------------------------------------------------


def message(*files: dict, text: str = "", **extra) -> dict:
    return {"channel_type": "im", "channel": "D1", "ts": "1.2", "files": list(files), "text": text, **extra}


def received(steps, event: dict, who: Actor | None = WHO) -> None:
    imports.on_message(event=event, client=steps.client, uow=steps.uow, who=who, settings=SETTINGS, now=steps.now)


def replies(steps) -> list[str]:
    return [c.kwargs["text"] for c in steps.client.chat_postMessage.call_args_list]


@pytest.mark.parametrize(
    "event",
    [
        message(channel_type="channel"),
        {"channel_type": "im", "channel": "D1"},
        message({"id": "F1", "name": "a.csv"}, bot_id="B1"),
        message(),
    ],
)
def test_a_message_that_is_no_file_sent_to_the_app_is_let_be(steps, stub, event):
    stub(imports, "download", "run_import", "publish_home")
    received(steps, event)
    assert order(steps) == []


def test_a_file_from_someone_not_a_coordinator_is_refused_before_it_is_looked_at(steps, stub):
    stub(imports, "download", "run_import", "publish_home")
    received(steps, message({"id": "F1", "name": "a.csv"}), who=MEMBER)
    assert order(steps) == ["client.chat_postMessage"]
    assert replies(steps)[0].startswith(":x: ")


def test_a_file_that_is_not_csv_is_named_escaped_and_not_downloaded(steps, stub):
    stub(imports, "download", "run_import", "publish_home")
    received(steps, message({"id": "F1", "name": "<b>.pdf", "filetype": "pdf"}))
    assert order(steps) == ["client.chat_postMessage"]
    assert replies(steps)[0].startswith(":x: &lt;b&gt;.pdf isn't a CSV file.")


def test_a_download_refused_is_told_and_nothing_imported(steps, stub):
    stub(imports, "download", "run_import", "publish_home")
    steps.download.side_effect = Mistake("That file is too big.")
    received(steps, message({"id": "F1", "name": "a.csv", "filetype": "csv"}))
    assert replies(steps) == [":x: That file is too big."]
    steps.run_import.assert_not_called()


def test_a_round_table_without_the_rounds_name_is_not_imported(steps, stub):
    stub(imports, "download", "run_import", "publish_home")
    steps.download.return_value = ("<r>.csv", b"host,visitor,observer\nA,B,C\n")
    received(steps, message({"id": "F1", "name": "r.csv", "filetype": "csv"}))
    assert replies(steps) == [f":x: &lt;r&gt;.csv: {imports.ROUND_NAME_HINT}"]
    steps.run_import.assert_not_called()


def test_an_imported_round_is_answered_then_the_home_published(steps, stub):
    stub(imports, "download", "run_import", "publish_home")
    steps.download.return_value = ("<r>.csv", b"host,visitor,observer\nA,B,C\n")
    steps.run_import.return_value = (True, "2 triads imported.")
    received(steps, message({"id": "F1", "name": "r.csv", "filetype": "csv"}, text='round "SE 2018"'))
    kwargs = steps.run_import.call_args.kwargs
    assert (kwargs["kind"], kwargs["round_name"], kwargs["request_key"]) == ("round", "SE 2018", "import:D1:1.2:F1")
    assert order(steps) == ["download", "run_import", "client.chat_postMessage", "publish_home"]
    assert replies(steps) == ["&lt;r&gt;.csv: 2 triads imported."]


def test_an_import_that_fails_on_our_side_is_told_and_the_home_left(steps, stub):
    stub(imports, "download", "run_import", "publish_home")
    steps.download.return_value = ("a.csv", b"name,dcs\nKent,U1\n")
    steps.run_import.side_effect = RuntimeError("boom")
    received(steps, message({"id": "F1", "name": "a.csv", "filetype": "csv"}))
    assert replies(steps) == ["a.csv: :x: Something went wrong on my side and nothing was imported. Please try again."]
    steps.publish_home.assert_not_called()


def test_a_file_from_someone_unknown_is_let_be(steps, stub):
    stub(imports, "download", "run_import", "publish_home")
    received(steps, message({"id": "F1", "name": "a.csv"}), who=None)
    assert order(steps) == []
