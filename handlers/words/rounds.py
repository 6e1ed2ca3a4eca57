"""The round's own dates and material."""

from __future__ import annotations

from enum import StrEnum

from bot.services.rounds import RoundRefusal
from handlers.words import Wording

ROUND_DATE_LABELS = {"orientation": "orientation", "summit": "summit"}

REFUSALS: dict[StrEnum, Wording] = {
    RoundRefusal.NO_SUCH_ROUND: 'There is no round called "{name}" — see `/peer round list`.',
    RoundRefusal.NO_ROUND_YET: 'There is no round yet: create one first with `/peer round new "SE 2018"`.',
    RoundRefusal.UNREADABLE_DATE: lambda f: (
        f"{ROUND_DATE_LABELS[f['kind']].capitalize()} date: {f['reason']} Nothing was changed."
    ),
    RoundRefusal.SUMMIT_BEFORE_ORIENTATION: (
        "The summit ({summit}) can't come before the orientation ({orientation}). Nothing was changed."
    ),
    RoundRefusal.BAD_MATERIAL_LINK: (
        "`{link}` isn't a link I can post: give the whole address, starting https://, with no spaces."
    ),
}
