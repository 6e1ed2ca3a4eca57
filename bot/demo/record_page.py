"""The demo page's living record: each triad's channel canvas as it stood at the end of the round (its
markdown, as the app last sent it to the Slack stand-in, shown as HTML), and triad 1's documents
written beside the page and linked from it."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import select

from bot.demo.transcript import emojized
from bot.rules.documents import BUILDERS
from bot.services.record import record_facts
from storage.models import Triad

_MENTION = re.compile(r"!\[\]\(@([A-Z0-9]+)\)")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~<>@])")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CODE = re.compile(r"`([^`]+)`")


def _inline(text: str, names: dict[str, str]) -> str:
    """Canvas markdown of one line as HTML: mentions as names, escaped characters as themselves, emoji
    shortcodes as the emoji (outside code)."""
    tokens: list[str] = []

    def keep(value: str) -> str:
        tokens.append(value)
        return f"\0{len(tokens) - 1}\0"

    text = _MENTION.sub(lambda m: keep(f'<span class="mention">@{html.escape(names.get(m[1], m[1]))}</span>'), text)
    text = _ESCAPED.sub(lambda m: keep(html.escape(m[1])), text)
    text = _CODE.sub(lambda m: keep(f"<code>{html.escape(m[1])}</code>"), text)
    text = emojized(html.escape(text))
    text = _BOLD.sub(r"<b>\1</b>", text)
    return re.sub(r"\0(\d+)\0", lambda m: tokens[int(m[1])], text)


def canvas_html(markdown: str, names: dict[str, str]) -> str:
    out, in_list = [], False
    for line in markdown.splitlines():
        item = re.match(r"- (\[[ x]\] )?(.*)", line)
        if item and not in_list:
            out.append("<ul>")
            in_list = True
        if not item and in_list:
            out.append("</ul>")
            in_list = False
        if item:
            box = {"[ ] ": "\u2610 ", "[x] ": "\u2611 "}.get(item[1] or "", "")
            out.append(f"<li>{box}{_inline(item[2], names)}</li>")
        elif heading := re.match(r"(#{1,3}) (.*)", line):
            level = len(heading[1]) + 2
            out.append(f"<h{level}>{_inline(heading[2], names)}</h{level}>")
        elif line.strip():
            out.append(f"<p>{_inline(line, names)}</p>")
    if in_list:
        out.append("</ul>")
    return "".join(out)


def write_documents(sessions, out: Path, triad_number: int = 1) -> list[str]:
    """Triad `triad_number`'s documents beside the page (as `peerbot documents` writes them); their names."""
    with sessions() as session:
        triad = session.scalars(select(Triad).where(Triad.number == triad_number)).first()
        if triad is None:
            return []
        facts = record_facts(session, triad)
    written = []
    for build in BUILDERS.values():
        document = build(facts)
        (out / document.filename).write_bytes(document.content)
        written.append(document.filename)
    return written


def record_section(canvases: dict[int, str], names: dict[str, str], documents: list[str]) -> str:
    """The page's section: the canvases (triad number -> markdown) and links to the documents."""
    parts = ['<h2 id="living-record">The living record</h2>']
    if documents:
        links = " · ".join(f'<a href="{quote(name)}">{html.escape(name)}</a>' for name in documents)
        parts.append(f"<p>Triad 1's documents, as <code>peerbot documents</code> writes them: {links}</p>")
    for number, markdown in sorted(canvases.items()):
        parts.append(
            f'<h3>Triad {number}: the channel canvas at the end of the round</h3><div class="canvas">'
            f"{canvas_html(markdown, names)}</div>"
        )
    return "".join(parts)
