"""Subcommands of /peer register here: `@subcommand("focus", "agree")`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from handlers.commands.context import CommandContext, Reply
from handlers.commands.parser import CommandArgs

Handler = Callable[[CommandContext, CommandArgs], Reply]


@dataclass(frozen=True)
class Subcommand:
    group: str
    verb: str | None
    handler: Handler
    mutates: bool


SUBCOMMANDS: dict[tuple[str, str | None], Subcommand] = {}


def subcommand(group: str, verb: str | None = None, *, mutates: bool = True):
    def register(handler: Handler) -> Handler:
        SUBCOMMANDS[(group, verb)] = Subcommand(group, verb, handler, mutates)
        return handler

    return register


def verbs_of(group: str) -> list[str]:
    return [verb for (g, verb) in SUBCOMMANDS if g == group and verb is not None]


def groups() -> list[str]:
    return sorted({g for g, _ in SUBCOMMANDS})
