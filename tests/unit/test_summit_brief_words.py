"""The summit brief's words, built from brief data with no database: the Slack message at a glance (the
fact first, a line a triad, themes, follow-ups; ≤ 100 words for any round of up to 4 triads), every triad
named, content only where its host shared it, the follow-up's status words, every date with its year."""

from __future__ import annotations

import re
from datetime import date, datetime
from types import SimpleNamespace

from bot.demo.words import visible_text, words
from bot.rules.actions import ActionStatus
from bot.rules.dates import parse_fuzzy_date
from bot.rules.reminder_plan import RoundEvents
from bot.rules.themes import ThemeCount
from bot.rules.timeline import timeline_of
from bot.services.summit import ActionCounts, FollowUpCounts, SummitBrief, SummitTriad, action_counts
from handlers.summit.files import brief_html, brief_markdown
from handlers.summit.message import FULL_BRIEF, brief_blocks, brief_view, fallback_text
from handlers.summit.words import given, glance, headline, said
from handlers.words.actions import STATUS_WORDS

ASK_TO_TYPE = re.compile(r"`/peer [^`]+`")  # the benchmark's: a command shown for the reader to type
MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
SHARED_LINE = "How effective is our early help offer at stepping down from the front door?"
UNSHARED_LINE = "How well do we hear the voice of the child in child protection plans?"


def d(text: str, year: int = 2018):
    return parse_fuzzy_date(text, default_year=year)


def triad(number, host, visitor, observer, challenge, fieldwork, shared=frozenset(), lines=None, actions=None):
    return SummitTriad(
        number, frozenset(shared), host, visitor, observer, d(challenge), d(fieldwork), 2,
        lines, actions, "requested" if actions else None, None,
    )  # fmt: skip


def brief_of(triads, themes=(), actions=ActionCounts(4, 1, 0, 3), follow_up=FollowUpCounts(1, 0, 0, 2),
             summit="14 March 2019", today=date(2019, 2, 14)) -> SummitBrief:  # fmt: skip
    events = RoundEvents("SE 2018", d("25 January 2018"), d(summit, 2019) if summit else None)
    return SummitBrief(
        "SE 2018", "Europe/London", today, events, tuple(triads), tuple(themes), (), actions, follow_up,
        timeline_of([], events, today),
    )  # fmt: skip


THEMES_2018 = tuple(
    ThemeCount(k, label, 1, 0)
    for k, label in (("eh", "Early help"), ("fd", "Front door / MASH"), ("ps", "Placement sufficiency"),
                     ("cl", "Care leavers"), ("vc", "Voice of the child"))
)  # fmt: skip
DEMO = [  # the demo's round as at the summit brief's reminder: no host has shared anything
    triad(1, "Oxfordshire", "Milton Keynes", "Portsmouth", "14 February 2018", "23 & 24 July 2018"),
    triad(2, "Wokingham", "Southampton", "East Sussex", "3 October 2018", "11 & 12 December 2018"),
    triad(3, "Hampshire", "Windsor and Maidenhead", "Brighton and Hove", "7 September", "8 & 9 November 2018"),
]


def message_text(brief: SummitBrief) -> str:
    return visible_text({"blocks": [b.to_dict() for b in brief_blocks(brief)]})


def test_the_demo_round_reads_in_about_eighty_words_fact_first():
    brief = brief_of(DEMO, THEMES_2018)
    text = message_text(brief)
    assert words(text) <= 85, (words(text), text)
    lines = text.splitlines()
    assert lines[0] == "Summit brief — SE 2018"
    assert lines[1] == "*3 triads; summit Thursday 14 March 2019; 1 of 4 actions done*"
    assert lines[2] == "• Oxfordshire hosting, Milton Keynes visiting, Portsmouth observing; fieldwork 23–24 July 2018"
    assert lines[-2] == "Themes: Early help, Front door / MASH, Placement sufficiency, Care leavers, Voice of the child"
    assert lines[-1] == "Follow-up visits: 1 wanted, 2 not due"
    assert len(lines) == 7  # the fact, a line a triad, themes, follow-ups
    assert not ASK_TO_TYPE.search(text) and "/peer" not in text
    (actions,) = [b for b in brief_blocks(brief) if b.type == "actions"]
    assert [(e.text.text, e.action_id, e.value) for e in actions.elements] == [("Full brief", FULL_BRIEF, "SE 2018")]
    assert (
        fallback_text(brief) == "Summit brief — SE 2018: 3 triads; summit Thursday 14 March 2019; 1 of 4 actions done"
    )


LONG = [  # four triads, long names, everything shared, imprecise and provisional dates
    triad(1, "Windsor and Maidenhead", "Brighton and Hove", "Bracknell Forest", "Early October", "December 2018 tbc",
          {"lines", "summary", "files", "action_themes"}, ((SHARED_LINE, ("Early help",)),), ActionCounts(3, 1, 1, 1)),
    triad(2, "Isle of Wight", "West Berkshire", "Reading", "February 2018", "30 November - 2 December 2018",
          {"lines", "action_themes"}, ((SHARED_LINE, ()),), ActionCounts(2, 0, 1, 1)),
    triad(3, "Buckinghamshire", "West Sussex", "East Sussex", "7 September", "8 & 9 November 2018", {"summary"}),
    triad(4, "Southampton", "Milton Keynes", "Portsmouth", "3 October 2018", "11 & 12 December 2018"),
]  # fmt: skip


