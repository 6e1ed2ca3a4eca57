"""The words of the app: explicit tables from a rule's code and facts to what a person reads.

A refusal's words: one module per area, each with a plain table `REFUSALS` from a refusal's code to its
wording, a ``str.format`` template over the refusal's facts or a function of them (`handlers.refusals`
merges them)."""

from collections.abc import Callable
from typing import Union

Wording = Union[str, Callable[[dict], str]]


def and_list(items: list[str] | tuple[str, ...], last: str = "and") -> str:
    """'Kent', 'Kent and Medway', 'Kent, Medway and Surrey' (or "or" before the last)."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def numbers_text(numbers: list[int] | tuple[int, ...], last: str = "and") -> str:
    """Numbers as a person says them: '2', '1–4' when they run without a gap, else '1, 2 and 4' (or "or")."""
    ordered = sorted(set(numbers))
    if len(ordered) > 2 and ordered[-1] - ordered[0] == len(ordered) - 1:
        return f"{ordered[0]}–{ordered[-1]}"
    return and_list([str(n) for n in ordered], last)


def did_you_mean(near: list[str] | tuple[str, ...]) -> str:
    """The end of a sentence that found no such name: '; did you mean Kent?', or '.' when nothing is close."""
    return f"; did you mean {near[0]}?" if near else "."
