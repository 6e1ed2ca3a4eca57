"""The Slack Web API double, driven through a real slack_sdk WebClient."""

import threading
import time
import urllib.request

import pytest
from slack_sdk import WebClient, WebhookClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import RateLimitErrorRetryHandler

from slack_double import RemoteSlackDouble, SlackDouble

SECTION = {"type": "section", "text": {"type": "mrkdwn", "text": "Self-assessment due *today*"}}
BUTTON = {"type": "button", "text": {"type": "plain_text", "text": "Done"}, "action_id": "done", "value": "1"}


@pytest.fixture
def double():
    with SlackDouble() as slack:
        yield slack


@pytest.fixture
def client(double):
    return WebClient(base_url=double.base_url, token="xoxb-test")


def test_base_url_is_the_api_root_on_a_free_local_port(double):
    assert double.base_url.startswith("http://127.0.0.1:")
    assert double.base_url.endswith("/api/")
    assert double.port != 0


def test_a_valid_post_message_is_delivered_and_recorded(double, client):
    channel = double.add_channel("C0TRIAD1").id
    blocks = [SECTION, {"type": "actions", "elements": [BUTTON]}]

    answer = client.chat_postMessage(channel=channel, text="Self-assessment due", blocks=blocks)

    assert answer["ok"] and answer["channel"] == channel
    [call] = double.calls_to("chat.postMessage")
    assert call.args["blocks"] == blocks and call.token == "xoxb-test" and call.ok
    [message] = double.messages
    assert message["channel"] == channel and message["text"] == "Self-assessment due"
    assert message["ts"] == answer["ts"] and message["blocks"] == blocks
    double.assert_no_errors()


def test_timestamps_are_unique_and_increasing(double, client):
    double.add_channel("C1")
    stamps = [client.chat_postMessage(channel="C1", text=str(i))["ts"] for i in range(20)]
    assert stamps == sorted(set(stamps), key=float)


@pytest.mark.parametrize(
    "block, complaint",
    [
        ({"type": "section"}, "text or fields attribute must be specified"),
        ({"type": "actions", "elements": [{"type": "button", "action_id": "a"}]}, "'text' is a required property"),
        ({"type": "sektion", "text": {"type": "mrkdwn", "text": "x"}}, "unknown block type"),
        ({"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}, "cannot exceed 3000 characters"),
    ],
)
def test_an_invalid_block_is_answered_invalid_arguments_and_recorded(double, client, block, complaint):
    double.add_channel("C1")
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C1", text="fallback", blocks=[block])
    assert raised.value.response["error"] == "invalid_arguments"
    [error] = double.errors
    assert error.startswith("chat.postMessage: blocks[0]") and complaint in error
    assert double.messages == []
    with pytest.raises(AssertionError, match="invalid calls"):
        double.assert_no_errors()


def test_missing_arguments_and_unknown_methods_are_errors(double, client):
    with pytest.raises(SlackApiError), pytest.warns(UserWarning, match="top-level `text` argument is missing"):
        client.chat_postMessage(channel="C1")  # neither text nor blocks: slack_sdk warns, the double refuses
    with pytest.raises(SlackApiError) as raised:
        client.api_call("files.upload", data={"content": "x"})  # retired by Slack
    assert raised.value.response["error"] == "unknown_method"
    assert [e.split(":")[0] for e in double.errors] == ["chat.postMessage", "files.upload"]


def test_a_call_without_a_token_is_not_authed(double):
    with pytest.raises(SlackApiError) as raised:
        WebClient(base_url=double.base_url).chat_postMessage(channel="C1", text="x")
    assert raised.value.response["error"] == "not_authed"


def test_a_modal_with_a_too_long_title_is_refused(double, client):
    view = {
        "type": "modal",
        "title": {"type": "plain_text", "text": "A title far longer than allowed"},
        "blocks": [SECTION],
    }
    with pytest.raises(SlackApiError):
        client.views_open(trigger_id="123.456", view=view)
    assert "title must be between 1 and 24 characters" in double.errors[0]


def test_views_are_stored(double, client):
    home = {"type": "home", "blocks": [SECTION]}
    client.views_publish(user_id="U1", view=home)
    assert double.home_views["U1"]["blocks"] == [SECTION]

    modal = {"type": "modal", "callback_id": "x", "title": {"type": "plain_text", "text": "Add"}, "blocks": [SECTION]}
    view_id = client.views_open(trigger_id="123.456", view=modal)["view"]["id"]
    client.views_update(view_id=view_id, view={**modal, "callback_id": "y"})
    assert double.views[view_id]["callback_id"] == "y"
    double.assert_no_errors()


def test_every_third_post_is_rate_limited_and_the_retry_handler_gets_through(double):
    double.add_channel("C1")
    double.fail_429_ratio = 0.33
    client = WebClient(
        base_url=double.base_url, token="xoxb-test", retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=2)]
    )

    for i in range(3):
        client.chat_postMessage(channel="C1", text=f"reminder {i}")

    [throttled] = double.throttled
    assert throttled.status == 429 and throttled.response == {"ok": False, "error": "ratelimited"}
    assert [m["text"] for m in double.messages] == ["reminder 0", "reminder 1", "reminder 2"]
    assert len(double.calls_to("chat.postMessage")) == 3
    assert len(double.calls_to("chat.postMessage", include_throttled=True)) == 4


