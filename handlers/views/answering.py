"""How a form and a message shortcut answer: a refusal on the form's field, words after the form
closed in the person's DM, and words where a shortcut was used."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.rules.dates import DateError
from bot.rules.refusals import Refused
from handlers.effects import Tell
from handlers.mistakes import Mistake
from handlers.refusals import plain_word
from handlers.words.dates import describe

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


def _plain(exc: Refused | DateError | Mistake) -> str:
    if isinstance(exc, Refused):
        return plain_word(exc)
    if isinstance(exc, DateError):
        return describe(exc, plain=True)
    return exc.text


def dm_teller(client: WebClient, user_id: str) -> Tell:
    """Words after a form closes go to the person's DM with the app."""

    def tell(text: str) -> None:
        try:
            client.chat_postMessage(channel=user_id, text=text)
        except SlackApiError as exc:
            logger.warning("could not DM %s: %s", user_id, exc.response.get("error"))

    return tell


def tell_in(client: WebClient, channel_id: str, user_id: str, text: str) -> None:
    """An ephemeral word where the shortcut was used, else in the person's DM."""
    try:
        client.chat_postEphemeral(channel=channel_id, user=user_id, text=text)
    except SlackApiError:
        dm_teller(client, user_id)(text)
