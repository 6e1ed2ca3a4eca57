"""Inputs without bounds (issue 21, point 7): every value a person types is length-checked before it is read.

Tried as an attacker would: through signed slash commands and forged modal submissions (Slack's
``max_length`` stops an honest client, not a hand-made request), with values far over the columns' sizes.
Each gets one clear line naming the field and its limit, and nothing is written — on SQLite and
PostgreSQL alike (a 312-character date used to be stored in a 120-character column on SQLite and to
fail with a generic error on PostgreSQL). Beside each: the honest value at the limit still works.
"""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from bot.rules import limits
from storage.models import Action, Authority, Interview, Reminder, Round, TriadDate
from tests.e2e.conftest import MK_DCS, OXF_DCS, OXF_TEAM, mention, snapshot
from tests.e2e.harness import COORDINATOR
from tests.e2e.test_forms import interview_values, opened, picked, submission, text
from tests.e2e.test_round_dates import material_shortcut

IN_CHANNEL = "channel"
NBSP = "\u00a0"
DATE_312 = "23 July 2018" + " tbc" * 75  # reads as a date: the length is all that is wrong with it
DATE_120 = "23 July 2018" + " tbc" * 27
assert (len(DATE_312), len(DATE_120)) == (312, limits.DATE)

TOO_LONG = [
    # (who, where, command, the reply must say)
    (OXF_DCS, IN_CHANNEL, f'dates challenge:"{DATE_312}"', "That date is 312 characters; a date is at most 120."),
    (OXF_DCS, IN_CHANNEL, f'dates fieldwork:"23{NBSP * 8000}July 2018"',
     "That date is 8,011 characters; a date is at most 120."),
    (COORDINATOR, None, f'round dates orientation:"{DATE_312}" round:"SE 2018"', "a date is at most 120"),
    (OXF_DCS, IN_CHANNEL, f'action add "Audit step-down" owner:{mention(OXF_TEAM)} due:"{DATE_312}"',
     "That date is 312 characters; a date is at most 120."),
    (OXF_DCS, IN_CHANNEL, f'action add "{"a" * 5000}" owner:{mention(OXF_TEAM)} due:"30 September 2018"',
     "That action is 5000 characters; keep it under 500"),
    (OXF_DCS, IN_CHANNEL, f'focus propose "{"How well " * 500}"',
     "That line of enquiry is 4499 characters; keep it under 500"),
    (MK_DCS, IN_CHANNEL, f'interview add "{DATE_312} 09:30-10:15" "Head of Early Help"',
     "keep the slot under 120 characters"),
    (MK_DCS, IN_CHANNEL, f'interview add "23 July 2018 09:30-10:15" "{"h" * 300}"', "the stakeholder under 200"),
    (MK_DCS, IN_CHANNEL, f'interview add "23 July 2018 09:30-10:15" "Head of Early Help" role:"{"m" * 300}"',
     "role: is 300 characters; keep it under 200"),
    (OXF_DCS, IN_CHANNEL, f'remind "Send the list" at:"{DATE_312} 09:00"',
     "That date and time is 318 characters; a date and time is at most 120."),
    (OXF_DCS, IN_CHANNEL, f'remind "Send the list" in:"{"1 mana" * 50}"',
     "That length of time is 300 characters; a length of time is at most 120."),
    (OXF_DCS, IN_CHANNEL, f'remind "{"x" * 1001}" in:"1 hour"', "That reminder is 1001 characters; keep it under 1000"),
    (COORDINATOR, None, f'round new "{"SE 2018 " * 40}"', "That round's name is 319 characters; keep it under 120."),
    (COORDINATOR, None, f'authority add "{"Kent " * 60}" dcs:{mention("UKENT")}',
     "That authority's name is 299 characters; keep it under 120."),
    (OXF_DCS, IN_CHANNEL, 'focus propose "' + "x" * 20_000 + '"',
     "That command is 20,016 characters; a command is at most 12,000."),
]  # fmt: skip


@pytest.mark.parametrize("who, where, command, says", TOO_LONG, ids=[c[2][:30] for c in TOO_LONG])
def test_a_too_long_value_gets_a_clear_reply_and_nothing_is_written(
    as_user, triad_channel, sessions, who, where, command, says
):
    before = snapshot(sessions)
    started = time.monotonic()
    reply = as_user(who).peer(command, channel=triad_channel if where == IN_CHANNEL else "D0DIRECT")
    assert time.monotonic() - started < 3, "answered well inside Slack's 3 s"
    assert reply.status == 200 and reply.json.get("response_type") == "ephemeral"
    assert says in reply.text, reply.text
    assert "\n" not in reply.json["text"].strip() and "went wrong" not in reply.text
    assert snapshot(sessions) == before