def test_a_second_post_to_a_channel_within_the_rate_limit_gets_429_with_retry_after(double, client):
    double.add_channel("C1")
    double.add_channel("C2")
    double.rate_limit_per_channel = 1.0
    client.chat_postMessage(channel="C1", text="first")
    client.chat_postMessage(channel="C2", text="another channel is fine")

    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C1", text="too soon")

    assert raised.value.response.status_code == 429
    assert raised.value.response["error"] == "ratelimited"
    assert int(raised.value.response.headers["Retry-After"]) >= 1
    assert [m["text"] for m in double.messages] == ["first", "another channel is fine"]


def test_rate_limited_posts_are_paced_by_the_retry_handler(double):
    double.add_channel("C1")
    double.rate_limit_per_channel = 1.0
    client = WebClient(
        base_url=double.base_url, token="xoxb-test", retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=3)]
    )

    client.chat_postMessage(channel="C1", text="one")
    client.chat_postMessage(channel="C1", text="two")

    one, two = double.messages
    assert float(two["ts"]) - float(one["ts"]) >= 1.0


def test_files_upload_v2_round_trip_stores_the_bytes(double, client):
    channel = double.add_channel("C1").id
    content = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"

    answer = client.files_upload_v2(
        channel=channel, content=content, filename="triad-1.ics", title="Triad 1 calendar", initial_comment="Calendar"
    )

    [upload] = double.uploaded_files
    assert upload.content == content and upload.filename == "triad-1.ics"
    assert (upload.title, upload.channel_id, upload.initial_comment) == ("Triad 1 calendar", channel, "Calendar")
    assert answer["file"]["id"] == upload.id
    double.assert_no_errors()


def test_conversations_create_refuses_a_taken_or_badly_formed_name(double, client):
    channel = client.conversations_create(name="peer-triad-1", is_private=True)["channel"]
    assert channel["id"] == "C0001" and channel["is_private"] is True

    for name, error in [
        ("peer-triad-1", "name_taken"),
        ("Peer Triad", "invalid_name_specials"),
        ("x" * 81, "invalid_name_maxlength"),
    ]:
        with pytest.raises(SlackApiError) as raised:
            client.conversations_create(name=name)
        assert raised.value.response["error"] == error
    double.assert_no_errors()


def test_invite_and_members(double, client):
    channel = client.conversations_create(name="triad-2")["channel"]["id"]
    double.unknown_users.add("U0GONE")

    client.conversations_invite(channel=channel, users=["U1", "U2"])
    assert client.conversations_members(channel=channel)["members"] == ["UBOT", "U1", "U2"]
    for users, error in [(["U1"], "already_in_channel"), (["U3", "U0GONE"], "user_not_found")]:
        with pytest.raises(SlackApiError) as raised:
            client.conversations_invite(channel=channel, users=users)
        assert raised.value.response["error"] == error
    assert "U3" not in double.channels[channel].members  # an invite that fails adds no one


def test_history_returns_newest_first_with_metadata_when_asked(double, client):
    channel = double.add_channel("C1").id
    metadata = {"event_type": "reminder_sent", "event_payload": {"reminder_id": 7}}
    first = client.chat_postMessage(channel=channel, text="first", metadata=metadata)["ts"]
    client.chat_postMessage(channel=channel, text="in thread", thread_ts=first)
    client.chat_postMessage(channel=channel, text="second")

    with_metadata = client.conversations_history(channel=channel, include_all_metadata=True)["messages"]
    assert [m["text"] for m in with_metadata] == ["second", "first"]  # thread replies are not in history
    assert with_metadata[1]["metadata"] == metadata
    plain = client.conversations_history(channel=channel, limit=1)
    assert [m["text"] for m in plain["messages"]] == ["second"] and plain["has_more"]
    assert "metadata" not in client.conversations_history(channel=channel)["messages"][1]
    assert client.conversations_history(channel=channel, oldest=first)["messages"][0]["text"] == "second"
    double.assert_no_errors()


