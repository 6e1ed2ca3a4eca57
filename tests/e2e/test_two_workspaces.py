"""Two workspaces installed side by side (Add to Slack): each sees only its own, and every Web API
call made for one carries that workspace's own bot token."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storage.models import Authority, Round, Triad
from tests.e2e.harness import SlackUser
from tests.e2e.installs import install, oauth_app

TA, TB = "TALPHA", "TBETA"
COORD_A, COORD_B = "UCOORDA", "UCOORDB"
PEOPLE = {
    TA: ("Northshire", "Eastshire", "Westshire", "UANDCS", "UAEDCS", "UAWDCS"),
    TB: ("Southport", "Hillborough", "Lakeside", "UBSDCS", "UBHDCS", "UBLDCS"),
}


@pytest.fixture
def app(database_url, sessions, clock, double):
    app = oauth_app(database_url, double, sessions, clock, coordinators=(f"{TA}:{COORD_A}", f"{TB}:{COORD_B}"))
    yield app
    app.stop()


@pytest.fixture
def tokens(app, double) -> dict[str, str]:
    return {TA: install(app, double, TA, "Alpha"), TB: install(app, double, TB, "Beta")}


def coordinator(app, double, team: str) -> SlackUser:
    return SlackUser(app, double, COORD_A if team == TA else COORD_B, team=team)


def form(app, double, team: str) -> str:
    """A round, three authorities and a triad, through commands in `team`; returns the triad's channel."""
    host, visitor, observer, *dcs = PEOPLE[team]
    user = coordinator(app, double, team)
    for text in (
        'round new "SE 2018"',
        *(
            f'authority add "{name}" dcs:<@{person}>'
            for name, person in zip((host, visitor, observer), dcs, strict=True)
        ),
        f'triad new host:"{host}" visitor:"{visitor}" observer:"{observer}"',
    ):
        response = user.peer(text)
        assert response.status == 200 and "Traceback" not in response.raw.decode(), response.raw
    return double.calls_to("conversations.create")[-1].args["name"]


def web_api_tokens(double) -> set[str | None]:
    return {c.token for c in double.calls if c.method != "oauth.v2.access"}


def test_each_workspace_works_with_its_own_token_and_sees_only_its_own(app, double, sessions, tokens):
    double.clear()
    form(app, double, TA)
    assert double.calls and web_api_tokens(double) == {tokens[TA]}
    double.clear()
    form(app, double, TB)
    assert double.calls and web_api_tokens(double) == {tokens[TB]}

    with sessions() as session:
        for model in (Round, Authority, Triad):
            teams = {row.team_id for row in session.scalars(select(model))}
            assert teams == {TA, TB}, model
        triads = {t.team_id: t.number for t in session.scalars(select(Triad))}
    assert triads == {TA: 1, TB: 1}  # numbered per workspace

    for team, other in ((TA, TB), (TB, TA)):
        double.clear()
        user = coordinator(app, double, team)
        listing = user.peer("authority list").text + user.peer("triad list").text + user.peer("round list").text
        assert all(name in listing for name in PEOPLE[team][:3]), listing
        assert not any(name in listing for name in PEOPLE[other][:3]), listing
        assert web_api_tokens(double) <= {tokens[team]}


def test_the_same_command_in_both_workspaces_keeps_them_apart(app, double, sessions, tokens):
    for team in (TA, TB):
        assert "SE 2018" in coordinator(app, double, team).peer('round new "SE 2018"').text
    # the round's name is taken in its own workspace only
    again = coordinator(app, double, TA).peer('round new "SE 2018"')
    assert "SE 2018" in again.text and "already" in again.text.lower(), again.text
    with sessions() as session:
        assert sorted(r.team_id for r in session.scalars(select(Round))) == [TA, TB]


def test_a_workspace_that_never_installed_is_told_so_not_a_traceback(app, double, tokens):
    stranger = SlackUser(app, double, "USTRANGE", team="TNEVER")
    response = stranger.peer("status")
    assert response.status == 200 and response.raw == b""  # Bolt answers through the response_url
    (reply,) = double.wait_for_response()
    assert "not installed in this workspace" in reply["text"] and "/slack/install" in reply["text"], reply
    assert reply.get("response_type", "ephemeral") == "ephemeral"
    assert double.calls_to("chat.postMessage") == []
