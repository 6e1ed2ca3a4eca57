"""The round's own dates (orientation, summit) and its orientation material, through signed requests."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from bot.cli.main import main
from bot.cli.reminders import reminder_listing
from storage.models import Reminder, Round, RoundDate
from tests.e2e.conftest import MK_DCS, OXF_DCS, OXF_TEAM, POR_DCS, snapshot
from tests.e2e.harness import COORDINATOR
from tests.e2e.test_focus_buttons import buttons, click_payload, told
from tests.e2e.test_forms import opened, submission, text

SLIDES = "https://example.org/orientation-slides"


def listing(sessions) -> list[dict]:
    with sessions() as session:
        return reminder_listing(session)


def round_rows(sessions, kinds=("orientation", "summit")) -> dict[str, dict]:
    return {r["key"]: r for r in listing(sessions) if r["kind"] in kinds}


def programme_text(as_user, double, channel, user: str = OXF_TEAM) -> str:
    """What *Show the programme* on the channel's welcome tells ``user``: the steps with the round's dates."""
    welcome = next(m for m in double.messages_in(channel) if "show_programme" in buttons(m))
    click = click_payload(double, user, welcome, "show_programme")
    as_user(user).click(click)
    return "\n".join(told(double, click))


def posted(double, channel) -> str:
    return double.messages_in(channel)[-1]["text"]


def test_set_change_and_clear_the_round_dates(coordinator, as_user, triad_channel, double, sessions):
    reply = coordinator.peer('round dates orientation:"Early February 2018" summit:"14 March 2019"')
    # Posted in the round's triad channels, not repeated to the coordinator; the imprecise date is to be confirmed.
    assert reply.text == (
        ":white_check_mark: Posted in the round's 1 triad channel.\nI'll ask for the exact day in good time."
    ), reply.text
    assert posted(double, triad_channel) == (
        f":calendar: <@{COORDINATOR}> set the round's dates (SE 2018): "
        "orientation early February; summit Thursday 14 March 2019."
    )
    with sessions() as session:
        rows = {
            r.kind: (r.text, r.start.isoformat(), r.end.isoformat(), r.precision)
            for r in session.scalars(select(RoundDate))
        }
    assert rows == {
        "orientation": ("Early February 2018", "2018-02-01", "2018-02-10", "part_month"),
        "summit": ("14 March 2019", "2019-03-14", "2019-03-14", "day"),
    }
    programme = programme_text(as_user, double, triad_channel)
    assert (
        "3. *Orientation* — early February" in programme and "9. *Annual summit* — Thursday 14 March 2019" in programme
    )

    with sessions() as session:
        rid = session.scalar(select(Round.id))  # ids are not reused between tests on PostgreSQL
    planned = round_rows(sessions)
    assert {k: (r["kind"], r["recipient"], r["triad"], r["due_at"], r["status"]) for k, r in planned.items()} == {
        # Counted back from Thursday 1 February, the earliest day "Early February" could be.
        f"orientation:week_before:{triad_channel}": (
            "orientation",
            triad_channel,
            1,
            "2018-01-25T09:00:00Z",
            "pending",
        ),
        f"orientation:day_before:{triad_channel}": ("orientation", triad_channel, 1, "2018-01-31T09:00:00Z", "pending"),
        f"summit:week_before:{triad_channel}": ("summit", triad_channel, 1, "2019-03-07T09:00:00Z", "pending"),
        # Once per round, to the coordinator, with no triad.
        f"round:{rid}:summit:brief:{COORDINATOR}": ("summit", COORDINATOR, None, "2019-02-14T09:00:00Z", "pending"),
    }
    assert "the summit brief is ready" in planned[f"round:{rid}:summit:brief:{COORDINATOR}"]["text"]
    confirm = {r["key"]: r for r in listing(sessions) if r["key"].startswith(f"round:{rid}:confirm_date")}
    assert list(confirm) == [f"round:{rid}:confirm_date:orientation:{COORDINATOR}"]  # 11 January, three weeks before
    assert confirm[f"round:{rid}:confirm_date:orientation:{COORDINATOR}"]["due_at"] == "2018-01-11T09:00:00Z"

    # Changed: the same reminders move (no new rows); the confirmation nudge goes, the date being exact now.
    before_ids = {k: r["id"] for k, r in planned.items()}
    assert coordinator.peer('round dates orientation:"6 February 2018"').text.startswith(":white_check_mark: Posted")
    assert "orientation Tuesday 6 February." in posted(double, triad_channel)
    moved = round_rows(sessions)
    assert {k: r["id"] for k, r in moved.items()} == before_ids
    assert moved[f"orientation:day_before:{triad_channel}"]["due_at"] == "2018-02-05T09:00:00Z"
    assert moved[f"orientation:week_before:{triad_channel}"]["due_at"] == "2018-01-30T09:00:00Z"
    assert {r["key"]: r["status"] for r in listing(sessions) if "confirm_date:orientation" in r["key"]} == {
        f"round:{rid}:confirm_date:orientation:{COORDINATOR}": "cancelled"
    }

    # Cleared: the orientation's reminders are cancelled, the summit's stay.
    coordinator.peer("round dates orientation:none")
    assert "orientation removed" in posted(double, triad_channel)
    after = round_rows(sessions)
    assert {k: r["status"] for k, r in after.items()} == {
        f"orientation:week_before:{triad_channel}": "cancelled",
        f"orientation:day_before:{triad_channel}": "cancelled",
        f"summit:week_before:{triad_channel}": "pending",
        f"round:{rid}:summit:brief:{COORDINATOR}": "pending",
    }
    assert "3. *Orientation* — _not set yet_" in programme_text(as_user, double, triad_channel)
    with sessions() as session:
        assert [r.kind for r in session.scalars(select(RoundDate))] == ["summit"]


def test_a_triad_formed_afterwards_gets_them_and_past_ones_are_skipped(
    coordinator, as_user, triad_channel, double, sessions
):
    # The clock says Monday 8 January 2018, 10:00Z: the orientation on Friday 12 January is near.
    coordinator.peer(f'round material orientation "{SLIDES}"')
    coordinator.peer('round dates orientation:"12 January 2018" summit:"14 March 2019"')
    reply = coordinator.peer('triad new host:"Portsmouth" visitor:"Oxfordshire" observer:"Milton Keynes"')
    assert reply.status == 200
    second = double.channel_named(double.calls_to("conversations.create")[-1].args["name"]).id
    assert second != triad_channel
    programme = programme_text(as_user, double, second, POR_DCS)  # the new triad's host DCS
    assert (
        "3. *Orientation* — Friday 12 January" in programme
        and "9. *Annual summit* — Thursday 14 March 2019" in programme
    )
    assert f"<{SLIDES}|material>" in programme

    rows = {k: r for k, r in round_rows(sessions).items() if second in k}
    assert {k: (r["triad"], r["due_at"], r["status"]) for k, r in rows.items()} == {
        # A week before was Friday 5 January: already past when planned, so skipped, never sent.
        f"orientation:week_before:{second}": (2, "2018-01-05T09:00:00Z", "skipped"),
        f"orientation:day_before:{second}": (2, "2018-01-11T09:00:00Z", "pending"),
        f"summit:week_before:{second}": (2, "2019-03-07T09:00:00Z", "pending"),
    }
    assert f"<{SLIDES}|slides>)." in rows[f"orientation:day_before:{second}"]["text"]
    # The brief is still planned once for the round, not once per triad.
    briefs = [r for r in listing(sessions) if "summit:brief" in r["key"]]
    assert [(b["recipient"], b["triad"]) for b in briefs] == [(COORDINATOR, None)]


def test_a_non_coordinator_is_refused_and_nothing_is_written(as_user, triad_channel, sessions):
    before = snapshot(sessions)
    for user in (OXF_DCS, MK_DCS, POR_DCS):
        reply = as_user(user).peer('round dates summit:"14 March 2019"', channel=triad_channel)
        assert reply.text.startswith(":x:") and "Only a programme coordinator can set the round's" in reply.text
        reply = as_user(user).peer(f'round material orientation "{SLIDES}"')
        assert "Only a programme coordinator" in reply.text
    assert snapshot(sessions) == before


@pytest.mark.parametrize(
    "command, says",
    [
        ('round dates orientation:"31 February 2018"', "February 2018 has 28 days"),
        ('round dates summit:"soon"', "Summit date"),
        ('round dates orientation:"Early February 2018" summit:"1 January 2018"', "can't come before the orientation"),
        ('round dates orientation:"Early February 2018" summit:"2018-02-31"', "Summit date"),
        ('round dates round:"SE 1999" summit:"14 March 2019"', 'no round called "SE 1999"'),
        ('round dates kickoff:"14 March 2019"', "isn't a date of the round"),
        ('round dates summit:""', "summit: is empty"),
        ("round dates soon", "I don't understand `soon`"),
        ('round material orientation "not a link"', "isn't a link I can post"),
        ("round material slides", "/peer round material orientation"),
    ],
)
def test_bad_round_dates_are_refused_and_nothing_changes(coordinator, triad_channel, sessions, command, says):
    coordinator.peer('round dates orientation:"Early February 2018"')
    before = snapshot(sessions)
    reply = coordinator.peer(command)
    assert reply.text.startswith(":x:") and says in reply.text, (command, reply.text)
    assert snapshot(sessions) == before


def test_the_round_dates_form(coordinator, triad_channel, double, sessions):
    coordinator.peer('round dates summit:"14 March 2019"')
    assert coordinator.peer("round dates").raw == b""
    view = opened(double)
    assert view["callback_id"] == "round_dates_form"
    before = snapshot(sessions)

    def values(orientation="", summit=""):
        return {"orientation": {"date": text(orientation)}, "summit": {"date": text(summit)},
                "provisional": {"provisional": {"type": "checkboxes", "selected_options": []}}}  # fmt: skip

    bad = coordinator.click(submission(COORDINATOR, view, values("31 February 2018", "14 March 2019"))).json
    assert bad["response_action"] == "errors" and "28 days" in bad["errors"]["orientation"]
    early = coordinator.click(submission(COORDINATOR, view, values("Early February 2018", "1 January 2018"))).json
    assert "can't come before" in early["errors"]["summit"]
    outsider = coordinator.click(submission(OXF_DCS, view, values("Early February 2018", "14 March 2019"))).json
    assert "Only a programme coordinator" in outsider["errors"]["orientation"]
    assert snapshot(sessions) == before

    assert coordinator.click(submission(COORDINATOR, view, values("Early February 2018", "14 March 2019"))).json == {}
    with sessions() as session:
        assert {r.kind: r.text for r in session.scalars(select(RoundDate))} == {
            "orientation": "Early February 2018",
            "summit": "14 March 2019",
        }
    # The summit emptied in the form (it was set): removed.
    view = (coordinator.peer("round dates"), opened(double))[1]
    assert coordinator.click(submission(COORDINATOR, view, values("Early February 2018", ""))).json == {}
    with sessions() as session:
        assert [r.kind for r in session.scalars(select(RoundDate))] == ["orientation"]
        assert all(r.status == "cancelled" for r in session.scalars(select(Reminder).where(Reminder.kind == "summit")))


def test_material_link_and_the_export(
    coordinator, as_user, double, triad_channel, sessions, database_url, monkeypatch, capsys
):
    reply = coordinator.peer(f"round material orientation <{SLIDES}|{SLIDES}>")  # a pasted link, as Slack sends it
    assert reply.text.startswith(":white_check_mark: SE 2018: the orientation material is")
    coordinator.peer('round dates orientation:"Early February 2018" summit:"14 March 2019 tbc"')
    assert SLIDES in programme_text(as_user, double, triad_channel, COORDINATOR)
    monkeypatch.setenv("DATABASE_URL", database_url)
    capsys.readouterr()
    assert main(["export", "round", "SE 2018", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["round"] == "SE 2018"  # the existing fields stay as they were
    assert document["triads"][0]["round"] == {
        "name": "SE 2018",
        "orientation": {"text": "Early February 2018", "start": "2018-02-01", "end": "2018-02-10",
                        "precision": "part_month", "provisional": False},
        "summit": {"text": "14 March 2019 tbc", "start": "2019-03-14", "end": "2019-03-14",
                   "precision": "day", "provisional": True},
        "orientation_material": SLIDES,
    }  # fmt: skip
    assert "removed" in coordinator.peer("round material orientation none").text
    assert "is <" in coordinator.peer(f'round material orientation "{SLIDES}"').text  # typed in quotes
    assert "removed" in coordinator.peer("round material orientation none").text
    with sessions() as session:
        texts = [r["text"] for r in reminder_listing(session) if r["key"].startswith("orientation:")]
    assert texts and all("|slides>" not in t and "orientation-slides" not in t for t in texts)


def test_help_lists_the_round_commands(as_user):
    text = as_user(OXF_DCS).peer("help round").text
    assert "/peer round dates" in text and "/peer round material" in text


def test_the_round_dates_on_the_home_and_in_the_calendar(coordinator, as_user, triad_channel, double):
    from icalendar import Calendar

    from tests.e2e.test_home import home_text, open_home

    coordinator.peer('round dates orientation:"Early February 2018" summit:"14 March 2019"')
    open_home(as_user, OXF_TEAM)
    home = home_text(double, OXF_TEAM)
    assert "orientation Early February 2018 _(to be confirmed)_ · annual summit Thursday 14 March 2019" in home
    open_home(as_user, COORDINATOR, event_id="Ev002")
    assert "annual summit Thursday 14 March 2019" in home_text(double, COORDINATOR)

    as_user(OXF_TEAM).peer("calendar", channel=triad_channel)
    cal = Calendar.from_ical(double.uploaded_files[-1].content)
    found = {str(ev["UID"]).split("@")[0]: ev for ev in cal.walk("VEVENT")}
    orientation, summit = found["triad-1-orientation"], found["triad-1-summit"]
    assert str(orientation["STATUS"]) == "TENTATIVE" and orientation.decoded("DTSTART").isoformat() == "2018-02-01"
    assert orientation.decoded("DTEND").isoformat() == "2018-02-11"
    assert str(summit["STATUS"]) == "CONFIRMED" and summit.decoded("DTSTART").isoformat() == "2019-03-14"


def material_shortcut(double, user: str, channel: str, message: dict) -> dict:
    """A message_action payload as Slack sends it for the "Orientation material" shortcut."""
    import time

    return {
        "type": "message_action", "callback_id": "orientation_material", "trigger_id": f"{time.monotonic_ns()}.trigger",
        "team": {"id": "T0PEER", "domain": "peer"}, "user": {"id": user, "name": user.lower(), "team_id": "T0PEER"},
        "channel": {"id": channel, "name": "programme"}, "api_app_id": "A0PEER", "token": "legacy",
        "message_ts": "1531000000.000100", "response_url": double.response_url(f"sc-{time.monotonic_ns()}"),
        "message": {"type": "message", "user": COORDINATOR, "ts": "1531000000.000100", **message},
        "is_enterprise_install": False, "enterprise": None,
    }  # fmt: skip


def test_the_orientation_material_shortcut_on_a_file_message(coordinator, as_user, triad_channel, double, sessions):
    permalink = "https://peer.slack.com/files/UCOORD/F0SLIDES/orientation_and_preparation.pptx"
    file_message = {"text": "The slides for the orientation",
                    "files": [{"id": "F0SLIDES", "name": "orientation_and_preparation.pptx",
                               "permalink": permalink, "url_private": "https://files.slack.com/F0SLIDES"}]}  # fmt: skip
    before = snapshot(sessions)
    assert as_user(OXF_DCS).click(material_shortcut(double, OXF_DCS, triad_channel, file_message)).status == 200
    assert snapshot(sessions) == before  # a non-coordinator: refused, nothing written
    no_link = material_shortcut(double, COORDINATOR, triad_channel, {"text": "no file here"})
    assert coordinator.click(no_link).status == 200
    assert snapshot(sessions) == before

    assert coordinator.click(material_shortcut(double, COORDINATOR, triad_channel, file_message)).status == 200
    coordinator.peer('round dates orientation:"6 February 2018"')
    rows = round_rows(sessions, kinds=("orientation",))
    assert rows and all(f"<{permalink}|slides>)" in r["text"] for r in rows.values())
    told = [c.args.get("text") or "" for c in double.calls_to("chat.postEphemeral")]
    assert any("Only a programme coordinator" in t for t in told)
    assert any("no file or link" in t for t in told)
    assert any("is now the orientation material" in t for t in told)
