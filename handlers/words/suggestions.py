"""Triads suggested for a round: proposed, reshuffled, edited, accepted."""

from __future__ import annotations

from enum import StrEnum

from bot.rules.triad_suggestion import Constraint, SuggestionRefusal
from bot.services.triad_suggestions import SuggestionStale
from handlers.words import Wording

RULES = {
    Constraint.HOST_VISITOR_AGAIN.value: "no host–visitor pair of an earlier round again (either way round)",
    Constraint.HOST_TWICE_RUNNING.value: "nobody hosting two rounds running",
    Constraint.KEEP_APART.value: "the keep-apart pairs",
    "group_sizes": "the group sizes",
}


def _infeasible(facts: dict) -> str:
    rules = [RULES.get(c, c) for c in facts["constraints"]]
    which = rules[0] if len(rules) == 1 else ", ".join(rules[:-1]) + " and " + rules[-1]
    verb = "rules out" if len(rules) == 1 else "together rule out"
    return (
        f"No set of triads for these {facts['count']} authorities keeps every rule: {which} {verb} every grouping. "
        'Drop a keep-apart pair, let an authority sit out (sit-out:"…"), '
        "or form a triad by hand with `/peer triad new`."
    )


REFUSALS: dict[StrEnum, Wording] = {
    SuggestionRefusal.TOO_FEW: lambda f: (
        f"Only {f['count']} authorit{'y is' if f['count'] == 1 else 'ies are'} left to place: a triad needs three. "
        'Register more with `/peer authority add "Name" dcs:@user`, or take fewer out with sit-out:.'
    ),
    SuggestionRefusal.UNKNOWN_AUTHORITY: (
        'No authority called "{name}" ({option}:). Names are as in `/peer authority list`.'
    ),
    SuggestionRefusal.KEEP_APART_SAME: 'keep-apart:"{name}"/"{name}" names one authority twice: give two.',
    SuggestionRefusal.INFEASIBLE: _infeasible,
    SuggestionRefusal.NO_ANSWER_IN_TIME: (
        "I couldn't find triads in {seconds} seconds. Try again, or with fewer keep-apart pairs."
    ),
    SuggestionStale.GONE: "That proposal is no longer here: run `/peer round suggest` again.",
    SuggestionStale.ACCEPTED: (
        "That proposal for {round} was accepted already: its triads are formed (`/peer triad list`)."
    ),
    SuggestionStale.ACCEPTING: (
        "That proposal for {round} is already being formed: its triads are on their way. If none arrive, "
        "run `/peer round suggest` again: authorities already in a triad of the round are left as they are."
    ),
    SuggestionStale.SUPERSEDED: (
        "That proposal for {round} was replaced by a newer one (a reshuffle or a new `/peer round suggest`): "
        "use the newest."
    ),
    SuggestionStale.NOT_IN_PROPOSAL: '"{name}" is not in this proposal: give an authority it names, as written there.',
    SuggestionStale.SAME_AUTHORITY: "Give two different authorities to swap, not {name} twice.",
    SuggestionStale.ROUND_CHANGED: lambda f: (
        f"{', '.join(f['names'])} {'is' if len(f['names']) == 1 else 'are'} already in a triad of {f['round']} "
        "since this proposal was made; nothing was formed. Run `/peer round suggest` again for the others."
    ),
}
