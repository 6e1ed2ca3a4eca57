"""Actions from the workshop: add, progress notes, done and the list, one line an action."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

import bot.services.actions as actions_module  # the use cases re-plan the reminders
from storage.models import Action, ActionNote
from tests.e2e.conftest import (
    MK_DCS,
    MK_TEAM1,
    OXF_DCS,
    OXF_TEAM,
    POR_DCS,
    STRANGER,
    mention,
    seeded,
    snapshot,
)
from tests.e2e.harness import COORDINATOR

VOICE = "How well do we hear the voice of the child in plans?"
STEP_DOWN = "How effective is step-down to early help?"
AUDIT = "Audit step-down cases from the last quarter"


@pytest.fixture
def replans(monkeypatch):
    """Record the calls that re-plan reminders (the plan itself is another module's business)."""
    calls = []
    real = actions_module.replan_triad

    def record(session, triad, coordinators, now):
        calls.append((triad.number, now, frozenset(coordinators)))
        return real(session, triad, coordinators, now)

    monkeypatch.setattr(actions_module, "replan_triad", record)
    return calls


@pytest.fixture
def focus_lines(as_user, triad_channel, app, double, sessions, clock):
    """`form_focus_lines`, seeded as its signed commands leave it (see conftest.seeded)."""
    return seeded(
        "test_actions.focus_lines", lambda: form_focus_lines(as_user, triad_channel), app, double, sessions, clock
    )


def form_focus_lines(as_user, triad_channel):
    """Line 1 agreed, line 2 proposed, line 3 withdrawn."""
    for text in (VOICE, STEP_DOWN, "How stable are placements for older children?"):
        assert (
            as_user(OXF_DCS).peer(f'focus propose "{text}"', channel=triad_channel).text == ""
        )  # posted in the channel, no echo
    as_user(OXF_DCS).peer("focus agree 1", channel=triad_channel)
    assert as_user(MK_DCS).peer("focus agree 1", channel=triad_channel).text == ""  # pinned in the channel
    assert as_user(OXF_DCS).peer("focus withdraw 3", channel=triad_channel).text == ""
    return triad_channel


def channel_texts(double, channel):
    return [m["text"] for m in double.messages if m["channel"] == channel]


def test_add_update_done_and_list(as_user, focus_lines, double, sessions, clock, replans):
    channel = focus_lines
    # Curly quotes as Slack clients send them; the year comes from the round.
    reply = as_user(OXF_DCS).peer(
        f"action add “{AUDIT}” owner:{mention(OXF_TEAM)} due:“30 September” focus:2", channel=channel
    )
    assert reply.text == ""  # no echo: the action is posted in the channel where it was typed
    with sessions() as session:
        action = session.scalar(select(Action))
        assert (
            action.number,
            action.text,
            action.owner_user_id,
            action.due_text,
            action.due_date.isoformat(),
            action.focus_number,
            action.status,
            action.created_by,
            action.team_id,
        ) == (1, AUDIT, OXF_TEAM, "30 September", "2018-09-30", 2, "open", OXF_DCS, "T0PEER")
    posted = channel_texts(double, channel)[-1]
    assert posted == f"*Action 1* (line 2): {AUDIT} — <@{OXF_TEAM}>, due Sunday 30 September"
    assert replans == [(1, clock(), frozenset({COORDINATOR}))]

    as_user(MK_DCS).peer(
        f'action add "Share the audit tool with the observer authority" owner:{mention(POR_DCS)} due:"2018-10-15"',
        channel=channel,
    )
    as_user(OXF_DCS).peer(
        f'action add "Hold a voice-of-the-child practice week" owner:{mention(OXF_DCS)} due:"15/11/2018" focus:1',
        channel=channel,
    )
    assert len(replans) == 3

    clock.advance(days=30)
    reply = as_user(MK_TEAM1).peer("action update 1 “Audit started: 12 of 40 cases read”", channel=channel)
    assert reply.text == ":white_check_mark: Progress noted on action 1."
    as_user(OXF_TEAM).peer(
        "action update #1 First findings shared with managers", channel=channel
    )  # unquoted works too
    with sessions() as session:
        notes = session.scalars(select(ActionNote).order_by(ActionNote.id)).all()
        assert [(n.text, n.author, n.created_at) for n in notes] == [
            ("Audit started: 12 of 40 cases read", MK_TEAM1, clock()),
            ("First findings shared with managers", OXF_TEAM, clock()),
        ]
    assert len(replans) == 3  # a note changes no reminder

    listing = as_user(POR_DCS).peer("action list", channel=channel)
    text = listing.text
    # One line an action, by number, with its line of enquiry and the follow-up's status words.
    assert text.splitlines()[-5:-1] == [
        "Triad 1 actions",
        f"• *1.* {AUDIT} (line 2) — <@{OXF_TEAM}> · in progress, due Sunday 30 September",
        f"• *2.* Share the audit tool with the observer authority — <@{POR_DCS}> · not started, due Monday 15 October",
        f"• *3.* Hold a voice-of-the-child practice week (line 1) — <@{OXF_DCS}> · not started, "
        "due Thursday 15 November",
    ]
    assert "`/peer" not in str(listing.json["blocks"])
    header = listing.json["blocks"][0]
    assert header["type"] == "header" and header["text"]["text"] == "Triad 1 actions"
    assert listing.json["blocks"][-1]["elements"][0]["text"] == "3 open, 0 done"

    reply = as_user(OXF_DCS).peer("action done 1", channel=channel)
    assert reply.text == ""  # the channel hears it: no echo
    assert f"<@{OXF_DCS}> marked action *1* done: {AUDIT}" in channel_texts(double, channel)[-1]
    assert len(replans) == 4
    with sessions() as session:
        action = session.scalar(select(Action).where(Action.number == 1))
        assert (action.status, action.done_at) == ("done", clock())
    text = as_user(POR_DCS).peer("action list", channel=channel).text
    assert f"• *1.* {AUDIT} (line 2) — <@{OXF_TEAM}> · done" in text

    before = snapshot(sessions)
    assert "Action 1 is already done" in as_user(OXF_DCS).peer("action done 1", channel=channel).text
    assert snapshot(sessions) == before


def test_progress_is_asked_about_kindly_never_overdue(as_user, triad_channel, clock):
    as_user(OXF_DCS).peer(
        f'action add "Review the front door" owner:{mention(OXF_DCS)} due:"30 September 2018"', channel=triad_channel
    )
    assert "not started, due Sunday 30 September" in as_user(OXF_DCS).peer("action list", channel=triad_channel).text
    clock.set(datetime(2018, 10, 20, 8, 0, tzinfo=timezone.utc))
    text = as_user(MK_DCS).peer("action list triad:1").text
    assert "not started, due Sunday 30 September" in text  # past its day: the same words, never "overdue"
    assert "overdue" not in text.lower()


def test_owner_outside_the_triad_is_recorded_with_a_gentle_warning(as_user, triad_channel, sessions, double):
    reply = as_user(OXF_DCS).peer(
        f'action add "Ask the police for their referral data" owner:{mention(STRANGER)} due:"1 October 2018"',
        channel=triad_channel,
    )
    assert "*Action 1*" in channel_texts(double, triad_channel)[-1] and "Action" not in reply.text
    assert reply.text.startswith(f":information_source: <@{STRANGER}> isn't in triad 1")
    # A coordinator can see the triad: no warning.
    reply = as_user(OXF_DCS).peer(
        f'action add "Arrange the summit slot" owner:{mention(COORDINATOR)} due:"2 October 2018"', channel=triad_channel
    )
    assert "*Action 2*" in channel_texts(double, triad_channel)[-1] and reply.text == ""
    with sessions() as session:
        assert [a.owner_user_id for a in session.scalars(select(Action).order_by(Action.number))] == [
            STRANGER,
            COORDINATOR,
        ]


def test_a_past_due_date_is_accepted_with_a_question(as_user, triad_channel, double):
    reply = as_user(OXF_DCS).peer(
        f'action add "Write up the workshop" owner:{mention(OXF_DCS)} due:"3 January 2018"', channel=triad_channel
    )
    assert "*Action 1*" in channel_texts(double, triad_channel)[-1]
    assert reply.text == ":information_source: Wednesday 3 January 2018 has already passed — is the year right?"


def test_actions_work_outside_the_channel_with_triad_number(as_user, triad_channel, double):
    reply = as_user(MK_DCS).peer(
        f'action add "Send the data pack" owner:{mention(MK_TEAM1)} due:"1 August 2018" triad:1'
    )
    assert reply.text == f":white_check_mark: Posted in <#{triad_channel}>."  # typed elsewhere: a link to the post
    assert any("*Action 1*" in t for t in channel_texts(double, triad_channel))
    assert "Progress noted" in as_user(MK_TEAM1).peer('action update 1 "Pack drafted" triad:1').text
    assert "Send the data pack" in as_user(MK_TEAM1).peer("action list triad:1").text
    assert as_user(MK_TEAM1).peer("action done 1 triad:1").text == f":white_check_mark: Posted in <#{triad_channel}>."
    assert "marked action *1* done" in channel_texts(double, triad_channel)[-1]


def test_empty_list_says_where_actions_come_from(as_user, triad_channel):
    said = as_user(POR_DCS).peer("action list", channel=triad_channel).text
    assert said == "Triad 1 has no actions yet: they are agreed at the day-2 workshop."
    assert "`/peer" not in said


def test_refusals_do_not_replan(as_user, focus_lines, replans, sessions):
    before = snapshot(sessions)
    as_user(OXF_DCS).peer(f'action add "x y z" owner:{mention(OXF_DCS)} due:"September 2018"', channel=focus_lines)
    as_user(STRANGER).peer(f'action add "x y z" owner:{mention(OXF_DCS)} due:"1 September 2018" triad:1')
    assert replans == []
    assert snapshot(sessions) == before


def test_channel_post_failure_keeps_the_action_and_tells_the_person(as_user, triad_channel, double, sessions):
    double.fail_next("chat.postMessage", "is_archived")
    reply = as_user(OXF_DCS).peer(
        f'action add "Brief the lead member" owner:{mention(OXF_DCS)} due:"1 August 2018"', channel=triad_channel
    )
    assert reply.text == ""
    assert any("couldn't post it" in r.get("text", "") for r in double.responses)
    with sessions() as session:
        assert session.scalar(select(Action)).text == "Brief the lead member"


IN = "channel"
OUT = None
OK_OWNER = mention(OXF_TEAM)
MALFORMED = [
    # (who, where, text, what the reply must say)
    (OXF_DCS, IN, "action", "isn't a command: write `/peer action add | update | done | list`"),
    (OXF_DCS, IN, "action frobnicate 1", "`/peer action frobnicate` isn't a command"),
    (
        OXF_DCS,
        IN,
        f"action add Audit cases owner:{OK_OWNER} due:“1 September 2018”",
        "Give the action's text in quotes",
    ),
    (OXF_DCS, IN, f'action add "Audit" "Review" owner:{OK_OWNER} due:"1 September 2018"', "Give one action at a time"),
    (OXF_DCS, IN, f'action add "  " owner:{OK_OWNER} due:"1 September 2018"', "The action's text is empty"),
    (OXF_DCS, IN, 'action add "' + "audit " * 90 + f'" owner:{OK_OWNER} due:"1 September 2018"', "keep it under 500"),
    (OXF_DCS, IN, 'action add "Audit cases" due:"1 September 2018"', "Say who owns the action with owner:@person"),
    (OXF_DCS, IN, 'action add "Audit cases" owner:@ann due:"1 September 2018"', "I can't tell who @ann is"),
    (OXF_DCS, IN, 'action add "Audit cases" owner:Ann due:"1 September 2018"', "owner: takes one person"),
    (
        OXF_DCS,
        IN,
        f'action add "Audit cases" owner:{OK_OWNER} {mention(MK_DCS)} due:"1 September 2018"',
        "owner: takes one person",
    ),
    (OXF_DCS, IN, f'action add "Audit cases" {OK_OWNER} due:"1 September 2018"', "Name the owner with owner:"),
    (OXF_DCS, IN, f'action add "Audit cases" owner:{OK_OWNER}', 'Give a due date with due:"30 September 2018"'),
    (OXF_DCS, IN, f'action add "Audit cases" owner:{OK_OWNER} due:', "due: is empty"),
    (OXF_DCS, IN, f'action add "Audit cases" owner:{OK_OWNER} due:30 September 2018', "put the due date in quotes too"),
    (
        OXF_DCS,
        IN,
        f'action add "Audit cases" owner:{OK_OWNER} due:"September 2018"',
        'An action needs one exact due day, not "September 2018"',
    ),
    (
        OXF_DCS,
        IN,
        f'action add "Audit cases" owner:{OK_OWNER} due:"Early October"',
        "An action needs one exact due day",
    ),
    (
        OXF_DCS,
        IN,
        f'action add "Audit cases" owner:{OK_OWNER} due:"30 September 2018 tbc"',
        "An action needs one exact due day",
    ),
    (
        OXF_DCS,
        IN,
        f'action add "Audit cases" owner:{OK_OWNER} due:"1 & 2 October 2018"',
        "An action needs one exact due day",
    ),
    (OXF_DCS, IN, f'action add "Audit cases" owner:{OK_OWNER} due:"31 September 2018"', "Due date: "),
    (OXF_DCS, IN, f'action add "Audit cases" owner:{OK_OWNER} due:"whenever"', "Due date: "),
    (
        OXF_DCS,
        IN,
        f'action add "Audit cases" owner:{OK_OWNER} due:"1 September 2018" focus:two',
        "focus:two isn't a line number",
    ),
    (
        OXF_DCS,
        IN,
        f'action add "Audit cases" owner:{OK_OWNER} due:"1 September 2018" focus:9',
        "Triad 1 has no line of enquiry 9",
    ),
    (
        OXF_DCS,
        IN,
        f'action add "Audit cases" owner:{OK_OWNER} due:"1 September 2018" focus:3',
        "Line of enquiry 3 was withdrawn",
    ),
    (
        OXF_DCS,
        IN,
        f'action add "Audit cases" owner:{OK_OWNER} due:"1 September 2018" colour:blue',
        "`colour:` isn't an option here",
    ),
    (OXF_DCS, OUT, f'action add "Audit cases" owner:{OK_OWNER} due:"1 September 2018"', "This isn't a triad channel"),
    (OXF_DCS, OUT, f'action add "Audit cases" owner:{OK_OWNER} due:"1 September 2018" triad:7', "There is no triad 7"),
    (
        STRANGER,
        OUT,
        f'action add "Audit cases" owner:{OK_OWNER} due:"1 September 2018" triad:1',
        "Only triad 1's members",
    ),
    (OXF_DCS, IN, "action update", "Give the action's number, then the note"),
    (OXF_DCS, IN, 'action update "Started"', "Give the action's number, then the note"),
    (OXF_DCS, IN, "action update 1", "Add the progress note after the number"),
    (OXF_DCS, IN, 'action update one "Started"', "`one` isn't an action number"),
    (OXF_DCS, IN, 'action update 9 "Started"', "Triad 1 has no action 9"),
    (OXF_DCS, IN, 'action update 1 "Started" "and stopped"', "Write the progress note in one pair of quotes"),
    (OXF_DCS, IN, f"action update 1 {mention(MK_DCS)}", "A progress note is text in quotes"),
    (OXF_DCS, IN, 'action update 1 "' + "note " * 210 + '"', "keep it under 1000"),
    (STRANGER, OUT, 'action update 1 "Started" triad:1', "Only triad 1's members"),
    (OXF_DCS, IN, "action done", "Give one action's number"),
    (OXF_DCS, IN, "action done 1 2", "Give one action's number"),
    (OXF_DCS, IN, "action done first", "`first` isn't an action number"),
    (OXF_DCS, IN, "action done 9", "Triad 1 has no action 9"),
    (OXF_DCS, IN, "action done 1 when:now", "`when:` isn't an option here"),
    (OXF_DCS, IN, "action list everything", "takes nothing but an optional triad:N"),
    (STRANGER, OUT, "action list triad:1", "Only triad 1's members"),
]


@pytest.mark.parametrize("who, where, text, says", MALFORMED, ids=[m[2][:45] for m in MALFORMED])
def test_malformed_action_commands_get_a_specific_reply_and_change_nothing(
    as_user, focus_lines, sessions, double, who, where, text, says
):
    as_user(OXF_DCS).peer(
        f'action add "An existing action" owner:{OK_OWNER} due:"1 September 2018"', channel=focus_lines
    )
    before, calls = snapshot(sessions), len(double.calls)
    reply = as_user(who).peer(text, channel=focus_lines if where == IN else "D0DIRECT")
    assert reply.status == 200
    assert reply.json.get("response_type") == "ephemeral"
    assert reply.text.startswith(":x:") and says in reply.text, reply.text
    assert "Traceback" not in reply.text and "\n" not in reply.json["text"].strip()
    assert snapshot(sessions) == before
    assert len(double.calls) == calls  # nothing posted, no Home refreshed


def test_there_are_many_malformed_cases():
    assert len(MALFORMED) >= 10
