"""Who shares, who sees, who searches, and the exact words an item shares: plain functions."""

from __future__ import annotations

import pytest

from bot.rules.refusals import Refused
from bot.rules.roles import AuthorityPeople, TriadPeople
from bot.rules.sharing import (
    ActionText,
    Audience,
    FileRef,
    LineText,
    RecordFileKind,
    ShareKind,
    SharingRefusal,
    action_themes,
    action_themes_item,
    check_may_attach,
    check_may_search,
    check_may_share,
    check_may_write_findings,
    check_summary,
    excerpt,
    files_item,
    lines_item,
    parse_choice,
    search_terms,
)

PEOPLE = TriadPeople(
    AuthorityPeople("Oxfordshire", "UHOST", ("UHOSTTEAM",)),
    AuthorityPeople("Milton Keynes", "UVIS", ("UVISTEAM",)),
    AuthorityPeople("Portsmouth", "UOBS"),
    frozenset({"UCOORD"}),
)


def code(call, *args):
    with pytest.raises(Refused) as refused:
        call(*args)
    return refused.value.code


def test_only_the_host_dcs_shares():
    check_may_share(PEOPLE, "UHOST")
    for user in ("UHOSTTEAM", "UVIS", "UOBS", "UCOORD", "USTRANGER"):
        assert code(check_may_share, PEOPLE, user) == SharingRefusal.NOT_HOST_DCS


def test_only_the_visiting_dcs_writes_the_findings():
    check_may_write_findings(PEOPLE, "UVIS")
    for user in ("UVISTEAM", "UHOST", "UCOORD"):
        assert code(check_may_write_findings, PEOPLE, user) == SharingRefusal.NOT_VISITING_DCS


def test_files_are_attached_by_their_owners_or_a_coordinator():
    check_may_attach(PEOPLE, "UHOSTTEAM", RecordFileKind.SELF_ASSESSMENT)
    check_may_attach(PEOPLE, "UVISTEAM", RecordFileKind.REPORT)
    check_may_attach(PEOPLE, "UCOORD", RecordFileKind.REPORT)
    assert code(check_may_attach, PEOPLE, "UHOST", RecordFileKind.REPORT) == SharingRefusal.NOT_FILE_OWNER
    assert code(check_may_attach, PEOPLE, "UOBS", RecordFileKind.SELF_ASSESSMENT) == SharingRefusal.NOT_FILE_OWNER


def test_anyone_in_the_programme_searches():
    check_may_search(True, False)
    check_may_search(False, True)
    assert code(check_may_search, False, False) == SharingRefusal.NOT_IN_PROGRAMME


def test_choices_are_read_strictly_and_nothing_means_nobody():
    assert parse_choice("summary", "all") == (ShareKind.SUMMARY, Audience.ALL)
    assert parse_choice("lines", None) == (ShareKind.LINES, Audience.NOBODY)
    assert code(parse_choice, "summary", "public") == SharingRefusal.BAD_CHOICE
    assert code(parse_choice, "owners", "region") == SharingRefusal.BAD_CHOICE


def test_the_summary_is_trimmed_and_limited():
    assert check_summary("  First.  \nSecond.  \n") == "First.\nSecond."
    assert code(check_summary, " \n ") == SharingRefusal.SUMMARY_EMPTY
    check_summary("x" * 3000)
    assert code(check_summary, "x" * 3001) == SharingRefusal.SUMMARY_TOO_LONG


def test_search_terms():
    assert search_terms("How well does the Early Help front-door work?") == ["early", "help", "front", "door", "work"]
    assert search_terms("help HELP help") == ["help"]
    assert code(search_terms, "the of and") == SharingRefusal.SEARCH_EMPTY
    assert code(search_terms, "") == SharingRefusal.SEARCH_EMPTY
    assert code(search_terms, "x" * 201) == SharingRefusal.SEARCH_TOO_LONG
    assert search_terms('"; DROP TABLE shared_items; --') == ["drop", "table", "shared", "items"]


LINES = [LineText(1, "How well does the early help front door work?"), LineText(3, "Is step-down timely?")]


def test_action_themes_group_the_texts_by_line_without_owners_or_dates():
    actions = [ActionText("Publish the protocol", 1), ActionText("Review caseloads", None),
               ActionText("Audit step-down", 3), ActionText("Train staff", 1),
               ActionText("Old line's action", 2)]  # fmt: skip
    assert action_themes(actions, LINES) == [
        ("1. How well does the early help front door work?", ["Publish the protocol", "Train staff"]),
        ("3. Is step-down timely?", ["Audit step-down"]),
        ("Other actions", ["Review caseloads", "Old line's action"]),  # a line no longer agreed
    ]
    assert action_themes_item([], LINES) is None


def test_items_are_worded_once_and_fingerprinted():
    lines = lines_item(LINES)
    assert (
        lines is not None and lines.body == "1. How well does the early help front door work?\n3. Is step-down timely?"
    )
    assert lines.detail == {"lines": [line.text for line in LINES]}
    assert lines_item([]) is None and files_item([]) is None
    files = files_item([FileRef("self_assessment", "SA.docx", None), FileRef("report", "Report.pdf", "https://x")])
    assert files is not None and files.body == "Self-assessment: SA.docx\nReport: Report.pdf"
    again = lines_item(list(LINES))
    assert again is not None and again.fingerprint == lines.fingerprint
    changed = lines_item(LINES[:1])
    assert changed is not None and changed.fingerprint != lines.fingerprint


def test_excerpt_is_a_window_around_the_first_match():
    text = (
        ("Caseloads are manageable. " * 20)
        + "The early help front door is clear to partners. "
        + ("Supervision is good. " * 20)
    )
    cut = excerpt(text, ["early", "help"], width=120)
    assert "early help front door" in cut and cut.startswith("…") and cut.endswith("…") and len(cut) <= 122
    assert excerpt("Short.", ["early"]) == "Short."
