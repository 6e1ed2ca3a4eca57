"""The round's own dates and material."""

from __future__ import annotations

from enum import StrEnum

from bot.services.rounds import RoundRefusal
from handlers.words import Wording, and_list

NO_ROUND_YET = "There is no round yet: a coordinator creates one first."


def no_such_round(name: str, rounds: list[str] | None) -> str:
    """No round of that name, then the workspace's rounds where the raise knows them (a stale form does not)."""
    if rounds is None:
        return f'There is no round called "{name}".'
    return f'There is no round called "{name}"; ' + (
        f"the rounds are {and_list(rounds)}." if rounds else "there are no rounds yet."
    )


ROUND_DATE_LABELS = {"orientation": "orientation", "summit": "summit"}

REFUSALS: dict[StrEnum, Wording] = {
    RoundRefusal.NO_SUCH_ROUND: lambda f: no_such_round(f["name"], f.get("rounds")),
    RoundRefusal.NO_ROUND_YET: NO_ROUND_YET,
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
