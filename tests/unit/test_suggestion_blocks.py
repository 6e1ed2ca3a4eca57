"""The proposal message and the Edit form (handlers/blocks/suggestion.py): built with slack_sdk.models."""

from __future__ import annotations

from bot.rules.triad_suggestion import Group, Proposal, Violation
from handlers.blocks.suggestion import ACCEPT, EDIT, RESHUFFLE, edit_modal, proposal_blocks, read_suggestion_id


def proposal(count: int, **kw) -> Proposal:
    groups = tuple(
        Group(f"Council {3 * i:03d}", f"Council {3 * i + 1:03d}", (f"Council {3 * i + 2:03d}",)) for i in range(count)
    )
    return Proposal(
        groups,
        kw.get("out", ()),
        kw.get("violations", ()),
        kw.get("objective", 0),
        kw.get("optimal", True),
        kw.get("bound", 0),
        0.0,
    )


def test_fifty_one_triads_fit_slacks_limits_with_their_buttons():
    blocks = [b.to_dict() for b in proposal_blocks(7, "SE 2019", proposal(51))]  # to_dict checks the limits
    assert len(blocks) <= 50 and all(len(b.get("text", {}).get("text", "")) <= 3000 for b in blocks)
    text = "\n".join(b.get("text", {}).get("text", "") for b in blocks if b["type"] == "section")
    assert text.count(" hosts ") == 51 and "51. *Council 150* hosts · Council 151 visits · Council 152 observes" in text
    actions = blocks[-1]
    assert [e["action_id"] for e in actions["elements"]] == [ACCEPT, RESHUFFLE, EDIT]
    assert {e["value"] for e in actions["elements"]} == {"7"}


def test_quality_sit_outs_and_violations_are_worded():
    shown = str(
        [
            b.to_dict()
            for b in proposal_blocks(
                1, "SE 2019", proposal(3, out=("Slough",), violations=(Violation("together_again", ("A", "B")),),
                                       objective=103, optimal=False, bound=3),
            )
        ]
    )  # fmt: skip
    assert "not proven optimal: score 103, no proposal can score under 3" in shown
    assert "*Sitting out:* Slough" in shown and "A and B were in a triad together before" in shown


def test_edit_form_and_button_values():
    view = edit_modal(3, "https://hooks.example/response/x").to_dict()
    assert view["callback_id"] == "suggestion_edit_form" and [b["block_id"] for b in view["blocks"][:2]] == [
        "first",
        "second",
    ]
    assert (
        read_suggestion_id("12") == 12 and read_suggestion_id("12; drop") is None and read_suggestion_id(None) is None
    )
