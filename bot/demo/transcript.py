"""What each conversation of the demo saw, in order and at the demo's time: the commands typed, the buttons
clicked and the forms they opened as submitted, the app's messages (as they finally stand, after any update),
its ephemeral replies, the reminders the clock sent and the files it shared. Written out as `index.html`, as
Slack shows it (Block Kit and mrkdwn rendered readably, emoji as emoji, people and channels by name, each file
where it was shared: a picture as itself, a document as a link to its copy beside the page)."""

from __future__ import annotations

import copy
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import emoji

from slack_double import SlackDouble

ZONE = ZoneInfo("Europe/London")
REMINDER_EVENT = "peer_reminder"
FILES_DIR = "files"  # beside the page: each shared file as FILES_DIR/<its id>/<its name>
PICTURES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
_SEPARATORS = re.compile(r"[\\/]")
PERSON_KINDS = ("typed", "clicked", "submitted")  # what a person did; the rest is the app's


@dataclass
class SharedFile:
    """A file the app shared in a conversation (files.completeUploadExternal with a channel)."""

    id: str
    name: str
    title: str
    content: bytes = field(default=b"", repr=False)

    @property
    def path(self) -> str:
        """Where the demo writes its copy, relative to the page."""
        return f"{FILES_DIR}/{self.id}/{_SEPARATORS.sub('_', self.name).lstrip('.') or self.id}"

    @property
    def is_picture(self) -> bool:
        return self.name.lower().endswith(PICTURES)

    def as_json(self) -> dict:
        return {"name": self.name, "title": self.title, "path": self.path}


@dataclass
class Entry:
    kind: str  # typed | clicked | submitted | message | reminder | reply | updated | file
    when: datetime  # UTC
    user: str | None = None  # who typed, clicked, or saw the ephemeral reply
    text: str = ""
    message: dict | None = None  # the message as it was then (a copy: chat.update changes the double's)

    pinned: bool = False  # the message is pinned in its channel at the end of the demo
    files: list[SharedFile] = field(default_factory=list)  # a `file` entry's files, its text their comment
    form: dict | None = None  # a `submitted` entry's form: its title and fields (label, what was chosen: plain text)

    def as_json(self) -> dict:
        message = self.message or {}
        return {
            "kind": self.kind,
            "at": self.when.astimezone(ZONE).isoformat(),
            "user": self.user,
            "text": (self.text if self.kind in PERSON_KINDS + ("file",) else message.get("text")) or "",
            **({"updates_message_of": self.text} if self.kind == "updated" else {}),
            **({"form": self.form} if self.kind == "submitted" else {}),
            "blocks": message.get("blocks"),
            "pinned": self.pinned,
            "reminder_id": ((message.get("metadata") or {}).get("event_payload") or {}).get("reminder_id"),
            "files": [f.as_json() for f in self.files],
        }


@dataclass
class Conversation:
    id: str
    title: str
    entries: list[Entry] = field(default_factory=list)


