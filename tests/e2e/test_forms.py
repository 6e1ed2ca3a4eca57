"""Forms as modals: a command typed bare opens one; the submission calls the same use case as typing."""

from __future__ import annotations

import json
import time

import pytest
from sqlalchemy import select

from storage.models import Authority, Triad, TriadDate
from tests.e2e.conftest import MK_DCS, OXF_DCS, POR_DCS, STRANGER, mention, snapshot
from tests.e2e.harness import COORDINATOR, TEAM


def opened(double) -> dict:
    """The view the app last opened with views.open (checked against Slack's schema by the double)."""
    view = double.calls_to("views.open")[-1].args["view"]
    return json.loads(view) if isinstance(view, str) else view


def submission(user: str, view: dict, values: dict[str, dict[str, dict]], *, team: str = TEAM) -> dict:
    """A view_submission payload as Slack sends it: the opened view with the state the person filled in."""
    return {
        "type": "view_submission",
        "team": {"id": team, "domain": "peer"},
        "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": team},
        "api_app_id": "A0PEER",
        "token": "legacy-verification-token",
        "trigger_id": f"{time.monotonic_ns()}.trigger",
        "view": {
            "id": "V0FORM", "team_id": team, "type": "modal", "blocks": view["blocks"],
            "private_metadata": view.get("private_metadata", ""), "callback_id": view["callback_id"],
            "state": {"values": values}, "hash": "1700000000.abcd", "title": view["title"],
            "close": view.get("close"), "submit": view.get("submit"), "previous_view_id": None,
            "root_view_id": "V0FORM", "app_id": "A0PEER", "external_id": "", "app_installed_team_id": team,
            "bot_id": "BBOT",
        },
        "response_urls": [],
        "is_enterprise_install": False,
        "enterprise": None,
    }  # fmt: skip


def dms(double, user: str) -> list[str]:
    """What the app told a person in its DM (chat.postMessage to their user id)."""
    return [c.args.get("text") or "" for c in double.calls_to("chat.postMessage") if c.args.get("channel") == user]


def select_(value: str) -> dict:
    return {"type": "static_select", "selected_option": {"text": {"type": "plain_text", "text": value}, "value": value}}


def text(value: str) -> dict:
    return {"type": "plain_text_input", "value": value}


def triad_values(host: str, visitor: str, observer: str, round_name: str = "SE 2018") -> dict:
    return {
        "host": {"authority": select_(host)}, "visitor": {"authority": select_(visitor)},
        "observer": {"authority": select_(observer)}, "round": {"round": select_(round_name)},
    }  # fmt: skip


@pytest.fixture
def region(coordinator):
    coordinator.peer('round new "SE 2018"')
    for name, dcs in (("Oxfordshire", OXF_DCS), ("Milton Keynes", MK_DCS), ("Portsmouth", POR_DCS)):
        coordinator.peer(f'authority add "{name}" dcs:{mention(dcs)}')


def test_triad_new_typed_bare_opens_a_form_of_the_rounds_authorities(coordinator, double, region):
    response = coordinator.peer("triad new")
    assert response.status == 200 and response.raw == b""  # no message: the form is the answer
    view = opened(double)
    assert view["callback_id"] == "triad_new_form" and [b["block_id"] for b in view["blocks"][:4]] == [
        "host",
        "visitor",
        "observer",
        "round",
    ]
    host_options = [o["value"] for o in view["blocks"][0]["element"]["options"]]
    assert host_options == ["Milton Keynes", "Oxfordshire", "Portsmouth"]
    assert view["blocks"][3]["element"]["initial_option"]["value"] == "SE 2018"


def test_a_submitted_triad_form_forms_the_triad(coordinator, double, region, sessions):
    coordinator.peer("triad new")
    response = coordinator.click(
        submission(COORDINATOR, opened(double), triad_values("Oxfordshire", "Milton Keynes", "Portsmouth"))
    )
    assert response.status == 200 and response.json == {}  # the modal closes
    with sessions() as session:
        triad = session.scalar(select(Triad))
    assert triad.number == 1 and triad.channel_name == "pc-2018-oxfordshire"
    told = dms(double, COORDINATOR)
    assert any("Creating the channel of Oxfordshire's triad" in t for t in told) and any(
        "Triad 1 formed" in t for t in told
    )


