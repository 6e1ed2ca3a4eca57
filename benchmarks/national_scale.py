"""England at national scale: 9 workspaces, 153 authorities, 10 years of rounds, 500,000 actions.

    python benchmarks/national_scale.py [--actions 500000] [--requests 200] [--database-url postgresql://...]
    python benchmarks/national_scale.py --small          # a smoke test: 2 years, 3,000 actions, 20 requests

What it does, in this process, against a real database migrated by Alembic and the Slack double:

1. builds England with bulk inserts: the 9 regions as 9 workspaces (team_ids), 153 authorities
   (each a DCS and two team members), a round per region per year for 10 years (orientation and
   summit dates), a triad per three authorities of a region a year (challenge and fieldwork dates,
   three agreed lines of enquiry, past years' steps done), and every reminder plan, derived by the
   real planner (``bot.rules.reminder_plan``; a reminder already due when planned is ``skipped``);
2. adds 1,000 actions, each with a progress note and its reminder, spread round-robin over every
   triad (past years' actions mostly done), and measures; then adds actions up to ``--actions``
   and measures again, so both sizes come from one run on one database:
   - ``/peer status`` and ``/peer action list`` typed by the region's coordinator in a current-year
     triad's channel, signed as Slack signs them and dispatched to the real Bolt app
     (tests/e2e/harness.py); the time is to the acknowledgement;
   - the App Home for the host DCS of that triad, who owns actions: its build (the queries and
     the view, ``home_of`` + ``home_view``) and its publish (``handlers.events.home.publish_home``:
     the same plus the ``views.publish`` call, which the double in this process validates
     against Slack's schema at a cost of its own);
   - the 9:00 burst: one reminder due at 09:00 in every current-year triad's channel of all 9
     regions (what "every triad in the country" is taken to mean), plus whatever the plans put at
     that 09:00, claimed and sent by the clock's ``send_due``; the claiming time is reported apart,
     and every delivered message's ``reminder_id`` is checked: none lost, none doubled;
   - the database's size.
3. prints p50 / p99 of each at both sizes and the 500k/1k ratio of the medians; the aim is each
   latency within 1.5x (indexed, flat). Exit code 1 when an aim is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from sqlalchemy import func, insert, select, text  # noqa: E402
from sqlalchemy.orm import Session, sessionmaker  # noqa: E402

# England's regions and how many children's services authorities each has (153 in all).
REGIONS = (
    ("North East", 12),
    ("North West", 24),
    ("Yorkshire and the Humber", 15),
    ("East Midlands", 10),
    ("West Midlands", 14),
    ("East of England", 11),
    ("London", 33),
    ("South East", 19),
    ("South West", 15),
)
ZONE = "Europe/London"
# The benchmark's "now": plans are made at 08:59 on a Monday of the current year; the bursts are
# that day's and the next day's 09:00 (GMT, so 09:00 UTC).
CURRENT_YEAR = 2026
PLANNED_AT = datetime(2026, 3, 2, 8, 59, tzinfo=timezone.utc)
BURSTS = (datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc), datetime(2026, 3, 3, 9, 0, tzinfo=timezone.utc))
AIM_RATIO = 1.5


@dataclass
class TriadInfo:
    id: int
    team_id: str
    number: int
    year: int
    channel: str
    people: list[str]  # the three DCSs, then their team members
    host_dcs: str
    visitor_dcs: str
    round_name: str
    actions: int = 0


@dataclass
class England:
    triads: list[TriadInfo] = field(default_factory=list)
    coordinators: dict[str, str] = field(default_factory=dict)  # team_id -> coordinator
    actions: int = 0
    next_ids: dict[str, int] = field(default_factory=dict)

    def current(self) -> list[TriadInfo]:
        return [t for t in self.triads if t.year == CURRENT_YEAR]


def team_of(region: int) -> str:
    return f"TENG{region:02d}"


def take_ids(england: England, sessions: sessionmaker[Session], model, count: int) -> range:
    """Explicit primary keys for a bulk insert (fixed up on PostgreSQL's sequences afterwards)."""
    name = model.__tablename__
    if name not in england.next_ids:
        with sessions() as session:
            england.next_ids[name] = (session.scalar(select(func.max(model.id))) or 0) + 1
    start = england.next_ids[name]
    england.next_ids[name] = start + count
    return range(start, start + count)


def fix_sequences(sessions: sessionmaker[Session], tables: list[str]) -> None:
    with sessions() as session, session.begin():
        if session.get_bind().dialect.name != "postgresql":
            return
        for table in tables:
            session.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
            )


