"""The triad, authority, coordinators, dates and reminder forms' submissions called as Bolt would call
them (a mocked WebClient, a fake `ack`, the use cases stubbed): a bad field is answered on its block
before the ack and nothing is done; a good one is acknowledged (the commit) before Slack is touched."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from unittest.mock import ANY
from zoneinfo import ZoneInfo

import pytest

from bot.rules.refusals import Refused
from bot.rules.roles import RoleRefusal
from bot.rules.triads import TriadRefusal
from bot.services.access import AccessRefusal
from handlers.mistakes import Mistake
from handlers.views import answering, authority_form, coordinators_form, dates_form, reminder_form, triad_form
from tests.unit.listeners.conftest import WHO, checked, chosen, order, text, user, users, view

SETTINGS = SimpleNamespace(peer_timezone="Europe/London")


def submit(listener, steps, submitted: dict, **extra) -> None:
    listener(ack=steps.ack, view=submitted, client=steps.client, uow=steps.uow, who=WHO, tell=steps.tell,
             settings=SETTINGS, now=steps.now, **extra)  # fmt: skip


# triad_form -------------------------------------------------------------------------------------------


def triad_view(**names: str) -> dict:
    return view(**{role: ("authority", chosen(name)) for role, name in names.items()}, round=chosen("2026"))


@pytest.mark.parametrize(
    ("refusal", "block"),
    [
        (Refused(RoleRefusal.SAME_AUTHORITY_TWICE, name="Kent", role="host", other_role="visitor"), "visitor"),
        (Refused(TriadRefusal.AUTHORITY_NOT_FOUND, name="Kent", role="observer", near=[]), "observer"),
        (Refused(TriadRefusal.NO_SUCH_ROUND, name="2099"), "round"),
    ],
)
def test_a_refused_triad_is_answered_on_the_field_it_is_about_and_not_acknowledged(steps, stub, refusal, block):
    stub(triad_form, "triad_service.plan_triad", "form_triad_with_channel", "publish_home")
    steps.plan_triad.side_effect = refusal
    with pytest.raises(Mistake) as raised:
        submit(triad_form.triad_submitted, steps, triad_view(host="Kent", visitor="Kent", observer="Essex"))
    assert raised.value.block_id == block
    assert order(steps) == ["plan_triad"]


def test_a_planned_triad_is_acknowledged_then_told_then_its_channel_made_with_the_names_escaped(steps, stub):
    stub(triad_form, "triad_service.plan_triad", "form_triad_with_channel", "publish_home")
    steps.plan_triad.return_value = SimpleNamespace(
        round_name="2026", host_name="A <&> B", visitor_name="Kent", observer_name="Essex"
    )
    submit(triad_form.triad_submitted, steps, triad_view(host="A <&> B", visitor="Kent", observer="Essex"))
    steps.plan_triad.assert_called_once_with(
        steps.uow.session, WHO, {"host": "A <&> B", "visitor": "Kent", "observer": "Essex"}, "2026"
    )
    assert order(steps) == ["plan_triad", "ack", "tell", "form_triad_with_channel", "publish_home"]
    assert "of A &lt;&amp;&gt; B's triad" in steps.tell.call_args.args[0]


# authority_form ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "dcs", "block"),
    [("", "UDCS", "name"), ("  ", "UDCS", "name"), ("x" * 200, "UDCS", "name"), ("Kent", None, "dcs")],
)
def test_an_authority_without_a_name_or_dcs_is_answered_on_its_field(steps, stub, name, dcs, block):
    stub(authority_form, "admin.add_authority", "check_people", "publish_home")
    with pytest.raises(Mistake) as raised:
        submit(authority_form.authority_submitted, steps, view(name=text(name), dcs=user(dcs), team=users()))
    assert raised.value.block_id == block
    steps.add_authority.assert_not_called()
    steps.ack.assert_not_called()


def test_a_dcs_slack_does_not_know_is_answered_on_the_dcs_field(steps, stub):
    stub(authority_form, "admin.add_authority", "check_people", "publish_home")
    steps.check_people.side_effect = [Mistake("<@UX> isn't anyone in this workspace."), None]
    with pytest.raises(Mistake) as raised:
        submit(authority_form.authority_submitted, steps, view(name=text("Kent"), dcs=user("UX"), team=users()))
    assert raised.value.block_id == "dcs"
    assert order(steps) == ["check_people"]


def test_a_registered_authority_is_acknowledged_before_it_is_told_with_its_name_escaped(steps, stub):
    stub(authority_form, "admin.add_authority", "check_people", "publish_home")
    steps.add_authority.return_value.team_user_ids = ("UA",)
    submitted = view(name=text("  Kent  <b>x</b> "), dcs=user("UDCS"), team=users("UA"))
    submit(authority_form.authority_submitted, steps, submitted)
    steps.add_authority.assert_called_once_with(steps.uow.session, WHO, "Kent <b>x</b>", "UDCS", ["UA"])
    assert order(steps) == ["check_people", "check_people", "add_authority", "ack", "tell", "publish_home"]
    steps.tell.assert_called_once_with(
        ":white_check_mark: Kent &lt;b&gt;x&lt;/b&gt; registered: DCS <@UDCS>, team <@UA>."
    )


# coordinators_form ------------------------------------------------------------------------------------


def test_a_refused_coordinators_change_is_answered_on_the_field(steps, stub):
    stub(coordinators_form, "admin.set_coordinators", "check_people", "publish_home")
    steps.set_coordinators.side_effect = Refused(AccessRefusal.TRIAD_GONE)
    with pytest.raises(Mistake) as raised:
        submit(coordinators_form.coordinators_submitted, steps, view(coordinators=users("UNEW")))
    assert raised.value.block_id == "coordinators"
    steps.ack.assert_not_called()


def test_only_new_coordinators_are_looked_up_and_the_change_is_told_after_the_ack(steps, stub):
    stub(coordinators_form, "admin.set_coordinators", "check_people", "publish_home")
    steps.set_coordinators.return_value = SimpleNamespace(added=["UNEW"], removed=[])
    submit(coordinators_form.coordinators_submitted, steps, view(coordinators=users("UCOORD", "UNEW", "UNEW")))
    steps.check_people.assert_called_once_with(steps.client, ["UNEW"], "a coordinator")
    steps.set_coordinators.assert_called_once_with(steps.uow.session, WHO, ["UCOORD", "UNEW"], ANY)
    assert order(steps) == ["check_people", "set_coordinators", "ack", "tell", "publish_home"]
    steps.tell.assert_called_once_with(":white_check_mark: Coordinators of this workspace: added <@UNEW>.")


# dates_form -------------------------------------------------------------------------------------------


def dates_view(metadata, challenge="", fieldwork="", provisional=()) -> dict:
    return view(
        metadata, challenge=("date", text(challenge)), fieldwork=("date", text(fieldwork)),
        provisional=checked(*provisional),
    )  # fmt: skip


def test_a_dates_form_left_empty_is_answered_on_the_challenge_field(steps, stub):
    stub(answering, "access.triad_by_id")
    stub(dates_form, "triad_service.set_dates", "publish_home")
    with pytest.raises(Mistake) as raised:
        submit(dates_form.dates_submitted, steps, dates_view({"triad_id": 7}, " "))
    assert raised.value.block_id == "challenge"
    assert order(steps) == []


@pytest.mark.parametrize("metadata", [{}, {"triad_id": "7"}, "not json", {"triad_id": None}])
def test_a_dates_form_without_its_triad_changes_nothing(steps, stub, metadata):
    stub(answering, "access.triad_by_id")
    stub(dates_form, "triad_service.set_dates", "publish_home")
    with pytest.raises(Mistake, match="triad") as raised:
        submit(dates_form.dates_submitted, steps, dates_view(metadata, "7 September"))
    assert raised.value.block_id == "challenge"
    assert order(steps) == []


@pytest.mark.parametrize(
    ("refusal", "block"),
    [
        (Refused(TriadRefusal.FIELDWORK_BEFORE_CHALLENGE, fieldwork="1 May", challenge="7 September"), "fieldwork"),
        (Refused(AccessRefusal.TRIAD_GONE), "challenge"),
    ],
)
def test_refused_dates_are_answered_on_their_field(steps, stub, refusal, block):
    stub(answering, "access.triad_by_id")
    stub(dates_form, "triad_service.set_dates", "publish_home")
    steps.set_dates.side_effect = refusal
    with pytest.raises(Mistake) as raised:
        submit(dates_form.dates_submitted, steps, dates_view({"triad_id": 7}, "7 September", "1 May"))
    assert raised.value.block_id == block
    steps.ack.assert_not_called()


def test_dates_set_are_acknowledged_before_they_are_announced(steps, stub, monkeypatch):
    stub(answering, "access.triad_by_id")
    stub(dates_form, "triad_service.set_dates", "publish_home", "announce_dates")
    monkeypatch.setattr(dates_form, "dates_said", lambda result, user: "said")
    monkeypatch.setattr(dates_form, "dates_warning", lambda result: "careful")
    monkeypatch.setattr(dates_form, "triad_dates", lambda triad: (None, None))  # no dates set yet
    submit(dates_form.dates_submitted, steps, dates_view({"triad_id": 7}, " 7 September ", "", ["provisional"]))
    steps.triad_by_id.assert_called_once_with(steps.uow.session, WHO, 7)
    steps.set_dates.assert_called_once_with(
        steps.uow.session, WHO, steps.triad_by_id.return_value, {"challenge": "7 September"}, True, ANY
    )
    assert order(steps) == ["triad_by_id", "set_dates", "ack", "announce_dates", "tell", "publish_home"]
    steps.tell.assert_called_once_with("careful")


# reminder_form ----------------------------------------------------------------------------------------


def reminder_view(metadata, words="Bring the files", day="2026-12-07", at="09:00") -> dict:
    return view(
        metadata, text=text(words), day={"type": "datepicker", "selected_date": day},
        time={"type": "timepicker", "selected_time": at},
    )  # fmt: skip


def remind(steps, submitted: dict) -> None:
    reminder_form.reminder_submitted(
        ack=steps.ack, view=submitted, uow=steps.uow, who=WHO, tell=steps.tell, settings=SETTINGS, now=steps.now
    )


@pytest.mark.parametrize(
    ("words", "day", "block"), [("  ", "2026-12-07", "text"), ("x" * 3001, "2026-12-07", "text"), ("Hi", None, "day")]
)
def test_a_reminder_without_words_or_a_day_is_answered_on_its_field(steps, stub, words, day, block):
    stub(reminder_form, "reminder_service.set_reminder", "form_triad")
    with pytest.raises(Mistake) as raised:
        remind(steps, reminder_view({"triad_id": 7}, words, day))
    assert raised.value.block_id == block
    assert order(steps) == []


def test_a_reminder_form_naming_no_triad_is_refused_and_sets_nothing(steps, stub):
    stub(reminder_form, "reminder_service.set_reminder")
    with pytest.raises(Mistake) as raised:
        remind(steps, reminder_view({"triad_id": "7; drop"}))
    assert raised.value.block_id == "text"
    assert order(steps) == []


def test_a_reminder_is_set_escaped_then_acknowledged_then_told(steps, stub):
    stub(reminder_form, "reminder_service.set_reminder", "form_triad")
    steps.form_triad.return_value.round.year = 2026
    zone = ZoneInfo("Europe/London")
    steps.set_reminder.return_value = SimpleNamespace(
        number=3, due_at=dt.datetime(2026, 12, 7, 9, tzinfo=zone), zone=zone, channel_id="C7"
    )
    remind(steps, reminder_view({"triad_id": 7}, "Bring <the> files"))
    assert steps.set_reminder.call_args.args[3] == ":alarm_clock: Reminder from <@UCOORD>: Bring &lt;the&gt; files"
    assert order(steps) == ["form_triad", "set_reminder", "ack", "tell"]
    assert steps.tell.call_args.args[0].endswith("(Europe/London), in <#C7>: Bring &lt;the&gt; files")
