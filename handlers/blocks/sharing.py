"""Sharing and the archive in Block Kit: the findings form, the share form (exactly what would be shared,
and with whom), the attach-to-the-record form, and the archive's search results. Pure builders."""

from __future__ import annotations

import json
from collections.abc import Sequence

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    RadioButtonsElement,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.rules.sharing import MAX_SUMMARY, Audience, RecordFileKind, ShareKind, excerpt
from bot.services.sharing import ArchiveHit, SharePreview
from handlers import blocks
from handlers.mrkdwn import escape

FINDINGS_FORM = "findings_form"
SHARE_FORM = "share_form"
ATTACH_FORM = "attach_form"
ATTACH_SHORTCUT = "attach_to_record"  # the message shortcut "Attach to the record"

KIND_TITLES = {
    ShareKind.LINES: "Agreed lines of enquiry",
    ShareKind.SUMMARY: "Summary of the findings",
    ShareKind.FILES: "Self-assessment and report files",
    ShareKind.ACTION_THEMES: "Action themes (the actions' words by line, no owners or dates)",
}
NOTHING_YET = {
    ShareKind.LINES: "No line of enquiry is agreed yet.",
    ShareKind.SUMMARY: "The visiting DCS has not written the summary of the findings yet.",
    ShareKind.FILES: "No file is attached to the record yet (the message shortcut *Attach to the record*).",
    ShareKind.ACTION_THEMES: "No action is recorded yet.",
}
AUDIENCE_LABELS = {
    Audience.NOBODY: "Nobody outside the triad",
    Audience.REGION: "The region (everyone in this workspace's programme)",
    Audience.ALL: "Every region on this deployment",
}
AUDIENCE_SHORT = {Audience.NOBODY: "nobody", Audience.REGION: "the region", Audience.ALL: "every region"}
FILE_KIND_LABELS = {RecordFileKind.SELF_ASSESSMENT: "the self-assessment", RecordFileKind.REPORT: "the report"}
FILE_KIND_OPTIONS = {
    RecordFileKind.SELF_ASSESSMENT: "The self-assessment (the host's)",
    RecordFileKind.REPORT: "The report (the visiting team's)",
}
PLAIN_LIMIT = 3000


def _modal(callback_id: str, title: str, submit: str, body: list[Block], metadata: dict) -> View:
    return View(
        type="modal", callback_id=callback_id, title=title[:24], submit=submit, close="Cancel",
        blocks=body, private_metadata=json.dumps(metadata),
    )  # fmt: skip


def findings_modal(triad_id: int, triad_number: int, channel_id: str, current: str | None) -> View:
    body: list[Block] = [
        InputBlock(
            block_id="summary",
            label="Summary of the findings",
            element=PlainTextInputElement(
                action_id="summary", multiline=True, max_length=MAX_SUMMARY, initial_value=current or None
            ),
            hint="Headline findings, one per agreed line of enquiry. "
            "Private to the triad until the host DCS shares it.",
        )
    ]
    return _modal(
        FINDINGS_FORM, f"Triad {triad_number} findings", "Save", body, {"triad_id": triad_id, "channel": channel_id}
    )


def _plain_chunks(text: str) -> list[SectionBlock]:
    """The text exactly as it would be shared, as plain text (nothing rendered), in sections Slack accepts."""
    chunks = [text[i : i + PLAIN_LIMIT] for i in range(0, len(text), PLAIN_LIMIT)] or [""]
    return [SectionBlock(text=PlainTextObject(text=chunk, emoji=False)) for chunk in chunks]


def _audience_option(audience: Audience) -> Option:
    return Option(text=AUDIENCE_LABELS[audience], value=audience.value)


