"""Words a refusal: its code looked up in the tables of `handlers.words`, its facts escaped."""

from __future__ import annotations

from enum import StrEnum

from bot.rules.dates import DateError
from bot.services.errors import Refused
from handlers.mrkdwn import escape
from handlers.words import (
    Wording,
    access,
    actions,
    admin,
    fieldwork,
    focus,
    follow_up,
    imports,
    reminders,
    rounds,
    sharing,
    suggestions,
    themes,
    triads,
    visiting_team,
)
from handlers.words.dates import describe

_AREAS = (
    access, actions, admin, fieldwork, focus, follow_up, imports, reminders, rounds, sharing, suggestions, themes,
    triads, visiting_team,
)  # fmt: skip
REFUSALS: dict[StrEnum, Wording] = {code: wording for area in _AREAS for code, wording in area.REFUSALS.items()}


def word(refusal: Refused, *, plain: bool = False) -> str:
    """The refusal's one line, as mrkdwn: the facts a person typed (names, texts) are escaped.
    ``plain=True`` for a modal field's error, which Slack shows as plain text."""
    wording = REFUSALS.get(refusal.code)
    if wording is None:
        raise KeyError(f"no wording for refusal {refusal.code!r}")
    facts = {k: _fact(v, plain) for k, v in refusal.facts.items()}
    return wording(facts) if callable(wording) else wording.format(**facts)


def plain_word(refusal: Refused) -> str:
    return word(refusal, plain=True)


def _fact(value: object, plain: bool) -> object:
    if isinstance(value, DateError):  # a date the person typed that could not be read: its words
        return describe(value, plain=plain)
    if plain:
        return value
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return type(value)(escape(v) for v in value)
    return value
