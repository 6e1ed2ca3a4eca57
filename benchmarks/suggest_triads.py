"""Suggest triads for 153 authorities with five earlier rounds of history: CP-SAT beside a greedy baseline.

    python benchmarks/suggest_triads.py [--authorities 153] [--rounds 5] [--time-limit 4] [--restarts 50]

153 is England's count of councils with children's services; the names are synthetic. Two
histories of five earlier rounds: "rotated" (each round built by the greedy baseline from the ones
before it, so hosts already rotate and roles are even) and "random" (random rounds: uneven roles,
hosts repeating). For each, the next round is proposed twice in the same run:

* CP-SAT (bot.rules.triad_suggestion.suggest): time to a proposal, proven optimal or the gap;
* the greedy baseline (random-restart, the same objective): its time and what it repeats.

Exits 1 when CP-SAT misses the aim: zero repeats of any kind in under 5 s, proven optimal or with its gap printed.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.rules.triad_suggestion import Group, Request, greedy, objective_of, repeats, suggest  # noqa: E402

AIM_SECONDS = 5.0


def rotated_history(names: list[str], rounds: int) -> list[list[Group]]:
    """Rounds as a programme that already rotated would have run them: each by the greedy, from the ones before."""
    history: list[list[Group]] = []
    for r in range(rounds):
        found = greedy(Request(names, history, seed=1000 + r), restarts=20)
        assert found is not None, "the greedy could not build an earlier round"
        history.append(found[0])
    return history


def random_history(names: list[str], rounds: int) -> list[list[Group]]:
    """Rounds drawn at random (roles uneven, hosts may repeat): a region that never planned rotation."""
    rng = random.Random(7)
    history = []
    for _ in range(rounds):
        order = names[:]
        rng.shuffle(order)
        history.append([Group(order[i], order[i + 1], (order[i + 2],)) for i in range(0, len(order) - 2, 3)])
    return history


REPEATS = {"host_visitor_again": "host-visitor", "host_twice_running": "host twice", "together_again": "together"}


def _repeated(found: dict[str, int]) -> str:
    return " / ".join(str(found[kind]) for kind in REPEATS)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--authorities", type=int, default=153)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--time-limit", type=float, default=4.0)
    parser.add_argument("--restarts", type=int, default=50, help="greedy baseline restarts")
    parser.add_argument("--seed", type=int, default=2019)
    args = parser.parse_args()

    names = [f"Council {i:03d}" for i in range(args.authorities)]
    ok = True
    for label, build in (("rotated", rotated_history), ("random", random_history)):
        history = build(names, args.rounds)
        print(f"\n{args.authorities} authorities, {args.rounds} earlier rounds ({label} history)")
        ok = run(args, names, history) and ok
    print(f"\naim (zero repeats in under {AIM_SECONDS:.0f} s, every scenario): {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


def run(args, names: list[str], history: list[list[Group]]) -> bool:
    request = Request(names, history, seed=args.seed, time_limit=args.time_limit)

    started = time.perf_counter()
    proposal = suggest(request)
    solver_seconds = time.perf_counter() - started
    solver_repeats = repeats(proposal.triads, history)

    started = time.perf_counter()
    baseline = greedy(request, restarts=args.restarts)
    greedy_seconds = time.perf_counter() - started

    repeated = " / ".join(REPEATS.values())
    print(f"{'method':<34} {'time':>7} {'objective':>9} {'bound':>6} {'optimal':>8}  repeats ({repeated})")
    gap = "" if proposal.optimal else f"   gap {proposal.objective - proposal.best_bound}"
    print(
        f"{'CP-SAT (roles, then groups)':<34} {solver_seconds:>6.2f}s {proposal.objective:>9} {proposal.best_bound:>6} "
        f"{str(proposal.optimal):>8}  {_repeated(solver_repeats)}{gap}"
    )
    greedy_label = f"{f'greedy, {args.restarts} restarts':<34} {greedy_seconds:>6.2f}s"
    if baseline is None:
        print(f"{greedy_label}  found nothing that keeps the hard rules")
    else:
        found = repeats(baseline[0], history)
        print(f"{greedy_label} {objective_of(request, baseline[0]):>9} {'-':>6} {'-':>8}  {_repeated(found)}")
    return solver_seconds < AIM_SECONDS and not any(solver_repeats.values())


if __name__ == "__main__":
    sys.exit(main())
