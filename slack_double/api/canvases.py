"""conversations.canvases.create and canvases.*: the channel canvases the app keeps.

A canvas is held as its markdown. Slack's request schemas for these methods are not in the schemas
folder yet (they are answered without one: slack_double.schemas.METHODS_WITHOUT_SCHEMA), so the
arguments are checked here by hand against Slack's documented shapes (`ConversationsCanvasesCreateArguments`,
`CanvasesEditArguments`, `CanvasesDeleteArguments`, `CanvasesSectionsLookupArguments`); a malformed call
is recorded as the double's error, as a schema failure would be.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from slack_double.errors import SlackError

if TYPE_CHECKING:
    from slack_double.double import SlackDouble

OPERATIONS = ("insert_after", "insert_before", "insert_at_start", "insert_at_end", "replace", "delete")
MAX_MARKDOWN = 1_048_576
SDK_ADDED = ("team_id",)  # slack_sdk adds the client's team_id to every call of an org-aware client
HEADING = re.compile(r"^(#{1,3}) ", re.MULTILINE)


@dataclass
class Canvas:
    id: str
    channel_id: str
    markdown: str
    title: str | None = None
    edits: int = 0
    history: list[str] = field(default_factory=list)  # the markdown after each create/edit


def canvases(slack: SlackDouble) -> dict[str, Canvas]:
    """The double's canvases by id (kept on the double, created on first use)."""
    return slack.__dict__.setdefault("canvases", {})


def canvas_in(slack: SlackDouble, channel_id: str) -> Canvas | None:
    """The live canvas of a channel, for tests."""
    with slack._cond:
        return next((c for c in canvases(slack).values() if c.channel_id == channel_id), None)


def delete_by_person(slack: SlackDouble, channel_id: str) -> None:
    """A person deletes the channel's canvas in Slack: later edits get canvas_not_found."""
    with slack._cond:
        for canvas_id, canvas in list(canvases(slack).items()):
            if canvas.channel_id == channel_id:
                del canvases(slack)[canvas_id]


def made_by_person(slack: SlackDouble, channel_id: str, markdown: str) -> Canvas:
    """A person made the channel's canvas in Slack (the app's create then gets channel_canvas_already_exists)."""
    with slack._cond:
        canvas = Canvas(id=slack._new_id("F"), channel_id=channel_id, markdown=markdown)
        canvases(slack)[canvas.id] = canvas
        return canvas


def _invalid(slack: SlackDouble, method: str, problem: str) -> SlackError:
    slack.errors.append(f"{method}: {problem}")
    return SlackError("invalid_arguments", response_metadata={"messages": [f"[ERROR] {problem}"]})


def _content(slack: SlackDouble, method: str, value: Any, required: bool) -> str | None:
    if value is None and not required:
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise _invalid(slack, method, "document_content is not JSON") from None
    if not isinstance(value, dict) or value.get("type") != "markdown" or not isinstance(value.get("markdown"), str):
        raise _invalid(slack, method, 'document_content must be {"type": "markdown", "markdown": "..."}')
    if set(value) - {"type", "markdown"}:
        raise _invalid(
            slack, method, f"document_content has unknown fields {sorted(set(value) - {'type', 'markdown'})}"
        )
    if len(value["markdown"]) > MAX_MARKDOWN:
        raise SlackError("canvas_creation_failed")
    return value["markdown"]


def _string(slack: SlackDouble, method: str, args: dict, name: str) -> str:
    value = args.get(name)
    if not isinstance(value, str) or not value:
        raise _invalid(slack, method, f"{name} is required (a string)")
    return value


def create(slack: SlackDouble, args: dict, token: str) -> dict:
    method = "conversations.canvases.create"
    unknown = set(args) - {"channel_id", "document_content", "title", *SDK_ADDED}
    if unknown:
        raise _invalid(slack, method, f"unknown arguments {sorted(unknown)}")
    channel = slack._writable(slack._channel(_string(slack, method, args, "channel_id")))
    markdown = _content(slack, method, args.get("document_content"), required=False) or ""
    if canvas_in_locked(slack, channel.id) is not None:
        raise SlackError("channel_canvas_already_exists")
    canvas = Canvas(id=slack._new_id("F"), channel_id=channel.id, markdown=markdown, title=args.get("title"))
    canvas.history.append(markdown)
    canvases(slack)[canvas.id] = canvas
    return {"canvas_id": canvas.id}


