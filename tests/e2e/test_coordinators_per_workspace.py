"""Coordinators belong to one workspace (SPEC, "Coordinators belong to one workspace"): tried across
two workspaces installed through Add to Slack, by a coordinator of one of them named in PEER_COORDINATORS
(`TALPHA:UCOORDA`) and by one added there with `/peer coordinator add`."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from bot.app import reminder_renderer
from bot.clock.config import SendConfig
from bot.clock.process import installed_clients
from bot.clock.sending import send_due
from storage.models import Coordinator, Reminder, Triad
from tests.e2e.conftest import mention
from tests.e2e.harness import SlackUser
from tests.e2e.installs import install, oauth_app
from tests.e2e.test_forms import opened, submission

TA, TB = "TALPHA", "TBETA"
COORD_A, COORD_B, BARE = "UCOORDA", "UCOORDB", "UBARE"
ADDED_A = "UADDEDA"  # made a coordinator of TALPHA by command
NEWCOMER = "UNEWCOMER"
CONFIGURED = (f"{TA}:{COORD_A}", f"{TB}:{COORD_B}", BARE)  # a bare ID names nobody with Add to Slack
PEOPLE = {
    TA: ("Northshire", "Eastshire", "Westshire", "UANDCS", "UAEDCS", "UAWDCS"),
    TB: ("Southport", "Hillborough", "Lakeside", "UBSDCS", "UBHDCS", "UBLDCS"),
}
NOT_COORDINATOR = "Only a programme coordinator can"


@pytest.fixture
def app(database_url, sessions, clock, double):
    app = oauth_app(database_url, double, sessions, clock, coordinators=CONFIGURED)
    yield app
    app.stop()


@pytest.fixture
def installed(app, double) -> dict[str, str]:
    """Both workspaces installed, and ADDED_A made a coordinator of TALPHA by TALPHA's coordinator."""
    tokens = {TA: install(app, double, TA, "Alpha"), TB: install(app, double, TB, "Beta")}
    reply = SlackUser(app, double, COORD_A, team=TA).peer(f"coordinator add {mention(ADDED_A)}").text
    assert f"<@{ADDED_A}> is now a programme coordinator of this workspace" in reply, reply
    return tokens


def peer(app, double, user: str, team: str, text: str) -> str:
    response = SlackUser(app, double, user, team=team).peer(text)
    assert response.status == 200 and "Traceback" not in response.raw.decode(), response.raw
    return response.text


def setup_round(app, double, team: str, user: str) -> None:
    """A round with its summit, three authorities and a triad with its challenge date, typed by `user`."""
    host, visitor, observer, *dcs = PEOPLE[team]
    for text in (
        'round new "SE 2018"',
        'round dates summit:"14 March 2018"',
        *(
            f'authority add "{name}" dcs:{mention(person)}'
            for name, person in zip((host, visitor, observer), dcs, strict=True)
        ),
        f'triad new host:"{host}" visitor:"{visitor}" observer:"{observer}"',
        'dates triad:1 challenge:"12 March 2018"',
    ):
        reply = peer(app, double, user, team, text)
        assert ":x:" not in reply, (text, reply)


def stored_coordinators(sessions) -> set[tuple[str, str]]:
    with sessions() as session:
        return {(c.team_id, c.user_id) for c in session.scalars(select(Coordinator))}


# ------------------------------------------------------------------ permissions


ATTEMPTS = {
    "create a round": 'round new "Theirs 2018"',
    "add a coordinator": f"coordinator add {mention(NEWCOMER)}",
    "remove a coordinator": f"coordinator remove {mention(COORD_B)}",
    "register an authority": f'authority add "Farshire" dcs:{mention("UFARDCS")}',
    "suggest, reshuffle, edit or accept a round's triads": 'round suggest round:"SE 2018"',
}


@pytest.mark.parametrize("intruder", [COORD_A, ADDED_A, BARE], ids=["from-PEER_COORDINATORS", "added", "bare-id"])
def test_a_coordinator_of_one_workspace_is_refused_in_the_other(app, double, sessions, installed, intruder):
    setup_round(app, double, TB, COORD_B)
    before = stored_coordinators(sessions)
    for task, text in ATTEMPTS.items():
        reply = peer(app, double, intruder, TB, text)
        assert reply.startswith(f":x: {NOT_COORDINATOR} {task}."), (text, reply)
        assert reply.endswith("Ask one to do it, or to make you a coordinator.") and "`/peer" not in reply
    assert stored_coordinators(sessions) == before  # nothing written in TBETA
    assert (TB, NEWCOMER) not in before
    listing = peer(app, double, intruder, TB, "coordinator list")
    assert listing == f"*Coordinators of this workspace*: <@{COORD_B}> (named in the app's settings)", listing
    # and the form is not theirs to open either
    assert peer(app, double, intruder, TB, "coordinator").startswith(f":x: {NOT_COORDINATOR} change the coordinators")
    assert double.calls_to("views.open") == []


