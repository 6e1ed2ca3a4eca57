"""The triads' canvases under a storm of changes: 50 triads of one workspace, each changing 20 times in
one minute (a progress note on an action, each in its own transaction, at random moments).

    python benchmarks/canvas_updates.py [--triads 50] [--changes 20] [--interval 30] [--seed 1]
        [--database-url postgresql://...]

What it does, on a virtual clock (nothing sleeps; the Slack double answers over HTTP):

1. migrates a fresh SQLite file (or the database given), makes one round, the triads with their
   channels and one action each, and lets the canvas job create every canvas (Tier 2: 20 a minute);
2. makes the changes over one minute and runs the clock's canvas job (`handlers.canvas.sync_dirty`,
   the job `peerbot clock` runs) every `--interval` seconds until every canvas shows everything;
3. prints the changes, the edits sent (and so the changes coalesced into them), the time from each
   change to the pass whose edit showed it (p50/p99), and the most `canvases.edit` calls in any
   60 seconds against the method's tier (50 a minute per workspace).

Aim: p99 under 60 s, and never more than 50 edits in any minute. Exit code 1 when either is missed.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from slack_sdk import WebClient  # noqa: E402
from sqlalchemy import select  # noqa: E402

from handlers.canvas import EDITS_PER_MINUTE, CanvasSync, Pacer, sync_dirty  # noqa: E402
from slack_double import SlackDouble  # noqa: E402
from storage.canvas_models import ChannelCanvas  # noqa: E402
from storage.db import make_engine, make_sessionmaker, transaction, upgrade  # noqa: E402
from storage.models import Action, ActionNote, Authority, Round, Triad  # noqa: E402

TEAM = "T0001"
START = datetime(2018, 7, 1, 9, 0, tzinfo=timezone.utc)


class VirtualClock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def seconds(self) -> float:
        return (self.now - START).total_seconds()


class EditLog(WebClient):
    """The app's client, noting the virtual time of each canvases.edit it sends."""

    def __init__(self, clock: VirtualClock, **kwargs) -> None:
        super().__init__(**kwargs)
        self.clock, self.edits = clock, []

    def canvases_edit(self, **kwargs):  # type: ignore[override]
        self.edits.append(self.clock.seconds())
        return super().canvases_edit(**kwargs)