class Transcript:
    def __init__(self, double: SlackDouble, names: dict[str, str], triad_channels: Callable[[], dict[int, str]]):
        self.double, self.names, self._triad_channels = double, names, triad_channels
        self.conversations: dict[str, Conversation] = {}
        self._recorded: dict[str, tuple[object, datetime]] = {}  # ts -> (its last `edited`, first seen)
        self._ephemerals = 0
        self._uploads = 0
        self.triads: dict[int, str] = {}  # number -> channel id

    # ----------------------------------------------------------------- where things happen

    def conversation(self, where: int | None, user: str) -> str:
        """The channel id of triad `where`, or `user`'s direct messages with the app."""
        if where is None:
            return self.double.open_dm(user)
        if where not in self.triads:
            self.triads = self._triad_channels()
        return self.triads[where]

    def _conversation(self, channel_id: str) -> Conversation:
        if channel_id not in self.conversations:
            channel = self.double.channels.get(channel_id)
            if channel is not None and channel.is_im:
                title = f"Direct messages: the app and {self.names.get(channel.user or '', channel.user)}"
            else:
                title = f"#{channel.name if channel else channel_id}"
            self.conversations[channel_id] = Conversation(channel_id, title)
        return self.conversations[channel_id]

    def message_with_button(self, channel_id: str, action_id: str, contains: str = "") -> dict:
        """The latest message in the conversation with that button (and those words)."""
        for message in reversed(self.double.messages_in(channel_id)):
            buttons = [
                e.get("action_id")
                for b in message.get("blocks") or []
                if b.get("type") == "actions"
                for e in b.get("elements", [])
            ]
            if action_id in buttons and contains.lower() in _all_text(message).lower():
                return message
        raise LookupError(f"no message with a {action_id} button{f' about {contains!r}' if contains else ''}")

    # ----------------------------------------------------------------- recording

    def typed(self, channel_id: str, user: str, text: str, when: datetime) -> None:
        self._conversation(channel_id).entries.append(Entry("typed", when, user, text))

    def clicked(self, channel_id: str, user: str, message: dict, action_id: str, when: datetime) -> None:
        label = next(
            e["text"]["text"]
            for b in message.get("blocks") or []
            if b.get("type") == "actions"
            for e in b.get("elements", [])
            if e.get("action_id") == action_id
        )
        self._conversation(channel_id).entries.append(Entry("clicked", when, user, label))

    def submitted(
        self, channel_id: str, user: str, view: dict, state: dict[str, dict[str, dict]], when: datetime
    ) -> None:
        """`user` submitted the form `view` (opened from a button in the conversation) with its inputs in `state`."""
        fields = []
        for block in view.get("blocks") or []:
            if block.get("type") == "input":
                element = block["element"]
                shown = _chosen(state.get(block["block_id"], {}).get(element["action_id"]) or {}, self.names)
                if shown:
                    fields.append([block["label"]["text"], shown])
        form = {"title": view["title"]["text"], "fields": fields}
        submit = (view.get("submit") or {}).get("text") or "Submit"
        self._conversation(channel_id).entries.append(Entry("submitted", when, user, submit, form=form))

    def record_new_messages(self, when: datetime) -> None:
        """The messages delivered and files shared since the last call (in the order Slack has them), at the
        demo's time `when`."""
        new: list[tuple[str, str, Entry]] = []  # (ts, channel, entry)
        for message in list(self.double.messages):
            edited = message.get("edited")
            if message["ts"] in self._recorded:
                last, posted = self._recorded[message["ts"]]
                if last != edited:  # chat.update: the message as it now stands
                    self._recorded[message["ts"]] = (edited, posted)
                    entry = Entry("updated", when, text=local(posted), message=copy.deepcopy(message))
                    new.append(((edited or {}).get("ts") or message["ts"], message["channel"], entry))
                continue
            self._recorded[message["ts"]] = (edited, when)
            metadata = message.get("metadata") or {}
            kind = "reminder" if metadata.get("event_type") == REMINDER_EVENT else "message"
            new.append((message["ts"], message["channel"], Entry(kind, when, message=copy.deepcopy(message))))
        uploads = self.double.uploaded_files[self._uploads :]
        self._uploads += len(uploads)
        for upload in uploads:
            if upload.channel_id and upload.shared_ts:
                shared = SharedFile(upload.id, upload.filename, upload.title or upload.filename, upload.content or b"")
                entry = Entry("file", when, text=upload.initial_comment or "", files=[shared])
                new.append((upload.shared_ts, upload.channel_id, entry))
        for _, channel, entry in sorted(new, key=lambda item: _ts_order(item[0])):
            self._conversation(channel).entries.append(entry)
        ephemerals = self.double.ephemerals[self._ephemerals :]
        self._ephemerals += len(ephemerals)
        for ephemeral in ephemerals:
            entry = Entry("reply", when, ephemeral["user"], message={**ephemeral, "channel": ephemeral["channel"]})
            self._conversation(ephemeral["channel"]).entries.append(entry)

    def replies(self, channel_id: str, user: str, answer: dict, key: str, when: datetime) -> None:
        """What only `user` saw: the acknowledgement's body and what was posted to the response_url."""
        bodies = ([answer] if answer.get("text") or answer.get("blocks") else []) + list(
            self.double.responses_by_key.get(key, []) if key else []
        )
        for body in bodies:
            if body.get("delete_original"):
                continue
            self._conversation(channel_id).entries.append(Entry("reply", when, user, message=body))

    # ----------------------------------------------------------------- reading it back

    def entries(self, kind: str | None = None) -> list[tuple[Conversation, Entry]]:
        return [(c, e) for c in self.conversations.values() for e in c.entries if kind is None or e.kind == kind]

    def span(self) -> tuple[datetime, datetime]:
        """The demo's first and last moments, local time."""
        moments = [e.when for c in self.conversations.values() for e in c.entries]
        return min(moments).astimezone(ZONE), max(moments).astimezone(ZONE)

    def mark_pins(self) -> None:
        """Flag the last entry of each message pinned in its channel (the agreed lines of enquiry)."""
        for conversation in self.conversations.values():
            channel = self.double.channels.get(conversation.id)
            pins = set(channel.pins) if channel else set()
            latest = {}
            for entry in conversation.entries:
                if entry.kind in ("message", "reminder", "updated") and (entry.message or {}).get("ts") in pins:
                    latest[entry.message["ts"]] = entry  # type: ignore[index]
            for entry in latest.values():
                entry.pinned = True

    def as_json(self) -> dict:
        """`transcript.json`: each conversation's entries in order, times local (ISO 8601)."""
        ordered = self.ordered()
        return {
            "triads": {str(n): c for n, c in self.triads.items()},
            "conversations": [
                {"id": c.id, "title": c.title, "entries": [e.as_json() for e in c.entries]} for c in ordered
            ],
        }

    def ordered(self) -> list[Conversation]:
        """The triads' channels first (by number), then the direct messages as they first appeared."""
        ordered = [self.conversations[c] for c in self.triads.values() if c in self.conversations]
        return ordered + [c for c in self.conversations.values() if c not in ordered]

    def html(self, *, heading: str, summary: list[str]) -> str:
        return render_page(self, heading, summary)

    def channel_names(self) -> dict[str, str]:
        """Each channel's name by id (not the direct messages')."""
        return {cid: c.name for cid, c in self.double.channels.items() if not c.is_im and c.name}

    def write_files(self, out: Path) -> list[Path]:
        """A copy of each file shared, beside the page at its `path`."""
        written = []
        for _, entry in self.entries("file"):
            for shared in entry.files:
                target = out / shared.path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(shared.content)
                written.append(target)
        return written


