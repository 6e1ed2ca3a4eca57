"""`peerbot summit … --out DIR`: words a person typed reach brief.md as text, never as HTML, an image or a link."""

from __future__ import annotations

import html
import re

from tests.e2e.conftest import MK_DCS, OXF_DCS
from tests.e2e.test_sharing import share_form, submit_share

# As Slack sends it with should_escape: the addresses are autolinked, the typed < and > are entities.
AS_SENT = (
    "Why? ![x](<https://evil.example/img.png>) [label](<https://evil.example>) "
    "&lt;img src=x onerror=alert(1)&gt; &amp; *more*"
)
TYPED = "Why? ![x](https://evil.example/img.png) [label](https://evil.example) <img src=x onerror=alert(1)> & *more*"
HONEST = "How well do we hear the voice of the child?"


def test_brief_md_shows_typed_words_as_text(
    as_user, double, triad_channel, database_url, monkeypatch, tmp_path, capsys
):
    from bot.cli.main import main

    for text in (AS_SENT, HONEST):
        assert (
            as_user(OXF_DCS).peer(f'focus propose "{text}"', channel=triad_channel).text == ""
        )  # posted in the channel, no echo
    for number in (1, 2):
        for dcs in (OXF_DCS, MK_DCS):
            as_user(dcs).peer(f"focus agree {number}", channel=triad_channel)
    assert submit_share(as_user, share_form(as_user, double, triad_channel), {"lines": "region"}).status == 200

    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["summit", "SE 2018", "--out", str(tmp_path), "--today", "2018-12-01"]) == 0
    capsys.readouterr()
    markdown = (tmp_path / "brief.md").read_text()

    # No raw HTML, no live image or link from the typed words; the app's own picture is still there.
    assert "<img" not in markdown and "<" not in markdown.replace("](timeline.png)", "")
    assert re.findall(r"(?<!\\)!\[[^\]]*(?<!\\)\]\(", markdown) == ["![Timeline of the round]("]
    assert not re.search(r"(?<!\\)\[[^\]]*(?<!\\)\]\((?!timeline\.png)", markdown)
    # The words still read as typed once Markdown's escapes are undone; the honest line is untouched.
    (line,) = [x for x in markdown.splitlines() if "evil.example" in x]
    assert TYPED in html.unescape(re.sub(r"\\(.)", r"\1", line))
    assert f"Line of enquiry: {HONEST}" in re.sub(r"\\(.)", r"\1", markdown)
    # brief.html was escaped already; it still is.
    assert "<img src=x" not in (tmp_path / "brief.html").read_text()
