"""Fieldwork planning in a triad's channel: interviews, the two-day agenda, the calendar file."""

from __future__ import annotations

from datetime import date, datetime, time, timezone

import pytest
from icalendar import Calendar
from slack_sdk.models.blocks import ActionsBlock, SectionBlock
from sqlalchemy import select

from bot.demo.words import words
from bot.rules.dates import parse_fuzzy_date
from bot.rules.fieldwork import Interview, agenda_facts
from handlers.blocks.asks import agenda_button
from handlers.blocks.fieldwork import agenda_blocks
from storage.models import Interview as InterviewRow
from storage.models import Triad
from tests.e2e.conftest import MK_DCS, MK_TEAM1, MK_TEAM2, OXF_DCS, OXF_TEAM, POR_DCS, STRANGER, mention, snapshot
from tests.e2e.harness import COORDINATOR
from tests.e2e.test_focus_buttons import click_payload, told

EARLY_HELP = (
    'interview add "23 July 2018 09:30-10:15" "Head of Early Help" role:"manager" '
    f'with:{mention(MK_DCS)} {mention(OXF_TEAM)} where:"County Hall"'
)


@pytest.fixture
def channel(as_user, triad_channel, double) -> str:
    """Triad 1 with SPEC's dates: challenge February 2018, fieldwork 23 & 24 July 2018."""
    reply = as_user(OXF_DCS).peer(
        'dates challenge:"February 2018" fieldwork:"23 & 24 July 2018"', channel=triad_channel
    )
    assert reply.text == "" and "set the dates" in double.messages_in(triad_channel)[-1]["text"], reply.text
    return triad_channel


@pytest.fixture
def peer(as_user, channel):
    def run(user: str, text: str, where: str | None = None):
        return as_user(user).peer(text, channel=where or channel)

    return run


def stored(sessions) -> list[tuple]:
    with sessions() as session:
        rows = session.scalars(select(InterviewRow).order_by(InterviewRow.number))
        return [
            (r.number, r.day, r.start_time, r.end_time, r.stakeholder, r.role, r.place, r.interviewers) for r in rows
        ]


def booked(double, channel: str, number: int) -> str:
    """The booking as posted in the channel (the person who typed it is not told it again)."""
    posted = double.messages_in(channel)[-1]["text"]
    assert f"booked interview {number}:" in posted, posted
    return posted.split("booked interview ", 1)[1]


def numbers_in(text: str) -> list[int]:
    return [int(line.split(":", 1)[0].lstrip("• ")) for line in text.splitlines() if line.startswith("• ")]


# --------------------------------------------------------------------------- interviews


def test_an_interview_is_booked_listed_and_announced(peer, channel, sessions, double):
    reply = peer(MK_TEAM1, EARLY_HELP)
    assert reply.text == ""  # no echo of the post in the channel where it was typed
    posted = booked(double, channel, 1)
    assert (
        posted == f"1: Monday 23 July, 09:30-10:15, *Head of Early Help* with <@{MK_DCS}>, <@{OXF_TEAM}> · County Hall"
    )
    assert words(double.messages_in(channel)[-1]["text"]) <= 18
    assert ":warning:" not in posted  # day 1 of confirmed fieldwork, interviewers assigned
    assert stored(sessions) == [
        (
            1,
            date(2018, 7, 23),
            time(9, 30),
            time(10, 15),
            "Head of Early Help",
            "manager",
            "County Hall",
            [MK_DCS, OXF_TEAM],
        )
    ]
    announced = double.messages_in(channel)[-1]["text"]
    assert f"<@{MK_TEAM1}> booked interview 1" in announced and "Head of Early Help" in announced
    listed = peer(POR_DCS, "interview list").text
    assert "1: Monday 23 July, 09:30-10:15, *Head of Early Help* (manager) with" in listed
    assert "2018" not in listed and "`/peer" not in listed