def test_values_at_their_limits_are_kept_as_typed(as_user, triad_channel, sessions):
    """The positive control: the honest value at each limit is accepted and stored whole."""
    dcs = as_user(OXF_DCS)
    assert dcs.peer(f'dates challenge:"{DATE_120}"', channel=triad_channel).text == ""  # posted, not echoed
    action = "a" * limits.ACTION
    added = dcs.peer(f'action add "{action}" owner:{mention(OXF_TEAM)} due:"30 September 2018"', channel=triad_channel)
    assert added.text == "", added.text
    stakeholder = "h" * limits.STAKEHOLDER
    booked = as_user(MK_DCS).peer(f'interview add "23 July 2018 09:30-10:15" "{stakeholder}"', channel=triad_channel)
    assert ":x:" not in booked.text, booked.text
    name = "S" * (limits.ROUND_NAME - 5) + " 2019"
    assert "created" in as_user(COORDINATOR).peer(f'round new "{name}"').text
    authority = "K" * limits.AUTHORITY_NAME
    assert "registered" in as_user(COORDINATOR).peer(f'authority add "{authority}" dcs:{mention("UKENT")}').text.lower()
    with sessions() as session:
        assert session.scalar(select(TriadDate.text).where(TriadDate.kind == "challenge")) == DATE_120
        assert session.scalar(select(Action.text)) == action
        assert session.scalar(select(Interview.stakeholder)) == stakeholder
        assert name in session.scalars(select(Round.name)).all()
        assert authority in session.scalars(select(Authority.name)).all()


def test_forged_form_submissions_over_the_limits_are_answered_on_their_fields(as_user, double, triad_channel, sessions):
    """Slack's client stops these at max_length; a hand-made view_submission does not, and is refused the same."""
    dcs = as_user(OXF_DCS)
    assert dcs.peer("action add", channel=triad_channel).raw == b""
    action_form = opened(double)
    assert action_form["blocks"][0]["element"]["max_length"] == limits.ACTION
    assert as_user(MK_DCS).peer("interview add", channel=triad_channel).raw == b""
    interview_form = opened(double)
    assert {b["block_id"]: b["element"].get("max_length") for b in interview_form["blocks"]}["stakeholder"] == 200
    assert dcs.peer("remind", channel=triad_channel).raw == b""
    remind_form = opened(double)
    assert {b["block_id"]: b["element"].get("max_length") for b in remind_form["blocks"]}["text"] == limits.REMINDER

    def action_values(what: str, due: str) -> dict:
        return {"text": {"text": text(what)}, "owner": {"owner": picked("users_select", "selected_user", OXF_TEAM)},
                "due": {"due": picked("datepicker", "selected_date", due)}}  # fmt: skip

    before = snapshot(sessions)
    long_action = dcs.click(submission(OXF_DCS, action_form, action_values("a" * 5000, "2018-09-30"))).json
    assert long_action == {
        "response_action": "errors",
        "errors": {"text": "That action is 5,000 characters; an action is at most 500."},
    }
    long_due = dcs.click(submission(OXF_DCS, action_form, action_values("Audit", DATE_312))).json
    assert long_due["errors"] == {"due": "That date is 312 characters; a date is at most 120."}

    long_stakeholder = as_user(MK_DCS).click(
        submission(MK_DCS, interview_form, interview_values(stakeholder="h" * 300))
    )
    assert long_stakeholder.json["errors"] == {
        "stakeholder": "That stakeholder is 300 characters; a stakeholder is at most 200."
    }

    reminder = {"text": {"text": text("x" * 1001)}, "day": {"day": picked("datepicker", "selected_date", "2018-07-20")},
                "time": {"time": picked("timepicker", "selected_time", "09:00")}}  # fmt: skip
    long_reminder = dcs.click(submission(OXF_DCS, remind_form, reminder)).json
    assert long_reminder["errors"] == {"text": "That reminder is 1,001 characters; a reminder is at most 1,000."}
    assert snapshot(sessions) == before

    # The positive control: the same forms with honest values are recorded.
    assert dcs.click(submission(OXF_DCS, action_form, action_values("a" * limits.ACTION, "2018-09-30"))).json == {}
    booked = as_user(MK_DCS).click(submission(MK_DCS, interview_form, interview_values(stakeholder="h" * 200)))
    assert booked.json == {}
    reminder["text"] = {"text": text("x" * limits.REMINDER)}
    assert dcs.click(submission(OXF_DCS, remind_form, reminder)).json == {}
    with sessions() as session:
        assert session.scalar(select(Action.text)) == "a" * limits.ACTION
        assert session.scalar(select(Interview.stakeholder)) == "h" * 200
        assert ("x" * limits.REMINDER) in session.scalar(select(Reminder.text).where(Reminder.kind == "custom"))


def test_a_message_of_unclosed_links_is_read_at_once_by_the_material_shortcut(coordinator, triad_channel, double):
    """The shortcut looks for a link in the message's text (a Slack message holds up to 40,000 characters): the
    pattern used to run to the end of the text from every "<https://…|" (1.5 s for 44,000 characters here)."""
    attack = {"text": "<https://a|" * 3600}  # 39,600 characters, no link ever closed
    started = time.monotonic()
    assert coordinator.click(material_shortcut(double, COORDINATOR, triad_channel, attack)).status == 200
    assert time.monotonic() - started < 3
    honest = {"text": "The pack for the day: <https://docs.example.org/pack|orientation pack>"}
    assert coordinator.click(material_shortcut(double, COORDINATOR, triad_channel, honest)).status == 200
    told = [c.args.get("text") or "" for c in double.calls_to("chat.postEphemeral")]
    assert any("no file or link" in t for t in told)
    assert any("https://docs.example.org/pack" in t and "is now the orientation material" in t for t in told), told
