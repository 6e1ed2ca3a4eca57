"""The action, interview, round dates, reviewer and import forms (and the action and orientation
material shortcuts) called as Bolt calls them: a mocked WebClient, a fake `ack`, the use cases stubbed."""

from __future__ import annotations

import json
from datetime import date, time
from types import SimpleNamespace

import pytest
from slack_sdk.errors import SlackApiError

from bot.rules.fieldwork import Interview, SlotNote, SlotWarning
from bot.rules.refusals import Refused
from bot.rules.visiting_team import ReviewerRefusal
from bot.services.access import AccessRefusal, Actor
from bot.services.actions import ActionRefusal
from bot.services.fieldwork import FieldworkRefusal
from bot.services.rounds import RoundRefusal
from handlers.mistakes import Mistake
from handlers.people import PersonProblem
from handlers.views import action_form, answering, import_form, interview_form, reviewer_form, round_form
from tests.unit.listeners.conftest import WHO, checked, chosen, order, text, user, users, view

SETTINGS = SimpleNamespace(peer_timezone="Europe/London", slack_api_url="https://slack.test/api/",
                           slack_file_download_seconds=5.0)  # fmt: skip
MEMBER = Actor(team_id="T1", user_id="UMEMBER", coordinators=frozenset({"UCOORD"}))
TRIAD = SimpleNamespace(id=7, number=3, round=SimpleNamespace(year=2026))


def submit(listener, steps, submitted: dict, **extra) -> None:
    listener(ack=steps.ack, view=submitted, client=steps.client, uow=steps.uow, **extra)


# action_form ------------------------------------------------------------------------------------------


def action_view(metadata=None, words="Audit the files", owner="UOWN", due="7 December", focus=None) -> dict:
    fields = {"text": text(words), "owner": user(owner), "due": text(due)}
    return view(
        {"triad_id": 7} if metadata is None else metadata, **fields, **({"focus": chosen(focus)} if focus else {})
    )


def add_action(steps, submitted: dict) -> None:
    submit(action_form.action_submitted, steps, submitted, who=WHO, tell=steps.tell, settings=SETTINGS, now=steps.now)


@pytest.fixture
def action_stubs(stub):
    stub(answering, "access.triad_by_id")
    stub(action_form, "action_service.add_action", "check_people", "show_recorded", "publish_home")


@pytest.mark.parametrize(
    ("fields", "block"), [({"words": "  "}, "text"), ({"owner": None}, "owner"), ({"due": ""}, "due")]
)
def test_an_action_missing_a_field_is_answered_on_it(steps, action_stubs, fields, block):
    with pytest.raises(Mistake) as raised:
        add_action(steps, action_view(**fields))
    assert raised.value.block_id == block
    assert order(steps) == []


@pytest.mark.parametrize(
    ("refusal", "block"),
    [
        (Refused(ActionRefusal.LINE_WITHDRAWN, number=2, lines=[1]), "focus"),
        (Refused(ActionRefusal.DUE_NOT_ONE_DAY, due="July"), "due"),
        (PersonProblem("<@UOWN> has been deactivated in this workspace."), "owner"),
    ],
)
def test_a_refused_action_is_answered_on_its_field_and_not_acknowledged(steps, action_stubs, refusal, block):
    steps.triad_by_id.return_value = TRIAD
    (steps.check_people if isinstance(refusal, Mistake) else steps.add_action).side_effect = refusal
    with pytest.raises(Mistake) as raised:
        add_action(steps, action_view(focus="2"))
    assert raised.value.block_id == block
    assert "ack" not in order(steps) and "show_recorded" not in order(steps)


def test_an_unreadable_due_date_is_answered_on_the_due_field(steps, action_stubs):
    steps.triad_by_id.return_value = TRIAD
    with pytest.raises(Mistake) as raised:
        add_action(steps, action_view(due="whenever"))
    assert raised.value.block_id == "due"
    steps.add_action.assert_not_called()