@pytest.mark.parametrize("coordinator", [COORD_A, ADDED_A], ids=["from-PEER_COORDINATORS", "added"])
def test_the_same_actions_in_their_own_workspace_work(app, double, sessions, installed, coordinator):
    setup_round(app, double, TA, coordinator)  # a round, authorities, a triad: all made
    reply = peer(app, double, coordinator, TA, 'authority add "Farshire" dcs:<@UFARDCS>')
    assert "Farshire registered" in reply, reply
    reply = peer(app, double, coordinator, TA, 'round new "SE 2019"')
    assert 'Round "SE 2019" created' in reply, reply
    reply = peer(app, double, coordinator, TA, 'round suggest round:"SE 2019"')
    assert NOT_COORDINATOR not in reply and ":x:" not in reply, reply
    reply = peer(app, double, coordinator, TA, f"coordinator add {mention(NEWCOMER)}")
    assert f"<@{NEWCOMER}> is now a programme coordinator of this workspace" in reply, reply
    assert (TA, NEWCOMER) in stored_coordinators(sessions)
    assert (TB, NEWCOMER) not in stored_coordinators(sessions)


def test_a_bare_id_is_ignored_with_add_to_slack_and_a_start_up_warning(app, caplog):
    assert app.settings.peer_coordinators == (f"{TA}:{COORD_A}", f"{TB}:{COORD_B}")
    warnings = [r.getMessage() for r in caplog.get_records("setup") if r.levelname == "WARNING"]
    assert warnings and set(warnings) == {  # logged as the app was built (bot.app.create_app)
        "PEER_COORDINATORS: UBARE ignored: with Add to Slack (many workspaces) a coordinator must name their "
        "workspace, like T0123:U0456"
    }


# ------------------------------------------------------------------ invitations and reminders


def invited(double, token: str) -> set[str]:
    return {
        user
        for call in double.calls_to("conversations.invite")
        if call.token == token
        for user in call.args["users"].split(",")
    }


def test_triad_channels_invite_only_their_own_workspaces_coordinators(app, double, installed):
    setup_round(app, double, TA, COORD_A)
    setup_round(app, double, TB, COORD_B)
    in_a, in_b = invited(double, installed[TA]), invited(double, installed[TB])
    assert {COORD_A, ADDED_A} <= in_a and COORD_B not in in_a  # the positive control
    assert COORD_B in in_b
    assert not {COORD_A, ADDED_A, BARE} & in_b


def run_the_clock(app, sessions, clock) -> None:
    config = SendConfig.from_settings(app.settings)
    clients = installed_clients(app.settings, sessions)
    for _ in range(10):  # bounded: each pass sends what is due
        stats = send_due(
            sessions, clients, render=reminder_renderer(), now=clock, worker_id="test-clock", config=config
        )
        if stats.sent + stats.late == 0:
            return
    raise AssertionError("the clock kept finding due reminders")


def dms_to(double, user: str) -> list[str | None]:
    """The token of each message the app sent a person in their DM."""
    return [c.token for c in double.calls_to("chat.postMessage") if c.args.get("channel") == user]


def test_coordinator_reminders_go_only_to_their_own_workspaces_coordinators(app, double, sessions, clock, installed):
    setup_round(app, double, TA, COORD_A)
    setup_round(app, double, TB, COORD_B)
    with sessions() as session:
        recipients = {
            (r.team_id, r.kind, r.recipient)
            for r in session.scalars(select(Reminder).where(Reminder.kind.in_(("data_profile_due", "summit"))))
            if not r.recipient.startswith("C")  # a triad's channel hears of the summit too
        }
    assert recipients == {
        (team, kind, who)
        for team, people in ((TA, (COORD_A, ADDED_A)), (TB, (COORD_B,)))
        for kind in ("data_profile_due", "summit")
        for who in people
    }
    double.clear()
    clock.set(datetime(2018, 3, 20, 12, tzinfo=timezone.utc))
    run_the_clock(app, sessions, clock)
    for user, team in ((COORD_A, TA), (ADDED_A, TA), (COORD_B, TB)):
        tokens = dms_to(double, user)
        assert len(tokens) == 2 and set(tokens) == {installed[team]}, (user, tokens)  # data profile and summit brief
    assert dms_to(double, BARE) == []


# ------------------------------------------------------------------ add, remove, list


