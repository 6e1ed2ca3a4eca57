"""The documents opened by a second, independent reader: LibreOffice (headless) converts each to PDF;
the PDF has the pages it should and every agreed line's words (pypdf reads the PDF's text).

CI installs LibreOffice from the system's packages; on a machine without `soffice` the test is skipped
and says why."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, time

import pytest

from bot.rules.dates import parse_fuzzy_date as parse_date
from bot.rules.documents import follow_up_review, presentation, report
from bot.rules.fieldwork import Interview
from bot.rules.record import ActionFact, LineFact, RecordFacts
from bot.rules.roles import AuthorityPeople, TriadPeople

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed here: apt-get install libreoffice-impress-nogui "
    "libreoffice-writer-nogui to run this test (CI does)",
)
pypdf = pytest.importorskip("pypdf", reason="pypdf (the test extra) reads the PDFs")

LINES = (
    LineFact(1, "How well do we hear the voice of the child in plans?", ("Voice of the child",)),
    LineFact(2, "How effective is step-down from social care to early help?", ("Early help",)),
    LineFact(3, "How stable are placements for older children in care?", ("Placements",)),
)


def facts() -> RecordFacts:
    people = TriadPeople(
        AuthorityPeople("Oxfordshire", "UOXFDCS", ("UOXFTEAM",)),
        AuthorityPeople("Milton Keynes", "UMKDCS"),
        AuthorityPeople("Portsmouth", "UPORDCS"),
    )
    return RecordFacts(
        team_id="T0PEER",
        triad_number=1,
        round_name="SE 2018",
        people=people,
        challenge=parse_date("February 2018", 2018),
        fieldwork=parse_date("23 & 24 July 2018", 2018),
        steps_done=frozenset({"self_assessment"}),
        agreed=LINES,
        proposed=0,
        feedback_format="presentation",
        interviews=(
            Interview(1, date(2018, 7, 23), time(9, 30), time(10, 15), "Head of Early Help", "manager", None, ()),
            Interview(2, date(2018, 7, 23), time(10, 30), time(11, 15), "Social workers", "practitioners", None, ()),
        ),
        actions=(
            ActionFact(1, "Audit step-down cases", "UOXFTEAM", "30 September 2018", None, 2, False, ("Started",)),
            ActionFact(2, "Bring children's voices into plans", "UOXFDCS", None, None, 1, True, ()),
        ),
        follow_up_status=None,
        follow_up_day=date(2018, 11, 24),
        report_due=date(2018, 8, 21),
        findings="Early help is well understood by partners; step-down is slow.",
    )


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9']+", text.lower().replace("’", "'")))


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("documents")
    names = {"Ann Oxford": "UOXFDCS"}
    built = [presentation(facts(), names), report(facts(), names), follow_up_review(facts(), names)]
    for document in built:
        (folder / document.filename).write_bytes(document.content)
    profile = folder / "profile"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir",
         str(folder), *(str(folder / d.filename) for d in built)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    out = {}
    for document in built:
        reader = pypdf.PdfReader(folder / (document.filename.rsplit(".", 1)[0] + ".pdf"))
        out[document.kind] = (len(reader.pages), "\n".join(page.extract_text() for page in reader.pages))
    return out


def test_the_presentation_has_a_slide_per_agreed_line(pdfs):
    pages, text = pdfs["presentation"]
    assert pages == 1 + len(LINES) + 1  # title, a slide per line, the workshop
    for line in LINES:
        assert words(line.text) <= words(text), line.text
    assert {"hypotheses", "insights", "evidence", "workshop"} <= words(text)


def test_the_report_skeleton_has_each_agreed_line_and_the_interviews(pdfs):
    pages, text = pdfs["report"]
    assert 1 <= pages <= 3
    for line in LINES:
        assert words(line.text) <= words(text), line.text
        assert f"line of enquiry {line.number}" in " ".join(text.lower().split())
    assert words("Head of Early Help manager Social workers practitioners") <= words(text)
    assert words("Early help is well understood by partners") <= words(text)


def test_the_follow_up_review_has_each_action_and_its_progress(pdfs):
    pages, text = pdfs["follow_up"]
    assert 1 <= pages <= 3
    assert words("Audit step-down cases Started") <= words(text)
    assert "1 of 2 actions done" in " ".join(text.split())