def test_posting_to_a_user_answers_with_a_stable_dm_channel(double, client):
    first = client.chat_postMessage(channel="U123ABC", text="hello")["channel"]
    second = client.chat_postMessage(channel="U123ABC", text="again")["channel"]
    assert first == second == double.dm_channel("U123ABC") and first.startswith("D")
    assert [m["channel"] for m in double.messages] == [first, first]


def test_channel_failures(double, client):
    double.add_channel("C1")
    double.add_channel("C2")
    double.kicked.add("C2")
    client.conversations_archive(channel="C1")
    for channel, error in [("C404", "channel_not_found"), ("C2", "not_in_channel"), ("C1", "is_archived")]:
        with pytest.raises(SlackApiError) as raised:
            client.chat_postMessage(channel=channel, text="x")
        assert raised.value.response["error"] == error
    assert double.messages == [] and double.errors == []


def test_update_pin_topic_and_users_info(double, client):
    channel = double.add_channel("C1").id
    ts = client.chat_postMessage(channel=channel, text="Line 1: safeguarding")["ts"]
    client.chat_update(channel=channel, ts=ts, text="Line 1 (agreed)")
    client.pins_add(channel=channel, timestamp=ts)
    client.conversations_setTopic(channel=channel, topic="Triad 1")

    assert double.messages[0]["text"] == "Line 1 (agreed)"
    assert double.channels[channel].pins == [ts] and double.channels[channel].topic == "Triad 1"
    assert client.users_info(user="U1")["user"]["tz"] == "Europe/London"
    with pytest.raises(SlackApiError):
        client.pins_add(channel=channel, timestamp="1.000001")  # message_not_found
    double.assert_no_errors()


def test_response_urls_are_captured(double):
    WebhookClient(double.response_url("abc")).send(text="Done", response_type="ephemeral")
    [response] = double.wait_for_response(1)
    assert response == {"text": "Done", "response_type": "ephemeral"}
    assert double.responses_by_key["abc"] == [response]
    double.assert_no_errors()


def test_wait_for_returns_when_another_thread_calls(double, client):
    double.add_channel("C1")
    threading.Timer(0.2, lambda: client.chat_postMessage(channel="C1", text="later")).start()
    [call] = double.wait_for("chat.postMessage", 1, timeout=5)
    assert call.args["text"] == "later"
    with pytest.raises(AssertionError, match="timed out"):
        double.wait_for("chat.postMessage", 2, timeout=0.1)


def test_fail_next_answers_the_next_call_with_an_error(double, client):
    double.fail_next("conversations.create", "restricted_action")
    with pytest.raises(SlackApiError) as raised:
        client.conversations_create(name="triad-1")
    assert raised.value.response["error"] == "restricted_action"
    assert client.conversations_create(name="triad-1")["ok"]  # only once
    assert double.channel_named("triad-1") is not None and double.errors == []


def test_a_delay_slows_a_method_down(double, client):
    double.delay_seconds["auth.test"] = 0.3
    started = time.monotonic()
    assert client.auth_test()["team_id"] == "T0001"
    assert time.monotonic() - started >= 0.3


def test_standalone_process_prints_its_url_and_serves_its_records():
    with RemoteSlackDouble.spawn("--fail-429-ratio", "0.5", "--channel", "C1") as remote:
        assert remote.base_url.endswith("/api/")
        client = WebClient(base_url=remote.base_url, token="xoxb-test")
        client.chat_postMessage(channel="C1", text="one")
        with pytest.raises(SlackApiError):
            client.chat_postMessage(channel="C1", text="two")  # every second call: 429

        [call] = remote.wait_for("chat.postMessage", 1)
        assert call.args == {"channel": "C1", "text": "one"}
        assert [c.status for c in remote.calls("chat.postMessage")] == [200, 429]
        assert [m["text"] for m in remote.messages()] == ["one"]
        with urllib.request.urlopen(remote.root_url + "_double/calls") as answer:
            assert answer.headers["Content-Type"].startswith("application/json")
        remote.assert_no_errors()


def test_every_method_the_double_answers_has_an_implementation_and_nothing_else_does():
    from slack_double.api import METHODS
    from slack_double.schemas import METHOD_SCHEMAS, METHODS_WITHOUT_SCHEMA

    assert set(METHODS) == set(METHOD_SCHEMAS) | METHODS_WITHOUT_SCHEMA