def _ts_order(ts: str) -> tuple[int, int]:
    seconds, _, micros = ts.partition(".")
    return int(seconds), int(micros or 0)


# --------------------------------------------------------------------- Block Kit and mrkdwn as HTML


def emojized(escaped: str) -> str:
    """Slack's emoji shortcodes (`:calendar:`, `:white_check_mark:`) in HTML-escaped text as the emoji; a
    shortcode the `emoji` package does not know stays as it is. It adds no markup: run it on escaped text."""
    return emoji.emojize(escaped, language="alias")


def mrkdwn(text: str, names: dict[str, str]) -> str:
    """Slack's mrkdwn (as the app writes it, `&amp;`-escaped) as HTML; `names` are people's and channels'
    names by id."""
    out, last = [], 0
    for match in re.finditer(r"<([^<>]+)>", text):
        out.append(_inline(text[last : match.start()]))
        out.append(_angle(match.group(1), names))
        last = match.end()
    out.append(_inline(text[last:]))
    lines = "".join(out).split("\n")
    return "<br>".join(f'<span class="quote">{line[4:]}</span>' if line.startswith("&gt;") else line for line in lines)


def _angle(inner: str, names: dict[str, str]) -> str:
    if inner.startswith("@"):
        user = inner[1:].split("|")[0]
        return f'<span class="mention">@{html.escape(names.get(user, user))}</span>'
    if inner.startswith("#"):  # a channel as Slack shows it: by its name now, else the label it was sent with
        channel, _, label = inner[1:].partition("|")
        return f'<span class="mention">#{html.escape(names.get(channel) or label or channel)}</span>'
    if inner.startswith("!"):
        command = inner[1:].split("|")
        if command[0] == "date" and len(command) >= 3:
            return html.escape(_unescape(command[-1]))
        return f'<span class="mention">@{html.escape(command[0])}</span>'
    url, _, label = inner.partition("|")
    url = _unescape(url)
    return f'<a href="{html.escape(url)}">{html.escape(_unescape(label or url))}</a>'


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _inline(text: str) -> str:
    """mrkdwn without <…> as HTML: code spans as they are, the rest formatted and with its emoji."""
    parts = re.split(r"(`[^`\n]+`)", _unescape(text))
    return "".join(
        f"<code>{html.escape(part[1:-1], quote=False)}</code>" if i % 2 else _formatted(part)
        for i, part in enumerate(parts)
    )


