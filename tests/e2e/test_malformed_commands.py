"""Every mistake gets a one-line, specific reply; nothing is written."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import MK_DCS, OXF_DCS, mention, snapshot
from tests.e2e.harness import COORDINATOR

IN_CHANNEL = "channel"
MALFORMED = [
    # (who, where, text, what the reply must say)
    (COORDINATOR, None, "dance", "I don't know `/peer dance`"),
    (COORDINATOR, None, "round", "isn't a command: write `/peer round new"),
    (COORDINATOR, None, "round new tz:Europe/London", "Give the round's name in quotes"),
    (COORDINATOR, None, 'round new "SE 2018', "A quote is not closed"),
    (COORDINATOR, None, 'round new "SE 2018"', 'already a round called "SE 2018"'),
    (COORDINATOR, None, 'round new "SE 2021" tz:Mars/Olympus', "isn't a time zone"),
    (COORDINATOR, None, 'round new "SE 2021" year:twenty', "isn't a year"),
    (COORDINATOR, None, 'round new "SE 2021" colour:blue', "`colour:` isn't an option"),
    (COORDINATOR, None, 'authority add "Kent"', "Say who the authority's DCS is"),
    (COORDINATOR, None, 'authority add "Kent" dcs:@kentdcs', "I can't tell who @kentdcs is"),
    (COORDINATOR, None, 'authority add "Kent" dcs:Bob', "dcs: takes one person"),
    (COORDINATOR, None, f"authority add dcs:{mention('UK1')}", "Give the authority's name in quotes"),
    (COORDINATOR, None, f'authority add "Oxfordshire" dcs:{mention("UK1")}', "Oxfordshire is already registered"),
    (COORDINATOR, None, f'authority add "Kent" dcs:{mention("UK1")} {mention("UK2")}', "dcs: takes one person"),
    (COORDINATOR, None, f'authority add "Kent" "Medway" dcs:{mention("UK1")}', "Give one authority's name"),
    (COORDINATOR, None, f'authority update "Atlantis" dcs:{mention("UK1")}', 'No authority called "Atlantis"'),
    (COORDINATOR, None, 'triad new host:"Oxfordshire" visitor:"Milton Keynes"', "The observer is missing"),
    (
        COORDINATOR,
        None,
        'triad new host:"Oxfordshire" visitor:"Oxfordshire" observer:"Portsmouth"',
        "a triad needs three different authorities",
    ),
    (
        COORDINATOR,
        None,
        'triad new host:"Atlantis" visitor:"Milton Keynes" observer:"Portsmouth"',
        'No authority called "Atlantis"',
    ),
    (
        COORDINATOR,
        None,
        'triad new host:"Oxfordshire" visitor:"Milton Keynes" observer:"Portsmouth"',
        "already the host of triad 1",
    ),
    (
        COORDINATOR,
        None,
        'triad new host:"Portsmouth" visitor:"Milton Keynes" observer:"Oxfordshire" round:"SE 1999"',
        'There is no round called "SE 1999"',
    ),
    (COORDINATOR, None, "triad new Oxfordshire", "Name the authorities with host:"),
    (COORDINATOR, None, "status triad:seven", "is not a triad number"),
    (COORDINATOR, None, "status triad:9", "There is no triad 9"),
    (COORDINATOR, None, "status", "This isn't a triad channel"),
    (OXF_DCS, IN_CHANNEL, "dates provisional", "Say which date to set"),
    (OXF_DCS, IN_CHANNEL, 'dates challenge:"31 February 2018"', "February 2018 has 28 days"),
    (OXF_DCS, IN_CHANNEL, 'dates challenge:"someday"', "Challenge session date"),
    (OXF_DCS, IN_CHANNEL, 'dates visit:"July 2018"', "`visit:` isn't a date I keep"),
    (OXF_DCS, IN_CHANNEL, 'dates challenge:"February 2018" maybe', "I don't understand `maybe`"),
    (OXF_DCS, IN_CHANNEL, "dates challenge:", "challenge: is empty"),
    (OXF_DCS, IN_CHANNEL, "focus", "isn't a command: write `/peer focus"),
    (OXF_DCS, IN_CHANNEL, 'focus propose ""', "Write the line of enquiry, e.g."),
    (OXF_DCS, IN_CHANNEL, 'focus propose "' + "very " * 120 + 'long"', "keep it under 500"),
    (OXF_DCS, IN_CHANNEL, "focus agree", "Give the line's number"),
    (OXF_DCS, IN_CHANNEL, "focus agree two", "Give the line's number"),
    (OXF_DCS, IN_CHANNEL, "focus agree 7", "There is no line of enquiry 7"),
    (OXF_DCS, IN_CHANNEL, "focus withdraw 7", "There is no line of enquiry 7"),
    (OXF_DCS, IN_CHANNEL, "feedback format:interpretive-dance", "format:presentation, format:written or format:verbal"),
    (OXF_DCS, IN_CHANNEL, "feedback", "format:presentation"),
    (OXF_DCS, IN_CHANNEL, "mark self-assessment", "Write it as `/peer mark self-assessment done`"),
    (OXF_DCS, IN_CHANNEL, "mark homework done", "Write it as `/peer mark self-assessment done`"),
    (OXF_DCS, IN_CHANNEL, "status now", "takes nothing but an optional triad:N"),
    (MK_DCS, None, "coordinator add", "Only a programme coordinator"),
    (COORDINATOR, None, "coordinator add bob", "Name one person"),
    (COORDINATOR, None, "authority add <@U123", "A mention is not closed"),
    (COORDINATOR, None, "status triad:99999999999999999999999", "is not a triad number"),
    (OXF_DCS, IN_CHANNEL, "focus agree 99999999999999999999999", "Give the line's number"),
    (OXF_DCS, IN_CHANNEL, "focus agree ²", "Give the line's number"),
    (COORDINATOR, None, 'round new "SE 2021" year:²⁰²¹', "isn't a year"),
]


@pytest.mark.parametrize("who, where, text, says", MALFORMED, ids=[m[2][:40] for m in MALFORMED])
def test_malformed_command_gets_a_specific_reply_and_writes_nothing(
    as_user, triad_channel, sessions, who, where, text, says
):
    before = snapshot(sessions)
    reply = as_user(who).peer(text, channel=triad_channel if where == IN_CHANNEL else "D0DIRECT")
    assert reply.status == 200
    assert reply.json.get("response_type") == "ephemeral"
    assert says in reply.text, reply.text
    assert "Traceback" not in reply.text and "\n" not in reply.json["text"].strip()
    assert snapshot(sessions) == before


def test_there_are_at_least_thirty_malformed_cases():
    assert len(MALFORMED) >= 30