def share_modal(preview: SharePreview, channel_id: str) -> View:
    """Each item in the exact words that would be shared, with a choice of who sees it (nobody by default)."""
    body: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(
                text=f"*{escape(preview.host)}* decides who outside triad {preview.triad_number} sees each item. "
                "What you share shows in the summit brief and in the app's archive search in Slack; *nobody* "
                "takes it back at once. The operator's export keeps the full record."
            )
        )
    ]
    shown: dict[str, str] = {}
    for option in preview.options:
        body += [DividerBlock(), HeaderBlock(text=KIND_TITLES[option.kind][:150])]
        if option.item is None:
            body.append(ContextBlock(elements=[MarkdownTextObject(text=NOTHING_YET[option.kind])]))
            continue
        shown[option.kind.value] = option.item.fingerprint
        body += _plain_chunks(option.item.body)
        body.append(
            InputBlock(
                block_id=f"share_{option.kind.value}",
                label="Share with",
                element=RadioButtonsElement(
                    action_id="audience",
                    options=[_audience_option(a) for a in Audience],
                    initial_option=_audience_option(option.audience),
                ),
            )
        )
    metadata = {"triad_id": preview.triad_id, "channel": channel_id, "shown": shown}
    return _modal(SHARE_FORM, f"Triad {preview.triad_number}: share", "Save choices", body, metadata)


def attach_modal(triad_id: int, triad_number: int, channel_id: str, files: Sequence[dict]) -> View:
    names = "\n".join(f"• {escape(f['name'])}" for f in files)
    body: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=blocks.clip(f"Attach to triad {triad_number}'s record:\n{names}"))),
        InputBlock(
            block_id="kind",
            label="It is",
            element=RadioButtonsElement(
                action_id="kind",
                options=[Option(text=label, value=kind.value) for kind, label in FILE_KIND_OPTIONS.items()],
            ),
        ),
    ]
    metadata = {"triad_id": triad_id, "channel": channel_id, "files": list(files)}
    return _modal(ATTACH_FORM, f"Triad {triad_number}: record", "Attach", body, metadata)


def shared_summary(audiences: dict[ShareKind, Audience]) -> str:
    """E.g. "agreed lines of enquiry: the region · summary of the findings: nobody"."""
    return " · ".join(
        f"{KIND_TITLES[kind].split(' (')[0].lower()}: {AUDIENCE_SHORT[a]}" for kind, a in audiences.items()
    )


def _hit_blocks(hit: ArchiveHit, terms: Sequence[str]) -> list[Block]:
    where = "" if hit.same_region else " _(another region)_"
    head = f"*{escape(hit.round_name)} — triad {hit.triad_number}, hosted by {escape(hit.host)}*{where}"
    lines = [head]
    if hit.lines:
        lines.append("*Lines of enquiry:* " + " · ".join(escape(t) for t in hit.lines))
    if hit.summary:
        lines.append("*Findings:* " + escape(excerpt(hit.summary, terms)))
    if hit.action_themes:
        lines.append("*Action themes:* " + " · ".join(escape(theme) for theme, _ in hit.action_themes))
    if hit.files is not None:
        if hit.report_attached:
            report = next(f for f in hit.files if f.get("kind") == RecordFileKind.REPORT)
            link = report.get("permalink")
            name = escape(report.get("name") or "report")
            lines.append(
                f":page_facing_up: Report attached: <{escape(link)}|{name}>"
                if link
                else f":page_facing_up: Report attached: {name}"
            )
        else:
            lines.append("No report file attached yet.")
    return [blocks.section("\n".join(lines))]


def archive_results(query: str, terms: Sequence[str], hits: Sequence[ArchiveHit]) -> tuple[str, list[Block]]:
    if not hits:
        text = (
            f"No shared challenge matches “{escape(query)}”. Only what hosts chose to share is searched; "
            "try fewer or other words."
        )
        return text, [blocks.section(text)]
    title = f"Archive: {len(hits)} shared challenge(s) for “{query}”, best match first"
    out: list[Block] = [HeaderBlock(text=blocks.clip(title, 150))]
    for hit in hits:
        out += _hit_blocks(hit, terms)
    out.append(
        ContextBlock(elements=[MarkdownTextObject(text="Only items their hosts shared are searched and shown.")])
    )
    return escape(title), out  # the header is plain text; the message's text is mrkdwn