def _formatted(text: str) -> str:
    escaped = emojized(html.escape(text, quote=False))
    escaped = re.sub(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])", r"<b>\1</b>", escaped)
    escaped = re.sub(r"(?<![\w])_([^_\n]+)_(?![\w])", r"<i>\1</i>", escaped)
    return re.sub(r"(?<![\w~])~([^~\n]+)~(?![\w~])", r"<s>\1</s>", escaped)


def _text_object(obj: dict | None, names: dict[str, str]) -> str:
    if not obj:
        return ""
    if obj.get("type") == "mrkdwn":
        return mrkdwn(obj.get("text", ""), names)
    return _inline_plain(obj.get("text", ""))


def _inline_plain(text: str) -> str:
    return emojized(html.escape(text, quote=False)).replace("\n", "<br>")


def _element(element: dict, names: dict[str, str]) -> str:
    kind = element.get("type")
    if kind == "button":
        style = element.get("style", "")
        return f'<span class="button {html.escape(style)}">{_text_object(element.get("text"), names)}</span>'
    if kind in ("mrkdwn", "plain_text"):
        return _text_object(element, names)
    if kind == "image":
        return f'<span class="image">[{html.escape(element.get("alt_text", "image"))}]</span>'
    if kind == "overflow":
        return '<span class="button">\u22ef</span>'
    placeholder = element.get("placeholder") or element.get("text")
    return f'<span class="button">{_text_object(placeholder, names) or html.escape(str(kind))}</span>'


def blocks_html(blocks: list[dict], names: dict[str, str]) -> str:
    out = []
    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            out.append(f'<div class="header">{_text_object(block.get("text"), names)}</div>')
        elif kind == "section":
            parts = [f'<div class="text">{_text_object(block.get("text"), names)}</div>'] if block.get("text") else []
            if block.get("fields"):
                cells = "".join(f'<div class="field">{_text_object(f, names)}</div>' for f in block["fields"])
                parts.append(f'<div class="fields">{cells}</div>')
            if block.get("accessory"):
                parts.append(f'<div class="accessory">{_element(block["accessory"], names)}</div>')
            out.append(f'<div class="section">{"".join(parts)}</div>')
        elif kind == "context":
            out.append(f'<div class="context">{" ".join(_element(e, names) for e in block.get("elements", []))}</div>')
        elif kind == "actions":
            out.append(f'<div class="actions">{" ".join(_element(e, names) for e in block.get("elements", []))}</div>')
        elif kind == "input":  # a modal's field: its label, and what it asks for
            field = _element(block.get("element") or {}, names)
            out.append(f'<div class="section"><b>{_text_object(block.get("label"), names)}</b> {field}</div>')
        elif kind == "divider":
            out.append("<hr>")
        elif kind == "image":
            out.append(f'<div class="image">[image: {html.escape(block.get("alt_text", ""))}]</div>')
        else:
            out.append(f'<div class="context">[{html.escape(str(kind))} block]</div>')
    return "".join(out)


