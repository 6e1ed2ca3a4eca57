"""PEER_COORDINATORS names each coordinator's workspace; a bare ID counts only with one workspace."""

from __future__ import annotations

import pytest

from bot.rules.coordinators import CoordinatorRefusal, change_to, check_removal, configured_for, parse_entry
from bot.settings import ConfigError, load_settings

ONE = {"slack_bot_token": "xoxb-one", "slack_signing_secret": "s"}
MANY = {"slack_bot_token": None, "slack_client_id": "1.2", "slack_client_secret": "cs", "slack_signing_secret": "s"}


def test_an_entry_names_a_workspace_or_is_bare():
    assert parse_entry("T0123:U0456").team_id == "T0123" and parse_entry("T0123:U0456").user_id == "U0456"
    assert parse_entry("U0456").team_id is None
    for bad in ("T1:U2:U3", ":U1", "T1:", "U 1", "T1;U1"):
        with pytest.raises(ValueError):
            parse_entry(bad)


def test_configured_coordinators_count_only_in_their_workspace():
    entries = ("T1:UA", "T2:UB", "UBARE")
    assert configured_for(entries, "T1") == {"UA", "UBARE"}
    assert configured_for(entries, "T2") == {"UB", "UBARE"}
    assert configured_for(entries, "T3") == {"UBARE"}
    assert configured_for(("T1:UA",), "T2") == frozenset()


def test_with_one_workspace_a_bare_id_counts(monkeypatch):
    monkeypatch.setenv("PEER_COORDINATORS", "U1, T0PEER:U2,,")
    settings = load_settings(**ONE)
    assert settings.peer_coordinators == ("U1", "T0PEER:U2")
    assert settings.ignored_coordinators == () and settings.coordinator_warning() is None


def test_with_add_to_slack_a_bare_id_is_ignored_and_said_at_start_up(monkeypatch, caplog):
    monkeypatch.setenv("PEER_COORDINATORS", "U1,T1:U2,U3")
    settings = load_settings(**MANY)
    assert settings.peer_coordinators == ("T1:U2",)
    assert settings.ignored_coordinators == ("U1", "U3")
    assert settings.coordinator_warning() == (
        "PEER_COORDINATORS: U1, U3 ignored: with Add to Slack (many workspaces) a coordinator must name their "
        "workspace, like T0123:U0456"
    )


def test_a_malformed_entry_is_a_configuration_error(monkeypatch):
    monkeypatch.setenv("PEER_COORDINATORS", "T1:U2:U3")
    with pytest.raises(ConfigError, match=r"PEER_COORDINATORS: .*'T1:U2:U3' is not a user ID"):
        load_settings(**ONE)


def test_who_can_stop_being_a_coordinator():
    stored, configured = frozenset({"UA", "UB"}), frozenset({"UENV"})
    assert check_removal("UENV", stored, configured) is CoordinatorRefusal.NAMED_BY_ENVIRONMENT
    assert check_removal("UX", stored, configured) is CoordinatorRefusal.NOT_A_COORDINATOR
    assert check_removal("UA", stored, configured) is None
    assert check_removal("UA", frozenset({"UA"}), frozenset()) is CoordinatorRefusal.LAST_COORDINATOR
    assert check_removal("UA", frozenset({"UA", "UB"}), frozenset()) is None
    change = change_to(["UENV", "UB", "UNEW"], stored, configured)
    assert change.added == ("UNEW",) and change.removed == ("UA",)