@pytest.mark.parametrize(
    "user, values, field, words",
    [
        (
            COORDINATOR,
            triad_values("Oxfordshire", "Milton Keynes", "oxfordshire"),
            "observer",
            "can't be both host and observer",
        ),
        (
            COORDINATOR,
            triad_values("Oxfordshire", "Kent", "Portsmouth"),
            "visitor",
            'No authority called "Kent" (visitor)',
        ),
        (
            COORDINATOR,
            triad_values("Oxfordshire", "Milton Keynes", "Portsmouth", "SE 2030"),
            "round",
            'no round called "SE 2030"',
        ),
        (
            OXF_DCS,
            triad_values("Oxfordshire", "Milton Keynes", "Portsmouth"),
            "host",
            "Only a programme coordinator can form a triad",
        ),
    ],
)
def test_a_wrong_triad_form_is_answered_on_its_field(
    coordinator, as_user, double, region, sessions, user, values, field, words
):
    coordinator.peer("triad new")
    before = snapshot(sessions)
    response = as_user(user).click(submission(user, opened(double), values))
    assert response.json["response_action"] == "errors" and list(response.json["errors"]) == [field]
    assert words in response.json["errors"][field]
    assert snapshot(sessions) == before and not double.calls_to("conversations.create")


def test_the_authority_form_checks_its_people_and_its_name(coordinator, double, region, sessions):
    assert coordinator.peer("authority add").raw == b""
    view = opened(double)
    assert view["callback_id"] == "authority_add_form"
    double.add_user("UGONE", deleted=True)

    def submit(name: str, dcs: str, team: list[str]):
        values = {"name": {"name": text(name)}, "dcs": {"dcs": {"type": "users_select", "selected_user": dcs}},
                  "team": {"team": {"type": "multi_users_select", "selected_users": team}}}  # fmt: skip
        return coordinator.click(submission(COORDINATOR, view, values)).json

    before = snapshot(sessions)
    assert "has been deactivated" in submit("Kent", "UGONE", [])["errors"]["dcs"]
    assert "has been deactivated" in submit("Kent", "UKENT", ["UGONE"])["errors"]["team"]
    assert "already registered" in submit("  oxfordshire ", "UKENT", [])["errors"]["name"]
    assert "Give the authority's name" in submit("   ", "UKENT", [])["errors"]["name"]
    assert snapshot(sessions) == before
    assert submit("Kent", "UKENT", ["UKENT2"]) == {}
    with sessions() as session:
        kent = session.scalar(select(Authority).where(Authority.name == "Kent"))
        assert (kent.dcs_user_id, kent.team_user_ids) == ("UKENT", ["UKENT2"])
    assert any("Kent registered" in t for t in dms(double, COORDINATOR))


def dates_values(challenge: str = "", fieldwork: str = "", provisional: bool = False) -> dict:
    checked = [{"text": {"type": "plain_text", "text": "Provisional"}, "value": "provisional"}] if provisional else []
    return {
        "challenge": {"date": text(challenge)}, "fieldwork": {"date": text(fieldwork)},
        "provisional": {"provisional": {"type": "checkboxes", "selected_options": checked}},
    }  # fmt: skip


