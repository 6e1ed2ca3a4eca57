"""Issue 18's figures, measured by `bot.demo.figures.measure` on a small transcript made by hand."""

from __future__ import annotations

import pytest

from bot.demo.figures import measure, p90

AT, LATER = "2018-07-20T09:00:00+01:00", "2018-07-20T10:00:00+01:00"


def entry(kind: str, text: str, at: str = AT, blocks: list | None = None) -> dict:
    return {"kind": kind, "at": at, "user": None, "text": text, "blocks": blocks, "files": []}


def n_words(n: int) -> str:
    return " ".join(f"w{i}" for i in range(n))


POST = "Triad 1: the challenge session is confirmed for Monday 5 March in Oxford."  # 13 words


def transcript(*entries: dict) -> dict:
    return {"triads": {}, "conversations": [{"id": "C1", "title": "#pc-2018-kent", "entries": list(entries)}]}


def test_an_echo_is_a_reply_that_repeats_a_post_of_the_same_moment():
    figures = measure(
        transcript(
            entry("typed", "/peer dates challenge:5 March"),
            entry("message", POST),
            entry("reply", ":white_check_mark: " + POST),  # the post again, to the typist: an echo
            entry("reply", "Done."),  # a short acknowledgement: not an echo
            entry("reply", POST, at=LATER),  # the same words another time: not an echo of that post
        )
    )
    assert figures.echoes == 1
    assert figures.messages == 4  # the typed command is not the app's


def test_a_post_too_short_to_echo_is_not_echoed():
    figures = measure(transcript(entry("message", "Noted, thanks."), entry("reply", "Noted, thanks.")))
    assert figures.echoes == 0


def test_an_ask_to_type_is_a_peer_command_in_code():
    section = {"type": "section", "text": {"type": "mrkdwn", "text": 'Set it: `/peer dates challenge:"5 March"`.'}}
    actions = {"type": "actions", "elements": [{"type": "button", "text": {"type": "plain_text", "text": "`/peer x`"}}]}
    figures = measure(
        transcript(
            entry("reminder", "fallback", blocks=[section, actions]),  # in a block: counted
            entry("reply", "Type `/peer help` for more."),  # in a reply: counted
            entry("message", "Run /peer help when you like."),  # not in code: not an ask to type
            entry("message", "The code `peerbot demo` is for operators."),  # code, but no /peer command
        )
    )
    assert figures.asks_to_type == 2


def test_median_p90_and_over_100_count_the_words_slack_shows():
    sizes = [3, 5, 8, 10, 12, 15, 20, 40, 100, 101]
    hidden = {"type": "actions", "elements": [{"type": "button", "text": {"type": "plain_text", "text": "A B C"}}]}
    entries = [entry("message", n_words(n)) for n in sizes[:-1]]
    shown = {"type": "section", "text": {"type": "mrkdwn", "text": n_words(101)}}
    entries.append(entry("reminder", "a short fallback", blocks=[shown, hidden]))  # its blocks count, not buttons
    entries.append(entry("updated", n_words(500)))  # a message as a click left it: counted once, as first posted
    entries.append(entry("clicked", "Agree"))
    figures = measure(transcript(*entries))
    assert figures.messages == 10
    assert figures.median == 13.5
    assert figures.p90 == 100  # the 9th of 10
    assert figures.over_100 == 1  # 101; exactly 100 is not over
    assert [c.words for c in figures.longest] == [101, 100, 40, 20, 15]
    assert figures.longest[0].where == "#pc-2018-kent"


def test_a_file_comment_is_a_message_and_a_bare_file_is_not():
    shared = entry("file", "Here is the report skeleton to write into.")
    bare = entry("file", "")
    figures = measure(transcript(entry("message", "One two three."), shared, bare))
    assert figures.messages == 2 and figures.median == 5.5


@pytest.mark.parametrize(
    ("sizes", "expected"),
    [
        ([7], 7),
        (list(range(1, 11)), 9),  # rank round(9) = 9
        (list(range(1, 21)), 18),  # rank 18
        ([40, 1, 30, 2, 20, 3, 10, 4, 5, 6], 30),  # sorted first
        (list(range(1, 6)), 4),  # rank round(4.5) = 4 (half to even)
    ],
)
def test_p90_is_the_value_at_rank_round_090_n(sizes, expected):
    assert p90(sizes) == expected


def test_no_messages_measure_zero():
    figures = measure(transcript(entry("typed", "/peer help")))
    assert (figures.messages, figures.median, figures.p90, figures.over_100) == (0, 0, 0, 0)
