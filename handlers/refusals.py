"""The words for every refusal a service can raise, registered by the handler modules that word them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Union

from bot.rules.dates import DateError
from bot.services.errors import Refused
from handlers.mrkdwn import escape
from handlers.words.dates import describe

Wording = Union[str, Callable[[dict], str]]
_WORDS: dict[StrEnum, Wording] = {}


def words(texts: Mapping[StrEnum, Wording]) -> None:
    """Register wordings: a ``str.format`` template over the refusal's facts, or a function of them."""
    _WORDS.update(texts)


def word(refusal: Refused, *, plain: bool = False) -> str:
    """The refusal's one line, as mrkdwn: the facts a person typed (names, texts) are escaped.
    ``plain=True`` for a modal field's error, which Slack shows as plain text."""
    wording = _WORDS.get(refusal.code)
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


# Refusals of every surface: who may see a triad, and coordinator-only tasks.
from bot.services.access import AccessRefusal  # noqa: E402

COORDINATOR_TASKS = {
    "create_round": "create a round",
    "register_authority": "register an authority",
    "change_authority": "change an authority",
    "add_coordinator": "add a coordinator",
    "remove_coordinator": "remove a coordinator",
    "change_coordinators": "change the coordinators",
    "form_triad": "form a triad",
    "set_round_dates": "set the round's orientation and summit dates",
    "set_round_material": "attach the round's orientation material",
    "edit_topics": "change the vocabulary of themes",
    "summit_brief": "prepare the summit brief",
}

words(
    {
        AccessRefusal.NOT_COORDINATOR: lambda f: (
            f"Only a programme coordinator can {COORDINATOR_TASKS.get(f['task'], f['task'].replace('_', ' '))}. "
            "Ask a coordinator, or have one run `/peer coordinator add @you`."
        ),
        AccessRefusal.NO_SUCH_TRIAD: "There is no triad {number} — `/peer triad list` shows the triads you can see.",
        AccessRefusal.NOT_A_TRIAD_CHANNEL: (
            "This isn't a triad channel: run the command in the triad's channel, or name the triad with triad:N "
            "(see `/peer triad list`)."
        ),
        AccessRefusal.NOT_A_MEMBER: "Only triad {number}'s members and the programme coordinators can see or change it.",
        AccessRefusal.TRIAD_GONE: "That triad no longer exists, so there is nothing to change.",
    }
)

# A value over its limit, on every surface (bot.rules.limits): the field named, with its length and limit.
from bot.rules.limits import Field, LimitRefusal, too_long  # noqa: E402

FIELD_NAMES = {
    Field.DATE: "date",
    Field.SLOT: "slot",
    Field.ROUND_NAME: "round name",
    Field.AUTHORITY_NAME: "authority name",
    Field.STAKEHOLDER: "stakeholder",
    Field.ROLE: "role",
    Field.PLACE: "place",
    Field.ACTION: "action",
    Field.PROGRESS_NOTE: "progress note",
    Field.REMINDER: "reminder",
    Field.COMMAND: "command",
}

words({LimitRefusal.TOO_LONG: lambda f: too_long(FIELD_NAMES[f["field"]], f["length"], f["limit"])})