def test_the_dates_form_takes_the_programmes_own_forms(as_user, double, triad_channel, sessions):
    host = as_user(OXF_DCS)
    host.peer('dates challenge:"February 2018"', channel=triad_channel)
    assert host.peer("dates", channel=triad_channel).raw == b""
    view = opened(double)
    assert view["blocks"][0]["element"]["initial_value"] == "February 2018"  # what is set, shown as given

    before = snapshot(sessions)
    bad = host.click(submission(OXF_DCS, view, dates_values("February 2018", "31 February 2018"))).json
    assert list(bad["errors"]) == ["fieldwork"] and "Fieldwork date:" in bad["errors"]["fieldwork"]
    early = host.click(submission(OXF_DCS, view, dates_values("February 2018", "3 January 2018"))).json
    assert "can't come before the challenge session" in early["errors"]["fieldwork"]
    assert (
        "Give the challenge session or the fieldwork"
        in host.click(submission(OXF_DCS, view, dates_values())).json["errors"]["challenge"]
    )
    outsider = as_user(STRANGER).click(submission(STRANGER, view, dates_values(fieldwork="23 & 24 July 2018"))).json
    assert "Only triad 1's members" in outsider["errors"]["challenge"]
    forged = dict(view, private_metadata=json.dumps({"triad_id": 999}))
    assert (
        "no longer exists"
        in host.click(submission(OXF_DCS, forged, dates_values(fieldwork="23 & 24 July 2018"))).json["errors"][
            "challenge"
        ]
    )
    assert snapshot(sessions) == before

    assert host.click(submission(OXF_DCS, view, dates_values("February 2018", "December 2018 tbc"))).json == {}
    with sessions() as session:
        fieldwork = session.scalar(select(TriadDate).where(TriadDate.kind == "fieldwork"))
    assert (fieldwork.text, fieldwork.precision, fieldwork.provisional) == ("December 2018 tbc", "month", True)
    assert any(f"<@{OXF_DCS}> set the dates" in (m.get("text") or "") for m in double.messages_in(triad_channel))


def test_a_date_left_as_the_form_opened_it_is_not_set_or_said_again(as_user, double, triad_channel):
    """The form opens with the dates as set and Slack sends them back: only the one changed is set and said."""
    host = as_user(OXF_DCS)
    host.peer('dates challenge:"February 2018" fieldwork:"23 & 24 July 2018"', channel=triad_channel)
    host.peer("dates", channel=triad_channel)
    view = opened(double)
    assert [b["element"].get("initial_value") for b in view["blocks"][:2]] == ["February 2018", "23 & 24 July 2018"]
    assert host.click(submission(OXF_DCS, view, dates_values("14 February 2018", "23 & 24 July 2018"))).json == {}
    said = double.messages_in(triad_channel)[-1]["text"]
    assert said == f":calendar: <@{OXF_DCS}> set the dates: challenge session Wednesday 14 February."
    # Nothing changed at all: the dates are confirmed as given, both said.
    assert host.click(submission(OXF_DCS, view, dates_values("14 February 2018", "23 & 24 July 2018"))).json == {}
    said = double.messages_in(triad_channel)[-1]["text"]
    assert "challenge session Wednesday 14 February; fieldwork Monday 23 & Tuesday 24 July" in said


def test_dates_typed_bare_outside_a_triad_channel_says_how(as_user):
    assert "isn't a triad channel" in as_user(OXF_DCS).peer("dates").text


@pytest.mark.parametrize(
    "command, why",
    [
        (
            'action add "Audit step-down" owner:{ghost} due:"30 September 2018"',
            "isn't anyone in this workspace, so they can't be an action's owner",
        ),
        (
            'action add "Audit step-down" owner:{bot} due:"30 September 2018"',
            "is an app, not a person, so they can't be an action's owner",
        ),
        ('interview add "23 July 2018 09:30-10:15" "Head of Early Help" with:{gone}', "has been deactivated"),
    ],
)
def test_owners_and_interviewers_must_be_active_people(as_user, double, triad_channel, sessions, command, why):
    from tests.e2e.conftest import MK_TEAM1

    as_user(OXF_DCS).peer('dates challenge:"February 2018" fieldwork:"23 & 24 July 2018"', channel=triad_channel)
    double.unknown_users.add("U0GHOST99")
    double.add_user("UAPPBOT", is_bot=True)
    double.add_user(MK_TEAM1, deleted=True)  # a team member who has since left
    before = snapshot(sessions)
    names = {"ghost": "<@U0GHOST99|ghost>", "bot": mention("UAPPBOT"), "gone": mention(MK_TEAM1)}
    reply = as_user(OXF_DCS).peer(command.format(**names), channel=triad_channel).text
    assert why in reply and "nothing was changed" in reply
    assert snapshot(sessions) == before


