"""The App Home tab: published on app_home_opened (a signed Events API request) and after changes."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

from slack_sdk.models.views import View
from sqlalchemy import select

from storage.models import Action, Authority, Reminder, Round, Triad
from tests.e2e.conftest import (
    MK_DCS,
    MK_TEAM1,
    OXF_DCS,
    OXF_TEAM,
    POR_DCS,
    STRANGER,
    mention,
    snapshot,
)
from tests.e2e.harness import COORDINATOR, TEAM, post, sign
from tests.slack_requests import shown

OTHER_TEAM = "T0OTHER"


def open_home(as_user, user: str, tab: str = "home", event_id: str = "Ev001"):
    return as_user(user).event(
        {"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": tab, "event_ts": "1531000000.000100"},
        event_id=event_id,
    )


def home_text(double, user: str) -> str:
    view = double.home_views[user]
    parts = []
    for block in view["blocks"]:
        if isinstance(block.get("text"), dict):
            parts.append(block["text"]["text"])
        for element in block.get("elements", []):
            label = element.get("text", "")
            parts.append(label["text"] if isinstance(label, dict) else label)  # a button's label, or mrkdwn
    return "\n".join(parts)


def section_texts(double, user: str, header: str) -> list[str]:
    """The texts of the blocks under one header of the user's Home."""
    out, inside = [], False
    for block in double.home_views[user]["blocks"]:
        if block["type"] == "header":
            inside = block["text"]["text"] == header
        elif inside and block["type"] == "section":
            out.append(block["text"]["text"])
    return out


def triad_texts(double, user: str) -> list[str]:
    """Each triad under "Your triads": its head (next step) and, below its button, its dates, as one text."""
    out: list[str] = []
    inside = False
    for block in double.home_views[user]["blocks"]:
        if block["type"] == "header":
            inside = block["text"]["text"] == "Your triads"
        elif inside and block["type"] == "section" and block["text"]["text"].startswith("*Triad "):
            out.append(block["text"]["text"])
        elif inside and block["type"] == "context" and out:
            out[-1] += "\n" + "".join(e["text"] for e in block["elements"])
    return out


def test_no_home_asks_anyone_to_type_syntax(as_user, triad_channel, double):
    for user in (OXF_DCS, MK_TEAM1, STRANGER, COORDINATOR):
        open_home(as_user, user)
        assert "`/peer" not in json.dumps(double.home_views[user]), user


def triad_id(sessions, number: int = 1) -> int:
    with sessions() as session:
        return session.scalar(select(Triad.id).where(Triad.team_id == TEAM, Triad.number == number))


def add_reminder(
    sessions, *, team=TEAM, triad=None, recipient, due_at, text, status="pending", kind="custom", key=None
):
    with sessions() as session, session.begin():
        session.add(
            Reminder(
                team_id=team,
                triad_id=triad,
                key=key or f"test:{text}",
                kind=kind,
                recipient=recipient,
                text=text,
                due_at=due_at,
                status=status,
            )
        )


def other_workspace_triad(sessions, owner: str) -> int:
    """A triad in another workspace where `owner` (the same user id) owns an action."""
    with sessions() as session, session.begin():
        round_ = Round(team_id=OTHER_TEAM, name="SE 2018", name_key="se 2018", year=2018, timezone="Europe/London")
        people = [
            Authority(team_id=OTHER_TEAM, name=n, name_key=n.lower(), dcs_user_id=owner if i == 0 else f"UX{i}")
            for i, n in enumerate(("Kent", "Medway", "Surrey"))
        ]
        session.add_all([round_, *people])
        session.flush()
        triad = Triad(
            team_id=OTHER_TEAM,
            number=1,
            round_id=round_.id,
            host_id=people[0].id,
            visitor_id=people[1].id,
            observer_id=people[2].id,
            channel_id="COTHER",
        )
        session.add(triad)
        session.flush()
        session.add(
            Action(
                team_id=OTHER_TEAM,
                triad_id=triad.id,
                number=1,
                text="Other workspace's action",
                owner_user_id=owner,
                due_date=date(2018, 9, 1),
                status="open",
            )
        )
        return triad.id


