"""Where the bot token may go for a file (`handlers.slack_files.token_may_go_to`), and which shared files
are not Slack's to download (`refusal_of`): plain functions, checked on the addresses an attacker would try."""

from __future__ import annotations

import pytest

from handlers.slack_files import refusal_of, token_may_go_to

SLACK_API = "https://slack.com/api/"
DOUBLE_API = "http://127.0.0.1:53123/api/"


@pytest.mark.parametrize(
    ("url", "api_url"),
    [
        ("https://files.slack.com/files-pri/T0-F0/download/a.csv", SLACK_API),
        ("https://files.slack.com:443/files-pri/T0-F0/a.csv?download=1", SLACK_API),
        ("https://FILES.SLACK.COM/files-pri/T0-F0/a.csv", SLACK_API),  # a host name has no case
        ("https://files.slack.com/files-pri/T0-F0/a.csv", DOUBLE_API),  # Slack's host whatever the API URL
        ("http://127.0.0.1:53123/files/F0001/a.csv?download=1", DOUBLE_API),  # the double, in tests and the demo
        ("https://slack.com/files/a.csv", SLACK_API),  # SLACK_API_URL's own host
    ],
)
def test_the_token_may_go_to_slacks_file_host_and_the_api_urls_host(url, api_url):
    assert token_may_go_to(url, api_url)


@pytest.mark.parametrize(
    ("url", "api_url"),
    [
        ("http://files.slack.com/files-pri/T0-F0/a.csv", SLACK_API),  # not over https
        ("https://files.slack.com:8443/a.csv", SLACK_API),  # another port
        ("https://files.slack.com.evil.test/a.csv", SLACK_API),
        ("https://evilfiles.slack.com.test/a.csv", SLACK_API),
        ("https://files.slack.com./a.csv", SLACK_API),  # a trailing dot is another spelling
        ("https://files.slack.com@evil.test/a.csv", SLACK_API),  # user info: the host is evil.test
        ("https://evil.test@files.slack.com/a.csv", SLACK_API),  # a user in the address at all
        ("https://evil.test\\@files.slack.com/a.csv", SLACK_API),  # parsers disagree on a backslash
        ("https://files.slack.com\t.evil.test/a.csv", SLACK_API),
        ("https://files.slack.com%2eevil.test/a.csv", SLACK_API),
        ("https://fіles.slack.com/a.csv", SLACK_API),  # a Cyrillic і
        ("https://downloads.slack-edge.com/a.csv", SLACK_API),
        ("https://127.0.0.1:9/a.csv", SLACK_API),
        ("http://127.0.0.1:53124/files/F0001/a.csv", DOUBLE_API),  # another port of the double's host
        ("https://127.0.0.1:53123/files/F0001/a.csv", DOUBLE_API),  # another scheme
        ("http://localhost:53123/files/F0001/a.csv", DOUBLE_API),  # another name for it is another host
        ("file:///etc/passwd", SLACK_API),
        ("ftp://files.slack.com/a.csv", SLACK_API),
        ("//files.slack.com/a.csv", SLACK_API),
        ("/files/F0001/a.csv", DOUBLE_API),
        ("https://[::1/a.csv", SLACK_API),  # not even an address
        ("https://files.slack.com:99999/a.csv", SLACK_API),
        ("", SLACK_API),
    ],
)
def test_the_token_goes_nowhere_else(url, api_url):
    assert not token_may_go_to(url, api_url)


def test_a_file_uploaded_to_slack_is_downloadable():
    assert refusal_of({"id": "F1", "name": "a.csv", "mode": "hosted", "is_external": False}) is None
    assert refusal_of({"id": "F1", "name": "a.csv"}) is None  # as a form's file input may give it
    assert refusal_of({"id": "F1", "name": "a.csv", "mode": "snippet"}) is None


@pytest.mark.parametrize(
    "shared",
    [
        {"name": "a.csv", "is_external": True, "external_type": "gdrive", "mode": "external"},
        {"name": "a.csv", "is_external": True},
        {"name": "a.csv", "mode": "external"},
        {"name": "a.csv", "mode": "remote"},
    ],
)
def test_a_file_kept_outside_slack_is_refused_by_name(shared):
    assert refusal_of(shared) == (
        "a.csv is a link to a file kept outside Slack, so I can't import it. Download it as CSV, then send "
        "me the file itself (drag it into this DM)."
    )


def test_a_file_slack_no_longer_serves_is_refused_by_its_mode():
    assert "a.csv isn't a file uploaded to Slack (tombstone)" in (
        refusal_of({"name": "a.csv", "mode": "tombstone"}) or ""
    )
