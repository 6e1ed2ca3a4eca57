"""Themes: the children's-services topics a line of enquiry is about, suggested from its words.

A workspace starts with DEFAULT_TOPICS and may edit its own vocabulary. A topic's words match
whole words or phrases, case and punctuation ignored — except a word written in capitals in the
vocabulary (SEND, MASH, YOT), which matches only in capitals, so "send" the verb is not SEND.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.rules.refusals import Refused

LABEL_LIMIT = 60
WORD_LIMIT = 60
WORDS_PER_TOPIC_LIMIT = 40


class ThemeRefusal(StrEnum):
    EMPTY_LABEL = "topic_empty_label"
    LABEL_TOO_LONG = "topic_label_too_long"  # facts: limit
    NO_WORDS = "topic_no_words"  # facts: label
    WORD_TOO_LONG = "topic_word_too_long"  # facts: word, limit
    TOO_MANY_WORDS = "topic_too_many_words"  # facts: limit
    UNKNOWN_TOPIC = "topic_unknown"  # facts: given, known (labels, comma-separated)


@dataclass(frozen=True)
class Topic:
    key: str
    label: str
    words: tuple[str, ...]


_NOT_WORD = re.compile(r"[^\w]+")


def topic_key(label: str) -> str:
    """A stable key for a label: "Front door / MASH" -> "front-door-mash"."""
    return "-".join(_NOT_WORD.sub(" ", label.replace("’", "'").replace("'", "")).lower().split())


def _topic(label: str, *words: str) -> Topic:
    return Topic(topic_key(label), label, words)


DEFAULT_TOPICS: tuple[Topic, ...] = (
    _topic(
        "Early help",
        "early help",
        "early intervention",
        "family support",
        "supporting families",
        "troubled families",
        "family hub",
        "family hubs",
        "prevention",
    ),
    _topic(
        "Front door / MASH",
        "front door",
        "MASH",
        "multi-agency safeguarding hub",
        "referral",
        "referrals",
        "contacts",
        "threshold",
        "thresholds",
        "re-referrals",
    ),
    _topic("Neglect", "neglect", "neglected", "chronic neglect"),
    _topic(
        "Child exploitation",
        "exploitation",
        "exploited",
        "CSE",
        "CCE",
        "county lines",
        "contextual safeguarding",
        "extra-familial harm",
        "missing from home",
        "missing children",
    ),
    _topic(
        "SEND",
        "SEND",
        "special educational needs",
        "disability",
        "disabilities",
        "disabled children",
        "EHCP",
        "EHCPs",
        "education health and care",
    ),
    _topic(
        "Placement sufficiency",
        "sufficiency",
        "placement",
        "placements",
        "fostering",
        "foster carers",
        "residential",
        "children's homes",
        "unregistered",
    ),
    _topic(
        "Care leavers",
        "care leaver",
        "care leavers",
        "leaving care",
        "pathway plan",
        "pathway plans",
        "personal adviser",
        "staying put",
        "local offer",
    ),
    _topic(
        "Workforce",
        "workforce",
        "recruitment",
        "retention",
        "caseload",
        "caseloads",
        "agency staff",
        "agency workers",
        "supervision",
        "practice model",
        "social workers",
    ),
    _topic(
        "Voice of the child",
        "voice of the child",
        "child's voice",
        "children's voices",
        "voice of children",
        "lived experience",
        "wishes and feelings",
        "participation",
        "hear children",
    ),
    _topic(
        "Partnerships",
        "partnership",
        "partnerships",
        "partners",
        "multi-agency",
        "multi agency",
        "safeguarding partners",
        "police",
        "health partners",
        "schools",
    ),
    _topic("Domestic abuse", "domestic abuse", "domestic violence", "MARAC"),
    _topic(
        "Children in care",
        "children in care",
        "looked after",
        "looked-after",
        "CLA",
        "corporate parenting",
        "permanence",
        "reunification",
    ),
    _topic(
        "Quality assurance",
        "quality assurance",
        "audit",
        "audits",
        "management oversight",
        "performance",
        "quality of practice",
    ),
    _topic("Child protection", "child protection", "section 47", "strategy discussion", "strategy discussions"),
    _topic("Youth justice", "youth justice", "youth offending", "YOT", "YJS"),
    _topic("Mental health", "mental health", "emotional wellbeing", "emotional health", "CAMHS"),
)


def _normalised(text: str) -> str:
    return " " + " ".join(_NOT_WORD.sub(" ", text.replace("’", "'").replace("'", "")).split()) + " "


def _matches(word: str, text: str, text_lower: str) -> bool:
    phrase = _normalised(word)
    if word.isupper() and len(word.strip()) > 1:
        return phrase in text
    return phrase.lower() in text_lower


def suggest_topics(text: str, topics: Sequence[Topic]) -> tuple[str, ...]:
    """The keys of the topics whose words occur in ``text``, in vocabulary order."""
    normal = _normalised(text)
    lower = normal.lower()
    return tuple(t.key for t in topics if any(_matches(w, normal, lower) for w in (t.label, *t.words)))


def check_topic(label: str, words: Iterable[str]) -> Topic:
    """A topic a coordinator adds to the vocabulary, checked."""
    label = " ".join(label.split())
    if not label or not topic_key(label):
        raise Refused(ThemeRefusal.EMPTY_LABEL)
    if len(label) > LABEL_LIMIT:
        raise Refused(ThemeRefusal.LABEL_TOO_LONG, limit=LABEL_LIMIT)
    cleaned: list[str] = []
    seen: set[str] = set()  # one set, grown as it goes: linear in the words however many are given
    for word in words:
        word = " ".join(word.split())
        if not word:
            continue
        if len(word) > WORD_LIMIT:
            raise Refused(ThemeRefusal.WORD_TOO_LONG, word=word[:WORD_LIMIT] + "…", limit=WORD_LIMIT)
        if word.casefold() not in seen:
            seen.add(word.casefold())
            cleaned.append(word)
            if len(cleaned) > WORDS_PER_TOPIC_LIMIT:
                raise Refused(ThemeRefusal.TOO_MANY_WORDS, limit=WORDS_PER_TOPIC_LIMIT)
    if not cleaned:
        raise Refused(ThemeRefusal.NO_WORDS, label=label)
    return Topic(topic_key(label), label, tuple(cleaned))


def find_topics(given: Iterable[str], topics: Sequence[Topic]) -> tuple[str, ...]:
    """The keys of the topics named by label or key (case ignored); an unknown one is refused."""
    by_name = {t.key: t.key for t in topics} | {t.label.casefold(): t.key for t in topics}
    keys: list[str] = []
    for name in given:
        key = by_name.get(name.strip().casefold()) or by_name.get(topic_key(name))
        if key is None:
            raise Refused(ThemeRefusal.UNKNOWN_TOPIC, given=name.strip(), known=", ".join(t.label for t in topics))
        if key not in keys:
            keys.append(key)
    return tuple(keys)


@dataclass(frozen=True)
class ThemeCount:
    key: str
    label: str
    this_round: int  # agreed lines of this round with the topic
    earlier_rounds: int  # agreed lines of the workspace's earlier rounds with it


def count_themes(
    this_round: Iterable[Iterable[str]], earlier: Iterable[Iterable[str]], topics: Sequence[Topic]
) -> list[ThemeCount]:
    """Each topic's count over the lines' topic keys, most frequent in this round first; unused topics left out."""
    now = Counter(key for keys in this_round for key in set(keys))
    before = Counter(key for keys in earlier for key in set(keys))
    order = {t.key: i for i, t in enumerate(topics)}
    counts = [ThemeCount(t.key, t.label, now[t.key], before[t.key]) for t in topics if now[t.key] or before[t.key]]
    return sorted(counts, key=lambda c: (-c.this_round, -c.earlier_rounds, order[c.key]))
