"""Reminder plans through /peer dates and /peer mark; /peer remind, /peer reminders; `peerbot reminders list --json`."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.cli import main as cli
from handlers.blocks.reminders import reminder_text
from storage.models import Reminder
from tests.e2e.conftest import MK_DCS, OXF_DCS, OXF_TEAM, POR_DCS, STRANGER, snapshot
from tests.e2e.harness import COORDINATOR

UTC = timezone.utc
TRIAD_1_DATES = 'dates challenge:"February 2018" fieldwork:"23 & 24 July 2018"'


def utc(y, m, d, h=9, minute=0):
    return datetime(y, m, d, h, minute, tzinfo=UTC)


def reminders(sessions) -> dict[str, Reminder]:
    with sessions() as session:
        return {r.key: r for r in session.scalars(select(Reminder).order_by(Reminder.id))}


def test_dates_plan_the_reminders_at_nine_local_time(as_user, triad_channel, sessions):
    as_user(OXF_DCS).peer(TRIAD_1_DATES, channel=triad_channel)
    got = reminders(sessions)
    # SPEC's own example: 24 July + 4 months is Saturday 24 November -> Monday 26th, 09:00 GMT.
    follow_up = got[f"follow_up:{triad_channel}"]
    assert (follow_up.kind, follow_up.recipient, follow_up.due_at, follow_up.status) == (
        "follow_up",
        triad_channel,
        utc(2018, 11, 26, 9),
        "pending",
    )
    # Three weeks before Monday 23 July, to both DCSs, 09:00 BST.
    assert got[f"pre_visit:{OXF_DCS}"].due_at == got[f"pre_visit:{MK_DCS}"].due_at == utc(2018, 7, 2, 8)
    assert got[f"report_due:{MK_DCS}"].due_at == utc(2018, 8, 21, 8)
    assert got[f"fieldwork_agenda:{triad_channel}"].due_at == utc(2018, 7, 20, 8)
    assert got[f"self_assessment_due:week_before:{OXF_DCS}"].due_at == utc(2018, 1, 11, 9)
    # The coordinator's data profile reminder (21 December 2017) had passed when the dates
    # were entered (the clock says 8 January 2018): skipped, never sent.
    assert got[f"data_profile_due:{COORDINATOR}"].status == "skipped"
    assert {r.status for k, r in got.items() if not k.startswith("data_profile_due")} == {"pending"}


def test_changing_a_date_replans_the_pending_reminders(as_user, triad_channel, sessions):
    as_user(OXF_DCS).peer(TRIAD_1_DATES, channel=triad_channel)
    before = reminders(sessions)
    as_user(MK_DCS).peer('dates fieldwork:"8 & 9 August 2018"', channel=triad_channel)
    after = reminders(sessions)
    assert {k: r.id for k, r in after.items()} == {k: r.id for k, r in before.items()}
    assert after[f"follow_up:{triad_channel}"].due_at == utc(2018, 12, 10, 9)  # Sun 9 Dec -> Mon 10
    assert after[f"fieldwork_agenda:{triad_channel}"].due_at == utc(2018, 8, 7, 8)
    assert "starts on Wednesday 8 August." in reminder_text(after[f"fieldwork_agenda:{triad_channel}"])
    # The challenge session's reminders did not move.
    key = f"challenge_session:week_before:{triad_channel}"
    assert after[key].due_at == before[key].due_at


def test_confirming_an_imprecise_date_cancels_its_nudge(as_user, triad_channel, sessions):
    as_user(OXF_DCS).peer(TRIAD_1_DATES, channel=triad_channel)
    assert reminders(sessions)[f"confirm_date:challenge:{triad_channel}"].status == "pending"
    as_user(OXF_DCS).peer('dates challenge:"8 February 2018"', channel=triad_channel)
    assert reminders(sessions)[f"confirm_date:challenge:{triad_channel}"].status == "cancelled"


def test_marking_the_self_assessment_done_cancels_its_chasers(as_user, triad_channel, sessions):
    as_user(OXF_DCS).peer(TRIAD_1_DATES, channel=triad_channel)
    before = {k: r.status for k, r in reminders(sessions).items()}
    reply = as_user(OXF_DCS).peer("mark self-assessment done", channel=triad_channel)
    assert reply.text == ""  # the channel hears it: no echo
    after = {k: r.status for k, r in reminders(sessions).items()}
    assert {k for k in after if after[k] != before[k]} == {
        f"self_assessment_due:week_before:{OXF_DCS}",
        f"self_assessment_due:on_day:{OXF_DCS}",
    }
    assert after[f"self_assessment_due:on_day:{OXF_DCS}"] == "cancelled"
    listing = as_user(OXF_DCS).peer("reminders", channel=triad_channel).text
    assert "self-assessment due" not in listing and "challenge session" in listing


def test_reminders_already_due_when_dates_are_entered_late_are_skipped(as_user, triad_channel, sessions, clock):
    clock.set(datetime(2018, 1, 26, 12, tzinfo=UTC))
    as_user(OXF_DCS).peer(TRIAD_1_DATES, channel=triad_channel)
    got = {k: r.status for k, r in reminders(sessions).items()}
    for key in (
        f"self_assessment_due:week_before:{OXF_DCS}",
        f"self_assessment_due:on_day:{OXF_DCS}",
        f"confirm_date:challenge:{triad_channel}",
        f"challenge_session:week_before:{triad_channel}",
    ):
        assert got[key] == "skipped", key
    assert got[f"challenge_session:day_before:{triad_channel}"] == "pending"  # 31 January
    assert "challenge session" in as_user(OXF_DCS).peer("reminders", channel=triad_channel).text


def test_remind_at_and_in_then_list_and_cancel(as_user, triad_channel, sessions, clock):
    as_user(OXF_DCS).peer(TRIAD_1_DATES, channel=triad_channel)
    reply = as_user(MK_DCS).peer(
        "remind “Send the interview list to Oxfordshire” at:“2018-07-20 09:00”", channel=triad_channel
    )
    assert "Reminder 1 set for Friday 20 July 2018 at 09:00 (Europe/London)" in reply.text, reply.text
    assert "/peer reminders cancel 1" in reply.text
    # From a DM, naming the triad; `in:` counts from now (the injected clock).
    reply = as_user(OXF_TEAM).peer('remind "Stand-up call" in:"1h30m" triad:1')
    assert "Reminder 2 set for Monday 8 January 2018 at 11:30" in reply.text, reply.text
    got = reminders(sessions)
    first, second = got["custom:1"], got["custom:2"]
    assert (first.kind, first.recipient, first.due_at, first.status, first.created_by) == (
        "custom",
        triad_channel,
        utc(2018, 7, 20, 8),
        "pending",
        MK_DCS,
    )  # 09:00 BST
    assert first.text == f":alarm_clock: Reminder from <@{MK_DCS}>: Send the interview list to Oxfordshire"
    assert second.due_at == clock() + timedelta(hours=1, minutes=30)

    listing = as_user(POR_DCS).peer("reminders", channel=triad_channel).text
    assert "Coming up for triad 1" in listing and "Europe/London" in listing
    assert "*1.* Fri 20 Jul 2018, 09:00 — custom" in listing and "Send the interview list" in listing
    assert "*2.* Mon 8 Jan 2018, 11:30 — custom" in listing
    assert f"Thu 11 Jan 2018, 09:00 — self-assessment due, to <@{OXF_DCS}>" in listing
    assert f"Mon 26 Nov 2018, 09:00 — four-month follow-up, to <#{triad_channel}>" in listing
    assert "data profile" not in listing  # skipped, not coming
    lines = [line for line in listing.split("\n") if line.startswith("•")]
    assert lines[0].startswith("• *2.* Mon 8 Jan")  # soonest first

    reply = as_user(OXF_DCS).peer("reminders cancel 1", channel=triad_channel)
    assert "Cancelled reminder 1" in reply.text
    assert reminders(sessions)["custom:1"].status == "cancelled"
    assert "Send the interview list" not in as_user(OXF_DCS).peer("reminders", channel=triad_channel).text
    before = snapshot(sessions)
    assert "already cancelled" in as_user(OXF_DCS).peer("reminders cancel 1", channel=triad_channel).text
    assert snapshot(sessions) == before
    # Numbers are not reused.
    as_user(OXF_DCS).peer('remind "Book the room" in:"2 days"', channel=triad_channel)
    assert "custom:3" in reminders(sessions)


def test_custom_reminders_survive_replanning(as_user, triad_channel, sessions):
    as_user(OXF_DCS).peer('remind "Book the room" at:"1 March 09:30"', channel=triad_channel)
    as_user(OXF_DCS).peer(TRIAD_1_DATES, channel=triad_channel)
    as_user(OXF_DCS).peer('dates fieldwork:"8 & 9 August 2018"', channel=triad_channel)
    custom = reminders(sessions)["custom:1"]
    assert (custom.status, custom.due_at) == ("pending", utc(2018, 3, 1, 9, 30))  # the round's year, GMT


def test_nothing_coming_up(as_user, triad_channel):
    assert "Nothing is coming up for triad 1" in as_user(OXF_DCS).peer("reminders", channel=triad_channel).text


def test_a_sent_custom_reminder_cannot_be_cancelled(as_user, triad_channel, sessions):
    as_user(OXF_DCS).peer('remind "Book the room" in:"5 minutes"', channel=triad_channel)
    with sessions() as session, session.begin():
        session.scalar(select(Reminder)).status = "sent"
    before = snapshot(sessions)
    reply = as_user(OXF_DCS).peer("reminders cancel 1", channel=triad_channel)
    assert "was already sent; there is nothing to cancel" in reply.text
    assert snapshot(sessions) == before


IN_CHANNEL = "channel"
MALFORMED = [
    (OXF_DCS, IN_CHANNEL, 'remind "Send the list"', "Say when with at:"),
    (OXF_DCS, IN_CHANNEL, 'remind "Send the list" at:"2018-07-20 09:00" in:"30 minutes"', "not both"),
    (OXF_DCS, IN_CHANNEL, 'remind at:"2018-07-20 09:00"', "Say what to remind the triad of"),
    (OXF_DCS, IN_CHANNEL, 'remind "Send the list" at:"2018-01-05 09:00"', "has already passed"),
    (OXF_DCS, IN_CHANNEL, 'remind "Send the list" at:"8 January 2018 10:00"', "has already passed"),
    (OXF_DCS, IN_CHANNEL, 'remind "Send the list" at:"someday 9am"', "Reminder time:"),
    (OXF_DCS, IN_CHANNEL, 'remind "Send the list" at:"2018-07-20"', "has no time I can read"),
    (OXF_DCS, IN_CHANNEL, 'remind "Send the list" at:"31 June 2018 09:00"', "Reminder time:"),
    (OXF_DCS, IN_CHANNEL, 'remind "Send the list" in:"30"', "has no unit"),
    (OXF_DCS, IN_CHANNEL, 'remind "Send the list" in:"-5 minutes"', "cannot be negative"),
    (OXF_DCS, IN_CHANNEL, 'remind "Send the list" in:"2 years"', "Reminder time:"),
    (OXF_DCS, IN_CHANNEL, 'remind "Send the list" in:30 minutes', "`minutes` is left over"),
    (OXF_DCS, IN_CHANNEL, 'remind "Send the list" in:', "in: is empty"),
    (OXF_DCS, IN_CHANNEL, 'remind "Send the list" at:"2018-07-20 09:00" at:"2018-07-21 09:00"', "Give one at: time"),
    (OXF_DCS, IN_CHANNEL, 'remind "Send the list" when:"tomorrow"', "`when:` isn't an option of remind"),
    (OXF_DCS, IN_CHANNEL, 'remind "' + "x" * 1001 + '" in:"1 hour"', "keep it under 1000"),
    (OXF_DCS, None, 'remind "Send the list" in:"1 hour"', "This isn't a triad channel"),
    (STRANGER, None, 'remind "Send the list" in:"1 hour" triad:1', "Only triad 1's members"),
    (OXF_DCS, IN_CHANNEL, "reminders soon", "`/peer reminders` takes only triad:N"),
    (OXF_DCS, IN_CHANNEL, "reminders kind:custom", "`/peer reminders` takes only triad:N"),
    (STRANGER, None, "reminders triad:1", "Only triad 1's members"),
    (OXF_DCS, IN_CHANNEL, "reminders cancel", "Give the custom reminder's number"),
    (OXF_DCS, IN_CHANNEL, "reminders cancel two", "Give the custom reminder's number"),
    (OXF_DCS, IN_CHANNEL, "reminders cancel 1 2", "Give the custom reminder's number"),
    (OXF_DCS, IN_CHANNEL, "reminders cancel 7", "no custom reminder 7"),
]


@pytest.mark.parametrize("who, where, text, says", MALFORMED, ids=[m[2][:50] for m in MALFORMED])
def test_malformed_reminder_commands_get_a_specific_reply_and_write_nothing(
    as_user, triad_channel, sessions, who, where, text, says
):
    as_user(OXF_DCS).peer(TRIAD_1_DATES, channel=triad_channel)
    before = snapshot(sessions)
    reply = as_user(who).peer(text, channel=triad_channel if where == IN_CHANNEL else "D0DIRECT")
    assert reply.status == 200 and reply.json.get("response_type") == "ephemeral"
    assert reply.text.startswith(":x:") and says in reply.text, reply.text
    assert "\n" not in reply.json["text"].strip()
    assert snapshot(sessions) == before


def test_planned_reminders_cannot_be_cancelled_by_number(as_user, triad_channel, sessions):
    as_user(OXF_DCS).peer(TRIAD_1_DATES, channel=triad_channel)
    ids = sorted(r.id for r in reminders(sessions).values())
    before = snapshot(sessions)
    reply = as_user(OXF_DCS).peer(f"reminders cancel {ids[0]}", channel=triad_channel)
    assert "no custom reminder" in reply.text and "marked done" in reply.text
    assert snapshot(sessions) == before


# --------------------------------------------------------------------------- the operator's CLI


def test_cli_reminders_list_json(as_user, triad_channel, sessions, database_url, monkeypatch, capsys):
    as_user(OXF_DCS).peer(TRIAD_1_DATES, channel=triad_channel)
    as_user(OXF_DCS).peer('remind "Book the room" at:"2018-07-20 09:00"', channel=triad_channel)
    as_user(OXF_DCS).peer("reminders cancel 1", channel=triad_channel)
    monkeypatch.setenv("DATABASE_URL", database_url)
    capsys.readouterr()

    assert cli.main(["reminders", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert isinstance(listed, list) and len(listed) == len(reminders(sessions))
    for row in listed:
        assert {"id", "triad", "kind", "recipient", "due_at", "status", "team_id", "text", "sent_at", "error"} <= set(
            row
        )
        assert row["triad"] == 1 and row["team_id"] == "T0PEER"
        assert row["due_at"].endswith("Z") and datetime.fromisoformat(row["due_at"].replace("Z", "+00:00"))
    follow_up = next(r for r in listed if r["kind"] == "follow_up" and r["recipient"] == triad_channel)
    assert (follow_up["due_at"], follow_up["status"], follow_up["sent_at"]) == ("2018-11-26T09:00:00Z", "pending", None)
    assert {r["status"] for r in listed} == {"pending", "skipped", "cancelled"}  # every status listed
    custom = next(r for r in listed if r["kind"] == "custom")
    assert (custom["due_at"], custom["status"], custom["recipient"]) == (
        "2018-07-20T08:00:00Z",
        "cancelled",
        triad_channel,
    )
    assert [r["due_at"] for r in listed] == sorted(r["due_at"] for r in listed)

    assert cli.main(["reminders", "list", "--json", "--status", "skipped"]) == 0
    skipped = json.loads(capsys.readouterr().out)
    assert [r["kind"] for r in skipped] == ["data_profile_due"]
    assert cli.main(["reminders", "list", "--json", "--team", "TOTHER"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert cli.main(["reminders", "list"]) == 0
    assert "follow_up" in capsys.readouterr().out
