"""What a subcommand gets: who asked, where, a database session, Slack, and the clock."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import TypeVar

from slack_sdk import WebClient
from sqlalchemy.orm import Session, sessionmaker

from bot.services import access
from bot.settings import Settings
from handlers.commands.parser import CommandArgs
from handlers.effects import post
from handlers.mistakes import Mistake
from handlers.mrkdwn import escape
from storage.models import Triad
from storage.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)
T = TypeVar("T")


MAX_NUMBER_DIGITS = 6  # no triad, line, interview or action number gets near a million


def item_number(text: str | None) -> int | None:
    """A number as people type it ("3" or "#3"), or None if it isn't one (or is absurdly long)."""
    digits = (text or "").strip().lstrip("#")
    if not (digits.isascii() and digits.isdigit()) or len(digits) > MAX_NUMBER_DIGITS:
        return None
    return int(digits)


@dataclass
class Reply:
    text: str
    blocks: list | None = None  # slack_sdk.models.blocks objects, or their dicts
    silent: bool = False  # acknowledged with no message (a modal was opened instead)


@dataclass
class CommandContext:
    team_id: str
    user_id: str
    channel_id: str
    trigger_id: str | None
    response_url: str | None
    uow: UnitOfWork  # the request's one session; work after the ack continues in it
    settings: Settings
    client: WebClient
    now: Callable[[], datetime]

    @property
    def session(self) -> Session:
        return self.uow.session

    @property
    def sessions(self) -> sessionmaker[Session]:
        """For work on a thread of its own, which outlives the request."""
        return self.uow.sessions

    @classmethod
    def of_command(
        cls,
        command: dict,
        uow: UnitOfWork,
        who: access.Actor,
        settings: Settings,
        client: WebClient,
        now: Callable[[], datetime],
    ) -> CommandContext:
        ctx = cls(
            who.team_id,
            who.user_id,
            command.get("channel_id", ""),
            command.get("trigger_id"),
            command.get("response_url"),
            uow,
            settings,
            client,
            now,
        )
        ctx.__dict__["actor"] = who
        return ctx

    def posted(self, channel: str | None, said: str, notes: list[str] | None = None) -> Reply:
        """The reply to a command whose news is posted in ``channel``: no echo of it where it was typed,
        a link to it when typed elsewhere, ``said`` itself when there is no channel; ``notes`` always."""
        if channel == self.channel_id:
            return Reply("\n".join(notes or []), silent=not notes)
        first = f":white_check_mark: Posted in <#{channel}>." if channel else said
        return Reply("\n".join([first, *(notes or [])]))

    def after_ack(self, work: Callable[[], object]) -> None:
        """Slow or external work to do after Slack has been acknowledged, in order."""
        self.uow.later.append(work)

    @cached_property
    def actor(self) -> access.Actor:
        return access.actor(self.session, self.team_id, self.user_id, self.settings.peer_coordinators)

    def is_coordinator(self) -> bool:
        return self.actor.is_coordinator

    def require_coordinator(self, task: str) -> None:
        access.require_coordinator(self.actor, task)

    def only_triad(self, args: CommandArgs, command: str) -> Triad:
        """The triad of a command that takes nothing but an optional triad:N."""
        return self.only_triad_as(args, command, access.triad_for)

    def only_triad_as(self, args: CommandArgs, command: str, find: Callable[..., T]) -> T:
        """`only_triad` read by ``find``: access.triad_for or a use case taking its number= / channel_id=."""
        if args.positional or set(args.options) - {"triad"}:
            raise Mistake(f"`/peer {command}` takes nothing but an optional triad:N.")
        return self.triad_as(args.option("triad"), find)

    def triad(self, option: str | None) -> Triad:
        """The triad this command is about: the channel's triad, or `triad:N`. Checks access."""
        return self.triad_as(option, access.triad_for)

    def triad_as(self, option: str | None, find: Callable[..., T]) -> T:
        if option is not None:
            number = item_number(option)
            if number is None:
                raise Mistake(
                    f"triad:{escape(option)} is not a triad number — write it like triad:3 (see `/peer triad list`)."
                )
            return find(self.session, self.actor, number=number)
        return find(self.session, self.actor, channel_id=self.channel_id)

    def open_modal(self, view, usage: str) -> None:
        """Open a form at once, before the ack: the command's trigger_id lives three seconds."""
        from slack_sdk.errors import SlackApiError, SlackClientError

        from handlers.people import before_the_ack

        try:
            before_the_ack(self.client).views_open(trigger_id=self.trigger_id, view=view)
        except SlackApiError as exc:
            error = exc.response.get("error", "error")
            if exc.response.status_code == 429 or exc.response.status_code >= 500:
                error = "Slack didn't answer in time"
            logger.warning("views.open failed: %s", error)
            raise Mistake(
                f"I couldn't open the form ({error}). Type the command with its details instead, like {usage}"
            ) from None
        except (OSError, SlackClientError, ValueError) as exc:  # no answer before the ack was due
            logger.warning("views.open: no answer in time: %r", exc)
            raise Mistake(
                "I couldn't open the form (Slack didn't answer in time). "
                f"Type the command with its details instead, like {usage}"
            ) from None

    def post_to_channel(self, channel: str | None, text: str, blocks: list | None = None) -> dict | None:
        """Post after the ack; a failure is told to the person, never raised."""
        return post(self.client, channel, text, self.tell, blocks)

    def tell(self, text: str, blocks: list | None = None) -> None:
        """A follow-up ephemeral message to the person, through the command's response_url."""
        if not self.response_url:
            return
        from slack_sdk.webhook import WebhookClient

        try:
            WebhookClient(self.response_url).send(
                text=text, blocks=[b.to_dict() for b in blocks] if blocks else None, response_type="ephemeral"
            )
        except Exception:  # pragma: no cover - nothing more we can do
            logger.exception("response_url failed")
