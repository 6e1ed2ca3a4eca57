"""A person's words in and out of Slack's mrkdwn: the one place that escapes and unescapes them.

The canonical form, the one stored, is what the person typed: plain text with no entities and
no live Slack markup. `from_slack` makes it from a slash command's text, which Slack sends with
``should_escape`` on (``&``, ``<`` and ``>`` typed as ``&amp;``, ``&lt;``, ``&gt;``; ``@here`` or
``@channel`` as ``<!here>``; a user as ``<@U123|name>``; a link as ``<https://…|label>``), once,
on input. `escape` makes it mrkdwn, once, on output (Slack's rule: ``&``, ``<`` and ``>``), so that
no ``@channel``, ``@here``, user-group ping or disguised link comes from it, and "A & B" still
shows as "A & B". Text shown as ``plain_text`` (headers, buttons, modal fields and their initial
values) is not escaped: Slack shows it literally.

The only live mentions in the app's messages are those it builds itself from ids it resolved
(`handlers.blocks.mention`).
"""

from __future__ import annotations

import re

_ENTITY = re.compile(r"&(amp|lt|gt);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">"}
# A Slack control sequence inside a person's text: <!here>, <!subteam^S1|@team>, <@U1|name>,
# <#C1|name>, <https://…|label>, <mailto:…>. No "<" or ">" inside one (Slack escapes those); any
# other <…> is left as it is.
_CONTROL = re.compile(r"<([!@#][^<>|\s]*|[A-Za-z][A-Za-z0-9+.-]*:[^<>|\s]*)(?:\|([^<>]*))?>")
_SPECIAL = {"here", "channel", "everyone"}


def escape(text: str) -> str:
    """A person's text as mrkdwn that shows it literally: ``&``, ``<`` and ``>`` escaped (once)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape_entities(text: str) -> str:
    """Slack's three entities back to their characters, in one pass (``&amp;lt;`` is ``&lt;``)."""
    return _ENTITY.sub(lambda m: _ENTITIES[m.group(1)], text)


def _readable(match: re.Match[str]) -> str:
    target, label = match.group(1), match.group(2)
    if target.startswith("!"):
        name = target[1:].split("^", 1)[0]
        if label:  # <!subteam^S1|@team>, <!date^…|fallback>
            return label
        return f"@{name}" if name in _SPECIAL else name
    if target.startswith("@"):  # <@U1|name> or <@U1>
        return f"@{label}" if label else target
    if target.startswith("#"):  # <#C1|name> or <#C1>
        return f"#{label}" if label else target
    if label and label != target:  # <https://…|label>: both, so nothing is disguised
        return f"{label} ({target})"
    return target


def from_slack(text: str) -> str:
    """What the person typed, from the text Slack sent: its markup made readable (``<!here>`` is
    ``@here``, ``<@U1|ann>`` is ``@ann``, ``<https://x|label>`` is ``label (https://x)``), then its
    entities unescaped. Apply it once, on input: a typed ``&lt;`` arrives as ``&amp;lt;`` and is kept."""
    return unescape_entities(_CONTROL.sub(_readable, text))


# A broadcast mention (<!here>, <!subteam^…>) or a labelled link (<https://…|label>) in stored mrkdwn.
_BROADCAST_OR_LABELLED = re.compile(r"<(?:![^<>]*|[A-Za-z][A-Za-z0-9+.-]*:[^<>|]*\|[^<>]*)>")


def defused(stored_mrkdwn: str) -> str:
    """mrkdwn the app stored before typed words were escaped (a custom reminder set by an earlier
    version): any broadcast mention or labelled link in it is shown as text; the people it names
    (``<@U1>``) stay. Text stored since then has none, so this changes nothing in it."""
    return _BROADCAST_OR_LABELLED.sub(lambda m: escape(m.group(0)), stored_mrkdwn)


# Markdown's inline syntax (emphasis, code, links and images, tables, strikethrough), escaped anywhere;
# a heading, list or quote marker only where it would start a line.
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]|~])")
_MARKDOWN_LINE_START = re.compile(r"^([ \t]*)(?:([#+-])|(\d+)([.)]))", re.MULTILINE)


def _line_start(m: re.Match[str]) -> str:
    indent, marker, number, dot = m.groups()
    return f"{indent}\\{marker}" if marker else f"{indent}{number}\\{dot}"


def escape_markdown(text: str) -> str:
    """Text shown literally in a Markdown file (``brief.md``): no raw HTML (``&``, ``<`` and ``>``
    become entities) and no live link, image, emphasis, heading or list (its syntax backslash-escaped)."""
    text = _MARKDOWN_LINE_START.sub(_line_start, _MARKDOWN_INLINE.sub(r"\\\1", text))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
