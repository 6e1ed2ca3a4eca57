"""The themes' forms and the findings, share and attach forms (with the *Attach to the record* shortcut)
called as Bolt calls them: a mocked WebClient, a fake `ack`, the use cases stubbed."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from slack_sdk.errors import SlackApiError

from bot.rules.refusals import Refused
from bot.rules.sharing import RecordFileKind, SharingRefusal
from bot.rules.themes import ThemeRefusal
from handlers.mistakes import Mistake
from handlers.views import answering, sharing, themes
from tests.unit.listeners.conftest import WHO, chosen, order, text, view

TRIAD = SimpleNamespace(id=7, number=3, channel_id="C7")


def submit(listener, steps, submitted: dict, **extra) -> None:
    listener(ack=steps.ack, view=submitted, client=steps.client, uow=steps.uow, who=WHO, **extra)


# themes -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("refusal", "block"),
    [(Refused(ThemeRefusal.NO_WORDS, label="YJ"), "words"), (Refused(ThemeRefusal.LABEL_TOO_LONG, limit=40), "label")],
)
def test_a_refused_theme_is_answered_on_its_field(steps, stub, refusal, block):
    stub(themes, "theme_service.add_topic")
    steps.add_topic.side_effect = refusal
    with pytest.raises(Mistake) as raised:
        submit(themes.topic_submitted, steps, view({"channel": "C1"}, label=text("YJ"), words=text("")))
    assert raised.value.block_id == block
    assert order(steps) == ["add_topic"]


def test_a_theme_is_saved_acknowledged_then_told_escaped(steps, stub):
    stub(themes, "theme_service.add_topic")
    steps.add_topic.return_value = SimpleNamespace(
        is_new=True, topic=SimpleNamespace(label="Y<J>", words=("a&b", "YOT"))
    )
    submit(themes.topic_submitted, steps, view({"channel": "C1"}, label=text("Y<J>"), words=text("a&b; YOT\n")))
    steps.add_topic.assert_called_once_with(steps.uow.session, WHO, "Y<J>", ["a&b", "YOT", ""])
    assert order(steps) == ["add_topic", "ack", "client.chat_postEphemeral"]
    assert steps.client.chat_postEphemeral.call_args.kwargs["text"] == (
        ':white_check_mark: Theme "Y&lt;J&gt;" added: a&amp;b, YOT.'
    )


@pytest.mark.parametrize(
    ("metadata", "line"), [({}, "2"), ({"triad_id": "7"}, "2"), ({"triad_id": 7}, "x"), ({"triad_id": 7}, "-2")]
)
def test_a_themes_form_naming_no_triad_or_line_is_answered_on_the_line_field(steps, stub, metadata, line):
    stub(themes, "theme_service.tag_line", "access.triad_by_id")
    with pytest.raises(Mistake) as raised:
        submit(themes.line_topics_submitted, steps, view(metadata, line=chosen(line)))
    assert raised.value.block_id == "line"
    assert order(steps) == []


def test_an_unknown_theme_is_answered_on_the_topics_field(steps, stub):
    stub(themes, "theme_service.tag_line", "access.triad_by_id")
    steps.tag_line.side_effect = Refused(ThemeRefusal.UNKNOWN_TOPIC, given="x", known="YJ")
    submitted = view({"triad_id": 7}, line=chosen("2"), topics={"type": "multi_static_select",
                                                                 "selected_options": [{"value": "x"}]})  # fmt: skip
    with pytest.raises(Mistake) as raised:
        submit(themes.line_topics_submitted, steps, submitted)
    assert raised.value.block_id == "topics"
    steps.ack.assert_not_called()


def test_a_line_tagged_is_acknowledged_then_told_with_the_labels_escaped(steps, stub):
    stub(themes, "theme_service.tag_line", "access.triad_by_id")
    steps.tag_line.return_value = SimpleNamespace(number=2, topics=[SimpleNamespace(label="Y<J>")])
    submit(themes.line_topics_submitted, steps, view({"triad_id": 7}, line=chosen("2")))
    steps.tag_line.assert_called_once_with(steps.uow.session, WHO, steps.triad_by_id.return_value, 2, [])
    assert order(steps) == ["triad_by_id", "tag_line", "ack", "client.chat_postEphemeral"]
    told = steps.client.chat_postEphemeral.call_args.kwargs
    assert told["channel"] == "UCOORD"  # no channel in the form: to the person's DM
    assert told["text"] == ":label: Line 2 is now tagged Y&lt;J&gt; (as you chose)."


# sharing: findings ------------------------------------------------------------------------------------


@pytest.fixture
def sharing_stubs(stub):
    stub(answering, "access.triad_by_id")
    stub(sharing, "sharing_service.write_findings", "sharing_service.record_sharing", "sharing_service.attach_files")
    stub(sharing, "announce_findings", "findings_reply")


def test_an_empty_summary_is_answered_on_its_field(steps, sharing_stubs):
    with pytest.raises(Mistake) as raised:
        submit(sharing.findings_submitted, steps, view({"triad_id": 7}, summary=text("  ")), now=steps.now)
    assert raised.value.block_id == "summary"
    assert order(steps) == []


@pytest.mark.parametrize("metadata", [{}, {"triad_id": "7"}, "{"])
def test_a_findings_form_naming_no_triad_writes_nothing(steps, sharing_stubs, metadata):
    with pytest.raises(Mistake) as raised:
        submit(sharing.findings_submitted, steps, view(metadata, summary=text("Strong")), now=steps.now)
    assert raised.value.block_id == "summary"
    assert order(steps) == []


def test_findings_are_written_acknowledged_then_told_and_announced(steps, sharing_stubs):
    steps.triad_by_id.return_value = TRIAD
    steps.findings_reply.return_value = "Saved."
    submit(sharing.findings_submitted, steps, view({"triad_id": 7, "channel": "C1"}, summary=text("Strong")),
           now=steps.now)  # fmt: skip
    assert order(steps) == [
        "triad_by_id", "write_findings", "ack", "findings_reply", "client.chat_postEphemeral", "announce_findings",
    ]  # fmt: skip


# sharing: share ---------------------------------------------------------------------------------------


def share_view(metadata, **audiences: str) -> dict:
    fields = {f"share_{kind}": ("audience", chosen(a)) for kind, a in audiences.items()}
    return view(metadata, **fields)


def test_a_share_form_with_nothing_shown_is_closed_first_and_refused_after(steps, sharing_stubs):
    steps.record_sharing.side_effect = Refused(SharingRefusal.NOT_HOST_DCS, host="Kent", host_dcs="UH")
    with pytest.raises(Refused):
        submit(sharing.share_submitted, steps, share_view({"triad_id": 7, "shown": "x"}), now=steps.now)
    assert order(steps)[0] == "ack"


def test_a_refused_share_is_answered_on_the_kind_it_is_about(steps, sharing_stubs):
    steps.record_sharing.side_effect = Refused(SharingRefusal.NOT_FILE_OWNER, kind="files", authority="Kent")
    shown = {"lines": "nobody", "files": "nobody"}
    with pytest.raises(Mistake) as raised:
        submitted = share_view({"triad_id": 7, "shown": shown}, lines="region", files="region")
        submit(sharing.share_submitted, steps, submitted, now=steps.now)
    assert raised.value.block_id == "share_files"
    steps.ack.assert_not_called()


def test_a_share_changed_is_acknowledged_then_told_then_announced_in_the_triads_channel(
    steps, sharing_stubs, monkeypatch
):
    steps.triad_by_id.return_value = TRIAD
    monkeypatch.setattr(sharing, "shared_summary", lambda audiences: "lines: the region")
    steps.record_sharing.return_value = SimpleNamespace(audiences={}, changed=["lines"], triad_number=3)
    shown = {"lines": "nobody"}
    submit(sharing.share_submitted, steps, share_view({"triad_id": 7, "shown": shown, "channel": "C1"}, lines="region"),
           now=steps.now)  # fmt: skip
    assert steps.record_sharing.call_args.args[3:5] == ({"lines": "region"}, shown)
    assert order(steps) == [
        "triad_by_id",
        "record_sharing",
        "ack",
        "client.chat_postEphemeral",
        "client.chat_postMessage",
    ]
    assert steps.client.chat_postMessage.call_args.kwargs["channel"] == "C7"


# sharing: attach --------------------------------------------------------------------------------------


def attach_shortcut(steps, message: dict) -> None:
    sharing.attach_shortcut(ack=steps.ack, body={"channel": {"id": "C7"}, "message": message, "trigger_id": "t"},
                            client=steps.client, uow=steps.uow, who=WHO)  # fmt: skip


def test_a_message_without_files_is_refused_and_no_form_opened(steps, stub):
    stub(sharing, "access.triad_for")
    with pytest.raises(Refused) as raised:
        attach_shortcut(steps, {"text": "hi"})
    assert raised.value.code == SharingRefusal.NO_FILES
    steps.client.views_open.assert_not_called()


def test_an_attach_form_slack_will_not_open_is_told(steps, stub):
    stub(sharing, "access.triad_for")
    steps.triad_for.return_value = TRIAD
    steps.client.views_open.side_effect = SlackApiError("no", {"ok": False, "error": "expired_trigger_id"})
    with pytest.raises(Mistake) as raised:
        attach_shortcut(steps, {"files": [{"id": "F1", "name": "sa.pdf"}]})
    assert raised.value.text == "I couldn't open the form (expired_trigger_id). Try the shortcut again."


def attach_view(metadata, kind: str | None = "self_assessment") -> dict:
    return view(metadata, **({"kind": chosen(kind)} if kind else {}))


def test_an_attach_form_without_a_kind_is_answered_on_it(steps, sharing_stubs):
    with pytest.raises(Mistake) as raised:
        submit(sharing.attach_submitted, steps, attach_view({"triad_id": 7}, None), now=steps.now)
    assert raised.value.block_id == "kind"
    assert order(steps) == []


def test_an_attach_form_naming_no_triad_attaches_nothing(steps, sharing_stubs):
    with pytest.raises(Mistake) as raised:
        submit(sharing.attach_submitted, steps, attach_view({"triad_id": None}), now=steps.now)
    assert raised.value.block_id == "kind"
    assert order(steps) == []


def test_files_attached_are_acknowledged_then_announced_with_their_names_escaped(steps, sharing_stubs):
    steps.triad_by_id.return_value = TRIAD
    steps.attach_files.return_value = SimpleNamespace(kind=RecordFileKind.REPORT, names=["<r>.pdf"], triad_number=3)
    files = [{"id": "F1", "name": "<r>.pdf", "permalink": None}, "forged", {"name": "no id"}]
    submit(sharing.attach_submitted, steps, attach_view({"triad_id": 7, "files": files}, "report"), now=steps.now)
    assert [f.file_id for f in steps.attach_files.call_args.args[4]] == ["F1"]
    assert order(steps) == ["triad_by_id", "attach_files", "ack", "client.chat_postMessage"]
    assert steps.client.chat_postMessage.call_args.kwargs["text"] == (
        ":paperclip: <@UCOORD> attached &lt;r&gt;.pdf to triad 3's record as the report."
    )


def test_a_share_that_changes_nothing_is_told_so_and_not_announced(steps, sharing_stubs, monkeypatch):
    steps.triad_by_id.return_value = TRIAD
    monkeypatch.setattr(sharing, "shared_summary", lambda audiences: "lines: nobody")
    steps.record_sharing.return_value = SimpleNamespace(audiences={}, changed=[], triad_number=3)
    submit(sharing.share_submitted, steps, share_view({"triad_id": 7, "shown": {"lines": "nobody"}}, lines="nobody"),
           now=steps.now)  # fmt: skip
    assert order(steps) == ["triad_by_id", "record_sharing", "ack", "client.chat_postMessage"]
    assert steps.client.chat_postMessage.call_args.kwargs == {
        "channel": "UCOORD", "text": "Nothing changed. Triad 3 shares — lines: nobody.",
    }  # fmt: skip
