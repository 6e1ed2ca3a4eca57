"""The proposal of a round's triads, with Accept, Reshuffle and Edit; and the Edit form. Pure builders."""

from __future__ import annotations

import json

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.rules import limits
from bot.rules.triad_suggestion import Proposal
from handlers.mrkdwn import escape

ACCEPT = "suggestion_accept"
RESHUFFLE = "suggestion_reshuffle"
EDIT = "suggestion_edit"
EDIT_FORM = "suggestion_edit_form"
SECTION_CHARS = 2900
VIOLATION_WORDS = {
    "together_again": "{0} and {1} were in a triad together before",
    "host_visitor_again": "{0} hosted or visited {1} before (host–visitor again)",
    "host_twice_running": "{0} hosted last round too",
    "keep_apart": "{0} and {1} were to be kept apart",
}


def triad_line(number: int, host: str, visitor: str, observers: tuple[str, ...]) -> str:
    watching = " and ".join(escape(o) for o in observers)
    observe = "observes" if len(observers) == 1 else "observe"
    return f"{number}. *{escape(host)}* hosts · {escape(visitor)} visits · {watching} {observe}"


def _sections(lines: list[str]) -> list[Block]:
    """Lines packed into sections under Slack's 3000 characters each."""
    out: list[Block] = []
    chunk: list[str] = []
    for line in lines:
        if chunk and len("\n".join([*chunk, line])) > SECTION_CHARS:
            out.append(SectionBlock(text=MarkdownTextObject(text="\n".join(chunk))))
            chunk = []
        chunk.append(line)
    if chunk:
        out.append(SectionBlock(text=MarkdownTextObject(text="\n".join(chunk))))
    return out


def quality_text(proposal: Proposal) -> str:
    if proposal.optimal:
        return f"proven optimal (score {proposal.objective})"
    if proposal.best_bound == proposal.objective:
        return f"edited by hand (score {proposal.objective})"
    return f"not proven optimal: score {proposal.objective}, no proposal can score under {proposal.best_bound}"


def violation_lines(proposal: Proposal) -> list[str]:
    return [
        "• " + VIOLATION_WORDS.get(v.kind, v.kind + ": {0}").format(*(escape(a) for a in v.authorities), "")
        for v in proposal.violations
    ]


def proposal_blocks(suggestion_id: int, round_name: str, proposal: Proposal, already_formed: int = 0) -> list[Block]:
    fours = sum(len(g.observers) > 1 for g in proposal.triads)
    summary = (
        f"{len(proposal.triads)} triads"
        + (f" ({fours} of four, with two observers)" if fours else "")
        + f" · {quality_text(proposal)}"
        + (f" · {already_formed} triads of the round formed already are left as they are" if already_formed else "")
    )
    lines = [triad_line(i, g.host, g.visitor, g.observers) for i, g in enumerate(proposal.triads, start=1)]
    blocks: list[Block] = [
        HeaderBlock(text=f"Suggested triads — {round_name}"[:150]),
        ContextBlock(elements=[MarkdownTextObject(text=summary)]),
        *_sections(lines),
    ]
    if proposal.sitting_out:
        blocks += _sections(["*Sitting out:* " + ", ".join(proposal.sitting_out)])
    if proposal.violations:
        blocks += _sections(["*Could not be avoided:*", *violation_lines(proposal)])
    else:
        blocks.append(
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text="No host–visitor pair of an earlier round again, nobody hosts two rounds running, "
                        "and no two authorities share a triad again."
                    )
                ]
            )
        )
    value = str(suggestion_id)
    blocks.append(
        ActionsBlock(
            block_id=f"suggestion-{suggestion_id}",
            elements=[
                ButtonElement(text="Accept", action_id=ACCEPT, value=value, style="primary"),
                ButtonElement(text="Reshuffle", action_id=RESHUFFLE, value=value),
                ButtonElement(text="Edit", action_id=EDIT, value=value),
            ],
        )
    )
    return blocks[:50]


def settled_blocks(round_name: str, proposal: Proposal, outcome: str) -> list[Block]:
    """The proposal once acted on: its triads and what happened, no buttons."""
    lines = [triad_line(i, g.host, g.visitor, g.observers) for i, g in enumerate(proposal.triads, start=1)]
    return [
        HeaderBlock(text=f"Suggested triads — {round_name}"[:150]),
        *_sections(lines),
        ContextBlock(elements=[MarkdownTextObject(text=outcome[:3000])]),
    ][:50]


def interrupted_blocks(suggestion_id: int, round_name: str, proposal: Proposal, outcome: str) -> list[Block]:
    """The proposal whose forming stopped part-way: what happened, and Accept to finish it."""
    value = str(suggestion_id)
    return [
        *settled_blocks(round_name, proposal, outcome)[:49],
        ActionsBlock(
            block_id=f"suggestion-{suggestion_id}",
            elements=[ButtonElement(text="Accept", action_id=ACCEPT, value=value, style="primary")],
        ),
    ]


def read_suggestion_id(value: str | None) -> int | None:
    text = (value or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


MAX_OPTIONS = 100  # Slack's limit for a static_select


def _name_input(block_id: str, label: str, names: list[str], example: str) -> InputBlock:
    """A menu of the proposal's authorities; typed text when there are more than a menu holds."""
    element: StaticSelectElement | PlainTextInputElement
    if 0 < len(names) <= MAX_OPTIONS:
        options = [Option(text=n[:75], value=n[:150]) for n in names]
        element = StaticSelectElement(action_id="name", placeholder="Choose an authority", options=options)
    else:
        element = PlainTextInputElement(action_id="name", placeholder=f"e.g. {example}", max_length=limits.ROUND_NAME)
    return InputBlock(block_id=block_id, label=label, element=element)


def edit_modal(suggestion_id: int, response_url: str | None, names: list[str] | None = None) -> View:
    """Swap two authorities: each takes the other's place (role and triad)."""
    names = sorted(names or [])
    return View(
        type="modal",
        callback_id=EDIT_FORM,
        title="Edit the triads",
        submit="Swap",
        close="Cancel",
        blocks=[
            _name_input("first", "Swap this authority", names, "Oxfordshire"),
            _name_input("second", "with this one", names, "Hampshire"),
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text="They exchange places: roles and triads. A sitting-out authority can be swapped in."
                    )
                ]
            ),
        ],
        private_metadata=json.dumps({"suggestion_id": suggestion_id, "response_url": response_url}),
    )
