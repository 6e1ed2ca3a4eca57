"""Dates, the area of focus, feedback format, marks and status, in the triad's channel."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.demo.words import visible_text, words
from storage.models import FocusLine, TriadDate
from tests.e2e.conftest import MK_DCS, MK_TEAM1, OXF_DCS, OXF_TEAM, POR_DCS, snapshot
from tests.slack_requests import shown


@pytest.mark.parametrize(
    "given, start, end, precision, said, imprecise",
    [
        ("February 2018", "2018-02-01", "2018-02-28", "month", "February", True),
        ("23 & 24 July 2018", "2018-07-23", "2018-07-24", "days", "Monday 23 & Tuesday 24 July", False),
        ("Early October", "2018-10-01", "2018-10-10", "part_month", "early October", True),
        ("December 2018 tbc", "2018-12-01", "2018-12-31", "month", "December _(to be confirmed)_", True),
        ("7 September", "2018-09-07", "2018-09-07", "day", "Friday 7 September", False),
        ("8 & 9 November 2018", "2018-11-08", "2018-11-09", "days", "Thursday 8 & Friday 9 November", False),
        ("2018-07-23", "2018-07-23", "2018-07-23", "day", "Monday 23 July", False),
        ("03/04/2018", "2018-04-03", "2018-04-03", "day", "Tuesday 3 April", False),
        ("14 January 2019", "2019-01-14", "2019-01-14", "day", "Monday 14 January 2019", False),  # not the round's year
    ],
)
def test_every_date_form_is_kept_as_given_and_said_once_with_its_weekday(
    as_user, triad_channel, sessions, double, given, start, end, precision, said, imprecise
):
    typed = given.replace("&", "&amp;")  # as Slack sends it (should_escape)
    reply = as_user(OXF_TEAM).peer(f'dates challenge:"{typed}"', channel=triad_channel)
    assert reply.text == ""  # no echo of the post in the channel
    nudge = "\nI'll ask for the exact day in good time." if imprecise else ""
    posted = shown(double.messages_in(triad_channel)[-1]["text"])
    assert posted == f":calendar: <@{OXF_TEAM}> set the dates: challenge session {said}.{nudge}"
    assert words(posted.split("\n")[0]) <= 20 and "`/peer" not in posted
    with sessions() as session:
        row = session.scalar(select(TriadDate))
        assert (row.text, row.start.isoformat(), row.end.isoformat(), row.precision) == (given, start, end, precision)
    status = shown(as_user(OXF_TEAM).peer("status", channel=triad_channel).text)
    assert f"*Challenge session* {said} · *fieldwork* _not set yet_" in status


def test_dates_are_announced_and_provisional_kept(as_user, triad_channel, double, sessions):
    reply = as_user(MK_DCS).peer(
        "dates challenge:“7 September” fieldwork:“8 & 9 November 2018” provisional", channel=triad_channel
    )
    assert reply.text == ""
    posted = double.messages_in(triad_channel)[-1]["text"]
    assert "set the dates" in posted and "7 September" in posted and "to be confirmed" in posted
    with sessions() as session:
        assert all(r.provisional for r in session.scalars(select(TriadDate)))


def test_impossible_dates_are_refused_and_nothing_changes(as_user, triad_channel, sessions):
    as_user(OXF_DCS).peer('dates challenge:"February 2018"', channel=triad_channel)
    before = snapshot(sessions)
    for text, says in (
        ('dates challenge:"31 February 2018"', "February 2018 has 28 days"),
        ('dates fieldwork:"soon"', "Fieldwork date"),
        ('dates fieldwork:"1 January 2018"', "can't come before the challenge session"),
        ('dates challenge:"February 2018" fieldwork:"2018-02-31"', "Fieldwork date"),
    ):
        reply = as_user(OXF_DCS).peer(text, channel=triad_channel)
        assert reply.text.startswith(":x:") and says in reply.text, (text, reply.text)
    assert snapshot(sessions) == before


def test_a_line_is_agreed_when_both_host_and_visiting_dcs_agree_and_is_pinned(as_user, triad_channel, double, sessions):
    proposed = as_user(MK_TEAM1).peer(
        'focus propose "How well do we hear the voice of the child in plans?"', channel=triad_channel
    )
    assert proposed.text == "" and double.messages_in(triad_channel)[-1]["text"].startswith("Line 1 proposed:")
    assert (
        "Only the host DCS and the visiting DCS" in as_user(POR_DCS).peer("focus agree 1", channel=triad_channel).text
    )
    assert "waiting for the visiting DCS" in as_user(OXF_DCS).peer("focus agree 1", channel=triad_channel).text
    assert "already agreed this line" in as_user(OXF_DCS).peer("focus agree 1", channel=triad_channel).text
    assert not double.calls_to("pins.add")
    assert as_user(MK_DCS).peer("focus agree 1", channel=triad_channel).text == ""  # pinned in the channel
    pin = double.calls_to("pins.add")[-1]
    pinned = [m for m in double.messages if m["ts"] == pin.args["timestamp"]][0]
    assert pin.args["channel"] == triad_channel and ":pushpin: Line 1, agreed:" in pinned["text"]
    with sessions() as session:
        line = session.scalar(select(FocusLine))
        assert (line.status, line.host_agreed_by, line.visitor_agreed_by, line.pinned_ts) == (
            "agreed",
            OXF_DCS,
            MK_DCS,
            pin.args["timestamp"],
        )
    assert "agreed" in as_user(POR_DCS).peer("focus list", channel=triad_channel).text


def test_more_than_three_agreed_lines_warns(as_user, triad_channel):
    questions = [
        "How well do we hear the voice of the child?",
        "How effective is step-down to early help?",
        "How stable are placements for older children?",
        "How well do partners share information at the front door?",
    ]
    for i, q in enumerate(questions, start=1):
        as_user(OXF_DCS).peer(f'focus propose "{q}"', channel=triad_channel)
        as_user(OXF_DCS).peer(f"focus agree {i}", channel=triad_channel)
        reply = as_user(MK_DCS).peer(f"focus agree {i}", channel=triad_channel).text
        assert ("too many questions" in reply.lower()) is (i > 3)
    assert ":warning: 4 lines agreed." in as_user(MK_DCS).peer("focus list", channel=triad_channel).text


def test_withdraw_by_proposer_or_dcs_only(as_user, triad_channel, double):
    as_user(MK_TEAM1).peer('focus propose "How effective is step-down to early help?"', channel=triad_channel)
    assert "Only whoever proposed the line" in as_user(POR_DCS).peer("focus withdraw 1", channel=triad_channel).text
    assert as_user(OXF_DCS).peer("focus withdraw 1", channel=triad_channel).text == ""
    assert "withdrew line 1" in double.messages_in(triad_channel)[-1]["text"]
    assert "already withdrawn" in as_user(OXF_DCS).peer("focus withdraw 1", channel=triad_channel).text
    assert "no lines of enquiry" in as_user(OXF_DCS).peer("focus list", channel=triad_channel).text


def test_feedback_format_is_recorded_with_the_host(as_user, triad_channel, double):
    assert as_user(OXF_DCS).peer("feedback format:Presentation", channel=triad_channel).text == ""  # posted, no echo
    assert "*presentation*" in double.messages_in(triad_channel)[-1]["text"]
    assert "presentation" in as_user(POR_DCS).peer("status", channel=triad_channel).text
    assert (
        "agreed between the host DCS and the visiting DCS"
        in as_user(POR_DCS).peer("feedback format:written", channel=triad_channel).text
    )


def test_only_the_authority_whose_step_it_is_or_a_coordinator_marks_it(
    as_user, coordinator, triad_channel, sessions, double
):
    before = snapshot(sessions)
    assert (
        "Only Oxfordshire (the host)" in as_user(POR_DCS).peer("mark self-assessment done", channel=triad_channel).text
    )
    assert "Only Milton Keynes (the visitor)" in as_user(OXF_DCS).peer("mark report done", channel=triad_channel).text
    assert "coordinators' step" in as_user(MK_DCS).peer("mark data-profile done", channel=triad_channel).text
    assert snapshot(sessions) == before
    assert as_user(MK_TEAM1).peer("mark report done", channel=triad_channel).text == ""  # posted, no echo
    assert "marked the report done" in double.messages_in(triad_channel)[-1]["text"]
    assert coordinator.peer("mark data-profile done", channel=triad_channel).text == ""
    assert "marked the data profile done" in double.messages_in(triad_channel)[-1]["text"]


def test_mark_step_done_once(as_user, triad_channel):
    assert as_user(OXF_DCS).peer("mark self-assessment done", channel=triad_channel).text == ""
    assert "already marked done" in as_user(OXF_DCS).peer("mark self-assessment done", channel=triad_channel).text
    assert "*Done:* self-assessment ·" in as_user(OXF_DCS).peer("status", channel=triad_channel).text


def test_status_outside_the_channel_with_triad_number(as_user, triad_channel):
    reply = as_user(MK_DCS).peer("status triad:1")
    for expected in (
        "*Triad 1* · Host Oxfordshire · visitor Milton Keynes · observer Portsmouth",
        "*Next:* set the challenge session date (4 more to do).",
    ):
        assert expected in reply.text
    # the next step's button (Set dates) and the programme behind a button; no syntax to type, ≤ 60 words
    assert [e["action_id"] for b in reply.json["blocks"] if b["type"] == "actions" for e in b["elements"]] == [
        "home_dates", "show_programme"
    ]  # fmt: skip
    assert words(visible_text(reply.json)) <= 60 and "`/peer" not in reply.text


def test_dates_escaped_by_slack_are_stored_as_typed(as_user, triad_channel, sessions):
    # Slack escapes & < > in slash command text: "23 & 24 July 2018" arrives as "23 &amp; 24 July 2018".
    reply = as_user(OXF_DCS).peer('dates fieldwork:"23 &amp; 24 July 2018"', channel=triad_channel)
    assert reply.text == "", reply.text
    with sessions() as session:
        assert session.scalar(select(TriadDate.text)) == "23 & 24 July 2018"
