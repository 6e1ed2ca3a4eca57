"""The double's users.lookupByEmail and the files people share with the app (served to the bot token)."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slack_double import SlackDouble
from slack_double.api.users import user_id_for_email


@pytest.fixture
def double():
    with SlackDouble() as slack:
        yield slack


@pytest.fixture
def client(double):
    return WebClient(base_url=double.base_url, token="xoxb-test")


def test_lookup_by_email_finds_set_users_their_own_address_and_example_org_people(double, client):
    double.add_user("U0ANN", profile={"email": "Ann@Council.example.org"})
    assert client.users_lookupByEmail(email="ann@council.example.org")["user"]["id"] == "U0ANN"
    assert client.users_lookupByEmail(email="user-u0bob@example.org")["user"]["id"] == "U0BOB"
    made = client.users_lookupByEmail(email="dcs@kent.example.org")["user"]
    assert made["id"] == user_id_for_email("dcs@kent.example.org")
    assert client.users_info(user=made["id"])["user"]["profile"]["email"] == "dcs@kent.example.org"
    double.assert_no_errors()


@pytest.mark.parametrize("email", ["ann@elsewhere.test", "gone@example.org"])
def test_other_addresses_are_not_found(double, client, email):
    double.unknown_emails.add("gone@example.org")
    with pytest.raises(SlackApiError) as raised:
        client.users_lookupByEmail(email=email)
    assert raised.value.response["error"] == "users_not_found"


def test_lookup_by_email_is_checked_against_its_schema(double, client):
    with pytest.raises(SlackApiError):
        client.api_call("users.lookupByEmail", params={"mail": "x@example.org"})
    assert double.errors and double.errors[0].startswith("users.lookupByEmail")


def test_a_shared_file_is_described_by_files_info_and_served_to_a_token(double, client):
    shared = double.add_file("se-2018.csv", b"triad,host\n", user="U0ANN")
    info = client.files_info(file=shared["id"])["file"]
    assert info["url_private_download"] == shared["url_private_download"] and info["user"] == "U0ANN"
    assert info["filetype"] == "csv" and info["size"] == 11
    request = urllib.request.Request(info["url_private_download"], headers={"Authorization": "Bearer xoxb-test"})
    with urllib.request.urlopen(request) as answer:
        assert answer.read() == b"triad,host\n"
    assert double.downloads == [shared["id"]]
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(info["url_private_download"])
    assert refused.value.code == 403
    with pytest.raises(SlackApiError):
        client.files_info(file="F0NONE")
    double.assert_no_errors()
