"""The archive search at 10,000 shared challenges: full-text search beside a plain LIKE scan, per database.

    python benchmarks/archive_search.py [--challenges 10000] [--queries 300]
        [--postgres postgresql://postgres@127.0.0.1:5432/test_h8]

What it does, on a fresh SQLite file and (with ``--postgres``) a fresh PostgreSQL database made
beside the one named (``<name>_archive_bench``, dropped at the end):

1. migrates it (so the FTS5 table and its triggers, or the tsvector column and its GIN index,
   are the migration's own);
2. writes ``--challenges`` triads over ten rounds and three workspaces, each sharing its agreed
   lines, a summary of the findings (60-180 words), its action themes and its files — synthetic
   text from children's-services vocabulary, each item with the region (60%) or every region (40%) —
   and the searched documents made from them as the app makes them;
3. runs the same ``--queries`` searches (two to four words, common and rare ones) through each
   implementation: the database's full-text search (``storage.archive_search.search_for``) and
   ``LikeScan`` (``lower(body) LIKE '%word%'`` for every word), each followed by loading the
   found challenges' visible items, as ``/peer archive search`` does;
4. prints p50/p99 of each, and the scan's time over the full-text search's.

Aim: full-text p99 under 50 ms and at least 10x faster than the scan (p50), on every database
measured. The exit code is 1 when an aim is missed.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from sqlalchemy import insert, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bot.rules.sharing import search_terms  # noqa: E402
from bot.settings import normalise_database_url  # noqa: E402
from storage import archive_search, sharing  # noqa: E402
from storage.db import make_engine, make_sessionmaker, upgrade  # noqa: E402
from storage.models import ArchiveDocument, Authority, Round, SharedItem, Triad  # noqa: E402

TEAMS = ("TSOUTHEAST", "TNORTHWEST", "TMIDLANDS")
NOW = datetime(2024, 3, 1, tzinfo=timezone.utc)

TOPICS = [
    "early help front door",
    "step-down from social care",
    "voice of the child",
    "placement sufficiency",
    "care leavers accommodation",
    "multi-agency safeguarding hub",
    "children missing education",
    "contextual safeguarding and exploitation",
    "special educational needs assessments",
    "edge of care support",
    "quality of supervision",
    "workforce stability",
    "neglect and the graded care profile",
    "domestic abuse",
    "transitions to adult services",
    "corporate parenting board",
    "foster carer recruitment",
    "youth justice",
    "unaccompanied asylum-seeking children",
    "private fostering",
    "child protection conferences",
    "family group conferencing",
    "kinship care",
    "adolescents at risk",
    "emotional wellbeing",
    "elective home education",
    "short breaks for disabled children",
    "permanence planning",
    "the local offer",
    "school exclusions",
    "case recording systems",
    "performance management",
    "independent reviewing officers",
    "pre-birth assessments",
    "parental substance misuse",
    "county lines",
    "missing from home interviews",
    "return home conversations",
    "sexual exploitation",
    "online harms",
    "children in need plans",
    "section 47 enquiries",
    "strategy discussions",
    "thresholds of need",
    "locality hubs",
    "family hubs",
    "health visiting",
    "school nursing",
    "virtual school",
    "personal education plans",
    "pathway plans",
    "staying put arrangements",
    "supported lodgings",
    "residential children's homes",
    "regional adoption agency",
    "special guardianship",
    "court proceedings timeliness",
    "public law outline",
    "pre-proceedings work",
    "child in care reviews",
    "life story work",
    "advocacy for children",
    "participation of young people",
    "children in care council",
    "social work academy",
    "newly qualified social workers",
    "agency social workers",
    "practice model",
    "restorative practice",
    "signs of safety",
    "quality assurance framework",
    "case file audits",
    "management oversight",
    "serious incident notifications",
    "local safeguarding partnership",
    "designated officer allegations",
    "police protection",
    "out of hours service",
    "disabled children's team",
    "autism diagnosis waiting lists",
    "education health and care plans",
    "speech and language therapy",
    "child and adolescent mental health services",
    "perinatal mental health",
    "young carers",
    "homeless sixteen and seventeen year olds",
    "youth offending prevention",
    "knife crime",
    "gang involvement",
    "radicalisation and prevent",
    "female genital mutilation",
    "forced marriage",
    "children with medical needs",
    "alternative provision",
    "school attendance",
    "reduced timetables",
    "early years settings",
    "childcare sufficiency",
    "troubled families programme",
    "commissioning of placements",
]
PLACES = [
    "the north of the county",
    "the city centre",
    "coastal towns",
    "rural districts",
    "the eastern locality",
    "the western locality",
    "market towns",
    "the new estates",
    "the university area",
    "border areas",
]
OPENERS = [
    "Partners describe",
    "Practitioners told us about",
    "Managers recognise",
    "Families experience",
    "The team found",
    "Evidence from case audits shows",
    "Leaders are clear about",
    "Young people spoke about",
    "Elected members asked about",
    "Health colleagues described",
    "Head teachers raised",
]
JUDGEMENTS = [
    "is well understood but inconsistently applied",
    "has improved since the last inspection",
    "depends too much on a few committed individuals",
    "is not yet joined up across the partnership",
    "is stronger in {p} than elsewhere",
    "lacks a shared threshold document",
    "is timely for most families",
    "is slowed by recording systems",
    "reflects the child's lived experience",
    "needs clearer management oversight",
    "is supported by reflective supervision",
    "is under review after a local practice review",
    "varies between teams in {p}",
    "has a clear improvement plan with milestones",
]
DETAILS = [
    "caseloads remain high in the assessment teams",
    "agency staff turnover disrupts relationships",
    "health colleagues are not always at meetings",
    "schools value the named contact",
    "the dashboard is used in weekly performance meetings",
    "audits show drift in plans",
    "the police apply thresholds differently",
    "the voluntary sector offers capacity in {p}",
    "families wait for a named worker",
    "plans are written with children and carers",
    "the budget pressure is recognised by the cabinet",
    "training has reached most frontline staff",
    "data quality is improving month on month",
    "the offer is less visible in {p}",
]
ACTIONS = [
    "Publish the {t} protocol",
    "Review {t} caseloads",
    "Train staff on {t}",
    "Audit {t} cases quarterly",
    "Agree {t} thresholds with partners",
    "Report {t} data to the board",
    "Co-produce {t} guidance with families",
]
QUERIES = [
    "early help front door",
    "voice of the child",
    "placement sufficiency",
    "care leavers",
    "step-down",
    "safeguarding hub",
    "foster carer recruitment",
    "supervision",
    "youth justice",
    "kinship care",
    "domestic abuse",
    "agency staff turnover",
    "permanence planning",
    "asylum-seeking children",
    "short breaks disabled",
    "school exclusions",
    "graded care profile neglect",
    "corporate parenting",
    "family group conferencing",
    "mental health",
    "missing education",
    "transitions adult services",
    "contextual safeguarding exploitation",
    "performance dashboard",
    "county lines",
    "special guardianship",
    "public law outline",
    "life story work",
    "signs of safety",
    "young carers",
    "knife crime",
    "virtual school personal education plans",
    "staying put",
    "autism waiting lists",
    "reduced timetables",
]


def words_of(rng: random.Random, topics: list[str]) -> str:
    """A summary mostly about the challenge's own lines, now and then touching another subject."""
    sentences = []
    for _ in range(rng.randint(4, 10)):
        subject = rng.choice(topics) if rng.random() < 0.9 else rng.choice(TOPICS)
        place = rng.choice(PLACES)
        judgement, detail = rng.choice(JUDGEMENTS).format(p=place), rng.choice(DETAILS).format(p=place)
        sentences.append(f"{rng.choice(OPENERS)} {subject}: it {judgement}, and {detail}.")
    return " ".join(sentences)


