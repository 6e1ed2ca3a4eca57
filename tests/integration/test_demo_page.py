"""The demo page shows what Slack shows (issue 18): emoji as emoji, channels by name, each file the app shared
in place (a picture as itself, a document as a link to its copy beside the page, both listed in
`transcript.json`), and a person's words as they typed them, escaped. A small conversation is posted through a
real slack_sdk WebClient to the Slack double, recorded by the demo's `Transcript` and rendered."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser

import pytest
from slack_sdk import WebClient

from bot.demo.transcript import Transcript, blocks_html, mrkdwn
from handlers.mrkdwn import escape
from slack_double import SlackDouble

PNG = b"\x89PNG\r\n\x1a\n a timeline"
DOCX = b"PK\x03\x04 a report skeleton"
NOON = datetime(2018, 7, 20, 11, 0, tzinfo=timezone.utc)
PEOPLE = {"UOXF": "Olivia Grant (DCS, Oxfordshire)", "UCORA": "Cora Ordway (coordinator)"}
TYPED = "<script>alert('x')</script> :x: & :no_such_code:"


@pytest.fixture
def double():
    with SlackDouble() as slack:
        slack.add_channel("C0001", "pc-2018-oxfordshire")
        yield slack


@pytest.fixture
def recorded(double, tmp_path):
    """A triad channel's conversation, recorded as the demo records it: a command typed, a post, the picture and
    a document shared, a post after them; the page and transcript.json written as the demo writes them."""
    client = WebClient(base_url=double.base_url, token="xoxb-demo")
    transcript = Transcript(double, PEOPLE, lambda: {1: "C0001"})
    channel = transcript.conversation(1, "UOXF")
    transcript.typed(channel, "UOXF", f"/peer line add {TYPED}", NOON)
    client.chat_postMessage(
        channel=channel,
        text=f":calendar: <@UOXF> proposed a line in <#C0001>: {escape(TYPED)}",
        blocks=[
            {"type": "header", "text": {"type": "plain_text", "text": ":pushpin: Line of enquiry"}},
            {"type": "section", "text": {"type": "mrkdwn", "text": ":calendar: <@UOXF> proposed a line in <#C0001>:"}},
            {"type": "section", "text": {"type": "mrkdwn", "text": f":white_check_mark: *{escape(TYPED)}*"}},
            {"type": "context", "elements": [{"type": "mrkdwn", "text": "In <#C0001|old-name>; type `:x: /peer`"}]},
        ],
    )
    client.files_upload_v2(
        channel=channel, content=PNG, filename="timeline-se-2018.png", title="SE 2018: the round's timeline",
        initial_comment=":bar_chart: The round's timeline.",
    )  # fmt: skip
    client.files_upload_v2(
        channel=channel, content=DOCX, filename="Oxfordshire 2018 — report skeleton.docx",
        title="Oxfordshire 2018 — report skeleton", initial_comment="The report skeleton.",
    )  # fmt: skip
    client.chat_postMessage(channel=channel, text="After the files.")
    transcript.record_new_messages(NOON + timedelta(minutes=1))
    out = tmp_path / "demo"
    out.mkdir()
    transcript.write_files(out)
    page = transcript.html(heading="A demo", summary=["one triad"])
    (out / "index.html").write_text(page)
    return {"out": out, "page": page, "json": json.loads(json.dumps(transcript.as_json())), "double": double}


def _entries(recorded) -> list[dict]:
    [conversation] = recorded["json"]["conversations"]
    return conversation["entries"]


class _Tags(HTMLParser):
    VOID = {"meta", "br", "hr", "img"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.scripts = 0
        self.images: list[dict] = []

    def handle_starttag(self, tag, attrs):
        self.scripts += tag == "script"
        if tag == "img":
            self.images.append(dict(attrs))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()


def _parsed(page: str) -> _Tags:
    tags = _Tags()
    tags.feed(page)
    tags.close()
    assert tags.stack == []
    return tags


def test_the_page_shows_emoji_for_shortcodes(recorded):
    page = recorded["page"]
    assert '\U0001f4c6 <span class="mention">@Olivia Grant (DCS, Oxfordshire)</span>' in page  # :calendar:
    assert "\u2705 <b>" in page  # :white_check_mark: in a section
    assert "\U0001f4cc Line of enquiry" in page  # :pushpin: in a plain_text header
    assert "\U0001f4ca The round" in page  # :bar_chart: in a file's comment
    for shortcode in (":calendar:", ":white_check_mark:", ":pushpin:", ":bar_chart:"):
        assert shortcode not in page


def test_a_shortcode_not_known_and_code_stay_as_text():
    assert mrkdwn(":no_such_code: :x:", {}) == ":no_such_code: \u274c"
    assert mrkdwn("type `:x: /peer help`", {}) == "type <code>:x: /peer help</code>"  # Slack shows code as it is
    assert mrkdwn("at 10:30:00", {}) == "at 10:30:00"


def test_channels_are_shown_by_name_not_id(recorded):
    page = recorded["page"]
    assert page.count('<span class="mention">#pc-2018-oxfordshire</span>') == 2  # <#C0001> and <#C0001|old-name>
    assert "#C0001<" not in page and "old-name" not in page and "&lt;#C" not in page
    # Without a known name, the label the mention was sent with, else the id.
    assert mrkdwn("<#C9|kent> <#C8>", {}) == '<span class="mention">#kent</span> <span class="mention">#C8</span>'


def test_the_picture_is_shown_where_it_was_shared_and_the_document_linked(recorded):
    entries = _entries(recorded)
    kinds = [e["kind"] for e in entries]
    assert kinds == ["typed", "message", "file", "file", "message"]  # in the order Slack has them
    picture, document = entries[2], entries[3]
    assert picture["text"] == ":bar_chart: The round's timeline."
    [shared] = picture["files"]
    assert shared["name"] == "timeline-se-2018.png" and shared["title"] == "SE 2018: the round's timeline"
    assert (recorded["out"] / shared["path"]).read_bytes() == PNG  # beside the page, where the page links it
    [doc] = document["files"]
    assert doc["name"] == "Oxfordshire 2018 — report skeleton.docx"
    assert (recorded["out"] / doc["path"]).read_bytes() == DOCX
    assert all(e["files"] == [] for e in entries if e["kind"] != "file")

    page = recorded["page"]
    tags = _parsed(page)
    [image] = tags.images
    assert image["src"] == shared["path"] and image["alt"] == "SE 2018: the round's timeline"
    assert page.index(image["src"]) > page.index("proposed a line") and page.index(image["src"]) < page.index(
        "After the files."
    )  # in place: after the post before it, before the post after it
    assert 'href="files/' in page and "Oxfordshire%202018%20%E2%80%94%20report%20skeleton.docx" in page
    assert ">Oxfordshire 2018 — report skeleton</a>" in page  # a document: a named link, not an image


def test_a_file_kept_private_is_not_shown_in_a_conversation(recorded):
    client = WebClient(base_url=recorded["double"].base_url, token="xoxb-demo")
    client.files_upload_v2(content=b"x", filename="private.txt")  # no channel: uploaded, not shared
    [upload] = [f for f in recorded["double"].uploaded_files if f.filename == "private.txt"]
    assert upload.completed and upload.shared_ts is None


def test_what_a_person_typed_is_escaped_and_emoji_come_only_from_shortcodes(recorded):
    page = recorded["page"]
    assert _parsed(page).scripts == 0
    assert "<script>" not in page
    # In the app's post (the person's text escaped by the app): shown as typed, its shortcode as Slack shows it.
    assert "&lt;script&gt;alert('x')&lt;/script&gt; \u274c &amp; :no_such_code:" in page
    # The command as the person typed it: literal, nothing rendered.
    assert (
        "<code>/peer line add &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; :x: &amp; :no_such_code:</code>" in page
    )
    # A shortcode never makes markup, wherever it stands.
    assert mrkdwn("&lt;b&gt;:x:&lt;/b&gt;", {}) == "&lt;b&gt;\u274c&lt;/b&gt;"
    header = {"type": "header", "text": {"type": "plain_text", "text": "<i>:x:</i>"}}
    assert blocks_html([header], {}) == '<div class="header">&lt;i&gt;\u274c&lt;/i&gt;</div>'
    # A link's address is not rendered.
    assert mrkdwn("<https://example.org/:x:/a|a link>", {}) == '<a href="https://example.org/:x:/a">a link</a>'


def test_a_submitted_form_shows_what_was_filled_in_literally_and_people_by_name(double):
    """A form a button opened, as the person filled it in: its title, each field as typed or chosen (nothing
    rendered, people by name), the button that submitted it; in transcript.json as plain text."""
    from bot.demo.slack import form_state
    from handlers.views import forms

    transcript = Transcript(double, PEOPLE, lambda: {1: "C0001"})
    channel = transcript.conversation(1, "UOXF")
    view = forms.interview_modal(7, 1, channel, "2018-07-23").to_dict()
    state = form_state(view, {"stakeholder": TYPED, "interviewers": ["UOXF", "UCORA"], "end": "11:00"})
    transcript.submitted(channel, "UOXF", view, state, NOON)
    [entry] = transcript.as_json()["conversations"][0]["entries"]
    assert (entry["kind"], entry["user"], entry["text"]) == ("submitted", "UOXF", "Book")
    assert entry["form"] == {
        "title": "Triad 1 interview",
        "fields": [
            ["Day", "Mon 23 Jul 2018"],
            ["From", "09:30"],
            ["To", "11:00"],
            ["Who is interviewed", TYPED],
            ["Interviewers", "Olivia Grant (DCS, Oxfordshire), Cora Ordway (coordinator)"],
        ],
    }  # the fields left empty (role, where) are left out
    page = transcript.html(heading="A demo", summary=[])
    assert _parsed(page).scripts == 0
    assert (
        "<b>Olivia Grant (DCS, Oxfordshire)</b> filled in the form <i>Triad 1 interview</i> and clicked "
        '<span class="button primary">Book</span>' in page
    )
    assert (
        "<b>Who is interviewed</b> &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; :x: &amp; :no_such_code:" in page
    )
    assert "<b>Interviewers</b> Olivia Grant (DCS, Oxfordshire), Cora Ordway (coordinator)</div>" in page