def test_list_is_in_time_order_and_remove_keeps_the_other_numbers(peer, sessions, double, channel):
    for number, (slot, who) in enumerate(
        (
            ("23 July 2018 14:00-15:00", "Team manager, assessment"),
            ("23 July 2018 09:00-09:45", "Director of Children's Services"),
            ("23 July 2018 11:00-11:45", "Social workers (focus group)"),
        ),
        1,
    ):
        assert "Booked" not in peer(OXF_DCS, f'interview add "{slot}" "{who}"').text
        booked(double, channel, number)
    listed = peer(OXF_DCS, "interview list").text
    assert numbers_in(listed) == [2, 3, 1]  # time order, numbers as booked
    assert "Director of Children's Services" in listed

    removed = peer(MK_TEAM2, "interview remove 2")
    assert removed.text == ""  # posted in the channel, not echoed
    assert "removed interview 2:" in double.messages_in(channel)[-1]["text"]
    assert "Director of Children" in double.messages_in(channel)[-1]["text"]
    assert numbers_in(peer(OXF_DCS, "interview list").text) == [3, 1]
    assert "Booked" not in peer(OXF_DCS, 'interview add "23 July 2018 12:00-12:30" "Virtual school head"').text
    booked(double, channel, 4)
    assert [row[0] for row in stored(sessions)] == [1, 3, 4]
    assert "There is no interview 2 in triad 1" in peer(OXF_DCS, "interview remove 2").text
    peer(OXF_DCS, "interview remove 4")  # the highest: its number is still not given out again
    assert "Booked" not in peer(OXF_DCS, 'interview add "23 July 2018 12:00-12:30" "Virtual school head"').text
    booked(double, channel, 5)


def test_empty_list_carries_the_button_that_books(peer):
    reply = peer(POR_DCS, "interview list")
    assert reply.text.startswith("Triad 1 has no interviews booked yet.") and "`/peer" not in reply.text
    assert [e["action_id"] for e in reply.json["blocks"][-1]["elements"]] == ["interview_form_open"]


def test_a_clash_is_refused_naming_the_interview_and_the_interviewer(peer, sessions):
    peer(MK_TEAM1, EARLY_HELP)
    before = snapshot(sessions)
    reply = peer(
        OXF_DCS,
        'interview add "23 July 2018 10:00-10:45" "Principal social worker" '
        f"with:{mention(POR_DCS)} {mention(OXF_TEAM)}",
    )
    assert reply.text == (
        f":x: <@{OXF_TEAM}> is already interviewing Head of Early Help then (Monday 23 July, 09:30-10:15, "
        "interview 1). Choose another time or interviewer."
    )
    assert snapshot(sessions) == before
    # Back to back is not a clash; someone else at the same time is not either.
    assert (
        ":x:"
        not in peer(
            OXF_DCS, f'interview add "23 July 2018 10:15-11:00" "Principal social worker" with:{mention(OXF_TEAM)}'
        ).text
    )
    assert (
        ":x:"
        not in peer(OXF_DCS, f'interview add "23 July 2018 09:45-10:30" "IRO manager" with:{mention(POR_DCS)}').text
    )
    assert len(stored(sessions)) == 3


@pytest.fixture
def second_triad(coordinator, double, channel) -> str:
    """Triad 2 (Wokingham host, Southampton visitor, Milton Keynes observer): MK's DCS is in both."""
    coordinator.peer(f'authority add "Wokingham" dcs:{mention("UWOKDCS")}')
    coordinator.peer(f'authority add "Southampton" dcs:{mention("USOTDCS")}')
    coordinator.peer('triad new host:"Wokingham" visitor:"Southampton" observer:"Milton Keynes"')
    return double.channel_named(double.calls_to("conversations.create")[-1].args["name"]).id


def test_an_interviewer_cannot_be_in_two_triads_at_once(peer, second_triad, sessions, double):
    peer(MK_TEAM1, EARLY_HELP)
    before = snapshot(sessions)
    booking = f'interview add "23 July 2018 10:00-11:00" "Head of Safeguarding" with:{mention(MK_DCS)}'
    # MK's DCS is in triad 1 too, so may see what the other interview is.
    reply = peer(MK_DCS, booking, second_triad)
    assert reply.text.startswith(f":x: <@{MK_DCS}> is already interviewing Head of Early Help then")
    assert "triad 1's interview 1)" in reply.text
    # Wokingham's DCS is not in triad 1: the clash is named, triad 1's stakeholder is not.
    reply = peer("UWOKDCS", booking, second_triad)
    assert (
        f"<@{MK_DCS}> is already interviewing a stakeholder then (Monday 23 July, 09:30-10:15, triad 1's interview 1)"
        in reply.text
    )
    assert "Early Help" not in reply.text
    assert snapshot(sessions) == before
    # Another day is fine, and triad 2 numbers its own interviews from 1.
    assert "Booked" not in peer("UWOKDCS", booking.replace("23 July", "24 July"), second_triad).text
    booked(double, second_triad, 1)