def test_any_round_of_up_to_four_triads_stays_within_a_hundred_words():
    labels = (
        "Voice of the child",
        "Front door / MASH",
        "Placement sufficiency",
        "Domestic abuse",
        "Neglect",
        "Workforce",
    )
    themes = tuple(ThemeCount(f"t{i}", label, 9 - i, i) for i, label in enumerate(labels))
    brief = brief_of(LONG, themes, ActionCounts(12, 3, 4, 5), FollowUpCounts(1, 1, 1, 1), summit="March 2019")
    text = message_text(brief)
    assert words(text) <= 100, (words(text), text)
    assert "3 of 12 actions done, 4 in progress" in text and "summit March 2019;" in text
    assert "\nThemes: Voice of the child (9)" in text and "and 5 more\n" in text  # as many as fit
    assert "; everything shared\n" in text and "; shared: lines, actions\n" in text and "; shared: findings\n" in text
    assert "Follow-up visits: 1 wanted, 1 declined, 1 unanswered, 1 not due" in text


def test_every_triad_is_named_and_content_shows_only_where_its_host_shared_it():
    unshared = triad(
        2,
        "Wokingham",
        "Southampton",
        "East Sussex",
        "3 October 2018",
        "11 & 12 December 2018",
        lines=((UNSHARED_LINE, ()),),
    )  # fmt: skip  (the service never fills an unshared triad's lines)
    unshared = SummitTriad(**{**unshared.__dict__, "lines": None})
    brief = brief_of([LONG[0], unshared])
    text = message_text(brief)
    assert "• Windsor and Maidenhead hosting, Brighton and Hove visiting, Bracknell Forest observing" in text
    assert "; everything shared" in text
    assert "• Wokingham hosting, Southampton visiting, East Sussex observing; fieldwork 11–12 December 2018\n" in (
        text + "\n"
    )  # named, nothing marked shared
    assert SHARED_LINE not in text  # the lines themselves are detail: in the files and behind *Full brief*
    for detail in (
        visible_text({"blocks": brief_view(brief).to_dict()["blocks"]}),
        brief_markdown(brief).replace("\\", ""),
        brief_html(brief),
    ):
        assert "Triad 2: Wokingham hosting, Southampton visiting, East Sussex observing (nothing shared)" in detail
        assert "Line of enquiry: How effective is our early help offer" in detail
        assert "voice of the child in child protection" not in detail
        assert "3 actions recorded: 1 done, 1 in progress, 1 not started; follow-up visit wanted" in detail


def test_status_words_are_the_follow_ups_and_counted_as_at_the_day():
    assert (STATUS_WORDS[ActionStatus.DONE], STATUS_WORDS[ActionStatus.IN_PROGRESS]) == ("done", "in progress")
    assert headline(brief_of(DEMO, actions=ActionCounts(5, 2, 1, 2))).endswith("2 of 5 actions done, 1 in progress")
    assert headline(brief_of(DEMO, actions=ActionCounts())).endswith("no actions recorded yet")

    def action(created, done=None, notes=()):
        return SimpleNamespace(created_at=created, done_at=done, notes=[SimpleNamespace(created_at=n) for n in notes])

    actions = [
        action(datetime(2018, 7, 25, 10), datetime(2018, 9, 1, 10)),  # done, but only from September
        action(datetime(2018, 7, 25, 10), notes=[datetime(2018, 8, 20, 9)]),  # progress noted in August
        action(datetime(2018, 10, 1, 10)),  # recorded in October
    ]
    assert action_counts(actions, date(2018, 7, 24)) == ActionCounts(0, 0, 0, 0)
    assert action_counts(actions, date(2018, 8, 1)) == ActionCounts(2, 0, 0, 2)
    assert action_counts(actions, date(2018, 8, 31)) == ActionCounts(2, 0, 1, 1)
    assert action_counts(actions, date(2019, 2, 14)) == ActionCounts(3, 1, 1, 1)


def test_every_date_carries_its_year():
    brief = brief_of(DEMO, THEMES_2018)
    for text in (
        message_text(brief),
        brief_markdown(brief),
        visible_text({"blocks": brief_view(brief).to_dict()["blocks"]}),
    ):
        for match in re.finditer(rf"\b{MONTH}\b(?!\s+\d{{4}})", text):
            raise AssertionError(f"a date without its year: …{text[max(0, match.start() - 20) : match.end() + 10]}…")
    assert "fieldwork 8–9 November 2018" in message_text(brief)
    assert given(d("7 September")) == "7 September 2018"
    assert given(d("Early October")) == "Early October 2018 (to be confirmed)"
    assert given(d("December 2018 tbc")) == "December 2018 tbc"  # said once, not "tbc (to be confirmed)"
    assert said(d("14 March 2019", 2019)) == "Thursday 14 March 2019"
    assert headline(brief_of(DEMO, summit=None)) == "3 triads; summit date not set; 1 of 4 actions done"
    assert brief_markdown(brief).count("As at Thursday 14 February 2019.") == 1


def test_the_files_lead_with_the_same_words_as_the_message():
    brief = brief_of(DEMO, THEMES_2018)
    markdown = brief_markdown(brief).replace("\\", "").replace("&amp;", "&")
    for line in glance(brief):
        assert line in markdown
    assert markdown.index(glance(brief)[0]) < markdown.index("![Timeline of the round](timeline.png)")
    assert markdown.index("![Timeline") < markdown.index("## The triads and their focus")
