"""The reviewer pool and the visiting team suggested, accepted."""

from __future__ import annotations

from enum import StrEnum

from bot.rules.visiting_team import (
    SENIORITIES,
    TEAM_MAX,
    TEAM_MIN,
    AcceptRefusal,
    Constraint,
    ReviewerRefusal,
    TeamRefusal,
)
from bot.services.visiting_team import PoolRefusal, ProposalRefusal
from handlers.words import Wording

ADD_USAGE = '`/peer reviewer add @user authority:"Kent" seniority:"head of service" expertise:"early help, SEND"`'
SENIORITY_WORDS = ", ".join(SENIORITIES[:-1]) + " or " + SENIORITIES[-1]


def _people(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _infeasible(f: dict) -> str:
    counts = (
        f"{_people(f['eligible'], 'reviewer is', 'reviewers are')} eligible from "
        f"{_people(f['authorities'], 'authority', 'authorities')} (pool of {f['pool']}: "
        f"{f['from_host']} from the host, "
        f"{f['overloaded']} already on {f['cap']} accepted teams this round)"
    )
    why = {
        Constraint.TEAM_SIZE: (
            f"a team needs at least {f['team_min']} reviewers from different authorities, none from the host"
        ),
        Constraint.SENIORITY_MIX: (
            "a team needs at least two seniority levels, and every eligible reviewer has the same one"
        ),
        Constraint.ALL_TOGETHER: (
            f"no team of {TEAM_MIN}–{TEAM_MAX} meets every rule at once (different authorities, none from the host, "
            "two seniority levels, the round's load cap)"
        ),
    }[f["constraint"]]
    return f"I can't suggest a visiting team: {why}; {counts}. A coordinator can add reviewers from other authorities."


REFUSALS: dict[StrEnum, Wording] = {
    ReviewerRefusal.UNKNOWN_SENIORITY: lambda f: (
        f'`{f["given"]}` isn\'t a seniority I know: write seniority:"director", "head of service", '
        '"manager" or "practitioner".'
        if f["given"]
        else f"Say the reviewer's seniority: {SENIORITY_WORDS}."
    ),
    ReviewerRefusal.EMPTY_EXPERTISE: (
        'Say what the reviewer knows, as terms separated by commas, like "early help, SEND".'
    ),
    ReviewerRefusal.TERM_TOO_LONG: (
        'The expertise term "{term}" is too long; keep each term under {limit} characters and separate terms '
        "with commas."
    ),
    ReviewerRefusal.TOO_MANY_TERMS: "That is {count} expertise terms; give at most {limit}, the ones that matter most.",
    PoolRefusal.UNKNOWN_AUTHORITY: lambda f: (
        f'No authority called "{f["name"]}" is registered'
        + (f" — registered: {', '.join(f['known'])}." if f["known"] else " — none are yet.")
        + " A coordinator adds one from the Home tab (Add authority)."
    ),
    PoolRefusal.NOT_IN_POOL: "<@{user}> isn't in the reviewer pool, so there is nothing to remove.",
    TeamRefusal.INFEASIBLE: _infeasible,
    ProposalRefusal.ALREADY_HAS_TEAM: lambda f: (
        "This triad's visiting team is already accepted: " + ", ".join(f"<@{u}>" for u in f["members"]) + "."
    ),
    ProposalRefusal.GONE: "That suggested team no longer exists; ask for a new one in the triad's channel.",
    ProposalRefusal.STALE: lambda f: (
        f"This suggestion is out of date: <@{f['user']}> "
        + ("has left the reviewer pool" if f["why"] == "removed" else f"is now on {f['cap']} accepted teams this round")
        + ". Click *Suggest again* for a team that still holds."
    ),
    AcceptRefusal.NOT_HOST_OR_VISITING_DCS: "Only the host DCS and the visiting DCS can accept the visiting team.",
    AcceptRefusal.YOU_ACCEPTED_ALREADY: "You have already accepted this team; it is waiting for the {waiting_for}.",
    AcceptRefusal.ALREADY_ACCEPTED: "This team is already accepted by both DCSs.",
    AcceptRefusal.SUPERSEDED: "This suggestion was replaced by a newer one — use the latest suggestion in the channel.",
}
