"""`peerbot demo`'s page shows each triad's channel canvas as it stood at the end of the round, and links
triad 1's documents written beside it (issue 20)."""

from __future__ import annotations

import io

from docx import Document
from pptx import Presentation

from bot.demo.run import run_demo


def test_the_demo_page_shows_the_canvases_and_links_the_documents(tmp_path, sessions, database_url):
    out = tmp_path / "demo"
    result = run_demo(out, say=lambda _line: None, database_url=database_url)
    page = result.page.read_text()
    assert '<h2 id="living-record">The living record</h2>' in page
    for number in (1, 2, 3):
        assert f"<h3>Triad {number}: the channel canvas at the end of the round</h3>" in page
    canvas = (out / "canvas-triad-1.md").read_text()
    assert canvas.startswith("# Triad 1: Oxfordshire peer challenge (SE 2018)")
    assert "- **Line 1**: How well do we hear the voice of the child in plans?" in canvas
    assert "- [x] 1\\. Audit step\\-downs to early help since April" in canvas
    # On the page the mentions are names and the escapes are gone.
    assert "@UOXFDCS" not in page.split('id="living-record"')[1]
    assert "Audit step-downs to early help since April" in page

    deck = out / "Oxfordshire 2018 — day 2 presentation.pptx"
    report = out / "Oxfordshire 2018 — report skeleton.docx"
    assert 'href="Oxfordshire%202018%20%E2%80%94%20day%202%20presentation.pptx"' in page
    slides = Presentation(io.BytesIO(deck.read_bytes())).slides
    assert len(slides) == 4  # title, the two agreed lines, the workshop
    text = "\n".join(p.text for p in Document(io.BytesIO(report.read_bytes())).paragraphs)
    assert "Line of enquiry 1" in text and "Line of enquiry 2" in text
