"""The one place a person's words go in and out of mrkdwn: unescaped once on input, escaped once on output."""

from __future__ import annotations

import re

import pytest

from handlers.mrkdwn import defused, escape, escape_markdown, from_slack
from tests.slack_requests import shown

ATTACKS = [
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<!subteam^S123|@team>",
    "<https://evil.example|a friendly label>",
    "&lt;!channel&gt;",
    "<@U999|boss>",
]
LIVE = re.compile(r"<(?:!|@|#|https?://|mailto:)")


@pytest.mark.parametrize(
    "typed",
    ["A & B", "a < b > c", "&lt; as written", "&amp;amp;", "<b>bold</b>", "<!channel> please", "plain", "", "&"],
)
def test_what_slack_sends_for_typed_text_comes_back_as_typed(typed):
    """With should_escape, Slack sends a typed &, < and > as entities: one unescape gives the typed text back."""
    as_sent = typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert from_slack(as_sent) == typed
    assert shown(escape(from_slack(as_sent))) == typed  # escaped once on output, read as typed


def test_escape_is_applied_once_so_nothing_is_double_escaped():
    assert escape("A & B") == "A &amp; B" and shown(escape("A & B")) == "A & B"
    assert escape("&lt;") == "&amp;lt;"  # a typed "&lt;" shows as "&lt;", not as "<"
    assert shown(escape("&lt;")) == "&lt;"


@pytest.mark.parametrize(
    "as_sent, readable",
    [
        ("<!channel>", "@channel"),
        ("<!here>", "@here"),
        ("<!everyone>", "@everyone"),
        ("<!subteam^S123|@team>", "@team"),
        ("<https://evil.example|a friendly label>", "a friendly label (https://evil.example)"),
        ("<https://example.org/x>", "https://example.org/x"),
        ("<@U999|boss>", "@boss"),
        ("<#C123|general>", "#general"),
        ("&lt;!channel&gt;", "<!channel>"),
        ("<focus group>", "<focus group>"),  # not Slack markup: kept as it is
    ],
)
def test_slacks_markup_in_typed_text_becomes_readable_text(as_sent, readable):
    assert from_slack(as_sent) == readable


@pytest.mark.parametrize("attack", ATTACKS)
def test_no_live_mention_or_link_survives_input_then_output(attack):
    out = escape(from_slack(f"Look {attack} now"))
    assert not LIVE.search(out), out
    assert "Look" in out and "now" in out


def test_markdown_escaping_leaves_no_live_html_image_or_link():
    md = escape_markdown("![x](https://evil/img.png) [label](https://evil) <img src=x onerror=y> A & B *bold*")
    assert "<" not in md and ">" not in md
    assert not re.search(r"(?<!\\)!\[|(?<!\\)\[[^\]]*(?<!\\)\]\(", md)
    assert "A &amp; B" in md and r"\*bold\*" in md


def test_defused_stored_text_keeps_people_and_plain_links_and_changes_nothing_escaped():
    legacy = "Reminder from <@U1>: see <https://ok.example> and <#C1>, not <!here> or <https://evil.example|this>"
    assert defused(legacy) == (
        "Reminder from <@U1>: see <https://ok.example> and <#C1>, not &lt;!here&gt; or &lt;https://evil.example|this&gt;"
    )
    already = f"Reminder from <@U1>: {escape('A & B <!channel>')}"
    assert defused(already) == already