def bulk(session: Session, model, rows: list[dict], chunk: int = 5000) -> None:
    """Insert rows (all with the same keys): PostgreSQL's COPY there, executemany batches elsewhere."""
    if not rows:
        return
    if session.get_bind().dialect.name == "postgresql":
        columns = list(rows[0])
        names = ", ".join(f'"{c}"' for c in columns)
        driver = session.connection().connection.driver_connection
        with driver.cursor() as cursor, cursor.copy(f"COPY {model.__tablename__} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([json.dumps(v) if isinstance(v, dict) else v for v in (row[c] for c in columns)])
        return
    for start in range(0, len(rows), chunk):
        session.execute(insert(model.__table__), rows[start : start + chunk])


def plan_rows(team_id: str, triad_id: int, planned, now: datetime) -> list[dict]:
    from bot.rules.reminder_facts import REMINDER_FACTS

    return [
        {
            "team_id": team_id,
            "triad_id": triad_id,
            "key": p.key,
            "kind": p.kind,
            "recipient": p.recipient,
            "text": "",
            "facts": REMINDER_FACTS.dump_python(p.facts, mode="json"),
            "due_at": p.due_at,
            "status": "pending" if p.due_at > now else "skipped",
            "attempts": 0,
            "created_at": now,
        }
        for p in planned
    ]


def build_england(sessions: sessionmaker[Session], years: int) -> England:
    """Rounds, authorities, triads, dates, focus lines, steps and every plan (no actions yet)."""
    from bot.rules.dates import parse_fuzzy_date
    from bot.rules.reminder_plan import (
        Audience,
        PlanInput,
        RoundEvents,
        RoundPlanInput,
        plan_reminders,
        plan_round_reminders,
    )
    from storage.models import (
        Authority,
        AuthorityMember,
        Coordinator,
        FocusLine,
        Reminder,
        Round,
        RoundDate,
        StepDone,
        Triad,
        TriadDate,
    )

    england = England()
    now = PLANNED_AT
    rows: dict[type, list[dict]] = {m: [] for m in (Coordinator, Round, RoundDate, Authority, AuthorityMember,
                                                    Triad, TriadDate, FocusLine, StepDone, Reminder)}  # fmt: skip
    ids = {m: take_ids(england, sessions, m, 200_000).start for m in (Round, Authority, Triad)}

    def given(kind: str, text_: str, year: int, owner_key: str, owner_id: int) -> dict:
        fd = parse_fuzzy_date(text_, year)
        return {owner_key: owner_id, "kind": kind, "text": fd.text, "start": fd.start, "end": fd.end,
                "precision": fd.precision, "provisional": False, "updated_at": now}  # fmt: skip

    first_year = CURRENT_YEAR - years + 1
    for r, (region, count) in enumerate(REGIONS, start=1):
        team = team_of(r)
        coordinator = f"UCO{r:02d}"
        england.coordinators[team] = coordinator
        rows[Coordinator].append({"team_id": team, "user_id": coordinator, "added_by": None, "created_at": now})
        authorities = []
        for a in range(count):
            aid = ids[Authority]
            ids[Authority] += 1
            dcs, team_people = f"UD{r:02d}{a:02d}", [f"UT{r:02d}{a:02d}{k}" for k in (1, 2)]
            rows[Authority].append({"id": aid, "team_id": team, "name": f"{region} authority {a + 1}",
                                    "name_key": f"{region} authority {a + 1}".casefold(), "dcs_user_id": dcs,
                                    "created_at": now})  # fmt: skip
            for user in team_people:
                rows[AuthorityMember].append({"authority_id": aid, "user_id": user})
            authorities.append((aid, dcs, team_people))
        number = 0
        for y, year in enumerate(range(first_year, CURRENT_YEAR + 1)):
            rid = ids[Round]
            ids[Round] += 1
            round_name = f"{region} {year}"
            rows[Round].append({"id": rid, "team_id": team, "name": round_name, "name_key": round_name.casefold(),
                                "year": year, "timezone": ZONE, "created_by": coordinator,
                                "created_at": datetime(year, 1, 1, tzinfo=timezone.utc)})  # fmt: skip
            orientation = given("orientation", "15 January", year, "round_id", rid)
            summit = given("summit", "14 March", year + 1, "round_id", rid)
            rows[RoundDate] += [orientation, summit]
            events = RoundEvents(
                round_name,
                parse_fuzzy_date("15 January", year),
                parse_fuzzy_date("14 March", year + 1),
            )
            round_plan = plan_round_reminders(RoundPlanInput(rid, ZONE, events, (coordinator,)))
            rows[Reminder] += plan_rows(team, None, round_plan, now)  # type: ignore[arg-type]
            # A different grouping of the region's authorities each year.
            order = authorities[y % len(authorities) :] + authorities[: y % len(authorities)]
            for t in range(len(order) // 3):
                host, visitor, observer = order[3 * t : 3 * t + 3]
                tid = ids[Triad]
                ids[Triad] += 1
                number += 1
                channel = f"C{r:02d}{year}{t:02d}"
                rows[Triad].append({"id": tid, "team_id": team, "number": number, "round_id": rid,
                                    "host_id": host[0], "visitor_id": visitor[0], "observer_id": observer[0],
                                    "channel_id": channel, "channel_name": f"pc-{year}-{tid}",
                                    "interview_numbers_used": 0,
                                    "follow_up_status": "declined" if year < CURRENT_YEAR else None,
                                    "created_by": coordinator,
                                    "created_at": datetime(year, 1, 10, tzinfo=timezone.utc)})  # fmt: skip
                challenge_text, fieldwork_text = "February", f"{7 + t % 14} & {8 + t % 14} July"
                rows[TriadDate] += [
                    given("challenge", challenge_text, year, "triad_id", tid),
                    given("fieldwork", fieldwork_text, year, "triad_id", tid),
                ]
                for n in (1, 2, 3):
                    rows[FocusLine].append({"triad_id": tid, "number": n, "status": "agreed",
                                            "text": f"Line {n}: how well do we hear the voice of the child?",
                                            "proposed_by": visitor[1], "host_agreed_by": host[1],
                                            "visitor_agreed_by": visitor[1],
                                            "created_at": now})  # fmt: skip
                steps = ("self_assessment", "data_profile", "report") if year < CURRENT_YEAR else ()
                for step in steps:
                    rows[StepDone].append({"triad_id": tid, "step": step, "done_by": host[1], "done_at": now})
                plan = plan_reminders(
                    PlanInput(
                        triad_number=number,
                        timezone=ZONE,
                        challenge=parse_fuzzy_date(challenge_text, year),
                        fieldwork=parse_fuzzy_date(fieldwork_text, year),
                        steps_done=frozenset(steps),
                        follow_up_declined=year < CURRENT_YEAR,
                        follow_up_answered=year < CURRENT_YEAR,
                        actions=(),
                        audience=Audience(channel, host[1], visitor[1], (coordinator,)),
                        round_events=events,
                    )
                )
                rows[Reminder] += plan_rows(team, tid, plan, now)
                people = [host[1], visitor[1], observer[1], *host[2], *visitor[2], *observer[2]]
                england.triads.append(
                    TriadInfo(tid, team, number, year, channel, people, host[1], visitor[1], round_name)
                )
    with sessions() as session, session.begin():
        for model, values in rows.items():
            bulk(session, model, values)
    fix_sequences(sessions, ["rounds", "authorities", "triads"])
    return england


def add_actions(sessions: sessionmaker[Session], england: England, target: int) -> None:
    """Actions up to `target` in all, each with a progress note and its planned reminder, round-robin over triads."""
    from bot.rules.reminder_plan import ActionInfo, Audience, PlanInput, plan_reminders
    from storage.models import Action, ActionNote, Reminder

    count = target - england.actions
    if count <= 0:
        return
    now = PLANNED_AT
    action_ids = take_ids(england, sessions, Action, count)
    note_ids = take_ids(england, sessions, ActionNote, count)
    chunk = 20_000
    for offset in range(0, count, chunk):
        actions, notes, reminders = [], [], []
        new_infos: dict[int, list[ActionInfo]] = {}
        for k in range(offset, min(count, offset + chunk)):
            i = england.actions + k
            triad = england.triads[i % len(england.triads)]
            triad.actions += 1
            number = triad.actions
            owner = triad.people[i % len(triad.people)]
            due = date(triad.year, 8, 1) + timedelta(days=7 * (i % 30))
            done = triad.year < CURRENT_YEAR and i % 10 != 0
            words = f"Action {number} of triad {triad.number}: review step-down to early help with the team"
            aid, nid = action_ids[k], note_ids[k]
            actions.append({"id": aid, "team_id": triad.team_id, "triad_id": triad.id, "number": number,
                            "text": words, "owner_user_id": owner, "due_text": due.strftime("%-d %B %Y"),
                            "due_date": due, "focus_number": 1 + i % 3, "status": "done" if done else "open",
                            "created_by": triad.host_dcs, "created_at": now,
                            "done_at": now if done else None})  # fmt: skip
            notes.append({"id": nid, "action_id": aid, "text": f"Progress on action {number}: met the team, on track",
                          "author": owner, "created_at": now})  # fmt: skip
            new_infos.setdefault(triad.id, []).append(ActionInfo(number, words, owner, due, done))
        by_id = {t.id: t for t in england.triads}
        for triad_id, infos in new_infos.items():
            triad = by_id[triad_id]
            planned = plan_reminders(
                PlanInput(
                    triad_number=triad.number, timezone=ZONE, challenge=None, fieldwork=None,
                    steps_done=frozenset(), follow_up_declined=True, follow_up_answered=True,
                    actions=tuple(infos), audience=Audience(triad.channel, triad.host_dcs, triad.visitor_dcs),
                )
            )  # fmt: skip
            reminders += plan_rows(triad.team_id, triad.id, planned, now)
        with sessions() as session, session.begin():
            bulk(session, Action, actions)
            bulk(session, ActionNote, notes)
            bulk(session, Reminder, reminders)
    england.actions = target
    fix_sequences(sessions, ["actions", "action_notes"])


def analyse(engine) -> None:
    """Fresh planner statistics (and, on PostgreSQL, the visibility map), as autovacuum would leave them."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"))


def database_size(sessions: sessionmaker[Session], url: str) -> int:
    with sessions() as session:
        if session.get_bind().dialect.name == "postgresql":
            return int(session.scalar(text("SELECT pg_database_size(current_database())")) or 0)
    path = Path(url.removeprefix("sqlite:///"))
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-p * len(ordered) // 100))))
    return ordered[rank - 1]


def timed(fn, count: int, warmup: int) -> list[float]:
    for i in range(warmup):
        fn(i)
    out = []
    for i in range(count):
        started = time.perf_counter()
        fn(i)
        out.append((time.perf_counter() - started) * 1000)
    return out


def measure_requests(app, double, england: England, requests: int) -> dict[str, list[float]]:
    """Status, action list (signed, dispatched to Bolt) and the Home publish, over the 9 regions' current triads."""
    from bot.services import access
    from handlers.events.home import home_of, home_view, publish_home
    from slack_double.payloads import sign, slash_command_body
    from tests.e2e.harness import SIGNING_SECRET

    firsts: dict[str, TriadInfo] = {}
    for t in england.current():
        firsts.setdefault(t.team_id, t)
    triads = list(firsts.values())  # a current-year triad of each region

    def command(text_: str, expect: str):
        def run(i: int) -> None:
            triad = triads[i % len(triads)]
            trigger = f"bench-{uuid.uuid4().hex}"
            body = slash_command_body(
                text_, team=triad.team_id, user=england.coordinators[triad.team_id], channel=triad.channel,
                response_url=double.response_url(trigger), trigger_id=trigger,
            )  # fmt: skip
            response = app.dispatch(body, sign(body, SIGNING_SECRET), "application/x-www-form-urlencoded")
            if response.status != 200 or expect.format(n=triad.number) not in response.text:
                raise SystemExit(f"`/peer {text_}` answered {response.status}: {response.text[:300]}")

        return run

    def home(i: int) -> None:
        triad = triads[i % len(triads)]
        ok = publish_home(
            app.bolt.client, app.deps.sessions, app.settings, triad.team_id, triad.host_dcs, app.deps.now()
        )
        if not ok:
            raise SystemExit("the Home publish failed")

    def home_build(i: int) -> None:
        triad = triads[i % len(triads)]
        with app.deps.sessions() as session:
            who = access.actor(session, triad.team_id, triad.host_dcs, app.settings.peer_coordinators)
            home_view(home_of(session, who, app.settings.peer_timezone), app.deps.now()).to_dict()

    warmup = min(10, requests)
    figures = {
        "/peer status": timed(command("status", "Triad {n} status"), requests, warmup),
        "/peer action list": timed(command("action list", "Triad {n} actions"), requests, warmup),
        "App Home build": timed(home_build, requests, warmup),
        "App Home publish": timed(home, requests, warmup),
    }
    app.executor.drain(timeout=60)
    return figures


@dataclass
class Burst:
    reminders: int
    claim_ms: float
    total_ms: float
    lost: int
    doubled: int


def burst(sessions: sessionmaker[Session], double, settings, england: England, at: datetime) -> Burst:
    """One reminder due at `at` in each current-year triad's channel; the clock claims and sends all that is due."""
    import bot.clock.sending as sending
    from bot.app import reminder_renderer
    from bot.clock.config import SendConfig
    from bot.clock.slack_client import clock_client
    from storage.models import Reminder

    stamp = at.strftime("%Y%m%d")
    with sessions() as session, session.begin():
        bulk(session, Reminder, [
            {"team_id": t.team_id, "triad_id": t.id, "key": f"custom:burst{stamp}", "kind": "custom",
             "recipient": t.channel, "text": "Good morning: today's programme reminder.", "due_at": at,
             "status": "pending", "attempts": 0, "created_by": england.coordinators[t.team_id], "created_at": at}
            for t in england.current()
        ])  # fmt: skip
    with sessions() as session:
        due = set(session.scalars(select(Reminder.id).where(Reminder.status == "pending", Reminder.due_at <= at)))
    claim_seconds = [0.0]
    real_claim = sending.claim_due

    def timed_claim(*args, **kwargs):
        started = time.perf_counter()
        try:
            return real_claim(*args, **kwargs)
        finally:
            claim_seconds[0] += time.perf_counter() - started

    before = len(double.messages)
    sending.claim_due = timed_claim
    try:
        started = time.perf_counter()
        sending.send_due(
            sessions, clock_client(settings), render=reminder_renderer(), now=lambda: at,
            worker_id="national-bench", config=SendConfig(coordinators=tuple(england.coordinators.values())),
        )  # fmt: skip
        total = time.perf_counter() - started
    finally:
        sending.claim_due = real_claim
    delivered = [
        (m.get("metadata") or {}).get("event_payload", {}).get("reminder_id") for m in double.messages[before:]
    ]
    seen = [int(r) for r in delivered if r is not None]
    lost = len(due - set(seen))
    doubled = len(seen) - len(set(seen))
    return Burst(len(due), claim_seconds[0] * 1000, total * 1000, lost, doubled)


def reset_database(url: str) -> None:
    from storage.db import make_engine, upgrade

    if url.startswith("postgresql"):
        engine = make_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    upgrade(url)


@dataclass
class Stage:
    actions: int
    build_seconds: float
    figures: dict[str, list[float]]
    burst: Burst
    size: int


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--actions", type=int, default=500_000, help="actions at the large size (default 500000)")
    parser.add_argument("--base-actions", type=int, default=1_000, help="actions at the small size (default 1000)")
    parser.add_argument("--years", type=int, default=10, help="years of rounds (default 10)")
    parser.add_argument("--requests", type=int, default=200, help="measured requests per surface (default 200)")
    parser.add_argument("--small", action="store_true", help="smoke test: 2 years, 3,000 actions, 20 requests")
    parser.add_argument(
        "--database-url", help="PostgreSQL URL (its public schema is dropped and rebuilt); default a fresh SQLite file"
    )
    args = parser.parse_args(argv)
    if args.small:
        args.actions, args.base_actions, args.years, args.requests = 3_000, 1_000, 2, 20

    import logging

    logging.basicConfig(level=logging.WARNING)
    from bot.settings import normalise_database_url
    from slack_double import SlackDouble
    from storage.db import make_engine, make_sessionmaker
    from tests.e2e.harness import InProcessApp

    work = Path(
        tempfile.mkdtemp(prefix="peerbot-national-", dir="/dev/shm" if os.access("/dev/shm", os.W_OK) else None)
    )
    url = normalise_database_url(args.database_url) if args.database_url else f"sqlite:///{work / 'england.db'}"
    db = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    command = "python benchmarks/national_scale.py " + " ".join(argv if argv is not None else sys.argv[1:])
    print(f"$ {command}")
    reset_database(url)
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    started = time.perf_counter()
    england = build_england(sessions, args.years)
    print(
        f"built {len(REGIONS)} workspaces, {sum(c for _, c in REGIONS)} authorities, {len(england.triads)} triads "
        f"over {args.years} years ({len(england.current())} this year) and their plans in "
        f"{time.perf_counter() - started:.1f} s ({db})"
    )
    stages: list[Stage] = []
    with SlackDouble(channels=[t.channel for t in england.triads]) as double:
        app = InProcessApp(url, double.base_url, sessions, lambda: PLANNED_AT, coordinators=())
        try:
            for size, at in ((args.base_actions, BURSTS[0]), (args.actions, BURSTS[1])):
                started = time.perf_counter()
                add_actions(sessions, england, size)
                analyse(engine)
                built = time.perf_counter() - started
                figures = measure_requests(app, double, england, args.requests)
                stages.append(Stage(size, built, figures, burst(sessions, double, app.settings, england, at),
                                    database_size(sessions, url)))  # fmt: skip
                with sessions() as session:
                    reminders = session.scalar(text("SELECT count(*) FROM reminders"))
                print(f"{size:,} actions: added in {built:.1f} s; {reminders:,} reminder rows; measured")
            double.assert_no_errors()
        finally:
            app.stop()
            engine.dispose()
            shutil.rmtree(work, ignore_errors=True)

    small, large = stages
    print()
    print(f"England at {small.actions:,} and {large.actions:,} actions, {db}, {args.requests} requests per surface, "
          f"{os.cpu_count()} CPUs")  # fmt: skip
    head = f"{'':<22}{f'{small.actions:,} p50':>12}{'p99':>8}{f'{large.actions:,} p50':>14}{'p99':>8}{'p50 ratio':>11}"
    print(head)
    ok = True
    for name in small.figures:
        a, b = small.figures[name], large.figures[name]
        ratio = statistics.median(b) / statistics.median(a)
        ok &= ratio <= AIM_RATIO
        print(f"{name + ' ms':<22}{percentile(a, 50):>12.1f}{percentile(a, 99):>8.1f}"
              f"{percentile(b, 50):>14.1f}{percentile(b, 99):>8.1f}{ratio:>10.2f}x")  # fmt: skip
    for stage in stages:
        bst = stage.burst
        ok &= bst.lost == 0 and bst.doubled == 0
        print(f"9:00 burst at {stage.actions:,} actions: {bst.reminders} reminders due, "
              f"claimed in {bst.claim_ms:.0f} ms, all sent in {bst.total_ms:.0f} ms; "
              f"lost {bst.lost}, doubled {bst.doubled}")  # fmt: skip
    claim_ratio = large.burst.claim_ms / small.burst.claim_ms if small.burst.claim_ms else float("inf")
    print(f"claim ratio {claim_ratio:.2f}x")
    print(f"database size: {small.size / 1e6:.1f} MB at {small.actions:,} actions, "
          f"{large.size / 1e6:.1f} MB at {large.actions:,}")  # fmt: skip
    print(f"aim (each median within {AIM_RATIO}x of {small.actions:,} actions; none lost or doubled): "
          f"{'met' if ok else 'MISSED'}")  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