def canvas_in_locked(slack: SlackDouble, channel_id: str) -> Canvas | None:
    return next((c for c in canvases(slack).values() if c.channel_id == channel_id), None)


def _sections(markdown: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each section: a heading and what follows it up to the next heading."""
    starts = [m.start() for m in HEADING.finditer(markdown)]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    return [(s, starts[i + 1] if i + 1 < len(starts) else len(markdown)) for i, s in enumerate(starts)]


def _section_id(canvas: Canvas, index: int) -> str:
    return f"temp:C:{canvas.id}{index:04d}"


def _find_section(canvas: Canvas, section_id: str) -> tuple[int, int]:
    for index, span in enumerate(_sections(canvas.markdown)):
        if _section_id(canvas, index) == section_id:
            return span
    raise SlackError("canvas_editing_failed")


def edit(slack: SlackDouble, args: dict, token: str) -> dict:
    method = "canvases.edit"
    unknown = set(args) - {"canvas_id", "changes", *SDK_ADDED}
    if unknown:
        raise _invalid(slack, method, f"unknown arguments {sorted(unknown)}")
    canvas_id = _string(slack, method, args, "canvas_id")
    changes = args.get("changes")
    if isinstance(changes, str):
        try:
            changes = json.loads(changes)
        except ValueError:
            raise _invalid(slack, method, "changes is not JSON") from None
    if not isinstance(changes, list) or not changes:
        raise _invalid(slack, method, "changes must be a non-empty array")
    canvas = canvases(slack).get(canvas_id)
    if canvas is None:
        raise SlackError("canvas_not_found")
    markdown = canvas.markdown
    for change in changes:
        if not isinstance(change, dict) or change.get("operation") not in OPERATIONS:
            raise _invalid(slack, method, f"each change needs an operation, one of {OPERATIONS}")
        if set(change) - {"operation", "document_content", "section_id"}:
            raise _invalid(
                slack,
                method,
                f"a change has unknown fields {sorted(set(change) - {'operation', 'document_content', 'section_id'})}",
            )
        operation, section_id = change["operation"], change.get("section_id")
        content = _content(slack, method, change.get("document_content"), required=operation != "delete")
        if operation == "replace" and section_id is None:
            markdown = content or ""
        elif operation == "insert_at_start":
            markdown = (content or "") + markdown
        elif operation == "insert_at_end":
            markdown = markdown + (content or "")
        else:
            if not isinstance(section_id, str):
                raise _invalid(slack, method, f"{operation} needs a section_id")
            start, end = _find_section(canvas, section_id)
            piece = content or ""
            markdown = {
                "insert_before": markdown[:start] + piece + markdown[start:],
                "insert_after": markdown[:end] + piece + markdown[end:],
                "replace": markdown[:start] + piece + markdown[end:],
                "delete": markdown[:start] + markdown[end:],
            }[operation]
    canvas.markdown = markdown
    canvas.edits += 1
    canvas.history.append(markdown)
    return {}


def delete(slack: SlackDouble, args: dict, token: str) -> dict:
    canvas_id = _string(slack, "canvases.delete", args, "canvas_id")
    if canvases(slack).pop(canvas_id, None) is None:
        raise SlackError("canvas_not_found")
    return {}


def sections_lookup(slack: SlackDouble, args: dict, token: str) -> dict:
    method = "canvases.sections.lookup"
    canvas = canvases(slack).get(_string(slack, method, args, "canvas_id"))
    criteria = args.get("criteria")
    if isinstance(criteria, str):
        try:
            criteria = json.loads(criteria)
        except ValueError:
            raise _invalid(slack, method, "criteria is not JSON") from None
    if not isinstance(criteria, dict) or not (set(criteria) & {"section_types", "contains_text"}):
        raise _invalid(slack, method, "criteria needs section_types or contains_text")
    if canvas is None:
        raise SlackError("canvas_not_found")
    levels = {"h1": "# ", "h2": "## ", "h3": "### ", "any_header": "#"}
    wanted = criteria.get("section_types") or []
    text = criteria.get("contains_text")
    found = []
    for index, (start, end) in enumerate(_sections(canvas.markdown)):
        body = canvas.markdown[start:end]
        if wanted and not any(body.startswith(levels.get(kind, "\0")) for kind in wanted):
            continue
        if text and text not in body:
            continue
        found.append({"id": _section_id(canvas, index)})
    return {"sections": found}


METHODS = {
    "conversations.canvases.create": create,
    "canvases.edit": edit,
    "canvases.delete": delete,
    "canvases.sections.lookup": sections_lookup,
}
