"""How long each thing a person types or imports may be: one place for the limits.

`storage.models` sizes its text columns from these numbers, the modals give them to Slack as
``max_length`` (so the client stops a long value before it is sent), and the rules and services check
them before anything is parsed or written, so that a too-long value is refused with the same clear
reply on SQLite and PostgreSQL ("That date is 312 characters; a date is at most 120.").

Plain Python: no Slack, no database.
"""

from __future__ import annotations

from enum import StrEnum

from bot.rules.refusals import Refused

# Kept in columns of this size (String(N)):
DATE = 120  # a date as given ("23 & 24 July 2018 tbc"): a round's, a triad's, an action's due day
SLOT = 120  # an interview slot as given ("23 July 2018 09:30-10:15")
ROUND_NAME = 120
AUTHORITY_NAME = 120
STAKEHOLDER = 200  # an interview's stakeholder, role and place
MATERIAL_LINK = 500  # the round's orientation material
# Kept in Text columns, bounded here:
LINE_OF_ENQUIRY = 500
ACTION = 500
PROGRESS_NOTE = 1000
REMINDER = 1000
FINDINGS = 3000  # also Slack's largest text input
# What is read before any of the above:
COMMAND = 12_000  # a whole `/peer` command's text: the longest field, its quotes and options, with room
PERSON = 254  # one person in an import's cell: a Slack user ID or an e-mail address (at most 254 characters)


class Field(StrEnum):
    """A value a person types, named as the reply names it."""

    DATE = "date"
    SLOT = "slot"
    ROUND_NAME = "round_name"
    AUTHORITY_NAME = "authority_name"
    STAKEHOLDER = "stakeholder"
    ROLE = "role"
    PLACE = "place"
    ACTION = "action"
    PROGRESS_NOTE = "progress_note"
    REMINDER = "reminder"
    COMMAND = "command"


LIMITS: dict[Field, int] = {
    Field.DATE: DATE,
    Field.SLOT: SLOT,
    Field.ROUND_NAME: ROUND_NAME,
    Field.AUTHORITY_NAME: AUTHORITY_NAME,
    Field.STAKEHOLDER: STAKEHOLDER,
    Field.ROLE: STAKEHOLDER,
    Field.PLACE: STAKEHOLDER,
    Field.ACTION: ACTION,
    Field.PROGRESS_NOTE: PROGRESS_NOTE,
    Field.REMINDER: REMINDER,
    Field.COMMAND: COMMAND,
}


class LimitRefusal(StrEnum):
    TOO_LONG = "too_long"  # facts: field (Field), length, limit


def check_length(field: Field, text: str) -> str:
    """``text`` unchanged if it fits ``field``'s limit; refused (before anything reads it) if not."""
    limit = LIMITS[field]
    if len(text) > limit:
        raise Refused(LimitRefusal.TOO_LONG, field=field, length=len(text), limit=limit)
    return text


def too_long(what: str, length: int, limit: int) -> str:
    """The one-line reply for a value over its limit: "That date is 312 characters; a date is at most 120."."""
    article = "an" if what[:1].lower() in "aeiou" else "a"
    return f"That {what} is {length:,} characters; {article} {what} is at most {limit:,}."