def test_opening_home_shows_triads_dates_reminders_and_open_actions(as_user, triad_channel, double, sessions):
    oxf = as_user(OXF_DCS)
    oxf.peer('dates challenge:"February 2018" fieldwork:"23 &amp; 24 July 2018"', channel=triad_channel)
    oxf.peer(
        f'action add "Audit step-down cases" owner:{mention(OXF_DCS)} due:"30 September 2018"', channel=triad_channel
    )
    oxf.peer(f'action add "Finished already" owner:{mention(OXF_DCS)} due:"1 September 2018"', channel=triad_channel)
    oxf.peer("action done 2", channel=triad_channel)
    oxf.peer(
        f'action add "Someone else\'s action" owner:{mention(MK_DCS)} due:"2 September 2018"', channel=triad_channel
    )
    oxf.peer('action update 1 "Audit started"', channel=triad_channel)
    tid = triad_id(sessions)
    # Pending reminders for the channel and for the person (due before anything the plan adds); others must not show.
    add_reminder(
        sessions,
        triad=tid,
        recipient=triad_channel,
        due_at=datetime(2018, 1, 10, 9, 0, tzinfo=timezone.utc),
        text="Challenge session next week",
    )
    add_reminder(
        sessions,
        triad=tid,
        recipient=OXF_DCS,
        due_at=datetime(2018, 1, 9, 9, 0, tzinfo=timezone.utc),
        text="Self-assessment due in a week\nmore detail",
    )
    add_reminder(
        sessions,
        triad=tid,
        recipient=triad_channel,
        due_at=datetime(2018, 1, 9, 8, 0, tzinfo=timezone.utc),
        text="Already sent",
        status="sent",
    )
    add_reminder(
        sessions,
        triad=tid,
        recipient=triad_channel,
        due_at=datetime(2018, 1, 9, 8, 0, tzinfo=timezone.utc),
        text="Cancelled one",
        status="cancelled",
    )
    add_reminder(
        sessions,
        triad=tid,
        recipient=MK_DCS,
        due_at=datetime(2018, 1, 9, 8, 0, tzinfo=timezone.utc),
        text="For the visiting DCS only",
    )
    other = other_workspace_triad(sessions, OXF_DCS)
    add_reminder(
        sessions,
        team=OTHER_TEAM,
        triad=other,
        recipient=OXF_DCS,
        due_at=datetime(2018, 1, 9, 8, 0, tzinfo=timezone.utc),
        text="Other workspace reminder",
    )
    double.home_views.clear()

    response = open_home(as_user, OXF_DCS)
    assert response.status == 200
    publish = double.calls_to("views.publish")[-1]
    assert publish.args["user_id"] == OXF_DCS and publish.args["view"]["type"] == "home"
    View(**double.home_views[OXF_DCS]).to_dict()  # slack_sdk's own checks, as well as the double's schema

    [triad] = triad_texts(double, OXF_DCS)
    assert triad.startswith(f"*Triad 1* · <#{triad_channel}> · you: host DCS\n*Next:* confirm the challenge session")
    # Dates said once, an exact one with its weekday and without the round's year.
    assert "Challenge session February 2018 _(to be confirmed)_ · fieldwork Monday 23 & Tuesday 24 July" in shown(triad)
    assert "24 July 2018" not in shown(triad) and "July _(to be confirmed)_" not in shown(triad)

    [coming] = section_texts(double, OXF_DCS, "Coming up")
    assert coming.splitlines()[:2] == [
        "• *Tue 9 January, 09:00* to you — Self-assessment due in a week",
        f"• *Wed 10 January, 09:00* in <#{triad_channel}> — Challenge session next week",
    ]

    actions = section_texts(double, OXF_DCS, "Your open actions")
    assert len(actions) == 1
    assert "*Triad 1 · action 1:* Audit step-down cases\ndue 30 September" in actions[0]
    assert "_Latest: “Audit started” — <@UOXFDCS>, 8 January_" in actions[0]
    text = home_text(double, OXF_DCS)
    for absent in (
        "Finished already",
        "Someone else's action",
        "Other workspace",
        "Already sent",
        "Cancelled one",
        "For the visiting DCS",
    ):
        assert absent not in text


