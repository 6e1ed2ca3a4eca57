from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

import pytest
from sqlalchemy import Integer, select, text

from slack_double import SlackDouble
from storage.models import Base
from tests.e2e.harness import COORDINATOR, InProcessApp, SlackUser

T = TypeVar("T")

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


TRIAD_COMMANDS = (
    '/round new "SE 2018"',
    f'authority add "Oxfordshire" dcs:{mention(OXF_DCS)} team:{mention(OXF_TEAM)}',
    f'authority add "Milton Keynes" dcs:{mention(MK_DCS)} team:{mention(MK_TEAM1)} {mention(MK_TEAM2)}',
    f'authority add "Portsmouth" dcs:{mention(POR_DCS)}',
    'triad new host:"Oxfordshire" visitor:"Milton Keynes" observer:"Portsmouth"',
)


def form_triad(coordinator: SlackUser, double: SlackDouble) -> str:
    """Round SE 2018, three authorities and triad 1 formed through signed commands; its channel id."""
    for command in TRIAD_COMMANDS:
        response = coordinator.peer(command.lstrip("/"))
        assert response.status == 200, response.raw
    created = double.calls_to("conversations.create")
    assert created, "no channel was created"
    return double.channel_named(created[-1].args["name"]).id


@dataclass
class _Formed:
    before: object  # the name, and the database, the double, the clock and the settings before the requests
    rows: dict[str, list[dict]]
    double: dict[str, object]
    clock: datetime  # where the requests left the test's clock
    result: object


_FORMED: list[_Formed] = []  # this worker's states made through signed requests, to be seeded again


@pytest.fixture
def triad_channel(coordinator, app, double, sessions, clock) -> str:
    """Round SE 2018, three authorities and triad 1, as `form_triad`'s signed commands leave them;
    returns its channel id. Seeded where it can be (`seeded`)."""
    return formed_triad(coordinator, app, double, sessions, clock)


def formed_triad(coordinator: SlackUser, app: InProcessApp, double: SlackDouble, sessions, clock) -> str:
    return seeded("triad 1", lambda: form_triad(coordinator, double), app, double, sessions, clock)


def seeded(name: str, form: Callable[[], T], app: InProcessApp, double: SlackDouble, sessions, clock) -> T:
    """What `form`'s signed requests leave: made through them the first time in a worker (and whenever
    the state before differs); then the database rows and the double's state they left are seeded
    again, the rows in one transaction: that state without the requests, as
    `test_forming_triads.py::test_the_seeded_triad_is_what_the_commands_leave` shows."""
    before = (name, _state_before(sessions, double, clock, app))
    for formed in _FORMED:
        if formed.before == before:
            _seed_rows(sessions, formed.rows)
            _seed_double(double, formed.double)
            clock.set(formed.clock)
            return copy.deepcopy(formed.result)
    result = form()
    double_state = _double_state(double)
    if f":{double.port}/" not in repr(double_state):  # nothing that names this double's port
        _FORMED.append(_Formed(before, _rows(sessions), double_state, clock(), copy.deepcopy(result)))
    return result


# The double's attributes that are its machinery, not the workspace or what it recorded.
_DOUBLE_MACHINERY = frozenset({"_cond", "validator", "host", "port", "_server", "_thread", "stopping", "_socket_mode"})


def _double_state(double: SlackDouble) -> dict[str, object]:
    with double._cond:
        return copy.deepcopy({k: v for k, v in vars(double).items() if k not in _DOUBLE_MACHINERY})


def _seed_double(double: SlackDouble, state: dict[str, object]) -> None:
    with double._cond:
        assert set(state) == set(vars(double)) - _DOUBLE_MACHINERY, "the double has state this copy does not know"
        vars(double).update(copy.deepcopy(state))
        double._cond.notify_all()


def _state_before(sessions, double: SlackDouble, clock, app: InProcessApp) -> object:
    state = _double_state(double)
    state["calls"] = [(c.method, c.args, c.token, c.status, c.response) for c in state["calls"]]
    state["channels"] = {k: dataclasses.replace(c, created=0) for k, c in state["channels"].items()}
    settings = app.settings.model_dump(exclude={"slack_api_url", "database_url"})
    return (_rows(sessions), state, clock(), settings)


def _rows(sessions) -> dict[str, list[dict]]:
    with sessions() as session:
        return {
            table.name: [dict(r._mapping) for r in session.execute(select(table).order_by(*table.primary_key.columns))]
            for table in Base.metadata.sorted_tables
        }


def _seed_rows(sessions, rows: dict[str, list[dict]]) -> None:
    """The rows, in one transaction, over whatever is there (the same rows as before the commands)."""
    with sessions.begin() as session:
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(table.delete())
        for table in Base.metadata.sorted_tables:
            if rows[table.name]:
                session.execute(table.insert(), rows[table.name])
        if session.bind.dialect.name == "postgresql":  # the sequences, moved on as the inserts would have
            for table in Base.metadata.sorted_tables:
                for column in table.primary_key.columns:
                    if isinstance(column.type, Integer):  # setval(NULL, …) where it has no sequence: nothing
                        session.execute(
                            text(
                                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
                                f"COALESCE((SELECT MAX({column.name}) FROM {table.name}), 0) + 1, false)"
                            )
                        )


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
