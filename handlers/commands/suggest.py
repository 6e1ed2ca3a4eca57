"""/peer round suggest: propose every triad of a round (coordinators), posted with Accept, Reshuffle and Edit."""

from __future__ import annotations

import logging

from bot.rules.refusals import Refused
from bot.rules.triad_suggestion import Remainder
from bot.services import triad_suggestions as suggestions
from handlers.blocks.suggestion import proposal_blocks
from handlers.commands.context import CommandContext, Reply
from handlers.commands.parser import CommandArgs
from handlers.commands.registry import subcommand
from handlers.mistakes import Mistake
from handlers.mrkdwn import escape
from handlers.refusals import word
from storage.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)

USAGE = (
    '`/peer round suggest round:"SE 2019" keep-apart:"Oxfordshire"/"Hampshire" sit-out:"Slough" remainder:four` '
    "(every option may be left out; keep-apart and sit-out may be repeated; remainder:four|sit-out)"
)
QUOTES = "\"'“”‘’"


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
        with UnitOfWork.separate(ctx.sessions) as session:
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
