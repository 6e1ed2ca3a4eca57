"""Block Kit builders: data in, `slack_sdk.models` blocks out (Slack's limits checked on to_dict)."""

from __future__ import annotations

from slack_sdk.models.blocks import MarkdownTextObject, SectionBlock

from bot.rules.dates import FuzzyDate
from bot.rules.reminder_plan import RoundEvents
from handlers.mrkdwn import escape

SECTION_LIMIT = 3000


def mention(user: str | None) -> str:
    return f"<@{user}>" if user else "—"


def awaiting_dcs(done_word: str, host_dcs: str, host_done: bool, visitor_dcs: str, visitor_done: bool) -> str:
    """'Agreed so far by the host DCS (@…) · waiting for the visiting DCS (@…).' of a step both DCSs take."""
    both = (
        (f"the host DCS ({mention(host_dcs)})", host_done),
        (f"the visiting DCS ({mention(visitor_dcs)})", visitor_done),
    )
    done = [dcs for dcs, did in both if did]
    so_far = f"{done_word} so far by {' and '.join(done)}" if done else f"Not {done_word.lower()} yet"
    return f"{so_far} · waiting for {' and '.join(dcs for dcs, did in both if not did)}."


def date_text(value: FuzzyDate | None) -> str:
    if value is None:
        return "_not set yet_"
    return escape(value.text) if value.is_exact else f"{escape(value.text)} _(to be confirmed)_"


def clip(text: str, limit: int = SECTION_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def section(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=clip(text)))


def material_link(events: RoundEvents | None) -> str:
    """' — <link|the orientation material>', or nothing when none is attached."""
    if events is None or not events.orientation_material:
        return ""
    return f" — <{escape(events.orientation_material)}|the orientation material>"
