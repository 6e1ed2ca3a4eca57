"""How a rule or a use case says no: a code and the facts, never the words (handlers word them)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class Refused(ValueError):
    """The request breaks a rule of the programme; nothing is written.

    ``code`` is a member of a ``StrEnum`` kept beside the rule or service that raises it, ``facts``
    the values a handler needs to word the refusal for the surface it came from.
    """

    def __init__(self, code: StrEnum, **facts: Any):
        super().__init__(f"{code}: {facts}")
        self.code = code
        self.facts = facts
