"""The words of every refusal, one module per area, each a plain table `REFUSALS` from a refusal's code
to its wording: a ``str.format`` template over the refusal's facts, or a function of them.
`handlers.refusals` merges them."""

from collections.abc import Callable
from typing import Union

Wording = Union[str, Callable[[dict], str]]