@pytest.mark.parametrize("metadata", [{}, {"triad_id": "7"}, "]["])
def test_an_action_form_naming_no_triad_records_nothing(steps, action_stubs, metadata):
    with pytest.raises(Mistake) as raised:
        add_action(steps, action_view(metadata))
    assert raised.value.block_id == "text"
    assert order(steps) == []


def test_an_action_is_recorded_checked_acknowledged_then_shown(steps, action_stubs):
    steps.triad_by_id.return_value = TRIAD
    add_action(steps, action_view(words=" Audit   the files ", focus="2"))
    args = steps.add_action.call_args.args
    assert (args[2], args[3], args[4], args[6]) == (TRIAD, "Audit the files", "UOWN", 2)
    assert order(steps) == [
        "triad_by_id", "add_action", "check_people", "ack", "show_recorded", "publish_home", "publish_home",
    ]  # fmt: skip


def test_a_non_numeric_line_of_enquiry_is_recorded_as_none(steps, action_stubs):
    steps.triad_by_id.return_value = TRIAD
    add_action(steps, action_view(focus="2; drop"))
    assert steps.add_action.call_args.args[6] is None


def shortcut(steps, body: dict) -> None:
    action_form.record_shortcut(ack=steps.ack, body=body, client=steps.client, uow=steps.uow, who=WHO)


def test_the_record_shortcut_opens_the_form_with_the_messages_text(steps, stub):
    stub(action_form, "access.triad_for", "focus_service.lines_of")
    steps.triad_for.return_value = TRIAD
    steps.lines_of.return_value.lines = []
    shortcut(steps, {"channel": {"id": "C7"}, "message": {"text": "Check <the> files"}, "trigger_id": "trig-1"})
    steps.triad_for.assert_called_once_with(steps.uow.session, WHO, channel_id="C7")
    opened = steps.client.views_open.call_args.kwargs
    assert opened["trigger_id"] == "trig-1" and opened["view"].callback_id == action_form.ACTION_ADD
    assert json.loads(opened["view"].private_metadata) == {"triad_id": 7, "channel": "C7"}
    assert "Check <the> files" in json.dumps(opened["view"].to_dict())  # a plain_text initial value: not mrkdwn
    assert order(steps)[0] == "ack"


def test_a_record_shortcut_outside_a_triad_channel_opens_nothing(steps, stub):
    stub(action_form, "access.triad_for", "focus_service.lines_of")
    steps.triad_for.side_effect = Refused(AccessRefusal.TRIAD_GONE)
    with pytest.raises(Refused):
        shortcut(steps, {"channel": {"id": "CX"}, "trigger_id": "trig-1"})
    steps.client.views_open.assert_not_called()


def test_an_action_form_slack_will_not_open_is_told(steps, stub):
    stub(action_form, "access.triad_for", "focus_service.lines_of")
    steps.triad_for.return_value = TRIAD
    steps.lines_of.return_value.lines = []
    steps.client.views_open.side_effect = SlackApiError("no", {"ok": False, "error": "expired_trigger_id"})
    with pytest.raises(Mistake) as raised:
        shortcut(steps, {"channel": {"id": "C7"}, "trigger_id": "trig-1"})
    assert raised.value.text == "I couldn't open the form (expired_trigger_id). Try the shortcut again."


# interview_form ---------------------------------------------------------------------------------------


def interview_view(metadata=None, stakeholder="Head of <EH>", day="2026-12-07", start="09:00", end="10:00") -> dict:
    return view(
        {"triad_id": 7} if metadata is None else metadata, stakeholder=text(stakeholder), role=text(""),
        where=text(""), interviewers=users("UA"), day={"type": "datepicker", "selected_date": day},
        start={"type": "timepicker", "selected_time": start}, end={"type": "timepicker", "selected_time": end},
    )  # fmt: skip


def book(steps, submitted: dict) -> None:
    submit(interview_form.interview_submitted, steps, submitted, who=WHO, tell=steps.tell)


@pytest.fixture
def interview_stubs(stub):
    stub(answering, "access.triad_by_id")
    stub(interview_form, "fieldwork_service.book_interview", "check_people", "post")


