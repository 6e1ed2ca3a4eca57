"""Issue 18's figures of a demo round, from its `transcript.json`: how many words the app's messages show a
reader (median, 90th percentile, how many over 100), how many echoes, how many asks to type a command.

A message's words are what Slack shows of it (`bot.demo.words`). The app's messages are what it posted, the
reminders the clock sent, the replies only one person saw, and the comments it shared files with; a message
updated by a click is counted once, as first posted. An echo is a reply to the person who acted that repeats
(80 % of its words) a message of five words or more posted in the same conversation at the same moment. An ask
to type is a message that shows a `/peer …` command in code for the reader to type."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from bot.demo.words import WORD, visible_text, words

APP_KINDS = ("message", "reminder", "reply", "file")
ASK_TO_TYPE = re.compile(r"`/peer [^`]+`")
ECHO_SHARE = 0.8  # of the reply's words, found in the message posted
ECHO_MIN_WORDS = 5  # a post shorter than this is not echoed by a reply that shares its words


@dataclass(frozen=True)
class Counted:
    words: int
    where: str  # the conversation's title
    text: str


@dataclass(frozen=True)
class Figures:
    messages: int
    median: float
    p90: int
    over_100: int
    echoes: int
    asks_to_type: int
    longest: list[Counted] = field(default_factory=list)  # the five longest, longest first


def p90(sizes: list[int]) -> int:
    """The 90th percentile as the benchmark has always taken it: the value at rank round(0.9 n) (1-based) of
    the sorted sizes, the first one for a very short list."""
    ordered = sorted(sizes)
    return ordered[max(0, round(0.9 * len(ordered)) - 1)]


def _shared(a: str, b: str) -> float:
    """The share of `a`'s distinct words that `b` has too."""
    wa, wb = set(WORD.findall(a.lower())), set(WORD.findall(b.lower()))
    return len(wa & wb) / len(wa) if wa else 0.0


def _is_echo(entry: dict, entries: list[dict]) -> bool:
    text = visible_text(entry)
    posted = [visible_text(e) for e in entries if e["kind"] == "message" and e["at"] == entry["at"] and e is not entry]
    return any(_shared(text, p) >= ECHO_SHARE for p in posted if words(p) >= ECHO_MIN_WORDS)


def measure(transcript: dict) -> Figures:
    """The figures of a transcript (`transcript.json`'s shape: conversations of entries, each with its kind,
    time, text and blocks)."""
    counted: list[Counted] = []
    echoes = asks = 0
    for conversation in transcript["conversations"]:
        entries = conversation["entries"]
        for entry in entries:
            if entry["kind"] not in APP_KINDS:
                continue
            text = visible_text(entry)
            if entry["kind"] == "file" and not text.strip():
                continue  # a file shared without a comment: no words to read
            counted.append(Counted(words(text), conversation["title"], text))
            asks += bool(ASK_TO_TYPE.search(text))
            echoes += entry["kind"] == "reply" and _is_echo(entry, entries)
    sizes = [c.words for c in counted]
    return Figures(
        messages=len(sizes),
        median=statistics.median(sizes) if sizes else 0,
        p90=p90(sizes) if sizes else 0,
        over_100=sum(n > 100 for n in sizes),
        echoes=echoes,
        asks_to_type=asks,
        longest=sorted(counted, key=lambda c: c.words, reverse=True)[:5],
    )
