"""The words around a line of enquiry, built by the pure builders: short (≤ 20 words beyond the line's own
text), no command to type, the person's text escaped, and the button that proposes a line where it is asked."""

from __future__ import annotations

import json
import re

import pytest

from bot.demo.words import visible_text, words
from bot.rules import limits
from bot.rules.focus import LineState
from handlers.blocks import focus

HOST, VISITOR, PROPOSER = "UHOST", "UVISIT", "UTEAM"
LINE = "How well do we hear the voice of the child in plans?"
ATTACK = "Look <!channel> & <https://evil.test|here> at <@U0BOSS>"
ASK_TO_TYPE = re.compile(r"`/peer [^`]+`")  # benchmarks/message_words.py's measure
BUDGET = 20  # words of a routine post or reply, beyond the line's own text

STATES = {
    "proposed": LineState("proposed", None, None),
    "host agreed": LineState("proposed", HOST, None),
    "visitor agreed": LineState("proposed", None, VISITOR),
    "agreed": LineState("agreed", HOST, VISITOR),
    "withdrawn": LineState("withdrawn", None, None),
}


def shown(blocks) -> str:
    return visible_text({"blocks": [b.to_dict() for b in blocks]})


def beyond_the_line(text: str, line: str = LINE) -> int:
    return words(text) - words(line)


@pytest.mark.parametrize("name", STATES)
def test_a_proposal_is_short_in_every_state(name):
    blocks = focus.proposal_blocks(7, 1, LINE, PROPOSER, STATES[name], HOST, VISITOR)
    text = shown(blocks)
    assert LINE in text and beyond_the_line(text) <= BUDGET, text
    assert not ASK_TO_TYPE.search(text) and "/peer" not in focus.fallback_text(1, LINE, STATES[name])


def test_a_proposal_leads_with_the_line_and_names_whose_agreement_it_waits_for():
    text = shown(focus.proposal_blocks(7, 1, LINE, PROPOSER, STATES["proposed"], HOST, VISITOR))
    assert text == f":mag: Line 1, from <@{PROPOSER}>: *{LINE}*\nWaiting for <@{HOST}> and <@{VISITOR}> to agree."
    text = shown(focus.proposal_blocks(7, 1, LINE, PROPOSER, STATES["visitor agreed"], HOST, VISITOR))
    assert text.endswith(f"<@{VISITOR}> agreed · waiting for <@{HOST}>.")
    text = shown(focus.proposal_blocks(7, 1, LINE, PROPOSER, STATES["agreed"], HOST, VISITOR))
    assert text == f":pushpin: Line 1, agreed: *{LINE}*\nAgreed by <@{HOST}> and <@{VISITOR}> · pinned here."


def test_the_buttons_follow_the_state():
    def buttons(state: str) -> list[str]:
        blocks = [b.to_dict() for b in focus.proposal_blocks(7, 1, LINE, PROPOSER, STATES[state], HOST, VISITOR)]
        return [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]

    assert buttons("proposed") == buttons("host agreed") == ["focus_agree", "focus_withdraw"]
    assert buttons("agreed") == ["focus_withdraw"] and buttons("withdrawn") == []


@pytest.mark.parametrize("name", STATES)
def test_the_typed_line_is_escaped_wherever_it_is_shown(name):
    out = [
        json.dumps([b.to_dict() for b in focus.proposal_blocks(7, 1, ATTACK, PROPOSER, STATES[name], HOST, VISITOR)]),
        focus.fallback_text(1, ATTACK, STATES[name]),
        focus.agreed_heading(1, ATTACK),
        focus.withdrawn_heading(1, ATTACK),
        focus.withdrew_text(PROPOSER, 1, ATTACK),
        json.dumps([b.to_dict() for b in focus.lines_blocks(7, 1, [focus.Listed(1, ATTACK, STATES[name])], False)]),
    ]
    for text in out:
        assert "&lt;!channel&gt; &amp; &lt;https://evil.test|here&gt; at &lt;@U0BOSS&gt;" in text
        assert "<!channel>" not in text and "<@U0BOSS>" not in text and "<https://" not in text


def test_a_line_with_its_own_asterisks_is_not_bolded_around_them():
    text = shown(focus.proposal_blocks(7, 1, "Is *early* help early?", PROPOSER, STATES["proposed"], HOST, VISITOR))
    assert text.startswith(f":mag: Line 1, from <@{PROPOSER}>: Is *early* help early?\n")


@pytest.mark.parametrize(
    "text",
    [
        focus.question_tip(3),
        focus.too_many_warning(4),
        focus.you_agreed_text(2, "visiting DCS"),
        focus.withdrew_text(PROPOSER, 3, "Early help"),
    ],
)
def test_replies_and_posts_are_short_and_ask_nobody_to_type(text):
    assert words(text) <= BUDGET + 2 and not ASK_TO_TYPE.search(text) and "/peer" not in text  # + "Early help"


def test_the_tip_points_at_the_withdraw_button_not_a_command():
    tip = focus.question_tip(3)
    assert tip.startswith(":bulb:") and "“How well do we …?”" in tip and "Withdraw line 3" in tip
    assert words(tip) <= BUDGET


def test_the_list_is_short_and_carries_the_propose_button():
    listed = [
        focus.Listed(1, LINE, STATES["agreed"], ("Voice of the child",)),
        focus.Listed(2, "How safe are step-downs to early help?", STATES["host agreed"]),
        focus.Listed(3, "Early help", STATES["proposed"]),
    ]
    blocks = [b.to_dict() for b in focus.lines_blocks(7, 1, listed, False)]
    text = visible_text({"blocks": blocks})
    own = sum(words(line.text) + len(line.themes) * 3 for line in listed)
    assert words(text) - own <= BUDGET and not ASK_TO_TYPE.search(text)
    assert "*1.* " + LINE + " — :white_check_mark: agreed · _themes: Voice of the child_" in text
    assert "*2.* How safe are step-downs to early help? — proposed · host DCS agreed" in text
    [button] = blocks[-1]["elements"]
    assert (button["action_id"], button["value"], button["text"]["text"]) == (
        "focus_propose_open",
        "7",
        "Propose a line of enquiry",
    )
    empty = [b.to_dict() for b in focus.lines_blocks(9, 4, [], False)]
    assert visible_text({"blocks": empty}) == "Triad 4 has no lines of enquiry yet."
    assert empty[-1]["elements"][0]["value"] == "9"


def test_the_list_warns_when_too_many_are_agreed():
    listed = [focus.Listed(n, f"How well do we do thing {n}?", STATES["agreed"]) for n in range(1, 5)]
    text = shown(focus.lines_blocks(7, 1, listed, True))
    assert text.endswith(focus.too_many_warning(4)) and "4 lines agreed" in text


def test_the_form_has_one_line_with_the_commands_limit_and_a_hint():
    view = focus.propose_modal(7, 12, "C1").to_dict()  # Slack's limits checked by to_dict
    assert view["callback_id"] == "focus_propose_form" and view["title"]["text"] == "Triad 12 line of enquiry"
    assert json.loads(view["private_metadata"]) == {"triad_id": 7, "channel": "C1"}
    [block] = view["blocks"]
    assert block["block_id"] == "line" and block["element"]["action_id"] == "line"
    assert block["element"]["multiline"] is True and block["element"]["max_length"] == limits.LINE_OF_ENQUIRY
    assert "How well do we …?" in block["hint"]["text"] and "/peer" not in json.dumps(view)
    assert focus.propose_modal(7, 100, None).to_dict()["title"]["text"] == "Line of enquiry"  # fits 24 characters