def test_add_remove_and_list_in_one_workspace(app, double, sessions, installed):
    a = lambda user, text: peer(app, double, user, TA, text)  # noqa: E731
    listing = a(COORD_A, "coordinator list")
    assert listing == (f"*Coordinators of this workspace*: <@{ADDED_A}>, <@{COORD_A}> (named in the app's settings)"), (
        listing
    )
    assert (
        a(COORD_A, f"coordinator add {mention(ADDED_A)}")
        == f":x: <@{ADDED_A}> is already a coordinator of this workspace."
    )
    assert (
        a(COORD_A, f"coordinator add {mention(COORD_A)}")
        == f":x: <@{COORD_A}> is already a coordinator of this workspace."
    )
    double.add_user("UGONE", deleted=True)
    assert "has been deactivated in this workspace, so they can't be a coordinator" in a(
        COORD_A, f"coordinator add {mention('UGONE')}"
    )
    double.unknown_users.add("U0GHOST")
    assert "isn't anyone in this workspace, so they can't be a coordinator" in a(
        COORD_A, f"coordinator add {mention('U0GHOST')}"
    )
    double.add_user("UAPP", is_bot=True)
    assert "is an app, not a person" in a(COORD_A, f"coordinator add {mention('UAPP')}")
    assert a(COORD_A, "coordinator add") == ":x: Name one person from Slack's @ menu: `/peer coordinator add @user`."
    # someone who is not a coordinator can neither add nor remove
    assert a(NEWCOMER, f"coordinator remove {mention(ADDED_A)}").startswith(
        f":x: {NOT_COORDINATOR} remove a coordinator."
    )
    assert a(NEWCOMER, f"coordinator add {mention(NEWCOMER)}").startswith(f":x: {NOT_COORDINATOR} add a coordinator.")
    # the one named by PEER_COORDINATORS stays, whoever asks (themselves included)
    for who in (ADDED_A, COORD_A):
        reply = a(who, f"coordinator remove {mention(COORD_A)}")
        assert reply == (
            f":x: <@{COORD_A}> is named in the app's settings (PEER_COORDINATORS), so they stay a coordinator: "
            "only the operator can remove them there."
        ), reply
    assert a(COORD_A, f"coordinator remove {mention(NEWCOMER)}") == (
        f":x: <@{NEWCOMER}> isn't a coordinator of this workspace, so there is nothing to remove."
    )
    # TBETA's coordinator cannot remove TALPHA's, even by naming them in TBETA
    assert peer(app, double, COORD_B, TB, f"coordinator remove {mention(ADDED_A)}").startswith(
        f":x: <@{ADDED_A}> isn't a coordinator"
    )
    assert (TA, ADDED_A) in stored_coordinators(sessions)
    # the honest removal
    assert a(COORD_A, f"coordinator remove {mention(ADDED_A)}") == (
        f":white_check_mark: <@{ADDED_A}> is no longer a coordinator of this workspace; "
        "their coordinator reminders here are cancelled."
    )
    assert stored_coordinators(sessions) == set()
    assert a(ADDED_A, 'round new "After 2018"').startswith(f":x: {NOT_COORDINATOR} create a round.")
    assert (
        a(COORD_A, "coordinator list")
        == f"*Coordinators of this workspace*: <@{COORD_A}> (named in the app's settings)"
    )


def test_removing_a_coordinator_cancels_their_pending_reminders(app, double, sessions, installed):
    setup_round(app, double, TA, COORD_A)
    with sessions() as session:
        before = {r.status for r in session.scalars(select(Reminder).where(Reminder.recipient == ADDED_A))}
    assert before == {"pending"}
    peer(app, double, COORD_A, TA, f"coordinator remove {mention(ADDED_A)}")
    with sessions() as session:
        after = {r.status for r in session.scalars(select(Reminder).where(Reminder.recipient == ADDED_A))}
    assert "pending" not in after, after


def test_the_last_coordinator_of_a_workspace_stays(app, double, sessions, installed):
    tc = "TGAMMA"
    install(app, double, tc, "Gamma")
    with sessions() as session, session.begin():  # carried over from before (migration 0012): none in the settings
        session.add(Coordinator(team_id=tc, user_id="UGAMMA", added_by=None))
    reply = peer(app, double, "UGAMMA", tc, f"coordinator remove {mention('UGAMMA')}")
    assert reply == (
        ":x: <@UGAMMA> is this workspace's last coordinator, so they stay: add another coordinator first."
    ), reply
    assert "is now a programme coordinator" in peer(app, double, "UGAMMA", tc, f"coordinator add {mention('UGAMMA2')}")
    assert "is no longer a coordinator" in peer(app, double, "UGAMMA2", tc, f"coordinator remove {mention('UGAMMA')}")
    assert {u for t, u in stored_coordinators(sessions) if t == tc} == {"UGAMMA2"}


