"""The rule that closes sharing on a host's behalf: no one makes themselves an authority's DCS."""

from __future__ import annotations

from datetime import date

import pytest

from bot.rules.authorities import DcsRefusal, dcs_changes, round_is_open
from bot.rules.refusals import Refused


def test_no_one_makes_themselves_the_dcs():
    with pytest.raises(Refused) as refused:
        dcs_changes("UCOORD", "UOXFDCS", "UCOORD", "Oxfordshire")
    assert refused.value.code is DcsRefusal.SELF_APPOINTED
    assert refused.value.facts == {"authority": "Oxfordshire", "former": "UOXFDCS"}


def test_someone_else_may_be_made_the_dcs_and_the_same_dcs_is_no_change():
    assert dcs_changes("UCOORD", "UOXFDCS", "UNEW", "Oxfordshire") is True
    assert dcs_changes("UCOORD", "UOXFDCS", "UOXFDCS", "Oxfordshire") is False
    assert dcs_changes("UCOORD", "UOXFDCS", None, "Oxfordshire") is False
    assert dcs_changes("UOXFDCS", "UOXFDCS", "UOXFDCS", "Oxfordshire") is False  # the DCS staying is no change


def test_a_round_is_open_until_its_summit_is_over():
    assert round_is_open(None, date(2030, 1, 1))
    assert round_is_open(date(2019, 3, 14), date(2019, 3, 14))
    assert not round_is_open(date(2019, 3, 14), date(2019, 3, 15))
