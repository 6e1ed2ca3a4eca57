"""Triads suggested for a round: proposed, reshuffled, edited, accepted."""

from __future__ import annotations

from enum import StrEnum

from bot.rules.triad_suggestion import Constraint, SuggestionRefusal
from bot.services.triad_suggestions import SuggestionStale
from handlers.words import Wording, did_you_mean

RULES = {
    Constraint.HOST_VISITOR_AGAIN.value: "no host–visitor pair of an earlier round again (either way round)",
    Constraint.HOST_TWICE_RUNNING.value: "nobody hosting two rounds running",
    Constraint.KEEP_APART.value: "keeping the named pairs apart",
    "group_sizes": "the group sizes",
}


def _infeasible(facts: dict) -> str:
    rules = [RULES.get(c, c) for c in facts["constraints"]]
    which = rules[0] if len(rules) == 1 else ", ".join(rules[:-1]) + " and " + rules[-1]
    verb = "rules out" if len(rules) == 1 else "together rule out"
    return (
        f"These {facts['count']} authorities can't form triads: {which} {verb} every grouping. "
        "Drop a keep-apart pair, sit one out, or form triads by hand (Home tab)."
    )


REFUSALS: dict[StrEnum, Wording] = {
    SuggestionRefusal.TOO_FEW: lambda f: (
        f"Only {f['count']} authorit{'y is' if f['count'] == 1 else 'ies are'} left to place: a triad needs three. "
        "Register more (Add authority, on your Home tab), or sit fewer out."
    ),
    SuggestionRefusal.UNKNOWN_AUTHORITY: lambda f: (
        f'No authority called "{f["name"]}" ({f["option"]}:) is registered{did_you_mean(f["near"])}'
    ),
    SuggestionRefusal.KEEP_APART_SAME: 'keep-apart:"{name}"/"{name}" names one authority twice: give two.',
    SuggestionRefusal.INFEASIBLE: _infeasible,
    SuggestionRefusal.NO_ANSWER_IN_TIME: (
        "I couldn't find triads in {seconds} seconds. Try again, or with fewer keep-apart pairs."
    ),
    SuggestionStale.GONE: "That proposal is no longer here; ask for new suggestions.",
    SuggestionStale.ACCEPTED: "That proposal for {round} was accepted already; its triads are on your Home tab.",
    SuggestionStale.ACCEPTING: (
        "That proposal for {round} is already being formed. If no triads arrive, ask for new suggestions: "
        "authorities already placed stay put."
    ),
    SuggestionStale.SUPERSEDED: "That proposal for {round} was replaced by a newer one: use the newest.",
    SuggestionStale.NOT_IN_PROPOSAL: '"{name}" is not in this proposal: give an authority it names, as written there.',
    SuggestionStale.SAME_AUTHORITY: "Give two different authorities to swap, not {name} twice.",
    SuggestionStale.ROUND_CHANGED: lambda f: (
        f"{', '.join(f['names'])} {'is' if len(f['names']) == 1 else 'are'} already in a triad of {f['round']} "
        "since this proposal was made; nothing was formed. Suggest again for the rest."
    ),
}
