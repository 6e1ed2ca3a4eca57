"""What a due reminder says when the clock sends it: text, and blocks where it needs them.

Most reminders are their planned text. The four-month follow-up is built at sending time:
a summary of the triad's actions and their progress, and two buttons for the host to say
whether a follow-up visit is wanted (answered in `handlers.actions.follow_up`).
"""
from __future__ import annotations

from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.blocks import SECTION_LIMIT, clip, mention, section
from storage.models import Action, Reminder, Triad

VISIT_ACTION = "follow_up_visit"
DECLINE_ACTION = "follow_up_decline"
ANSWER_BLOCK = "follow_up_answer"
QUESTION_BLOCK = "follow_up_question"
ANSWERED = ("requested", "declined")
MAX_ACTION_SECTIONS = 20  # well inside Slack's 50 blocks a message


def render(session: Session, reminder: Reminder) -> tuple[str, list[dict] | None]:
    """Text and Block Kit blocks (as dicts) for a reminder, built at sending time."""
    if reminder.kind != "follow_up" or reminder.triad_id is None:
        return reminder.text, None
    triad = session.get(Triad, reminder.triad_id)
    if triad is None or triad.team_id != reminder.team_id:
        return reminder.text, None
    actions = list(session.scalars(select(Action).where(Action.triad_id == triad.id).order_by(Action.number)))
    chase = reminder.key.startswith("follow_up:chase")
    lines = [action_line(a, ZoneInfo(triad.round.timezone)) for a in actions]
    blocks = follow_up_blocks(reminder.text, triad, actions, chase=chase)
    fallback = clip(reminder.text + ("\n" + "\n".join(lines) if lines else ""), 3900)
    return fallback, [b.to_dict() for b in blocks]


def action_line(action: Action, tz: ZoneInfo) -> str:
    due = f" · due {action.due_text}" if action.due_text else ""
    state = ":white_check_mark: done" if action.status == "done" else "in progress"
    line = f"*{action.number}.* {action.text}\n      {mention(action.owner_user_id)}{due} · {state}"
    if action.notes:
        latest = action.notes[-1]
        when = latest.created_at.astimezone(tz)  # the date as the triad's people read it
        line += f"\n      _Latest progress ({when.day} {when:%B %Y}):_ {latest.text}"
    return line


def _chunks(lines: list[str], limit: int = SECTION_LIMIT) -> list[str]:
    """Lines packed into section-sized texts; a single over-long line is clipped."""
    out: list[str] = []
    for line in lines:
        line = clip(line, limit)
        if out and len(out[-1]) + 1 + len(line) <= limit:
            out[-1] += "\n" + line
        else:
            out.append(line)
    return out


def follow_up_blocks(text: str, triad: Triad, actions: list[Action], *, chase: bool = False):
    host = triad.host.dcs_user_id
    blocks = [section(text), DividerBlock()]
    if actions:
        done = sum(1 for a in actions if a.status == "done")
        blocks.append(
            section(
                f"*Where the actions stand* — {len(actions)} recorded after the workshop, "
                f"{done} done. This is a look at progress together, not a test: every step counts."
            )
        )
        chunks = _chunks([action_line(a, ZoneInfo(triad.round.timezone)) for a in actions])
        blocks += [section(chunk) for chunk in chunks[:MAX_ACTION_SECTIONS]]
        if len(chunks) > MAX_ACTION_SECTIONS:
            blocks.append(section("_…and more: see them all with `/peer action list`._"))
    else:
        blocks.append(
            section(
                "*Where the actions stand* — no actions were recorded after the workshop. "
                'If some were agreed, add them with `/peer action add "…" owner:@someone due:"…"`.'
            )
        )
    if triad.follow_up_status in ANSWERED:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=answer_text(triad))]))
        return blocks
    ask = (
        f"{mention(host)}, would a follow-up visit help {triad.host.name}? It is entirely your choice."
        if not chase
        else f"Would a follow-up visit help {triad.host.name}? It is entirely your choice."
    )
    blocks.append(SectionBlock(block_id=QUESTION_BLOCK, text=MarkdownTextObject(text=clip(ask))))
    blocks.append(answer_buttons(triad.id))
    return blocks


def answer_buttons(triad_id: int) -> ActionsBlock:
    return ActionsBlock(
        block_id=ANSWER_BLOCK,
        elements=[
            ButtonElement(
                text=PlainTextObject(text="Arrange a follow-up visit"),
                action_id=VISIT_ACTION,
                value=str(triad_id),
                style="primary",
            ),
            ButtonElement(
                text=PlainTextObject(text="No follow-up needed"),
                action_id=DECLINE_ACTION,
                value=str(triad_id),
            ),
        ],
    )


def answer_text(triad: Triad) -> str:
    """How the follow-up question was answered, as the updated message shows it."""
    host = triad.host.dcs_user_id
    who = triad.follow_up_answered_by
    by = mention(who) if who == host else f"{mention(who)} (for the host DCS, {mention(host)})"
    if triad.follow_up_status == "requested":
        return f":white_check_mark: {by} asked for a follow-up visit — the programme team will be in touch to arrange it."
    return f":ok_hand: {by} said no follow-up visit is needed. Thank you — there will be no more reminders about it."
