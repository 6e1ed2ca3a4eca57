"""A mistake by the person: the words are shown to them, nothing is written."""

from __future__ import annotations


class Mistake(Exception):
    """Raised anywhere in a listener; `handlers.listening` answers it on the request's surface.
    ``block_id`` names the modal field it is about (else the form's first field shows it)."""

    def __init__(self, text: str, *, block_id: str | None = None) -> None:
        super().__init__(text)
        self.text = text
        self.block_id = block_id