def _chosen(state: dict, names: dict[str, str]) -> str:
    """What one input of a submitted form holds, as the form showed it: plain text, people by name."""
    if "value" in state:
        return state["value"] or ""
    if state.get("selected_date"):
        day = datetime.strptime(state["selected_date"], "%Y-%m-%d")
        return f"{day:%a} {day.day} {day:%b %Y}"
    if state.get("selected_time"):
        return state["selected_time"]
    options = state.get("selected_options") or ([state["selected_option"]] if state.get("selected_option") else [])
    if options:
        return ", ".join(o["text"]["text"] for o in options)
    users = state.get("selected_users") or ([state["selected_user"]] if state.get("selected_user") else [])
    return ", ".join(names.get(u, u) for u in users)


def _all_text(message: dict) -> str:
    parts = [message.get("text") or ""]
    for block in message.get("blocks") or []:
        if isinstance(block.get("text"), dict):
            parts.append(block["text"].get("text", ""))
        for item in block.get("fields", []) + block.get("elements", []):
            if isinstance(item, dict) and isinstance(item.get("text"), str):
                parts.append(item["text"])
    return "\n".join(parts)


def local(when: datetime) -> str:
    moment = when.astimezone(ZONE)
    return f"{moment:%a} {moment.day} {moment:%b %Y}, {moment:%H:%M}"


def _entry_html(entry: Entry, names: dict[str, str]) -> str:
    who = html.escape(names.get(entry.user or "", entry.user or ""))
    when = f'<span class="when">{local(entry.when)}</span>'
    if entry.kind == "typed":  # as the person typed it: mentions by name, nothing else rendered
        typed = re.sub(r"<([@#])(\w+)\|[^>]*>", lambda m: m[1] + names.get(m[2], m[2]), entry.text)
        return f'<div class="entry typed">{when}<b>{who}</b> typed <code>{html.escape(typed)}</code></div>'
    if entry.kind == "clicked":
        button = f'<span class="button">{html.escape(entry.text)}</span>'
        return f'<div class="entry clicked">{when}<b>{who}</b> clicked {button}</div>'
    if entry.kind == "submitted":
        form = entry.form or {}
        fields = "".join(  # as the person typed or chose it: literal, nothing rendered
            f'<div class="field"><b>{html.escape(label)}</b> {html.escape(shown)}</div>'
            for label, shown in form.get("fields", [])
        )
        submit = f'<span class="button primary">{html.escape(entry.text)}</span>'
        title = f"<i>{html.escape(form.get('title', ''))}</i>"
        return (
            f'<div class="entry submitted">{when}<b>{who}</b> filled in the form {title} and clicked {submit}'
            f'<div class="form">{fields}</div></div>'
        )
    if entry.kind == "file":
        shared = "".join(_file_html(f) for f in entry.files)
        body = (mrkdwn(entry.text, names) if entry.text else "") + shared
        return f'<div class="entry file">{when}<b>Peer Challenge app</b><div class="body">{body}</div></div>'
    message = entry.message or {}
    body = blocks_html(message["blocks"], names) if message.get("blocks") else mrkdwn(message.get("text") or "", names)
    if entry.kind == "reply":
        label = f'Peer Challenge app <span class="only">only visible to {who}</span>'
    elif entry.kind == "reminder":
        label = 'Peer Challenge app <span class="tag">reminder</span>'
    else:
        label = "Peer Challenge app"
    if entry.kind == "updated":
        label = f'Peer Challenge app <span class="only">updated its message of {html.escape(entry.text)}</span>'
    if entry.pinned:
        label += ' <span class="tag">\U0001f4cc pinned</span>'
    return f'<div class="entry {entry.kind}">{when}<b>{label}</b><div class="body">{body}</div></div>'


