"""Themes: topics suggested from a line's words, the vocabulary's checks, counts across rounds."""

from __future__ import annotations

import pytest

from bot.rules.refusals import Refused
from bot.rules.themes import (
    DEFAULT_TOPICS,
    ThemeRefusal,
    Topic,
    check_topic,
    count_themes,
    find_topics,
    suggest_topics,
    topic_key,
)


def labels(keys) -> list[str]:
    by_key = {t.key: t.label for t in DEFAULT_TOPICS}
    return [by_key[k] for k in keys]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "How effective is our early help offer at stepping down from the front door?",
            ["Early help", "Front door / MASH"],
        ),
        ("Do we recognise chronic neglect early enough?", ["Neglect"]),
        ("How well do we hear the child’s voice in plans?", ["Voice of the child"]),
        ("Is the MASH applying thresholds consistently?", ["Front door / MASH"]),
        ("How well are children with SEND supported into adulthood?", ["SEND"]),
        (
            "County lines and contextual safeguarding: do partners share intelligence?",
            ["Child exploitation", "Partnerships"],
        ),
        ("Are care leavers' pathway plans up to date?", ["Care leavers"]),
        ("Placement sufficiency for teenagers", ["Placement sufficiency"]),
    ],
)
def test_topics_are_suggested_from_the_words_of_a_line(line, expected):
    assert labels(suggest_topics(line, DEFAULT_TOPICS)) == expected


def test_a_word_in_capitals_matches_only_in_capitals():
    # "send" the verb is not SEND; "mash" in a sentence is not the MASH.
    assert suggest_topics("When do we send the data profile?", DEFAULT_TOPICS) == ()
    assert suggest_topics("We mash the figures together", DEFAULT_TOPICS) == ()
    assert labels(suggest_topics("SEND transport", DEFAULT_TOPICS)) == ["SEND"]


def test_a_topic_matches_whole_words_only():
    assert suggest_topics("The neglectful parent", DEFAULT_TOPICS) == ()
    assert suggest_topics("Plans for the early helpers' scheme", DEFAULT_TOPICS) == ()


def test_a_new_topic_is_checked_and_its_words_cleaned():
    topic = check_topic("  Youth   justice ", ["youth offending", " YOT ", "yot", ""])
    assert topic == Topic("youth-justice", "Youth justice", ("youth offending", "YOT"))
    assert suggest_topics("Is the YOT linked to the front door?", [topic]) == ("youth-justice",)


@pytest.mark.parametrize(
    ("label", "words", "code"),
    [
        ("", ["x"], ThemeRefusal.EMPTY_LABEL),
        (" / ", ["x"], ThemeRefusal.EMPTY_LABEL),
        ("x" * 61, ["x"], ThemeRefusal.LABEL_TOO_LONG),
        ("Youth justice", [], ThemeRefusal.NO_WORDS),
        ("Youth justice", [" ", ""], ThemeRefusal.NO_WORDS),
        ("Youth justice", ["w" * 61], ThemeRefusal.WORD_TOO_LONG),
        ("Youth justice", [f"word {i}" for i in range(41)], ThemeRefusal.TOO_MANY_WORDS),
    ],
)
def test_a_bad_topic_is_refused(label, words, code):
    with pytest.raises(Refused) as caught:
        check_topic(label, words)
    assert caught.value.code == code


def test_topics_are_found_by_label_or_key_and_an_unknown_one_is_refused_with_the_known_ones():
    assert find_topics(["early help", "FRONT-DOOR-MASH", "Early help"], DEFAULT_TOPICS) == (
        "early-help",
        "front-door-mash",
    )
    with pytest.raises(Refused) as caught:
        find_topics(["Early help", "Parenting"], DEFAULT_TOPICS)
    assert caught.value.code == ThemeRefusal.UNKNOWN_TOPIC
    assert caught.value.facts["given"] == "Parenting" and "Voice of the child" in caught.value.facts["known"]


def test_topic_keys_are_stable():
    assert topic_key("Front door / MASH") == "front-door-mash"
    assert topic_key("Children’s homes") == "childrens-homes"


def test_themes_are_counted_per_line_most_frequent_first_with_earlier_rounds_beside():
    this_round = [("neglect", "early-help"), ("neglect",), ("neglect", "neglect"), ()]
    earlier = [("early-help",), ("early-help",), ("send",)]
    counts = count_themes(this_round, earlier, DEFAULT_TOPICS)
    assert [(c.label, c.this_round, c.earlier_rounds) for c in counts] == [
        ("Neglect", 3, 0),
        ("Early help", 1, 2),
        ("SEND", 0, 1),
    ]


def test_many_words_are_refused_at_the_first_one_over_the_limit_and_a_long_word_is_not_echoed_whole():
    """A topic's words are checked in one pass (the duplicate check rebuilt its set for every word: quadratic)."""
    with pytest.raises(Refused) as too_many:
        check_topic("Youth justice", [f"w{i}" for i in range(50_000)])
    assert too_many.value.code == ThemeRefusal.TOO_MANY_WORDS
    with pytest.raises(Refused) as too_long:
        check_topic("Youth justice", ["w" * 10_000])
    assert too_long.value.code == ThemeRefusal.WORD_TOO_LONG and len(too_long.value.facts["word"]) <= 61
    # The honest list, with a repeat in other capitals, is kept once each, in order.
    assert check_topic("Youth justice", ["YOT", "youth offending", "Youth Offending"]).words == (
        "YOT",
        "youth offending",
    )
