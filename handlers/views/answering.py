"""How a form answers: a refusal on the form's field, words after the form closed in the person's DM;
and the triad a form was opened for."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.rules.dates import DateError
from bot.rules.refusals import Refused
from bot.services import access
from bot.services.access import AccessRefusal, Actor
from handlers.effects import Tell
from handlers.mistakes import Mistake
from handlers.refusals import plain_word
from handlers.views.forms import metadata
from storage.models import Triad

logger = logging.getLogger(__name__)

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


def _plain(exc: Exception) -> str:
    if isinstance(exc, Refused):
        return plain_word(exc)
    if isinstance(exc, Mistake):
        return exc.text
    return str(exc)


def dm_teller(client: WebClient, user_id: str) -> Tell:
    """Words after a form closes go to the person's DM with the app."""

    def tell(text: str) -> None:
        try:
            client.chat_postMessage(channel=user_id, text=text)
        except SlackApiError as exc:
            logger.warning("could not DM %s: %s", user_id, exc.response.get("error"))

    return tell


def form_triad(session: Session, who: Actor, view: dict) -> Triad:
    """The triad a form was opened for (its metadata's triad_id), access checked again."""
    triad_id = metadata(view).get("triad_id")
    if not isinstance(triad_id, int):
        raise Refused(AccessRefusal.TRIAD_GONE)
    return access.triad_by_id(session, who, triad_id)
