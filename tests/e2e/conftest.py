from __future__ import annotations

import pytest
from sqlalchemy import select

from slack_double import SlackDouble
from storage.models import Base
from tests.e2e.harness import COORDINATOR, InProcessApp, SlackUser

# The people of SPEC's 2018 round, triad 1.
OXF_DCS, OXF_TEAM = "UOXFDCS", "UOXFTEAM"
MK_DCS, MK_TEAM1, MK_TEAM2 = "UMKDCS", "UMKTEAM1", "UMKTEAM2"
POR_DCS = "UPORDCS"
STRANGER = "USTRANGER"


@pytest.fixture
def double():
    with SlackDouble() as double:
        yield double
        double.assert_no_errors()


@pytest.fixture
def app(database_url, sessions, clock, double):
    """The app, its requests dispatched in this process (`app.url` starts it on a port when a test needs HTTP)."""
    app = InProcessApp(database_url, double.base_url, sessions, clock).start()
    yield app
    app.stop()


@pytest.fixture
def as_user(app, double):
    def make(user: str) -> SlackUser:
        return SlackUser(app, double, user)

    return make


@pytest.fixture
def coordinator(as_user) -> SlackUser:
    return as_user(COORDINATOR)


def mention(user: str) -> str:
    return f"<@{user}|{user.lower()}>"


@pytest.fixture
def triad_channel(coordinator, double) -> str:
    """Round SE 2018, three authorities and triad 1 formed through commands; returns its channel id."""
    for text in (
        '/round new "SE 2018"',
        f'authority add "Oxfordshire" dcs:{mention(OXF_DCS)} team:{mention(OXF_TEAM)}',
        f'authority add "Milton Keynes" dcs:{mention(MK_DCS)} team:{mention(MK_TEAM1)} {mention(MK_TEAM2)}',
        f'authority add "Portsmouth" dcs:{mention(POR_DCS)}',
        'triad new host:"Oxfordshire" visitor:"Milton Keynes" observer:"Portsmouth"',
    ):
        response = coordinator.peer(text.lstrip("/"))
        assert response.status == 200, response.raw
    created = double.calls_to("conversations.create")
    assert created, "no channel was created"
    return double.channel_named(created[-1].args["name"]).id


def snapshot(sessions) -> dict[str, list[tuple]]:
    """Every row of every table, to show that a refused command wrote nothing."""
    out = {}
    with sessions() as session:
        for table in Base.metadata.sorted_tables:
            rows = session.execute(select(table).order_by(*table.primary_key.columns)).all()
            out[table.name] = [tuple(r) for r in rows]
    return out


@pytest.fixture
def cli(database_url, monkeypatch, capsys):
    """Run `peerbot …` in this process against the test database: (exit code, stdout, stderr)."""
    from bot.cli.main import main

    monkeypatch.setenv("DATABASE_URL", database_url)

    def run(*argv: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run