def seed(sessions, triads: int, double: SlackDouble) -> list[tuple[int, int]]:
    """(triad id, action id) of each triad."""
    out = []
    with transaction(sessions) as session:
        round_ = Round(team_id=TEAM, name="Bench 2018", name_key="bench 2018", year=2018)
        session.add(round_)
        for n in range(1, triads + 1):
            people = [
                Authority(team_id=TEAM, name=f"LA {n}-{r}", name_key=f"la {n}-{r}", dcs_user_id=f"U{n:03d}{r}")
                for r in range(3)
            ]
            session.add_all(people)
            channel = double.add_channel(f"CT{n:04d}", f"triad-{n}", is_private=True).id
            triad = Triad(team_id=TEAM, number=n, round=round_, host=people[0], visitor=people[1],
                          observer=people[2], channel_id=channel)  # fmt: skip
            session.add(triad)
            session.flush()
            action = Action(team_id=TEAM, triad_id=triad.id, number=1, text="Audit step-down cases",
                            owner_user_id=people[0].dcs_user_id)  # fmt: skip
            session.add(action)
            session.flush()
            out.append((triad.id, action.id))
    return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triads", type=int, default=50)
    parser.add_argument("--changes", type=int, default=20, help="changes per triad, within one minute")
    parser.add_argument("--interval", type=float, default=30.0, help="seconds between the clock's passes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    args = parser.parse_args(argv)

    folder = tempfile.mkdtemp(prefix="canvas-bench-")
    url = args.database_url or f"sqlite:///{folder}/bench.db"
    upgrade(url)
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    clock = VirtualClock()
    rng = random.Random(args.seed)
    with SlackDouble(schemas_dir=None, require_schemas=False) as double:
        client = EditLog(clock, token="xoxb-bench", base_url=double.base_url)
        sync = CanvasSync(sessions, lambda _team: client, (), clock, "bench",
                          edits=Pacer(EDITS_PER_MINUTE, clock.seconds), creates=Pacer(20, clock.seconds))  # fmt: skip
        pairs = seed(sessions, args.triads, double)

        # 1. every canvas made (Tier 2 allows 20 a minute), before the minute of changes
        clock.now = START - timedelta(minutes=10)
        while True:
            sync_dirty(sync)
            with sessions() as session:
                behind = session.scalar(
                    select(ChannelCanvas.id).where(ChannelCanvas.built < ChannelCanvas.wanted).limit(1)
                )
            if behind is None:
                break
            clock.now += timedelta(seconds=args.interval)
        clock.now = START
        client.edits.clear()

        # 2. the changes, at random moments of one minute; the clock's passes every `interval`
        changes = sorted((rng.uniform(0, 60), triad_id, action_id) for triad_id, action_id in pairs
                         for _ in range(args.changes))  # fmt: skip
        waiting: dict[int, list[tuple[float, int]]] = {}  # triad id -> (time of change, version)
        latencies: list[float] = []
        next_pass = args.interval
        index = 0
        while index < len(changes) or waiting:
            next_change = changes[index][0] if index < len(changes) else float("inf")
            if next_change < next_pass:
                at, triad_id, action_id = changes[index]
                index += 1
                clock.now = START + timedelta(seconds=at)
                with transaction(sessions) as session:
                    session.info["now"] = clock
                    session.add(ActionNote(action_id=action_id, text=f"progress at {at:.1f}s", author="U0001"))
                with sessions() as session:  # marked as it committed
                    version = session.scalar(select(ChannelCanvas.wanted).where(ChannelCanvas.triad_id == triad_id))
                waiting.setdefault(triad_id, []).append((at, version))
                continue
            clock.now = START + timedelta(seconds=next_pass)
            sync_dirty(sync)
            with sessions() as session:
                built = dict(session.execute(select(ChannelCanvas.triad_id, ChannelCanvas.built)).all())
            for triad_id in list(waiting):
                shown = [(at, v) for at, v in waiting[triad_id] if v <= built[triad_id]]
                latencies += [next_pass - at for at, _ in shown]
                waiting[triad_id] = [(at, v) for at, v in waiting[triad_id] if v > built[triad_id]]
                if not waiting[triad_id]:
                    del waiting[triad_id]
            next_pass += args.interval
            if next_pass > 3600:
                print("gave up: canvases still behind after an hour", file=sys.stderr)
                return 1

        edits = client.edits
        busiest = max(sum(1 for t in edits if start <= t < start + 60) for start in edits) if edits else 0
        with sessions() as session:
            converged = all(
                built >= wanted for built, wanted in session.execute(select(ChannelCanvas.built, ChannelCanvas.wanted))
            )
        markdown_ok = all("progress at" in (c.markdown or "") for c in double.__dict__.get("canvases", {}).values())
    p50, p99 = percentile(latencies, 50), percentile(latencies, 99)
    print(f"triads: {args.triads}, changes: {len(changes)} in one minute, clock pass every {args.interval:g} s")
    print(f"canvases.edit sent: {len(edits)} (changes coalesced: {len(changes) - len(edits)})")
    print(f"change -> canvas showing it: p50 {p50:.1f} s, p99 {p99:.1f} s, max {max(latencies):.1f} s")
    print(f"most canvases.edit in any 60 s: {busiest} (tier: {EDITS_PER_MINUTE} a minute per workspace)")
    print(f"every canvas converged: {converged and markdown_ok}")
    ok = p99 < 60 and busiest <= EDITS_PER_MINUTE and converged and markdown_ok
    print("aim met" if ok else "aim MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