def _file_html(shared: SharedFile) -> str:
    """A shared file in place: a picture as itself, any other file as a link to its copy beside the page."""
    href, title = html.escape(quote(shared.path)), html.escape(shared.title)
    if shared.is_picture:
        return (
            f'<figure class="upload"><a href="{href}"><img src="{href}" alt="{title}"></a>'
            f"<figcaption>{title}</figcaption></figure>"
        )
    name = html.escape(shared.name)
    return f'<div class="upload">\U0001f4c4 <a href="{href}">{title}</a> <span class="only">{name}</span></div>'


STYLE = """
body{font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;max-width:60rem;margin:2rem auto;color:#1d1c1d;
padding:0 1rem}
h1{font-size:1.5rem} h2{font-size:1.15rem;margin-top:2.5rem;border-bottom:1px solid #ddd;padding-bottom:.3rem}
nav a{margin-right:1rem} .summary{background:#f8f8f8;padding:.8rem 1rem;border-radius:6px;white-space:pre-wrap}
.entry{padding:.5rem .2rem;border-bottom:1px solid #f0f0f0} .when{color:#616061;font-size:.8rem;display:block}
.typed,.clicked,.submitted,.updated .only{color:#444;font-size:.9rem}
.form{margin:.3rem 0 0 1rem;border-left:3px solid #ddd;padding-left:.5rem}
.text{white-space:pre-wrap} .updated{background:#f4fff4}
.reply{background:#fffbe6} .reminder{background:#eef6ff}
.body{margin-top:.3rem} .header{font-weight:700;font-size:1.05rem;margin:.3rem 0}
.section{margin:.3rem 0} .fields{display:grid;grid-template-columns:1fr 1fr;gap:.2rem 1rem}
.context{color:#616061;font-size:.8rem;margin:.2rem 0} .actions{margin:.4rem 0}
.button{display:inline-block;border:1px solid #bbb;border-radius:4px;padding:.1rem .6rem;font-size:.85rem;
background:#fff}
.button.primary{background:#007a5a;color:#fff;border-color:#007a5a}
.button.danger{background:#e01e5a;color:#fff;border-color:#e01e5a}
.mention{background:#e8f5fa;color:#1264a3;border-radius:3px;padding:0 2px}
.quote{border-left:3px solid #ddd;padding-left:.5rem;display:inline-block}
.tag{background:#1264a3;color:#fff;font-size:.7rem;border-radius:3px;padding:0 4px;margin-left:.3rem}
.only{color:#616061;font-weight:400;font-size:.8rem;margin-left:.3rem}
code{background:#f4f4f4;padding:0 3px;border-radius:3px}
.upload{margin:.4rem 0;border:1px solid #ddd;border-radius:6px;padding:.4rem .6rem;display:inline-block}
.upload img{max-width:100%;display:block} figure.upload figcaption{color:#616061;font-size:.8rem;margin-top:.3rem}
"""


LEGEND = (
    "Each conversation in order, at the demo's own time (Europe/London). Grey lines are what a person typed or "
    "clicked, and the forms a button opened as they were filled in and submitted; "
    '<span class="tag">reminder</span> marks what the clock sent; yellow replies were visible only to '
    "the person named; green entries show a message again as a click left it. A file the app shared is shown where "
    "it was shared: a picture as itself, a document as a link to its copy beside this page."
)


def render_page(transcript: Transcript, heading: str, summary: list[str]) -> str:
    names = {**transcript.channel_names(), **transcript.names}
    ordered = transcript.ordered()
    nav = " ".join(f'<a href="#{html.escape(c.id)}">{html.escape(c.title)}</a>' for c in ordered)
    sections = []
    for conversation in ordered:
        entries = "".join(_entry_html(e, names) for e in conversation.entries)
        sections.append(f'<h2 id="{html.escape(conversation.id)}">{html.escape(conversation.title)}</h2>{entries}')
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(heading)}</title><style>{STYLE}</style></head><body>"
        f'<h1>{html.escape(heading)}</h1><div class="summary">{html.escape(chr(10).join(summary))}</div>'
        f"<p>{LEGEND}</p>"
        f"<nav>{nav}</nav>{''.join(sections)}</body></html>\n"
    )
