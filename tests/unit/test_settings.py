import pytest

from bot.settings import ConfigError, load_settings, normalise_database_url


def test_missing_credentials_stop_start_up_naming_them(monkeypatch):
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "s")
    with pytest.raises(ConfigError) as error:
        load_settings(_env_file=None)
    assert str(error.value.code) == "peerbot: configuration error: SLACK_BOT_TOKEN is not set"


def test_environment_is_read(monkeypatch):
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "s")
    monkeypatch.setenv("PEER_COORDINATORS", "U1, U2,,")
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.example/peer")
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api")
    settings = load_settings(_env_file=None)
    assert settings.peer_coordinators == ("U1", "U2")
    assert settings.database_url == "postgresql+psycopg://u:p@db.example/peer"
    assert settings.slack_api_url == "http://127.0.0.1:9/api/"


def test_bad_time_zone_is_named(monkeypatch):
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "s")
    monkeypatch.setenv("PEER_TIMEZONE", "Mars/Olympus")
    with pytest.raises(ConfigError, match="PEER_TIMEZONE"):
        load_settings(_env_file=None)


@pytest.mark.parametrize(
    "given, expected",
    [
        ("postgres://a@h/d", "postgresql+psycopg://a@h/d"),
        ("postgresql://a@h/d", "postgresql+psycopg://a@h/d"),
        ("postgresql+psycopg://a@h/d", "postgresql+psycopg://a@h/d"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_database_urls_as_platforms_give_them(given, expected):
    assert normalise_database_url(given) == expected


def test_the_signing_secret_is_needed_over_http_only(monkeypatch):
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    monkeypatch.delenv("SLACK_SIGNING_SECRET", raising=False)
    monkeypatch.delenv("SLACK_APP_TOKEN", raising=False)
    with pytest.raises(ConfigError) as error:
        load_settings(_env_file=None)
    assert str(error.value.code) == "peerbot: configuration error: SLACK_SIGNING_SECRET is not set"
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1")  # Socket Mode: the two tokens are enough
    assert load_settings(_env_file=None).slack_signing_secret == ""
