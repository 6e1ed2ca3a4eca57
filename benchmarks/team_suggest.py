"""How long the visiting-team model takes on a regional pool, and whether it proves its answer optimal.

    python benchmarks/team_suggest.py [--reviewers 200] [--authorities 40] [--runs 5] [--seed 1]

Builds a pool of ``--reviewers`` reviewers spread over ``--authorities`` authorities (random seniority,
one to three expertise terms, a quarter already on an accepted team this round and some at the cap),
then solves ``--runs`` triads' teams with ``bot.rules.visiting_team.suggest_team`` (CP-SAT, one worker)
and prints each solve's wall time, whether it was proven optimal, the objective and the team.
Aim: every run optimal and under 1 s; the exit code is 1 otherwise.
"""

from __future__ import annotations

import argparse
import random
import sys
import time

from bot.rules.visiting_team import MAX_TEAMS_PER_ROUND, SENIORITIES, Candidate, TeamRequest, suggest_team

TERMS = [
    "early help", "SEND", "neglect", "adoption", "fostering", "youth justice", "child protection",
    "care leavers", "exploitation", "domestic abuse", "workforce", "quality assurance", "CAMHS",
]  # fmt: skip
LINES = (
    "How well does our early help offer reach families before child protection is needed?",
    "How effective is our response to exploitation of adolescents, including care leavers?",
    "How well do we hear the voice of children with SEND?",
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviewers", type=int, default=200)
    parser.add_argument("--authorities", type=int, default=40)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    authorities = [f"Authority {i}" for i in range(args.authorities)]
    pool = [
        Candidate(
            f"U{i:04d}",
            rng.choice(authorities),
            rng.choice(SENIORITIES),
            tuple(rng.sample(TERMS, rng.randint(1, 3))),
            rng.choice([0, 0, 0, 1, MAX_TEAMS_PER_ROUND]),
        )
        for i in range(args.reviewers)
    ]
    ok = True
    print(f"pool: {args.reviewers} reviewers over {args.authorities} authorities")
    for run in range(args.runs):
        host = authorities[run % len(authorities)]
        request = TeamRequest(host, "UHOSTDCS", "UVISITDCS", LINES[: 1 + run % len(LINES)])
        started = time.perf_counter()
        team = suggest_team(request, pool)
        took = time.perf_counter() - started
        ok &= team.optimal and took < 1.0
        names = ", ".join(f"{m.candidate.user_id} ({m.candidate.seniority}, score {m.score})" for m in team.members)
        print(f"run {run + 1}: {took * 1000:.0f} ms, optimal={team.optimal}, objective={team.objective}: {names}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