@pytest.mark.parametrize(
    ("fields", "block"),
    [
        ({"stakeholder": " "}, "stakeholder"),
        ({"day": None}, "day"),
        ({"start": None}, "start"),
        ({"end": None}, "start"),
    ],
)
def test_an_interview_missing_a_field_is_answered_on_it(steps, interview_stubs, fields, block):
    with pytest.raises(Mistake) as raised:
        book(steps, interview_view(**fields))
    assert raised.value.block_id == block
    assert order(steps) == []


def test_an_interview_ending_before_it_starts_is_answered_on_the_end_field(steps, interview_stubs):
    steps.triad_by_id.return_value = TRIAD
    with pytest.raises(Mistake) as raised:
        book(steps, interview_view(start="10:00", end="09:00"))
    assert raised.value.block_id == "end"
    steps.book_interview.assert_not_called()


def test_an_interviewer_slack_does_not_know_is_answered_on_the_interviewers_field(steps, interview_stubs):
    steps.triad_by_id.return_value = TRIAD
    steps.check_people.side_effect = PersonProblem("<@UA> isn't anyone in this workspace.")
    with pytest.raises(Mistake) as raised:
        book(steps, interview_view())
    assert raised.value.block_id == "interviewers"
    steps.ack.assert_not_called()


def test_an_interview_form_naming_no_triad_books_nothing(steps, interview_stubs):
    with pytest.raises(Mistake):
        book(steps, interview_view({"triad_id": [7]}))
    assert order(steps) == []


def test_a_booked_interview_is_acknowledged_then_posted_and_its_warnings_escaped(steps, interview_stubs, monkeypatch):
    steps.triad_by_id.return_value = TRIAD
    monkeypatch.setattr(interview_form, "interview_line", lambda interview, year: "1: Monday")
    twice = SlotNote(
        SlotWarning.STAKEHOLDER_TWICE, other=Interview(3, date(2018, 7, 23), time(9), time(10), "<@UA>", None, None, ())
    )
    steps.book_interview.return_value = SimpleNamespace(interview=None, channel_id="C7", warnings=[twice])
    book(steps, interview_view())
    assert steps.book_interview.call_args.args[4] == "Head of <EH>"
    assert order(steps) == ["triad_by_id", "book_interview", "check_people", "ack", "post", "tell"]
    assert steps.post.call_args.args[1:3] == ("C7", "<@UCOORD> booked interview 1: Monday")
    steps.tell.assert_called_once_with(
        ":warning: &lt;@UA&gt; is already booked for Monday 23 July 2018, 09:00-10:00 (interview 3)."
    )


# round_form -------------------------------------------------------------------------------------------


def round_view(metadata, orientation="", summit="") -> dict:
    return view(metadata, orientation=("date", text(orientation)), summit=("date", text(summit)), provisional=checked())


def round_dates(steps, submitted: dict) -> None:
    submit(
        round_form.round_dates_submitted, steps, submitted, who=WHO, tell=steps.tell, settings=SETTINGS, now=steps.now
    )


@pytest.fixture
def round_stubs(stub):
    stub(round_form, "round_service.set_round_dates", "announce_round_dates", "publish_home")


def test_a_round_dates_form_left_empty_is_answered_on_the_orientation_field(steps, round_stubs):
    with pytest.raises(Mistake) as raised:
        round_dates(steps, round_view({"round_id": 4}))
    assert raised.value.block_id == "orientation"
    assert order(steps) == []


@pytest.mark.parametrize("metadata", [{}, {"round_id": "4"}, "nope"])
def test_a_round_dates_form_naming_no_round_changes_nothing(steps, round_stubs, metadata):
    with pytest.raises(Mistake) as raised:
        round_dates(steps, round_view(metadata, "7 September"))
    assert raised.value.block_id == "orientation"
    assert order(steps) == []