# ------------------------------------------------------------------ the form


def users(*ids: str) -> dict:
    return {"coordinators": {"coordinators": {"type": "multi_users_select", "selected_users": list(ids)}}}


def submit(app, double, user: str, team: str, values: dict):
    view = opened(double)
    return SlackUser(app, double, user, team=team).click(submission(user, view, values, team=team))


def test_the_form_adds_and_removes_in_its_own_workspace(app, double, sessions, installed):
    assert SlackUser(app, double, COORD_A, team=TA).peer("coordinator").raw == b""
    view = opened(double)
    element = view["blocks"][0]["element"]
    assert view["callback_id"] == "coordinators_form" and element["type"] == "multi_users_select"
    assert element["initial_users"] == [ADDED_A, COORD_A]
    assert f"<@{COORD_A}>" in view["blocks"][1]["elements"][0]["text"]  # named in the settings: they stay

    # dropping the one named in PEER_COORDINATORS is refused on the field, nothing written
    response = submit(app, double, COORD_A, TA, users(NEWCOMER))
    assert response.json == {
        "response_action": "errors",
        "errors": {
            "coordinators": f"<@{COORD_A}> is named in the app's settings (PEER_COORDINATORS), so they stay a "
            "coordinator: only the operator can remove them there."
        },
    }, response.json
    assert stored_coordinators(sessions) == {(TA, ADDED_A)}
    # a deactivated person is refused on the field
    double.add_user("UGONE", deleted=True)
    response = submit(app, double, COORD_A, TA, users(COORD_A, "UGONE"))
    assert "has been deactivated" in response.json["errors"]["coordinators"], response.json
    # the honest change: one out, one in
    response = submit(app, double, COORD_A, TA, users(COORD_A, NEWCOMER))
    assert response.status == 200 and response.raw == b"", response.raw
    assert stored_coordinators(sessions) == {(TA, NEWCOMER)}
    told = [c.args["text"] for c in double.calls_to("chat.postMessage") if c.args.get("channel") == COORD_A]
    assert told[-1] == f":white_check_mark: Coordinators of this workspace: added <@{NEWCOMER}>; removed <@{ADDED_A}>."


def test_the_form_submitted_in_another_workspace_changes_nothing(app, double, sessions, installed):
    SlackUser(app, double, COORD_A, team=TA).peer("coordinator")
    # TALPHA's form, replayed as if from TBETA by TALPHA's coordinator
    response = submit(app, double, COORD_A, TB, users(COORD_A, NEWCOMER))
    assert response.json["response_action"] == "errors", response.json
    assert response.json["errors"]["coordinators"].startswith(f"{NOT_COORDINATOR} change the coordinators"), (
        response.json
    )
    assert stored_coordinators(sessions) == {(TA, ADDED_A)}


def test_a_dead_channel_is_told_only_to_its_own_workspaces_coordinators(app, double, sessions, clock, installed):
    setup_round(app, double, TA, COORD_A)
    setup_round(app, double, TB, COORD_B)
    with sessions() as session:
        channels = {t: c for t, c in session.execute(select(Triad.team_id, Triad.channel_id))}
    for channel in channels.values():
        double.kicked.add(channel)  # the app was removed from both triad channels
    double.clear()
    clock.set(datetime(2018, 3, 20, 12, tzinfo=timezone.utc))
    run_the_clock(app, sessions, clock)
    for user, team in ((COORD_A, TA), (ADDED_A, TA), (COORD_B, TB)):
        notices = [
            (c.token, c.args["text"])
            for c in double.calls_to("chat.postMessage")
            if c.args.get("channel") == user and "not_in_channel" in (c.args.get("text") or "")
        ]
        assert len(notices) == 1, (user, notices)
        token, words = notices[0]
        assert token == installed[team] and f"<#{channels[team]}>" in words, (user, notices)
    assert dms_to(double, BARE) == []


def test_help_and_a_mistyped_coordinator_command(app, double, installed):
    helped = peer(app, double, COORD_A, TA, "help coordinator")
    for command in ("/peer coordinator add @user", "/peer coordinator remove @user", "/peer coordinator list"):
        assert command in helped, helped
    reply = peer(app, double, COORD_A, TA, "coordinator promote <@UX>")
    assert reply == (
        ":x: Write `/peer coordinator add @user`, `/peer coordinator remove @user` or `/peer coordinator list`; "
        "`/peer coordinator` alone opens the form."
    ), reply
    assert peer(app, double, COORD_A, TA, "coordinator remove") == (
        ":x: Name one person from Slack's @ menu: `/peer coordinator remove @user`."
    )
