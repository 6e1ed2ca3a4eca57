"""/peer round suggest: propose every triad of a round (coordinators), posted with Accept, Reshuffle and Edit."""

from __future__ import annotations

import logging

from bot.rules.refusals import Refused
from bot.rules.triad_suggestion import Constraint, Remainder, SuggestionRefusal
from bot.services import triad_suggestions as suggestions
from bot.services.triad_suggestions import SuggestionStale
from handlers.blocks.suggestion import proposal_blocks
from handlers.commands.context import CommandContext, Reply
from handlers.commands.parser import CommandArgs
from handlers.commands.registry import subcommand
from handlers.mistakes import Mistake
from handlers.mrkdwn import escape
from handlers.refusals import COORDINATOR_TASKS, word, words
from storage.db import transaction

logger = logging.getLogger(__name__)

USAGE = (
    '`/peer round suggest round:"SE 2019" keep-apart:"Oxfordshire"/"Hampshire" sit-out:"Slough" remainder:four` '
    "(every option may be left out; keep-apart and sit-out may be repeated; remainder:four|sit-out)"
)
QUOTES = "\"'“”‘’"
RULES = {
    Constraint.HOST_VISITOR_AGAIN.value: "no host–visitor pair of an earlier round again (either way round)",
    Constraint.HOST_TWICE_RUNNING.value: "nobody hosting two rounds running",
    Constraint.KEEP_APART.value: "the keep-apart pairs",
    "group_sizes": "the group sizes",
}

COORDINATOR_TASKS["suggest_triads"] = "suggest, reshuffle, edit or accept a round's triads"


def _infeasible(facts: dict) -> str:
    rules = [RULES.get(c, c) for c in facts["constraints"]]
    which = rules[0] if len(rules) == 1 else ", ".join(rules[:-1]) + " and " + rules[-1]
    verb = "rules out" if len(rules) == 1 else "together rule out"
    return (
        f"No set of triads for these {facts['count']} authorities keeps every rule: {which} {verb} every grouping. "
        'Drop a keep-apart pair, let an authority sit out (sit-out:"…"), or form a triad by hand with `/peer triad new`.'
    )


words(
    {
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
        SuggestionStale.ACCEPTED: "That proposal for {round} was accepted already: its triads are formed (`/peer triad list`).",
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
)


def _name(text: str) -> str:
    return " ".join(text.strip().strip(QUOTES).split())


def read_options(args: CommandArgs) -> tuple[str | None, suggestions.Options]:
    """round:, keep-apart: (A/B, repeatable), sit-out: (repeatable), remainder:. Slack's `keep-apart:"A"/"B"`
    arrives as the option "A" and a word `/"B"`, matched here in order."""
    unknown = sorted(set(args.options) - {"round", "keep-apart", "sit-out", "remainder"})
    if unknown:
        raise Mistake(f"`{escape(unknown[0])}:` isn't an option of round suggest. Write it like {USAGE}")
    halves = [t.value for t in args.positional if t.kind == "word" and t.value.startswith("/")]
    stray = [t.value for t in args.positional if not (t.kind == "word" and t.value.startswith("/"))]
    if stray:
        raise Mistake(f"I don't understand `{escape(stray[0])}` here. Write it like {USAGE}")
    pairs = []
    for token in args.option_tokens("keep-apart"):
        first, sep, second = token.value.partition("/")
        if not sep:
            if not halves:
                raise Mistake('keep-apart: takes two authorities, like keep-apart:"Oxfordshire"/"Hampshire".')
            second = halves.pop(0)[1:]
        if not _name(first) or not _name(second):
            raise Mistake('keep-apart: takes two authorities, like keep-apart:"Oxfordshire"/"Hampshire".')
        pairs.append((_name(first), _name(second)))
    if halves:
        raise Mistake(f"`{escape(halves[0])}` has no keep-apart: before it. Write it like {USAGE}")
    sit_out = []
    for token in args.option_tokens("sit-out"):
        if not _name(token.value):
            raise Mistake('sit-out: is empty: name the authority, like sit-out:"Slough".')
        sit_out.append(_name(token.value))
    remainder_text = (args.option("remainder") or Remainder.FOUR.value).lower()
    if remainder_text not in {r.value for r in Remainder}:
        raise Mistake(
            f"remainder:{escape(remainder_text)} isn't a choice: remainder:four makes one or two groups of four "
            "(two observers), remainder:sit-out leaves one or two authorities out."
        )
    if args.has("round") and not args.option("round"):
        raise Mistake('round: is empty. Write it like round:"SE 2019".')
    return args.option("round"), suggestions.Options(tuple(pairs), tuple(sit_out), Remainder(remainder_text))


@subcommand("round", "suggest", mutates=False)
def round_suggest(ctx: CommandContext, args: CommandArgs) -> Reply:
    round_name, options = read_options(args)
    name = suggestions.check_suggest(ctx.session, ctx.actor, round_name, options)
    actor = ctx.actor
    ctx.after_ack(lambda: post_proposal(ctx, actor, name, options))
    return Reply(f":hourglass_flowing_sand: Working out the triads for {escape(name)}…")


def post_proposal(ctx: CommandContext, actor, round_name: str, options: suggestions.Options) -> None:
    """After the ack (the solve takes seconds): store the proposal and show it with its buttons."""
    try:
        with transaction(ctx.sessions) as session:
            suggested = suggestions.propose(session, actor, round_name, options)
    except Refused as exc:
        ctx.tell(f":x: {word(exc)}")
        return
    except Exception:
        logger.exception("suggesting triads failed")
        ctx.tell(":x: Something went wrong on my side while suggesting triads; nothing was saved. Please try again.")
        return
    assert suggested.id is not None
    ctx.tell(
        f"Suggested triads for {escape(suggested.round_name)}",
        proposal_blocks(suggested.id, suggested.round_name, suggested.proposal, suggested.already_formed),
    )
