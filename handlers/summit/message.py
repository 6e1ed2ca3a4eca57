"""The summit brief as a Slack message (the timeline picture follows it as an uploaded file)."""

from __future__ import annotations

from slack_sdk.models.blocks import ContextBlock, DividerBlock, HeaderBlock, MarkdownTextObject, SectionBlock

from bot.services.summit import SummitBrief
from handlers.blocks import clip
from handlers.mrkdwn import escape
from handlers.summit.words import sections, summary, title

ITEMS_PER_SECTION = 10  # a section's text stays within Slack's 3,000 characters


def brief_blocks(brief: SummitBrief) -> list:
    blocks: list = [
        HeaderBlock(text=clip(title(brief), 150)),
        SectionBlock(text=MarkdownTextObject(text=escape(summary(brief)))),
    ]
    for part in sections(brief):
        blocks.append(DividerBlock())
        items = list(part.items)
        for start in range(0, len(items), ITEMS_PER_SECTION):
            chunk = items[start : start + ITEMS_PER_SECTION]
            heading = f"*{escape(part.title)}*\n" if start == 0 else ""
            blocks.append(
                SectionBlock(text=MarkdownTextObject(text=clip(heading + "\n".join(f"• {escape(i)}" for i in chunk))))
            )
    named = "Every triad is named; its lines, findings and actions only where its host shared them."
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=named)]))
    return blocks[:50]


def fallback_text(brief: SummitBrief) -> str:
    return escape(f"{title(brief)}: {summary(brief)}")
