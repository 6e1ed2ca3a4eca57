"""Tokenising `/peer` arguments: words, quoted strings, `key:value` options and escaped mentions.

Slack clients curl quotes, so “ ” ‘ ’ count as quotes; with ``should_escape`` on, users
arrive as ``<@U123ABC|name>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.rules import limits
from handlers.mistakes import Mistake
from handlers.mrkdwn import escape, from_slack, unescape_entities


class ParseError(Mistake):
    """A one-line message saying what is wrong with the arguments."""


MENTION_RE = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
CHANNEL_RE = re.compile(r"<#([CGD][A-Z0-9]+)(?:\|[^>]*)?>")
LINK_RE = re.compile(r"<((?:https?://|mailto:)[^|>\s]+)(?:\|[^>]*)?>")
KEY_RE = re.compile(r"([A-Za-z][A-Za-z_-]*):")


@dataclass(frozen=True)
class Token:
    kind: str  # "word" | "quoted" | "user" | "channel" | "link"
    value: str
    key: str | None = None  # set for `key:value` tokens


@dataclass
class CommandArgs:
    """Arguments after the subcommand words."""

    positional: list[Token] = field(default_factory=list)
    options: dict[str, list[Token]] = field(default_factory=dict)

    def texts(self) -> list[str]:
        return [t.value for t in self.positional if t.kind in ("word", "quoted")]

    def links(self) -> list[str]:
        """Links as Slack sends them with ``should_escape`` (``<https://…|label>``): the addresses."""
        return [t.value for t in self.positional if t.kind == "link"]

    def users(self) -> list[str]:
        return [t.value for t in self.positional if t.kind == "user"]

    def has(self, key: str) -> bool:
        return key in self.options

    def option(self, key: str) -> str | None:
        tokens = self.options.get(key)
        if not tokens:
            return None
        return " ".join(t.value for t in tokens if t.kind in ("word", "quoted")) or None

    def provisional(self, usage: str) -> bool:
        """Whether the words (only provisional or tbc, else a Mistake) mark the dates provisional."""
        words = [t.value.lower() for t in self.positional]
        if stray := [w for w in words if w not in ("provisional", "tbc")]:
            raise Mistake(f"I don't understand `{escape(stray[0])}` here. Write {usage}")
        return bool(words)

    def reject_unknown(self, allowed: set[str], usage: str) -> None:
        """A Mistake for the first option not ``allowed`` (option names are letters, - and _: nothing to escape)."""
        if unknown := sorted(set(self.options) - allowed):
            raise Mistake(f"`{unknown[0]}:` isn't an option here. Write it like {usage}")

    def option_users(self, key: str) -> list[str]:
        return [t.value for t in self.options.get(key, []) if t.kind == "user"]

    def option_tokens(self, key: str) -> list[Token]:
        return self.options.get(key, [])


def _read_quoted(text: str, i: int) -> tuple[str, int]:
    opener = text[i]
    closers = set(_closers_for(opener))
    j = i + 1
    while j < len(text) and text[j] not in closers:
        j += 1
    if j >= len(text):
        fragment = " ".join(text[i : i + 30].split())  # quoted back on one line
        raise ParseError(
            f"A quote is not closed in {escape(from_slack(fragment))}… — put the text between a pair of quotes."
        )
    return text[i + 1 : j], j + 1


def _closers_for(opener: str) -> str:
    if opener in '"“”„':
        return '"“”'
    return "'‘’"


def _is_quote(ch: str) -> bool:
    return ch in '"“”„‘’'


def tokenize(text: str) -> list[Token]:
    """Split into tokens. Apostrophes inside words (Children's) are not quotes."""
    tokens: list[Token] = []
    i, n = 0, len(text)
    pending_key: str | None = None
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        key_match = KEY_RE.match(text, i) if pending_key is None else None
        if key_match and (key_match.start() == 0 or text[key_match.start() - 1].isspace()):
            key = key_match.group(1).lower()
            i = key_match.end()
            if i >= n or text[i].isspace():
                tokens.append(Token("word", "", key))  # `key:` with nothing after it
                continue
            pending_key = key
            continue
        if _is_quote(ch) or (ch == "'" and (i == 0 or text[i - 1].isspace())):
            value, i = _read_quoted(text, i)
            tokens.append(Token("quoted", from_slack(value.strip()), pending_key))
        elif ch == "<":
            end = text.find(">", i)
            if end == -1:
                raise ParseError("A mention is not closed: pick people from Slack's @ menu.")
            raw = text[i : end + 1]
            i = end + 1
            if m := MENTION_RE.fullmatch(raw):
                tokens.append(Token("user", m.group(1), pending_key))
            elif m := CHANNEL_RE.fullmatch(raw):
                tokens.append(Token("channel", m.group(1), pending_key))
            elif m := LINK_RE.fullmatch(raw):
                tokens.append(Token("link", unescape_entities(m.group(1)), pending_key))
            else:
                shown = " ".join(raw.split())[:80]  # quoted back on one line, and not at any length
                raise ParseError(f"I can't read {escape(from_slack(shown))} — mention people with Slack's @ menu.")
        else:
            j = i
            while j < n and not text[j].isspace():
                j += 1
            tokens.append(Token("word", from_slack(text[i:j]), pending_key))
            i = j
        pending_key = None
    return tokens


def parse_args(tokens: list[Token]) -> CommandArgs:
    """Group tokens: a `key:` option also takes the bare mentions that follow it (team:@a @b)."""
    args = CommandArgs()
    current_key: str | None = None
    for token in tokens:
        if token.key is not None:
            current_key = token.key
            values = args.options.setdefault(token.key, [])
            if token.value or token.kind != "word":
                values.append(token)
            continue
        if token.kind == "user" and current_key is not None:
            args.options[current_key].append(token)
            continue
        current_key = None
        args.positional.append(token)
    return args


def split_command(text: str) -> tuple[list[Token], CommandArgs]:
    """Return (all tokens, parsed args) for the whole command text, checked for length before it is read.

    The tokenizer reads each character a bounded number of times, so it is linear in the text."""
    text = text or ""
    if len(text) > limits.COMMAND:
        raise ParseError(limits.too_long("command", len(text), limits.COMMAND))
    tokens = tokenize(text)
    return tokens, parse_args(tokens)


def unresolved_at_names(args: CommandArgs) -> list[str]:
    """Words like `@bob` that Slack did not turn into a mention."""
    words = [t.value for t in args.positional if t.kind == "word"]
    for tokens in args.options.values():
        words += [t.value for t in tokens if t.kind == "word"]
    return [w for w in words if w.startswith("@") and len(w) > 1]
