"""The share form, the attach form and the archive's results as Block Kit: Slack's limits checked by to_dict."""

from __future__ import annotations

import json

from bot.rules.sharing import Audience, ShareableItem, ShareKind
from bot.services.sharing import ArchiveHit, ShareOption, SharePreview
from handlers.blocks.sharing import archive_results, attach_modal, findings_modal, share_modal, shared_summary

LONG = "Partners <b>describe</b> & the front door. " * 160  # ~7,000 characters: more than one section holds


def preview(summary: str) -> SharePreview:
    return SharePreview(
        7, 1, "Oxfordshire",
        [
            ShareOption(ShareKind.LINES, ShareableItem(ShareKind.LINES, "1. How well?", {"lines": ["How well?"]}),
                        Audience.REGION),
            ShareOption(ShareKind.SUMMARY, ShareableItem(ShareKind.SUMMARY, summary, {}), Audience.NOBODY),
            ShareOption(ShareKind.FILES, None, Audience.NOBODY),
            ShareOption(ShareKind.ACTION_THEMES, None, Audience.NOBODY),
        ],
    )  # fmt: skip


def test_the_share_form_shows_the_whole_text_as_plain_text_with_the_current_choice():
    view = share_modal(preview(LONG), "C1").to_dict()
    plain = [b["text"]["text"] for b in view["blocks"] if b["type"] == "section" and b["text"]["type"] == "plain_text"]
    assert plain[0] == "1. How well?" and "".join(plain[1:]) == LONG  # nothing cut, nothing rendered
    inputs = {b["block_id"]: b["element"]["initial_option"]["value"] for b in view["blocks"] if b["type"] == "input"}
    assert inputs == {"share_lines": "region", "share_summary": "nobody"}  # nothing to share: no choice offered
    meta = json.loads(view["private_metadata"])
    assert meta["triad_id"] == 7 and set(meta["shown"]) == {"lines", "summary"}
    assert len(view["title"]["text"]) <= 24


def test_the_other_forms_build():
    assert findings_modal(7, 1, "C1", "So far.").to_dict()["blocks"][0]["element"]["initial_value"] == "So far."
    files = [{"id": "F1", "name": "report.pdf", "permalink": None}]
    attach = attach_modal(7, 1, "C1", files).to_dict()
    assert json.loads(attach["private_metadata"])["files"] == files
    assert [o["value"] for o in attach["blocks"][1]["element"]["options"]] == ["self_assessment", "report"]


def test_results_name_round_host_lines_excerpt_and_the_report():
    hit = ArchiveHit("SE 2018", 1, "Oxfordshire", False, ["How well <does> it work?"], LONG,
                     [{"kind": "report", "name": "Report.pdf", "permalink": "https://x/F1"}], None)  # fmt: skip
    text, blocks = archive_results("front door", ["front", "door"], [hit])
    body = json.dumps([b.to_dict() for b in blocks], ensure_ascii=False)
    assert "SE 2018 — triad 1, hosted by Oxfordshire" in body and "(another region)" in body
    assert "&lt;does&gt;" in body and "<https://x/F1|Report.pdf>" in body and "front door" in body
    assert "1 shared challenge" in text
    text, blocks = archive_results("nothing", ["nothing"], [])
    assert "No shared challenge matches" in text and len(blocks) == 1
    unshared_files = ArchiveHit("SE 2018", 2, "Kent", True, None, "Short.", None, None)
    body = json.dumps([b.to_dict() for b in archive_results("x", ["x"], [unshared_files])[1]], ensure_ascii=False)
    assert "Report" not in body and "(another region)" not in body


def test_shared_summary_words_every_choice():
    assert shared_summary({ShareKind.LINES: Audience.ALL, ShareKind.SUMMARY: Audience.NOBODY}) == (
        "agreed lines of enquiry: every region · summary of the findings: nobody"
    )