def test_outside_fieldwork_and_a_stakeholder_twice_are_accepted_with_warnings(peer, sessions, double, channel):
    peer(MK_TEAM1, EARLY_HELP)
    reply = peer(OXF_DCS, f'interview add "25 July 2018 09:30-10:15" "Head of Early Help" with:{mention(POR_DCS)}')
    assert booked(double, channel, 2).startswith("2: Wednesday 25 July, 09:30-10:15")
    assert reply.text.startswith(":warning:") and "Booked" not in reply.text  # the warnings only
    assert ":warning: Wednesday 25 July is not a fieldwork day (fieldwork is 23 &amp; 24 July 2018)." in reply.text
    assert ":warning: Head of Early Help is already booked for Monday 23 July, 09:30-10:15 (interview 1)." in reply.text
    reply = peer(OXF_DCS, 'interview add "24 July 2018 15:00-15:30" "Parents panel"')
    assert "Tuesday 24 July is fieldwork day 2, for hypotheses" in reply.text
    assert "No interviewer is assigned to this slot yet." in reply.text
    assert [row[0] for row in stored(sessions)] == [1, 2, 3]


def test_unset_fieldwork_dates_warn(as_user, triad_channel, double):
    reply = as_user(OXF_DCS).peer('interview add "23 July 09:30-10:15" "Head of Early Help"', channel=triad_channel)
    assert booked(double, triad_channel, 1).startswith("1: Monday 23 July,")  # the round's year, not said
    assert "The fieldwork dates are not set yet" in reply.text


MALFORMED = [
    ('interview add "23 July 2018 25:00-26:00" "Head of Early Help"', ':00" is not a time. Write it like "09:30"'),
    ('interview add "23 July 2018 10:15-09:30" "Head of Early Help"', "the slot must end after it starts"),
    ('interview add "23 July 2018 9-10" "Head of Early Help"', '"10" is not a clear time'),
    ('interview add "31 June 2018 09:00-10:00" "Head of Early Help"', "June 2018 has 30 days"),
    ('interview add "July 2018 09:00-10:00" "Head of Early Help"', "needs one exact day"),
    ('interview add "23 July 2018" "Head of Early Help"', "is not a slot I can read"),
    (
        'interview add "23 July 2018 09:30-10:15" "Head of Early Help" room:"B2"',
        "`room:` isn't an option of interview add",
    ),
    ('interview add "23 July 2018 09:30-10:15"', "Give the slot and the stakeholder, each in quotes"),
    ("interview add 23 July 2018 09:30-10:15 Head", "Give the slot and the stakeholder, each in quotes"),
    ('interview add "23 July 2018 09:30-10:15" ""', "Say who is interviewed"),
    ('interview add "23 July 2018 09:30-10:15" "Head of Early Help" with:@maya', "I can't tell who @maya is"),
    (
        'interview add "23 July 2018 09:30-10:15" "Head of Early Help" with:Maya',
        "with: takes the interviewers from Slack's @ menu",
    ),
    ('interview add "23 July 2018 09:30-10:15" "Head of Early Help" with:', "with: takes the interviewers"),
    (
        f'interview add {mention(MK_DCS)} "23 July 2018 09:30-10:15" "Head of Early Help"',
        "Put the interviewers after with:",
    ),
    (
        f'interview add "23 July 2018 09:30-10:15" "Head of Early Help" with:{mention(STRANGER)}',
        f"<@{STRANGER}> isn't a member of triad 1",
    ),
    (
        f'interview add "23 July 2018 09:30-10:15" "Head of Early Help" with:{mention(COORDINATOR)}',
        f"<@{COORDINATOR}> isn't a member of triad 1",
    ),
    (
        'interview add "23 July 2018 09:30-10:15" "Head of Early Help" role:',
        "role: needs the stakeholder's role in quotes",
    ),
    (
        'interview add "23 July 2018 09:30-10:15" "' + "x" * 201 + '"',
        "keep the slot under 120 characters and the stakeholder under 200",
    ),
    ('interview add "23 July 2018 09:30-10:15" "Head of Early Help" triad:one', "triad:one is not a triad number"),
    ("interview remove 9", "There is no interview 9 in triad 1"),
    ("interview remove", "Give the interview's number"),
    ("interview remove first", "Give the interview's number"),
    ("interview remove 1 2", "Give the interview's number"),
    ("interview list all", "`/peer interview list` takes nothing but an optional triad:N"),
    ("interview", "isn't a command: write `/peer interview add | list | remove`"),
    ("interview book", "`/peer interview book` isn't a command"),
    ("agenda tomorrow", "`/peer agenda` takes nothing but an optional triad:N"),
    ("calendar format:outlook", "`/peer calendar` takes nothing but an optional triad:N"),
    ("calendar triad:9", "There is no triad 9"),
]