def test_a_summit_before_the_orientation_is_answered_on_the_summit_field(steps, round_stubs):
    steps.set_round_dates.side_effect = Refused(
        RoundRefusal.SUMMIT_BEFORE_ORIENTATION, orientation="7 September", summit="1 May"
    )
    with pytest.raises(Mistake) as raised:
        round_dates(steps, round_view({"round_id": 4}, "7 September", "1 May"))
    assert raised.value.block_id == "summit"
    steps.ack.assert_not_called()


@pytest.mark.parametrize(
    "channels, told",
    [
        ((), ":white_check_mark: SE &lt;2026&gt;: orientation 7 September."),  # nowhere posted: the dates, escaped
        (("C7",), ":white_check_mark: Posted in the round's 1 triad channel."),  # posted: not repeated
    ],
)
def test_an_emptied_date_is_removed_and_the_round_told_after_the_ack_escaped(
    steps, round_stubs, monkeypatch, channels, told
):
    monkeypatch.setattr(round_form, "round_dates_said", lambda result: "orientation 7 September")
    steps.set_round_dates.return_value = SimpleNamespace(round_name="SE <2026>", channels=channels, parsed={})
    round_dates(steps, round_view({"round_id": 4, "had": ["summit"]}, "7 September"))
    assert steps.set_round_dates.call_args.args[3] == {"orientation": "7 September", "summit": None}
    assert steps.set_round_dates.call_args.kwargs == {"round_id": 4}
    assert order(steps) == ["set_round_dates", "ack", "announce_round_dates", "tell", "publish_home"]
    steps.tell.assert_called_once_with(told)


def material(steps, message: dict) -> None:
    round_form.material_shortcut(ack=steps.ack, body={"message": message}, uow=steps.uow, who=WHO, tell=steps.tell,
                                 now=steps.now)  # fmt: skip


def test_a_message_without_a_link_is_not_made_the_material(steps, stub):
    stub(round_form, "round_service.set_orientation_material")
    with pytest.raises(Mistake, match="no file or link"):
        material(steps, {"text": "see <the> pack"})
    assert order(steps) == ["ack"]


def test_the_material_is_committed_before_it_is_told_with_the_link_escaped(steps, stub):
    stub(round_form, "round_service.set_orientation_material")
    steps.set_orientation_material.return_value.round_name = "SE <2026>"
    material(steps, {"text": "pack: <https://example.org/a?b=1&c=2|the pack>"})
    assert steps.set_orientation_material.call_args.args[3] == "https://example.org/a?b=1&c=2"
    assert order(steps) == ["ack", "set_orientation_material", "uow.commit", "tell"]
    assert steps.tell.call_args.args[0].startswith(
        ":white_check_mark: SE &lt;2026&gt;: <https://example.org/a?b=1&amp;c=2|this> is now"
    )


# reviewer_form ----------------------------------------------------------------------------------------


def reviewer_view(reviewer="UR", seniority="senior") -> dict:
    return view(reviewer=user(reviewer), authority=chosen("Kent"), seniority=chosen(seniority), expertise=text("SEND"))


def add_reviewer(steps, submitted: dict) -> None:
    submit(reviewer_form.reviewer_submitted, steps, submitted, who=WHO, tell=steps.tell)


def test_a_reviewer_form_without_the_reviewer_is_answered_on_it(steps, stub):
    stub(reviewer_form, "team_service.add_reviewer", "check_people")
    with pytest.raises(Mistake) as raised:
        add_reviewer(steps, reviewer_view(reviewer=None))
    assert raised.value.block_id == "reviewer"
    assert order(steps) == []


def test_an_unknown_seniority_is_answered_on_its_field(steps, stub):
    stub(reviewer_form, "team_service.add_reviewer", "check_people")
    steps.add_reviewer.side_effect = Refused(ReviewerRefusal.UNKNOWN_SENIORITY, given="boss", allowed="senior, middle")
    with pytest.raises(Mistake) as raised:
        add_reviewer(steps, reviewer_view(seniority="boss"))
    assert raised.value.block_id == "seniority"
    steps.ack.assert_not_called()


