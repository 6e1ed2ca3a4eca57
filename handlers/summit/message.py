"""The summit brief as a Slack message, read at a glance (the timeline picture follows it as an uploaded
file), and its full detail in a modal behind the message's *Full brief* button."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.services.summit import SummitBrief
from handlers.blocks import clip
from handlers.mrkdwn import escape
from handlers.summit.words import glance, glance_parts, sections, summary, title

FULL_BRIEF = "summit_brief_full"  # the message's button: the full brief in a modal
ITEMS_PER_SECTION = 10  # a section's text stays within Slack's 3,000 characters
MODAL_BLOCKS = 100


def brief_blocks(brief: SummitBrief) -> list:
    """The fact first, then a line a triad, the themes and the follow-ups; the detail behind *Full brief*."""
    head, triads, after = glance_parts(brief)
    lines = [f"*{escape(head)}*", *(f"• {escape(line)}" for line in triads), *(escape(line) for line in after)]
    return [
        HeaderBlock(text=clip(title(brief), 150)),
        SectionBlock(text=MarkdownTextObject(text=clip("\n".join(lines)))),
        ActionsBlock(
            block_id="summit_brief_full",
            elements=[ButtonElement(text="Full brief", action_id=FULL_BRIEF, value=clip(brief.round_name, 2000))],
        ),
    ]


def fallback_text(brief: SummitBrief) -> str:
    return escape(f"{title(brief)}: {glance(brief)[0]}")


def detail_blocks(brief: SummitBrief) -> list:
    """Every section of the brief (as `peerbot summit`'s files have it), within a modal's 100 blocks."""
    head = f"*{escape(glance(brief)[0])}*\n{escape(summary(brief))}"
    blocks: list = [SectionBlock(text=MarkdownTextObject(text=clip(head)))]
    for part in sections(brief):
        blocks.append(DividerBlock())
        items = list(part.items)
        for start in range(0, len(items), ITEMS_PER_SECTION):
            chunk = items[start : start + ITEMS_PER_SECTION]
            heading = f"*{escape(part.title)}*\n" if start == 0 else ""
            blocks.append(
                SectionBlock(text=MarkdownTextObject(text=clip(heading + "\n".join(f"• {escape(i)}" for i in chunk))))
            )
    return blocks[:MODAL_BLOCKS]


def brief_view(brief: SummitBrief) -> View:
    return View(
        type="modal",
        callback_id="summit_brief_view",
        title=clip(f"Brief — {brief.round_name}", 24),
        close="Close",
        blocks=detail_blocks(brief),
    )