@pytest.mark.parametrize("text, says", MALFORMED, ids=[t for t, _ in MALFORMED])
def test_malformed_interview_commands_get_a_specific_reply_and_change_nothing(peer, sessions, double, text, says):
    peer(MK_TEAM1, EARLY_HELP)
    before, calls = snapshot(sessions), len(double.calls)
    reply = peer(OXF_DCS, text)
    assert reply.text.startswith(":x:") and says in reply.text, reply.text
    assert "\n" not in reply.text  # one line
    assert snapshot(sessions) == before
    assert len(double.calls) == calls  # nothing posted, nothing uploaded


@pytest.mark.parametrize("text", [EARLY_HELP, "interview list", "interview remove 1", "agenda", "calendar"])
def test_only_members_and_coordinators_plan_the_fieldwork(peer, as_user, coordinator, channel, sessions, double, text):
    peer(MK_TEAM1, EARLY_HELP.replace("09:30-10:15", "08:00-08:30"))
    before, calls = snapshot(sessions), len(double.calls)
    assert "Only triad 1's members and the programme coordinators" in as_user(STRANGER).peer(text, channel=channel).text
    assert "Only triad 1's members" in as_user(STRANGER).peer(f"{text} triad:1").text
    assert "This isn't a triad channel" in as_user(OXF_DCS).peer(text).text
    assert snapshot(sessions) == before and len(double.calls) == calls
    # A coordinator can, from anywhere, naming the triad.
    assert not coordinator.peer(f"{text} triad:1").text.startswith(":x:")


# --------------------------------------------------------------------------- agenda


def test_agenda_is_one_line_an_interview_and_day_two_in_one_line(peer, as_user, channel):
    peer(OXF_DCS, 'focus propose "How well do we hear the voice of the child in plans?"')
    peer(OXF_DCS, 'focus propose "How effective is step-down to early help?"')
    for user in (OXF_DCS, MK_DCS):
        peer(user, "focus agree 2")
    peer(MK_TEAM1, f'interview add "23 July 2018 11:00-12:00" "Social workers <focus group>" with:{mention(MK_TEAM2)}')
    peer(MK_TEAM1, EARLY_HELP)
    peer(MK_TEAM1, 'interview add "25 July 2018 09:00-09:30" "Police partner"')

    reply = peer(POR_DCS, "agenda")
    body = reply.json["blocks"]
    assert body[0]["type"] == "header" and body[0]["text"]["text"] == "Triad 1 fieldwork agenda"
    assert [b["type"] for b in body] == ["header", "section", "section", "actions"]
    assert body[1]["text"]["text"].splitlines() == [
        "*Day 1, Monday 23 July: interviews*",
        f"`09:30-10:15` *Head of Early Help* with <@{MK_DCS}>, <@{OXF_TEAM}> · County Hall",
        f"`11:00-12:00` *Social workers &lt;focus group&gt;* with <@{MK_TEAM2}>",
        "Wednesday 25 July, 09:00-09:30: *Police partner*, no interviewer yet _(not day 1)_",
    ]
    assert body[2]["text"]["text"] == (
        "*Day 2, Tuesday 24 July:* `09:00` hypotheses on line 2 · `11:45` findings to the host · "
        "`12:30` lunch · `13:15-16:00` workshop"
    )  # proposed line 1 is not agreed: only line 2
    assert [e["action_id"] for e in body[3]["elements"]] == ["fieldwork_calendar", "interview_form_open"]
    assert "Free time" not in reply.text and "`/peer" not in reply.text and "2018" not in reply.text


