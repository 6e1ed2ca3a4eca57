"""`/peer help`'s overview from who the reader is and where (the e2e tests ask it through signed commands)."""

from __future__ import annotations

from handlers.commands.help import Place, overview


def test_a_member_of_several_triads_elsewhere_gets_a_dates_button_for_each_of_three():
    mine = [Place(10 + n, n, f"C{n}", "host DCS") for n in range(1, 5)]
    reply = overview(False, None, mine, ["UCO"])
    assert len(reply.text.splitlines()) <= 12
    assert reply.text.startswith("*You are in triad 1* — you: host DCS · <#C1>")
    buttons = reply.blocks[-1].elements
    assert [(b.text.text, b.value) for b in buttons] == [(f"Set dates: triad {n}", str(10 + n)) for n in (1, 2, 3)]


def test_with_no_coordinator_yet_an_outsider_is_sent_to_whoever_installed_the_app():
    assert overview(False, None, [], []).text.endswith(
        "Nobody runs a programme here yet: ask whoever installed the app."
    )