def items_of(rng: random.Random, triad_id: int, team: str) -> list[dict]:
    topics = rng.sample(TOPICS, 3)
    lines = [f"How well does our {t} work for children and families?" for t in topics]
    themes = "\n".join(
        f"{n}. {line}\n" + "\n".join(f"- {rng.choice(ACTIONS).format(t=topics[n - 1])}" for _ in range(2))
        for n, line in enumerate(lines, start=1)
    )
    files = f"Self-assessment: {topics[0]} self-assessment.docx\nReport: peer challenge report {triad_id}.pdf"
    bodies = {
        "lines": "\n".join(f"{n}. {line}" for n, line in enumerate(lines, start=1)),
        "summary": words_of(rng, topics),
        "action_themes": themes,
        "files": files,
    }
    return [
        {"team_id": team, "triad_id": triad_id, "kind": kind, "audience": "all" if rng.random() < 0.4 else "region",
         "body": body, "detail": {}, "shared_by": "UHOST", "shared_at": NOW}
        for kind, body in bodies.items()
    ]  # fmt: skip


def populate(engine, challenges: int, rng: random.Random) -> int:
    """Rounds, authorities, triads and their shared items; returns the number of items."""
    items = 0
    with engine.begin() as connection:
        per_team = -(-challenges // len(TEAMS))
        triad_id = 0
        for team in TEAMS:
            rounds = [
                connection.execute(
                    insert(Round)
                    .values(
                        team_id=team,
                        name=f"R {year}",
                        name_key=f"r {year}",
                        year=year,
                        timezone="Europe/London",
                        created_at=NOW,
                    )
                    .returning(Round.id)
                ).scalar_one()
                for year in range(2015, 2025)
            ]
            authorities = [
                connection.execute(
                    insert(Authority)
                    .values(
                        team_id=team,
                        name=f"Authority {team} {n}",
                        name_key=f"authority {team.lower()} {n}",
                        dcs_user_id=f"U{n}",
                        created_at=NOW,
                    )
                    .returning(Authority.id)
                ).scalar_one()
                for n in range(150)
            ]
            triads, shared, documents = [], [], []
            for number in range(1, per_team + 1):
                if triad_id >= challenges:
                    break
                triad_id += 1
                host, visitor, observer = rng.sample(authorities, 3)
                triads.append({"id": triad_id, "team_id": team, "number": number, "round_id": rng.choice(rounds),
                               "host_id": host, "visitor_id": visitor, "observer_id": observer,
                               "interview_numbers_used": 0, "created_at": NOW})  # fmt: skip
                mine = items_of(rng, triad_id, team)
                shared += mine
                bodies = sharing.document_bodies((i["kind"], i["audience"], i["body"]) for i in mine)
                documents += [{"team_id": team, "triad_id": triad_id, "scope": scope, "body": body}
                              for scope, body in bodies.items() if body]  # fmt: skip
            connection.execute(insert(Triad), triads)
            for start in range(0, len(shared), 2000):
                connection.execute(insert(SharedItem), shared[start : start + 2000])
            for start in range(0, len(documents), 2000):
                connection.execute(insert(ArchiveDocument), documents[start : start + 2000])
            items += len(shared)
        if engine.dialect.name == "postgresql":
            connection.execute(
                text("SELECT setval(pg_get_serial_sequence('triads', 'id'), (SELECT max(id) FROM triads))")
            )
    with engine.connect() as connection:
        connection.execute(text("ANALYZE"))
        connection.commit()
    return items


def measure(engine, search, queries: list[tuple[str, list[str]]]) -> tuple[list[float], list[float], list[int]]:
    """Wall-clock ms of each search (its query and loading what it found), this process's CPU ms, hits."""
    sessions = make_sessionmaker(engine)
    timings, cpu, counts = [], [], []
    with sessions() as session:
        for _, terms in queries[:10]:  # warm the caches and the connection
            search.rank(session, TEAMS[0], terms, 10)
        for n, (_, terms) in enumerate(queries):
            viewer = TEAMS[n % len(TEAMS)]
            started, started_cpu = time.perf_counter(), time.process_time()
            ranked = search.rank(session, viewer, terms, 10)
            archive_search.shared_triads(session, viewer, [r.triad_id for r in ranked])
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            counts.append(len(ranked))
    return timings, cpu, counts


def p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]