def test_agenda_before_anything_is_booked_offers_the_dates_form(as_user, triad_channel):
    reply = as_user(POR_DCS).peer("agenda", channel=triad_channel)
    assert "*Fieldwork dates not set yet.*" in reply.text and "No interviews booked yet" in reply.text
    assert "`/peer" not in reply.text
    actions = [e["action_id"] for e in reply.json["blocks"][-1]["elements"]]
    assert actions == ["fieldwork_calendar", "interview_form_open", "home_dates"]


def test_a_huge_agenda_keeps_within_slack_limits():
    fieldwork = parse_fuzzy_date("23 & 24 July 2018", 2018)
    interviews = [
        Interview(
            n,
            date(2018, 7, 23),
            time(9 + n % 8, 0),
            time(9 + n % 8, 30),
            "Stakeholder " + "x" * 150,
            "role",
            "room",
            ("U1", "U2"),
        )
        for n in range(1, 1000)
    ]
    result = agenda_blocks(7, 1, 2018, fieldwork, agenda_facts(fieldwork, interviews), [1])
    assert len(result) <= 50
    for block in result:
        block.to_dict()  # slack_sdk checks every limit
        if isinstance(block, SectionBlock):
            assert len(block.text.text) <= 3000
    dicts = [b.to_dict() for b in result]
    assert dicts[-3]["type"] == "context" and "more interviews than fit here" in dicts[-3]["elements"][0]["text"]
    assert dicts[-2]["text"]["text"].startswith("*Day 2, Tuesday 24 July:*")  # day 1 cut short, day 2 whole
    assert dicts[-1]["type"] == "actions"


# --------------------------------------------------------------------------- calendar


def uploaded_calendar(double, count: int = 1) -> tuple[object, Calendar]:
    files = double.uploaded_files
    assert len(files) == count
    return files[-1], Calendar.from_ical(files[-1].content)


def events(cal: Calendar) -> dict[str, object]:
    return {str(ev["UID"]).split("@")[0]: ev for ev in cal.walk("VEVENT")}


def test_calendar_crosses_the_clock_change_and_keeps_imprecise_dates_tentative(as_user, triad_channel, double):
    as_user(OXF_DCS).peer('dates challenge:"February 2018" fieldwork:"October 2018 tbc"', channel=triad_channel)
    double.add_user(MK_DCS, profile={"display_name": "Maya Kaur"})
    peer = lambda text: as_user(MK_TEAM1).peer(text, channel=triad_channel)  # noqa: E731
    peer(f'interview add "26 October 2018 10:00-11:00" "Head of Early Help" with:{mention(MK_DCS)} where:"County Hall"')
    peer(f'interview add "29 October 2018 10:00-10:45" "Virtual school head" with:{mention(POR_DCS)}')
    double.unknown_users.add(POR_DCS)  # left Slack after the booking: users.info fails, the id stands in

    reply = peer("calendar")
    assert reply.text == (
        ":hourglass_flowing_sand: Triad 1's calendar (`triad-1-peer-challenge.ics`) "
        f"is on its way to <#{triad_channel}>."
    )
    upload, cal = uploaded_calendar(double)
    assert (upload.filename, upload.channel_id) == ("triad-1-peer-challenge.ics", triad_channel)
    assert upload.initial_comment == (
        f":calendar: <@{MK_TEAM1}> posted triad 1's calendar: challenge session, fieldwork, interviews and "
        "follow-up. Dates not confirmed yet are all-day and tentative."
    )

    zones = cal.walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["Europe/London"]
    assert {c.name for c in zones[0].subcomponents} == {"STANDARD", "DAYLIGHT"}

    ev = events(cal)
    bst, gmt = ev["triad-1-interview-1"], ev["triad-1-interview-2"]
    assert bst["DTSTART"].params["TZID"] == "Europe/London"
    assert bst.decoded("DTSTART").astimezone(timezone.utc) == datetime(2018, 10, 26, 9, 0, tzinfo=timezone.utc)
    assert bst.decoded("DTEND").astimezone(timezone.utc) == datetime(2018, 10, 26, 10, 0, tzinfo=timezone.utc)
    assert gmt.decoded("DTSTART").astimezone(timezone.utc) == datetime(2018, 10, 29, 10, 0, tzinfo=timezone.utc)
    assert "Interviewers: Maya Kaur" in str(bst["DESCRIPTION"]) and str(bst["LOCATION"]) == "County Hall"
    assert f"Interviewers: {POR_DCS}" in str(gmt["DESCRIPTION"])

    fieldwork = ev["triad-1-fieldwork"]
    assert str(fieldwork["STATUS"]) == "TENTATIVE"
    assert fieldwork.decoded("DTSTART") == date(2018, 10, 1) and fieldwork.decoded("DTEND") == date(2018, 11, 1)
    assert not isinstance(fieldwork.decoded("DTSTART"), datetime)  # all day, no made-up time
    assert "October 2018 tbc" in str(fieldwork["SUMMARY"])
    challenge = ev["triad-1-challenge"]
    assert str(challenge["STATUS"]) == "TENTATIVE" and challenge.decoded("DTSTART") == date(2018, 2, 1)
    follow_up = ev["triad-1-follow-up"]  # four months after the last day fieldwork could be
    assert follow_up.decoded("DTSTART") == date(2019, 2, 28) and str(follow_up["STATUS"]) == "TENTATIVE"


