"""How long `peerbot import` takes for a large region: N authorities (a DCS and two team members each,
all by e-mail, so 3N users.lookupByEmail calls), then an earlier round of N/3 triads, then both again
(which must change nothing).

    python benchmarks/import_csv.py                 # 300 authorities, SQLite
    python benchmarks/import_csv.py --authorities 90 --database-url postgresql://postgres@127.0.0.1:5432/test

It starts the standalone Slack double (`python -m slack_double`), migrates a fresh database with
`peerbot db upgrade` and times each `peerbot import` process from start to exit; it exits 1 if an import
fails or the second pass changes anything.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PEERBOT = Path(sys.executable).with_name("peerbot")
COMMAND = [str(PEERBOT)] if PEERBOT.exists() else [sys.executable, "-m", "bot.cli"]


def authorities_csv(n: int) -> str:
    rows = ["name,DCS,team"]
    for i in range(n):
        rows.append(
            f'Authority {i:03d},dcs{i}@a{i}.example.org,"lead{i}@a{i}.example.org; analyst{i}@a{i}.example.org"'
        )
    return "\n".join(rows) + "\n"


def round_csv(n: int) -> str:
    months = ["February 2018", "Early October", "7 September", "March 2018 tbc"]
    rows = ["triad,host,visitor,observer,challenge session,fieldwork"]
    for t in range(n // 3):
        a, b, c = 3 * t, 3 * t + 1, 3 * t + 2
        rows.append(f"{t + 1},Authority {a:03d},Authority {b:03d},Authority {c:03d},{months[t % 4]},November 2018")
    return "\n".join(rows) + "\n"


def timed(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run([*COMMAND, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"peerbot {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()[:500]}")
    return took, done.stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--authorities", type=int, default=300)
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    options = parser.parse_args(argv)
    n = options.authorities - options.authorities % 3
    with tempfile.TemporaryDirectory(prefix="peerbot-import-") as folder:
        double = subprocess.Popen([sys.executable, "-m", "slack_double"], cwd=REPO, stdout=subprocess.PIPE, text=True)
        try:
            base_url = double.stdout.readline().strip()  # type: ignore[union-attr]
            database_url = options.database_url or f"sqlite:///{folder}/import.db"
            env = {**os.environ, "PYTHONPATH": str(REPO), "SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": "s",
                   "SLACK_API_URL": base_url, "DATABASE_URL": database_url, "PEER_COORDINATORS": "UCOORD"}  # fmt: skip
            if options.database_url:
                from sqlalchemy import create_engine, text

                engine = create_engine(options.database_url.replace("postgres://", "postgresql+psycopg://", 1)
                                       .replace("postgresql://", "postgresql+psycopg://", 1))  # fmt: skip
                with engine.begin() as connection:
                    connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
                    connection.execute(text("CREATE SCHEMA public"))
                engine.dispose()
            subprocess.run([*COMMAND, "db", "upgrade"], cwd=REPO, env=env, check=True, capture_output=True)
            authorities, rounds = Path(folder, "authorities.csv"), Path(folder, "round.csv")
            authorities.write_text(authorities_csv(n), encoding="utf-8")
            rounds.write_text(round_csv(n), encoding="utf-8")
            first_a, said_a = timed(["import", "authorities", str(authorities)], env)
            first_r, said_r = timed(["import", "round", str(rounds), "--name", "SE 2018"], env)
            again_a, same_a = timed(["import", "authorities", str(authorities)], env)
            again_r, same_r = timed(["import", "round", str(rounds), "--name", "SE 2018"], env)
        finally:
            double.terminate()
            double.wait(timeout=10)
    backend = "PostgreSQL" if options.database_url else "SQLite"
    print(f"{n} authorities ({3 * n} people by e-mail), {n // 3} triads; {backend}; each a `peerbot import` process")
    print(f"  authorities: {first_a:.2f} s first, {again_a:.2f} s again — {same_a[:70]}")
    print(f"  round:       {first_r:.2f} s first, {again_r:.2f} s again — {same_r[:70]}")
    ok = "nothing changed" in same_a and "nothing changed" in same_r and "added" in said_a and "recorded" in said_r
    if not ok:
        print("FAIL: the first pass did not import, or the second changed something", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