def run(label: str, url: str, challenges: int, query_count: int, seed: int) -> bool:
    rng = random.Random(seed)
    upgrade(url)
    engine = make_engine(url)
    started = time.perf_counter()
    items = populate(engine, challenges, rng)
    written = time.perf_counter() - started
    print(f"\n{label}: {challenges} shared challenges, {items} shared items, written in {written:.1f} s")
    print(f"  load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    queries = [(q, search_terms(q)) for q in (rng.choice(QUERIES) for _ in range(query_count))]
    with make_sessionmaker(engine)() as session:
        fts = archive_search.search_for(session)
    fts_ms, fts_cpu, fts_found = measure(engine, fts, queries)
    scan_ms, scan_cpu, scan_found = measure(engine, archive_search.LikeScan(), queries)
    engine.dispose()
    # SQLite runs inside this process, so its CPU time is the search's own cost whatever the machine's load;
    # PostgreSQL's work is in the server, so there it is only the client's share.
    cpu_label = "CPU p50/p99 ms" if engine.dialect.name == "sqlite" else "client CPU p50/p99"
    print(f"  {'':16} {'p50 ms':>8} {'p99 ms':>8} {cpu_label:>20} {'found (of 10)':>14}")
    for name, ms, cpu, found in (
        (type(fts).__name__, fts_ms, fts_cpu, fts_found),
        ("LikeScan", scan_ms, scan_cpu, scan_found),
    ):
        cpu_text = f"{p(cpu, 50):.2f} / {p(cpu, 99):.2f}"
        print(f"  {name:16} {p(ms, 50):8.2f} {p(ms, 99):8.2f} {cpu_text:>20} {statistics.mean(found):14.1f}")
    if engine.dialect.name == "sqlite":
        print(f"  scan / full-text by CPU: {p(scan_cpu, 50) / p(fts_cpu, 50):.1f}x at p50")
    ratio50, ratio99 = p(scan_ms, 50) / p(fts_ms, 50), p(scan_ms, 99) / p(fts_ms, 99)
    print(f"  scan / full-text: {ratio50:.1f}x at p50, {ratio99:.1f}x at p99")
    ok = p(fts_ms, 99) < 50 and ratio50 >= 10
    print(f"  aim (p99 < 50 ms, >= 10x the scan): {'met' if ok else 'MISSED'}")
    return ok


def fresh_postgres(url: str) -> tuple[str, callable]:
    base = make_url(normalise_database_url(url))
    name = f"{base.database}_archive_bench"
    admin = make_engine(base.render_as_string(hide_password=False), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return base.set(database=name).render_as_string(hide_password=False), drop


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--challenges", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--postgres", help="a PostgreSQL URL; a fresh database is made beside it")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory(prefix="archive-bench-") as folder:
        ok &= run("SQLite (FTS5)", f"sqlite:///{Path(folder) / 'archive.db'}", args.challenges, args.queries, args.seed)
    if args.postgres:
        url, drop = fresh_postgres(args.postgres)
        try:
            ok &= run("PostgreSQL (tsvector + GIN)", url, args.challenges, args.queries, args.seed)
        finally:
            drop()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
