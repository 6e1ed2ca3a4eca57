"""Who takes part in the demo's round: the 2018 round's table (docs/guide.md), with user IDs in the double's
workspace."""

from __future__ import annotations

from dataclasses import dataclass

COORDINATOR = "UCOORD"


@dataclass(frozen=True)
class Authority:
    name: str
    dcs: str  # user ID of its Director of Children's Services
    dcs_name: str
    team: tuple[tuple[str, str], ...] = ()  # (user ID, name) of team members


AUTHORITIES = (
    Authority("Oxfordshire", "UOXFDCS", "Olivia Grant (DCS, Oxfordshire)", (("UOXFTEAM", "Omar Shah"),)),
    Authority("Milton Keynes", "UMKDCS", "Martin Keane (DCS, Milton Keynes)", (("UMKTEAM1", "Maya Lewis"),)),
    Authority("Portsmouth", "UPORDCS", "Priya Rao (DCS, Portsmouth)"),
    Authority("Wokingham", "UWOKDCS", "Will Okafor (DCS, Wokingham)", (("UWOKTEAM", "Wendy Hall"),)),
    Authority("Southampton", "USOTDCS", "Sara Tan (DCS, Southampton)", (("USOTTEAM", "Sam Osei"),)),
    Authority("East Sussex", "UESXDCS", "Ed Sykes (DCS, East Sussex)"),
    Authority("Hampshire", "UHAMDCS", "Hannah Moss (DCS, Hampshire)", (("UHAMTEAM", "Harry Dunn"),)),
    Authority(
        "Windsor and Maidenhead", "UWAMDCS", "Wasim Ahmed (DCS, Windsor and Maidenhead)", (("UWAMTEAM", "Winnie Ng"),)
    ),
    Authority("Brighton and Hove", "UBHDCS", "Beth Hughes (DCS, Brighton and Hove)"),
)
BY_NAME = {authority.name: authority for authority in AUTHORITIES}


def dcs(authority: str) -> str:
    return BY_NAME[authority].dcs


def team_member(authority: str) -> str:
    return BY_NAME[authority].team[0][0]


def names() -> dict[str, str]:
    """User ID -> the name the transcript shows."""
    out = {COORDINATOR: "Cora Ordway (coordinator)"}
    for authority in AUTHORITIES:
        out[authority.dcs] = authority.dcs_name
        out.update(dict(authority.team))
    return out


def mention(user: str) -> str:
    """A user as Slack sends it inside a command's text (`should_escape: true`)."""
    return f"<@{user}|{user.lower()}>"