def test_calendar_with_confirmed_fieldwork(peer, double, channel):
    peer(MK_TEAM1, EARLY_HELP)
    peer(POR_DCS, "calendar")
    _, cal = uploaded_calendar(double)
    ev = events(cal)
    day1, day2 = ev["triad-1-fieldwork"], ev["triad-1-fieldwork-day-2"]
    assert (day1.decoded("DTSTART"), str(day1["STATUS"])) == (date(2018, 7, 23), "CONFIRMED")
    assert (day2.decoded("DTSTART"), str(day2["STATUS"])) == (date(2018, 7, 24), "CONFIRMED")
    assert ev["triad-1-interview-1"].decoded("DTSTART").astimezone(timezone.utc) == datetime(
        2018, 7, 23, 8, 30, tzinfo=timezone.utc
    )
    assert "user-umkdcs, user-uoxfteam" in str(
        ev["triad-1-interview-1"]["DESCRIPTION"]
    )  # display names from users.info
    # 4 calendar months after 24 July is Saturday 24 November: the follow-up is Monday 26th, as the reminder
    assert ev["triad-1-follow-up"].decoded("DTSTART") == date(2018, 11, 26)
    assert str(ev["triad-1-follow-up"]["STATUS"]) == "CONFIRMED"


def test_a_slack_failure_uploading_the_calendar_is_told_to_the_person(peer, double, sessions):
    before = snapshot(sessions)
    double.fail_next("files.completeUploadExternal", "not_in_channel")
    reply = peer(OXF_DCS, "calendar")
    assert "is on its way" in reply.text
    assert double.uploaded_files == []
    told = double.responses[-1]["text"]
    assert told.startswith(":x: I couldn't post the calendar in") and "(not_in_channel)" in told
    assert snapshot(sessions) == before


# --------------------------------------------------------------------------- Add to calendar, from the agenda


def agenda_message(reply, channel: str) -> dict:
    """The agenda as the clicker sees it: an ephemeral reply in ``channel``."""
    return {"channel": channel, "ts": "1532300000.000100", "text": reply.json["text"], "blocks": reply.json["blocks"]}


def click_in_agenda(double, user: str, message: dict, **kw) -> dict:
    payload = click_payload(double, user, message, "fieldwork_calendar", **kw)
    payload["container"]["is_ephemeral"] = True
    del payload["message"]  # Slack sends no message with a click in an ephemeral one
    return payload


def test_add_to_calendar_posts_the_calendar_as_the_command_does(peer, as_user, coordinator, channel, double, sessions):
    peer(MK_TEAM1, EARLY_HELP)
    agenda = agenda_message(peer(POR_DCS, "agenda"), channel)
    before = snapshot(sessions)
    click = click_in_agenda(double, POR_DCS, agenda)
    as_user(POR_DCS).click(click)
    upload, cal = uploaded_calendar(double)
    assert (upload.filename, upload.channel_id) == ("triad-1-peer-challenge.ics", channel)
    assert upload.initial_comment.startswith(f":calendar: <@{POR_DCS}> posted triad 1's calendar")
    assert "triad-1-interview-1" in events(cal) and "triad-1-fieldwork-day-2" in events(cal)
    assert told(double, click) == []  # the file is in the channel it was clicked in: nothing repeats it
    assert snapshot(sessions) == before

    # A coordinator's agenda, asked for elsewhere: the file goes to the triad's channel, and they are told where.
    elsewhere = agenda_message(coordinator.peer("agenda triad:1"), "D0DIRECT")
    click = click_in_agenda(double, COORDINATOR, elsewhere)
    coordinator.click(click)
    upload, _ = uploaded_calendar(double, 2)
    assert upload.channel_id == channel
    assert told(double, click) == [f":white_check_mark: Posted in <#{channel}>."]