def test_a_reviewer_is_checked_added_acknowledged_then_told(steps, stub, monkeypatch):
    stub(reviewer_form, "team_service.add_reviewer", "check_people")
    monkeypatch.setattr("handlers.commands.visiting_team.added_text", lambda added: "added")
    add_reviewer(steps, reviewer_view())
    steps.add_reviewer.assert_called_once_with(steps.uow.session, WHO, "UR", "Kent", "senior", "SEND")
    assert order(steps) == ["check_people", "add_reviewer", "ack", "tell"]
    steps.tell.assert_called_once_with("added")


# import_form ------------------------------------------------------------------------------------------


def import_view(kind="authorities", round_name="", files=({"id": "F1", "name": "<a>.csv", "mode": "hosted"},)) -> dict:
    submitted = view(what={"type": "radio_buttons", "selected_option": {"value": kind}}, round=text(round_name),
                     file={"type": "file_input", "files": list(files)})  # fmt: skip
    return {**submitted, "id": "V1"}


def import_(steps, submitted: dict, who: Actor = WHO) -> None:
    submit(import_form.import_submitted, steps, submitted, who=who, settings=SETTINGS, now=steps.now)


@pytest.mark.parametrize(("submitted", "block"), [(import_view(files=()), "file"), (import_view("round"), "round")])
def test_an_import_form_missing_the_file_or_the_rounds_name_is_answered_on_it(steps, stub, submitted, block):
    stub(import_form, "download", "run_import", "publish_home")
    with pytest.raises(Mistake) as raised:
        import_(steps, submitted)
    assert raised.value.block_id == block
    assert order(steps) == []


def test_an_import_by_someone_not_a_coordinator_is_refused_on_the_file_field(steps, stub):
    stub(import_form, "download", "run_import", "publish_home")
    with pytest.raises(Mistake) as raised:
        import_(steps, import_view(), who=MEMBER)
    assert raised.value.block_id == "file"
    assert order(steps) == []


def test_a_file_kept_outside_slack_is_answered_on_the_file_field(steps, stub):
    stub(import_form, "download", "run_import", "publish_home")
    with pytest.raises(Mistake) as raised:
        import_(steps, import_view(files=[{"id": "F1", "name": "a.csv", "mode": "external"}]))
    assert raised.value.block_id == "file"
    assert order(steps) == []


def test_the_form_says_it_is_importing_before_the_file_is_fetched_and_shows_the_outcome(steps, stub):
    stub(import_form, "download", "run_import", "publish_home")
    steps.download.return_value = ("a.csv", b"name,dcs\n")
    steps.run_import.return_value = (True, "1 authority imported.")
    import_(steps, import_view())
    assert order(steps) == [
        "ack", "download", "run_import", "client.views_update", "client.chat_postMessage", "publish_home",
    ]  # fmt: skip
    said = steps.ack.call_args.kwargs["view"].blocks[0].text.text
    assert said == ":hourglass_flowing_sand: Importing &lt;a&gt;.csv…"
    assert steps.client.views_update.call_args.kwargs["view_id"] == "V1"


def test_bad_rows_are_shown_in_the_form_only(steps, stub):
    stub(import_form, "download", "run_import", "publish_home")
    steps.download.return_value = ("a.csv", b"name,dcs\n")
    steps.run_import.return_value = (False, ":x: Line 2: no DCS.")
    import_(steps, import_view())
    assert order(steps) == ["ack", "download", "run_import", "client.views_update"]
    assert steps.client.views_update.call_args.kwargs["view"].title.text == "Not imported"


def test_an_interviewer_not_in_the_triad_is_answered_on_the_interviewers_field(steps, interview_stubs):
    steps.triad_by_id.return_value = TRIAD
    steps.book_interview.side_effect = Refused(
        FieldworkRefusal.NOT_A_MEMBER, user="UA", number=3, host="Kent", visitor="Essex", observer="Surrey"
    )
    with pytest.raises(Mistake) as raised:
        book(steps, interview_view())
    assert raised.value.block_id == "interviewers"
    assert "ack" not in order(steps) and "post" not in order(steps)