def picked(kind: str, key: str, value: str) -> dict:
    return {"type": kind, key: value}


def interview_values(day="2018-07-23", start="09:30", end="10:15", stakeholder="Head of Early Help", interviewers=()):
    return {
        "day": {"day": picked("datepicker", "selected_date", day)},
        "start": {"start": picked("timepicker", "selected_time", start)},
        "end": {"end": picked("timepicker", "selected_time", end)},
        "stakeholder": {"stakeholder": text(stakeholder)}, "role": {"role": text("manager")},
        "where": {"where": text("County Hall")},
        "interviewers": {"interviewers": {"type": "multi_users_select", "selected_users": list(interviewers)}},
    }  # fmt: skip


def test_an_interview_is_booked_from_its_form_and_a_clash_lands_on_the_time(as_user, double, triad_channel, sessions):
    from storage.models import Interview

    as_user(OXF_DCS).peer('dates challenge:"February 2018" fieldwork:"23 & 24 July 2018"', channel=triad_channel)
    assert as_user(MK_DCS).peer("interview add", channel=triad_channel).raw == b""
    view = opened(double)
    assert view["callback_id"] == "interview_add_form" and view["blocks"][0]["element"]["initial_date"] == "2018-07-23"
    booked = as_user(MK_DCS).click(submission(MK_DCS, view, interview_values(interviewers=[MK_DCS]))).json
    assert booked == {}
    assert any("booked interview 1" in (m.get("text") or "") for m in double.messages_in(triad_channel))
    before = snapshot(sessions)
    clash = (
        as_user(MK_DCS)
        .click(submission(MK_DCS, view, interview_values(start="10:00", end="10:30", interviewers=[MK_DCS])))
        .json
    )
    assert list(clash["errors"]) == ["start"] and "is already interviewing" in clash["errors"]["start"]
    outsider = (
        as_user(MK_DCS)
        .click(submission(MK_DCS, view, interview_values(start="11:00", end="11:30", interviewers=[STRANGER])))
        .json
    )
    assert (
        list(outsider["errors"]) == ["interviewers"]
        and "isn't a member of triad 1" in outsider["errors"]["interviewers"]
    )
    backwards = as_user(MK_DCS).click(submission(MK_DCS, view, interview_values(start="11:00", end="10:00"))).json
    assert list(backwards["errors"]) == ["end"]
    assert snapshot(sessions) == before
    with sessions() as session:
        assert [(i.stakeholder, i.role, i.place) for i in session.scalars(select(Interview))] == [
            ("Head of Early Help", "manager", "County Hall")
        ]


def test_a_reminder_is_set_from_its_form(as_user, double, triad_channel, sessions, clock):
    from storage.models import Reminder

    assert as_user(OXF_DCS).peer("remind", channel=triad_channel).raw == b""
    view = opened(double)
    values = lambda day, at: {"text": {"text": text("Send the interview list")},  # noqa: E731
                              "day": {"day": picked("datepicker", "selected_date", day)},
                              "time": {"time": picked("timepicker", "selected_time", at)}}  # fmt: skip
    before = snapshot(sessions)
    past = as_user(OXF_DCS).click(submission(OXF_DCS, view, values("2017-12-01", "09:00"))).json
    assert list(past["errors"]) == ["day"]
    assert snapshot(sessions) == before
    assert as_user(OXF_DCS).click(submission(OXF_DCS, view, values("2018-07-20", "09:00"))).json == {}
    with sessions() as session:
        reminder = session.scalar(select(Reminder).where(Reminder.kind == "custom"))
        assert reminder.due_at.isoformat() == "2018-07-20T08:00:00+00:00" and "Send the interview list" in reminder.text
    assert any("Reminder 1 set" in t for t in dms(double, OXF_DCS))
