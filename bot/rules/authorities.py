"""Who may change an authority's DCS.

The DCS of a host authority is the one person who decides what its triads share (bot.rules.sharing).
So no one appoints themselves: a person cannot make themselves an authority's DCS, whatever the route
(`/peer authority update`, an import by DM or by `peerbot import authorities`). A coordinator who
really is the new DCS asks another coordinator to record it. Every change that is made is told to the
former DCS and to the channels of the authority's triads in open rounds, and recorded (who, when).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from bot.rules.refusals import Refused


class DcsRefusal(StrEnum):
    SELF_APPOINTED = "dcs_self_appointed"  # facts: authority, former


def dcs_changes(changed_by: str, former: str, new: str | None, authority: str) -> bool:
    """Whether ``new`` replaces ``former`` as ``authority``'s DCS; refused if ``changed_by`` would
    make themselves the DCS."""
    if new is None or new == former:
        return False
    if new == changed_by:
        raise Refused(DcsRefusal.SELF_APPOINTED, authority=authority, former=former)
    return True


def round_is_open(summit_end: date | None, today: date) -> bool:
    """A round is open until its summit is over (one without a summit date is open)."""
    return summit_end is None or today <= summit_end
