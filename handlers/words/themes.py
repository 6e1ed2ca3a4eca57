"""The vocabulary of themes (`/peer topics add|remove`, `/peer focus tag`, and their forms)."""

from __future__ import annotations

from enum import StrEnum

from bot.rules.themes import ThemeRefusal
from handlers.words import Wording

ADD_USAGE = '`/peer topics add "Youth justice" words:"youth offending, YOT, youth justice service"`'  # typed help

REFUSALS: dict[StrEnum, Wording] = {
    ThemeRefusal.EMPTY_LABEL: 'Give the topic a name, like "Youth justice".',
    ThemeRefusal.LABEL_TOO_LONG: "Keep a topic's name under {limit} characters.",
    ThemeRefusal.NO_WORDS: (
        'Say which words mark a line as about "{label}", comma-separated, like "youth offending, YOT".'
    ),
    ThemeRefusal.WORD_TOO_LONG: '"{word}" is too long for a topic word: keep each under {limit} characters.',
    ThemeRefusal.TOO_MANY_WORDS: "A topic takes at most {limit} words or phrases.",
    ThemeRefusal.UNKNOWN_TOPIC: 'There is no topic "{given}". The topics are: {known}.',
}