def test_reminder_times_are_shown_in_the_rounds_time_zone(as_user, coordinator, double, sessions):
    coordinator.peer('round new "Pacific 2018" tz:America/Los_Angeles')
    for name, dcs in (("Alpha", OXF_DCS), ("Beta", MK_DCS), ("Gamma", POR_DCS)):
        coordinator.peer(f'authority add "{name}" dcs:{mention(dcs)}')
    coordinator.peer('triad new host:"Alpha" visitor:"Beta" observer:"Gamma" round:"Pacific 2018"')
    tid = triad_id(sessions)
    with sessions() as session:
        channel_id = session.get(Triad, tid).channel_id
    add_reminder(
        sessions,
        triad=tid,
        recipient=channel_id,
        due_at=datetime(2018, 7, 20, 16, 0, tzinfo=timezone.utc),
        text="Fieldwork agenda for Monday",
    )
    add_reminder(
        sessions,
        triad=tid,
        recipient=OXF_DCS,
        due_at=datetime(2018, 1, 29, 17, 0, tzinfo=timezone.utc),
        text="Self-assessment due",
    )
    open_home(as_user, OXF_DCS)
    assert section_texts(double, OXF_DCS, "Coming up")[0].splitlines() == [
        "• *Mon 29 January, 09:00* to you — Self-assessment due",  # 17:00Z is 09:00 PST
        f"• *Fri 20 July, 09:00* in <#{channel_id}> — Fieldwork agenda for Monday",  # 16:00Z is 09:00 PDT
    ]


def test_roles_and_empty_states(as_user, triad_channel, double):
    open_home(as_user, MK_TEAM1)
    [triad] = triad_texts(double, MK_TEAM1)
    assert "you: visitor team" in triad and "Challenge session _not set yet_" in triad
    # Nothing planned and nothing owned: one plain line, no empty headers.
    assert "No reminders are planned and no action is waiting on you." in home_text(double, MK_TEAM1)
    headers = [b["text"]["text"] for b in double.home_views[MK_TEAM1]["blocks"] if b["type"] == "header"]
    assert headers == ["Your triads"]

    open_home(as_user, STRANGER)
    first = double.home_views[STRANGER]["blocks"][0]
    assert first["text"]["text"] == "You are not in a triad yet; a programme coordinator adds you."
    assert not [b for b in double.home_views[STRANGER]["blocks"] if b["type"] == "actions"]

    open_home(as_user, COORDINATOR)
    assert "you: coordinator" in triad_texts(double, COORDINATOR)[0]


def test_messages_tab_publishes_nothing(as_user, triad_channel, double):
    calls = len(double.calls_to("views.publish"))
    open_home(as_user, OXF_DCS, tab="messages")
    assert len(double.calls_to("views.publish")) == calls


def test_a_badly_signed_event_is_refused_and_publishes_nothing(app, triad_channel, double):
    calls = len(double.calls_to("views.publish"))
    body = json.dumps(
        {
            "team_id": TEAM,
            "type": "event_callback",
            "event_id": "EvBAD",
            "event": {"type": "app_home_opened", "user": OXF_DCS, "tab": "home"},
        }
    )
    response = post(app.url + "/slack/events", body, sign(body, secret="not-the-secret"), "application/json")
    assert response.status == 401
    app.executor.drain()
    assert len(double.calls_to("views.publish")) == calls


def test_home_refreshes_for_the_owner_and_the_person_acting(as_user, triad_channel, double):
    double.home_views.clear()
    as_user(OXF_DCS).peer(
        f'action add "Brief the lead member" owner:{mention(MK_TEAM1)} due:"1 August 2018"', channel=triad_channel
    )
    assert "Brief the lead member" in home_text(double, MK_TEAM1)
    assert OXF_DCS in double.home_views  # the person acting, after the work done after the ack
    assert [c.args["user_id"] for c in double.calls_to("views.publish")].count(MK_TEAM1) == 1

    as_user(POR_DCS).peer('action update 1 "Slot booked for 30 July"', channel=triad_channel)
    assert "Slot booked for 30 July" in home_text(double, MK_TEAM1)

    as_user(MK_TEAM1).peer("action done 1", channel=triad_channel)  # the owner acting: refreshed once
    assert [c.args["user_id"] for c in double.calls_to("views.publish")].count(MK_TEAM1) == 3
    assert "Brief the lead member" not in home_text(double, MK_TEAM1)

    # Any change that succeeded refreshes the acting person's Home; a refusal does not.
    as_user(OXF_TEAM).peer('dates challenge:"7 September"', channel=triad_channel)
    assert "Challenge session Friday 7 September ·" in triad_texts(double, OXF_TEAM)[0]
    calls = len(double.calls_to("views.publish"))
    as_user(OXF_TEAM).peer('dates challenge:"31 September"', channel=triad_channel)
    as_user(OXF_TEAM).peer("action list", channel=triad_channel)  # reading changes nothing
    assert len(double.calls_to("views.publish")) == calls