def test_add_to_calendar_is_refused_to_outsiders_forged_and_stale_clicks(peer, as_user, channel, double, sessions):
    peer(MK_TEAM1, EARLY_HELP)
    agenda = agenda_message(peer(OXF_DCS, "agenda"), channel)
    before = snapshot(sessions)
    outsider = click_in_agenda(double, STRANGER, agenda)
    as_user(STRANGER).click(outsider)
    assert told(double, outsider) == [":x: Only triad 1's members and the programme coordinators can see or change it."]
    other_workspace = click_in_agenda(double, OXF_DCS, agenda, team="T0OTHER")
    as_user(OXF_DCS).click(other_workspace)
    assert told(double, other_workspace) == [":x: That triad no longer exists, so there is nothing to change."]
    gone = click_in_agenda(double, OXF_DCS, agenda, value="999")
    as_user(OXF_DCS).click(gone)
    assert told(double, gone) == [":x: That triad no longer exists, so there is nothing to change."]
    forged = click_in_agenda(double, OXF_DCS, agenda, value="1; drop")
    as_user(OXF_DCS).click(forged)
    assert told(double, forged) == [":x: I can't tell which triad this button is about; nothing was posted."]
    assert double.uploaded_files == [] and snapshot(sessions) == before
    # the positive control: the same button, clicked by a member
    as_user(OXF_DCS).click(click_in_agenda(double, OXF_DCS, agenda))
    uploaded_calendar(double)


def test_add_to_calendar_for_a_triad_without_a_channel_says_so(peer, as_user, channel, double, sessions):
    agenda = agenda_message(peer(OXF_DCS, "agenda"), channel)
    with sessions() as session, session.begin():
        session.scalar(select(Triad)).channel_id = None
    click = click_in_agenda(double, COORDINATOR, agenda)
    as_user(COORDINATOR).click(click)
    assert told(double, click) == [":x: Triad 1 has no channel to post its calendar in."]
    assert double.uploaded_files == []


def agenda_asked(sessions, channel: str) -> dict:
    """A message carrying *Show the agenda* (as a reminder of the fieldwork would) in ``channel``."""
    with sessions() as session:
        triad_id = session.scalar(select(Triad.id))
    blocks = [ActionsBlock(block_id="ask", elements=[agenda_button(triad_id)]).to_dict()]
    return {"channel": channel, "ts": "1532300000.000200", "text": "Fieldwork starts on Monday.", "blocks": blocks}


def test_show_the_agenda_shows_the_clicker_what_the_command_shows(peer, as_user, channel, double, sessions):
    peer(MK_TEAM1, EARLY_HELP)
    message = agenda_asked(sessions, channel)
    before, posts = snapshot(sessions), len(double.messages_in(channel))
    click = click_payload(double, POR_DCS, message, "fieldwork_agenda_show")
    as_user(POR_DCS).click(click)
    [shown] = double.responses_by_key[click["response_url"].rsplit("/", 1)[1]]
    assert (shown["response_type"], shown["replace_original"]) == ("ephemeral", False)
    assert shown["blocks"] == peer(POR_DCS, "agenda").json["blocks"]
    assert len(double.messages_in(channel)) == posts and snapshot(sessions) == before  # to the clicker only

    outsider = click_payload(double, STRANGER, message, "fieldwork_agenda_show")
    as_user(STRANGER).click(outsider)
    assert told(double, outsider) == [":x: Only triad 1's members and the programme coordinators can see or change it."]
    forged = click_payload(double, POR_DCS, message, "fieldwork_agenda_show", value="x")
    as_user(POR_DCS).click(forged)
    assert told(double, forged) == [":x: I can't tell which triad this button is about; nothing was posted."]
    elsewhere = click_payload(double, POR_DCS, message, "fieldwork_agenda_show", team="T0OTHER")
    as_user(POR_DCS).click(elsewhere)
    assert told(double, elsewhere) == [":x: That triad no longer exists, so there is nothing to change."]
    assert snapshot(sessions) == before and len(double.messages_in(channel)) == posts
