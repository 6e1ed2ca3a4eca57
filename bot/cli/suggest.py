"""`peerbot round suggest "SE 2019" --json`: the proposal Slack's `/peer round suggest` would post, printed."""

from __future__ import annotations

import argparse
import json
import sys

from sqlalchemy import select


def add_parser(sub) -> None:
    rnd = sub.add_parser("round", help="a round's triads").add_subparsers(dest="round_command", required=True)
    suggest = rnd.add_parser("suggest", help="propose the round's triads (CP-SAT), from every earlier round")
    suggest.add_argument("name", help='the round, e.g. "SE 2019"')
    suggest.add_argument("--json", action="store_true", help="print the proposal as JSON")
    suggest.add_argument("--keep-apart", action="append", default=[], metavar="A/B", help="repeatable")
    suggest.add_argument("--sit-out", action="append", default=[], metavar="NAME", help="repeatable")
    suggest.add_argument(
        "--remainder",
        choices=("four", "sit-out"),
        default="four",
        help="authorities left over from the triads: make groups of four (default) or sit them out",
    )
    suggest.add_argument("--seed", type=int, default=None, help="the solver's seed (the same seed, the same proposal)")
    suggest.add_argument("--time-limit", type=float, default=None, help="seconds (default 4)")
    suggest.add_argument("--team", help="the workspace (team id), when several have a round of that name")
    suggest.set_defaults(func=cmd_round_suggest)


def _team_of(session, name: str, team: str | None) -> str | None:
    from storage.models import Round, name_key

    teams = sorted(set(session.scalars(select(Round.team_id).where(Round.name_key == name_key(name)))))
    if team:
        return team if team in teams else None
    return teams[0] if len(teams) == 1 else ("" if teams else None)


def cmd_round_suggest(args: argparse.Namespace) -> int:
    from bot.cli.database import sessions
    from bot.rules.refusals import Refused
    from bot.rules.triad_suggestion import DEFAULT_SEED, DEFAULT_TIME_LIMIT, Remainder
    from bot.services import triad_suggestions
    from bot.services.access import Actor
    from handlers.refusals import word

    pairs = []
    for text in args.keep_apart:
        a, sep, b = text.partition("/")
        if not sep or not a.strip() or not b.strip():
            print(
                "peerbot: --keep-apart takes two authorities with a slash, "
                f'like --keep-apart "Oxfordshire/Hampshire", not {text!r}',
                file=sys.stderr,
            )
            return 2
        pairs.append((a.strip(), b.strip()))
    options = triad_suggestions.Options(
        tuple(pairs), tuple(s.strip() for s in args.sit_out), Remainder(args.remainder),
        DEFAULT_SEED if args.seed is None else args.seed,
        DEFAULT_TIME_LIMIT if args.time_limit is None else args.time_limit,
    )  # fmt: skip
    with sessions()() as session:
        team = _team_of(session, args.name, args.team)
        if team is None:
            print(
                f'peerbot: there is no round called "{args.name}"' + (f" in {args.team}" if args.team else ""),
                file=sys.stderr,
            )
            return 2
        if team == "":
            print(f'peerbot: several workspaces have a round "{args.name}": name one with --team', file=sys.stderr)
            return 2
        operator = Actor(team, "operator", frozenset({"operator"}))  # the operator acts as a coordinator
        try:
            suggested = triad_suggestions.propose(session, operator, args.name, options, store=False)
        except Refused as exc:
            print(f"peerbot: {word(exc)}", file=sys.stderr)
            return 2
    if args.json:
        json.dump(suggested.to_json(), sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    p = suggested.proposal
    bound = "optimal" if p.optimal else f"best bound {p.best_bound}"
    print(f"{suggested.round_name}: {len(p.triads)} triads, objective {p.objective} ({bound})")
    for g in p.triads:
        print(f"  host {g.host:<28} visitor {g.visitor:<28} observer {', '.join(g.observers)}")
    if p.sitting_out:
        print("  sitting out: " + ", ".join(p.sitting_out))
    for v in p.violations:
        print(f"  ! {v.kind}: {' / '.join(v.authorities)}")
    return 0