def test_a_new_triad_shows_on_the_coordinators_home(coordinator, triad_channel, double):
    # The triad is created after the ack; the Home is refreshed after that work.
    assert "Triad 1" in section_texts(double, coordinator.user, "Your triads")[0]


def test_a_failed_publish_does_not_break_the_command(as_user, triad_channel, double, sessions):
    double.fail_next("views.publish", "internal_error", times=2)
    reply = as_user(OXF_DCS).peer(
        f'action add "Brief the lead member" owner:{mention(MK_TEAM1)} due:"1 August 2018"', channel=triad_channel
    )
    assert reply.text == ""
    with sessions() as session:
        assert session.scalar(select(Action)).text == "Brief the lead member"
    assert open_home(as_user, MK_TEAM1).status == 200
    assert "Brief the lead member" in home_text(double, MK_TEAM1)


def test_many_actions_and_long_texts_stay_within_slack_limits(as_user, triad_channel, double, sessions):
    as_user(OXF_DCS).peer('focus propose "How well do we hear the voice of the child in plans?"', channel=triad_channel)
    tid = triad_id(sessions)
    with sessions() as session, session.begin():
        for n in range(1, 31):  # more than the Home shows
            session.add(
                Action(
                    team_id=TEAM,
                    triad_id=tid,
                    number=n,
                    text=("Long action text " * 40)[:499],
                    owner_user_id=OXF_DCS,
                    due_date=date(2018, 9, n % 28 + 1),
                    status="open",
                )
            )
    for n in range(8):
        add_reminder(
            sessions,
            triad=tid,
            recipient=triad_channel,
            due_at=datetime(2018, 2, n + 1, 9, tzinfo=timezone.utc),
            text="R" * 3000,
            key=f"k{n}",
        )
    open_home(as_user, OXF_DCS)
    view = double.home_views[OXF_DCS]
    assert len(view["blocks"]) <= 100
    assert all(len(b["text"]["text"]) <= 3000 for b in view["blocks"] if b["type"] == "section")
    assert len(section_texts(double, OXF_DCS, "Your open actions")) == 20
    assert "…and 10 more" in home_text(double, OXF_DCS)
    assert len(section_texts(double, OXF_DCS, "Coming up")[0].splitlines()) == 8
    # Earliest due first.
    first = section_texts(double, OXF_DCS, "Your open actions")[0]
    assert "due 1 September" in first


def test_refused_command_leaves_home_and_database_alone(as_user, triad_channel, double, sessions):
    before, calls = snapshot(sessions), len(double.calls_to("views.publish"))
    reply = as_user(OXF_DCS).peer('action add "x" owner:Bob due:"1 August 2018"', channel=triad_channel)
    assert reply.text.startswith(":x:")
    assert snapshot(sessions) == before and len(double.calls_to("views.publish")) == calls


def test_the_home_builder_caps_a_coordinators_many_triads_within_100_blocks():
    """The builder alone (no server): 40 triads and 40 actions still make a valid Home of at most 100 blocks."""
    from zoneinfo import ZoneInfo

    from handlers.events.home import (
        MAX_ACTIONS,
        MAX_TRIADS,
        HomeAction,
        HomeData,
        HomeTriad,
        home_view,
    )

    zone = ZoneInfo("Europe/London")
    round_ = Round(name="R" * 120, timezone="Europe/London")
    people = [Authority(name=n * 120) for n in "HVO"]
    triads = [
        Triad(number=n, round=round_, host=people[0], visitor=people[1], observer=people[2], channel_id=f"C{n}")
        for n in range(40)
    ]
    data = HomeData(COORDINATOR, zone)
    data.triads = [HomeTriad(t, ["coordinator"], zone, None, None) for t in triads[:MAX_TRIADS]]
    data.more_triads = 40 - MAX_TRIADS
    actions = [
        Action(number=n, text="A" * 500, status="open", due_date=date(2018, 9, 1), notes=[]) for n in range(MAX_ACTIONS)
    ]
    data.actions = [HomeAction(a, 1, zone) for a in actions]
    data.more_actions = 20
    view = home_view(data, datetime(2018, 1, 8, 10, tzinfo=timezone.utc)).to_dict()  # raises past Slack's limits
    assert view["type"] == "home" and len(view["blocks"]) <= 100
    texts = json.dumps(view, ensure_ascii=False)
    assert f"…and {40 - MAX_TRIADS} more triads" in texts and "…and 20 more open actions" in texts
    assert "`/peer" not in texts
