"""What forms share: a refusal answered on the form's field, and the triad a form was opened for."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum

from sqlalchemy.orm import Session

from bot.rules.dates import DateError
from bot.rules.refusals import Refused
from bot.services import access
from bot.services.access import AccessRefusal, Actor
from handlers.mistakes import Mistake
from handlers.refusals import plain_word
from handlers.views.forms import metadata
from handlers.words.dates import describe
from storage.models import Triad

FieldOf = Callable[[Exception], str]  # the form's block a refusal, a date or a person is about


@contextmanager
def on_field(field: str | FieldOf) -> Iterator[None]:
    """A refusal, an unreadable date or a person who can't be named, raised inside, is shown on the
    form's field (`field`, or `field(error)`): the modal stays open and `handlers.listening` rolls back."""
    try:
        yield
    except (Refused, DateError, Mistake) as exc:
        if isinstance(exc, Mistake) and exc.block_id:
            raise
        block_id = field if isinstance(field, str) else field(exc)
        raise Mistake(_plain(exc), block_id=block_id) from exc


def dates_field(unreadable: StrEnum, out_of_order: StrEnum, later: str, first: str) -> FieldOf:
    """A dates form's field for a refusal: the unreadable date's, the later date's when the two are out of order,
    else the first date's."""

    def field(exc: Exception) -> str:
        code = exc.code if isinstance(exc, Refused) else None
        if code == unreadable:
            return exc.facts["kind"]  # type: ignore[attr-defined]
        return later if code == out_of_order else first

    return field


def _plain(exc: Refused | DateError | Mistake) -> str:
    if isinstance(exc, Refused):
        return plain_word(exc)
    if isinstance(exc, DateError):
        return describe(exc, plain=True)
    return exc.text


def form_triad(session: Session, who: Actor, view: dict) -> Triad:
    """The triad a form was opened for (its metadata's triad_id), access checked again."""
    triad_id = metadata(view).get("triad_id")
    if not isinstance(triad_id, int):
        raise Refused(AccessRefusal.TRIAD_GONE)
    return access.triad_by_id(session, who, triad_id)
