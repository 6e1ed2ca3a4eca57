"""Given dates (a triad's or a round's): the stored row to the domain's FuzzyDate and back."""

from __future__ import annotations

from typing import TypeVar

from bot.rules.dates import FuzzyDate
from storage.models import GivenDate, RoundDate, TriadDate

_Row = TypeVar("_Row", TriadDate, RoundDate)


def fuzzy_date(row: GivenDate | None) -> FuzzyDate | None:
    if row is None:
        return None
    return FuzzyDate(row.text, row.start, row.end, row.precision, row.provisional)


def of_kind(rows: list[_Row], kind: str) -> _Row | None:
    return next((row for row in rows if row.kind == kind), None)


def write_given_date(row: GivenDate, value: FuzzyDate, set_by: str) -> None:
    """A date as given, with its parsed range and precision, onto its row (a triad's or the round's)."""
    row.text, row.start, row.end = value.text, value.start, value.end
    row.precision, row.provisional, row.set_by = value.precision, value.provisional, set_by
