"""The words of the app: explicit tables from a rule's code and facts to what a person reads.

A refusal's words: one module per area, each with a plain table `REFUSALS` from a refusal's code to its
wording, a ``str.format`` template over the refusal's facts or a function of them (`handlers.refusals`
merges them)."""

from collections.abc import Callable
from typing import Union

Wording = Union[str, Callable[[dict], str]]
