"""Settings for many workspaces: SLACK_CLIENT_ID + SLACK_CLIENT_SECRET instead of SLACK_BOT_TOKEN."""

import pytest

from bot.settings import DEFAULT_SCOPES, ConfigError, load_settings

NAMES = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_SCOPES")


@pytest.fixture(autouse=True)
def clean(monkeypatch):
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "s")


def test_client_id_and_secret_make_the_bot_token_optional(monkeypatch):
    monkeypatch.setenv("SLACK_CLIENT_ID", "111.222")
    monkeypatch.setenv("SLACK_CLIENT_SECRET", "secret")
    settings = load_settings(_env_file=None)
    assert settings.multi_workspace and settings.slack_bot_token is None
    assert settings.slack_scopes == DEFAULT_SCOPES and settings.slack_token_rotation_minutes == 120


def test_a_bot_token_alone_stays_one_workspace(monkeypatch):
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    assert not load_settings(_env_file=None).multi_workspace


@pytest.mark.parametrize(
    "given, says",
    [
        ({"SLACK_CLIENT_ID": "111.222"},
         "SLACK_CLIENT_SECRET is not set (Add to Slack needs SLACK_CLIENT_ID and SLACK_CLIENT_SECRET)"),
        ({"SLACK_CLIENT_SECRET": "x"},
         "SLACK_CLIENT_ID is not set (Add to Slack needs SLACK_CLIENT_ID and SLACK_CLIENT_SECRET)"),
        ({}, "SLACK_BOT_TOKEN is not set"),
    ],
)  # fmt: skip
def test_half_a_pair_or_nothing_names_what_to_set_in_one_line(monkeypatch, given, says):
    for name, value in given.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as error:
        load_settings(_env_file=None)
    assert str(error.value.code) == f"peerbot: configuration error: {says}"


def test_the_signing_secret_stays_required_with_oauth(monkeypatch):
    monkeypatch.delenv("SLACK_SIGNING_SECRET")
    monkeypatch.setenv("SLACK_CLIENT_ID", "111.222")
    monkeypatch.setenv("SLACK_CLIENT_SECRET", "secret")
    with pytest.raises(ConfigError) as error:
        load_settings(_env_file=None)
    assert str(error.value.code) == "peerbot: configuration error: SLACK_SIGNING_SECRET is not set"


def test_scopes_are_read_comma_separated(monkeypatch):
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    monkeypatch.setenv("SLACK_SCOPES", "commands, chat:write")
    assert load_settings(_env_file=None).slack_scopes == ("commands", "chat:write")
