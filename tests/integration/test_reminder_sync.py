"""Re-planning a triad's reminder rows (bot.services.replan) against a real database.

Triad 1 of the 2018 round: challenge "February 2018", fieldwork "23 & 24 July 2018".
The plan's own times are tested in test_reminder_plan.py; here, what happens to the rows.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.cli.reminders import reminder_listing
from bot.rules.reminder_facts import REMINDER_FACTS, ActionDue
from bot.services.replan import replan_triad
from handlers.blocks.reminders import reminder_text
from storage.models import (
    Action,
    Authority,
    Reminder,
    Round,
    StepDone,
    Triad,
    TriadDate,
)
from storage.reminders import iso_z, list_reminders

UTC = timezone.utc
TEAM = "T1"
COORDINATORS = frozenset({"UCO1"})
JAN_8 = datetime(2018, 1, 8, 10, 0, tzinfo=UTC)


def utc(y, m, d, h=9, minute=0):
    return datetime(y, m, d, h, minute, tzinfo=UTC)


@pytest.fixture
def db(sessions):
    """A session with round SE 2018 and triad 1 (no dates yet); committed on the way out."""
    with sessions() as session:
        with session.begin():
            round_ = Round(team_id=TEAM, name="SE 2018", name_key="se 2018", year=2018, timezone="Europe/London")
            host = Authority(team_id=TEAM, name="Oxfordshire", name_key="oxfordshire", dcs_user_id="UHOST")
            visitor = Authority(team_id=TEAM, name="Milton Keynes", name_key="milton keynes", dcs_user_id="UVISIT")
            observer = Authority(team_id=TEAM, name="Portsmouth", name_key="portsmouth", dcs_user_id="UOBS")
            session.add_all([round_, host, visitor, observer])
            session.flush()
            session.add(
                Triad(
                    team_id=TEAM,
                    number=1,
                    round=round_,
                    host=host,
                    visitor=visitor,
                    observer=observer,
                    channel_id="C01",
                    channel_name="pc-2018-oxfordshire",
                )
            )
        yield session


def triad(session) -> Triad:
    return session.scalar(select(Triad).where(Triad.team_id == TEAM, Triad.number == 1))


def set_date(session, kind, text, start, end=None, precision="day", provisional=False):
    t = triad(session)
    row = next((r for r in t.dates if r.kind == kind), None)
    if row is None:
        row = TriadDate(kind=kind)
        t.dates.append(row)
    row.text, row.start, row.end, row.precision, row.provisional = text, start, end or start, precision, provisional
    session.flush()


def set_triad_1_dates(session):
    set_date(session, "challenge", "February 2018", date(2018, 2, 1), date(2018, 2, 28), "month")
    set_date(session, "fieldwork", "23 & 24 July 2018", date(2018, 7, 23), date(2018, 7, 24), "days")


def replan(session, now=JAN_8):
    replan_triad(session, triad(session), COORDINATORS, now)


def rows(session) -> dict[str, Reminder]:
    return {r.key: r for r in session.scalars(select(Reminder).order_by(Reminder.id))}


def state(session) -> dict[str, tuple]:
    return {k: (r.status, r.due_at, r.recipient, r.text, r.kind) for k, r in rows(session).items()}


def table(session) -> list[tuple]:
    """Every column of every reminder row, as stored."""
    session.expire_all()
    return [
        tuple(getattr(r, c.key) for c in Reminder.__table__.columns)
        for r in session.scalars(select(Reminder).order_by(Reminder.id))
    ]


def test_first_plan_writes_every_reminder_with_its_time(db):
    set_triad_1_dates(db)
    replan(db)
    got = rows(db)
    assert got["follow_up:C01"].due_at == utc(2018, 11, 26, 9)
    assert got["follow_up:C01"].status == "pending"
    assert got["follow_up:chase:UHOST"].due_at == utc(2018, 12, 10, 9)
    assert got["pre_visit:UHOST"].due_at == utc(2018, 7, 2, 8)
    assert got["self_assessment_due:week_before:UHOST"].recipient == "UHOST"
    assert all(r.team_id == TEAM and r.triad_id == triad(db).id for r in got.values())
    # The row keeps the plan's facts; the handlers word them when it is shown or sent.
    assert (got["follow_up:C01"].text, got["follow_up:C01"].facts) == (
        "",
        {"message": "follow_up", "triad": 1, "given": "23 & 24 July 2018", "months": 4, "year": 2018},
    )
    assert reminder_text(got["follow_up:C01"]).startswith("Triad 1: four months after fieldwork")


def test_a_reminder_already_past_when_planned_is_skipped(db):
    set_triad_1_dates(db)
    replan(db)
    # The data profile reminder was due on 21 December 2017, before the dates were entered.
    statuses = {k: r.status for k, r in rows(db).items()}
    assert statuses["data_profile_due:UCO1"] == "skipped"
    assert {s for k, s in statuses.items() if k != "data_profile_due:UCO1"} == {"pending"}


def test_planning_twice_changes_nothing(db):
    set_triad_1_dates(db)
    replan(db)
    db.commit()
    before = table(db)
    replan(db, now=datetime(2018, 3, 1, 12, tzinfo=UTC))  # later: overdue rows wait for the clock
    assert not db.dirty and not db.new
    assert table(db) == before


def test_changing_a_date_moves_pending_rows_and_cancels_what_no_longer_applies(db):
    set_triad_1_dates(db)
    replan(db)
    ids = {k: r.id for k, r in rows(db).items()}
    # The challenge is fixed to Thursday 8 February; fieldwork moves a day.
    set_date(db, "challenge", "8 February 2018", date(2018, 2, 8))
    set_date(db, "fieldwork", "24 & 25 July 2018", date(2018, 7, 24), date(2018, 7, 25), "days")
    replan(db)
    got = rows(db)
    assert {k: r.id for k, r in got.items()} == ids  # updated in place, nothing new
    assert got["challenge_session:week_before:C01"].due_at == utc(2018, 2, 1, 9)
    assert got["fieldwork_agenda:C01"].due_at == utc(2018, 7, 23, 8)
    assert "on Thursday 8 February." in reminder_text(got["challenge_session:day_before:C01"])
    assert got["challenge_session:day_before:C01"].facts["given"] == "8 February 2018"
    # The date is exact now: no more nudge to confirm it.
    assert got["confirm_date:challenge:C01"].status == "cancelled"
    # Made imprecise again, the nudge (still in the future) comes back.
    set_date(db, "challenge", "February 2018", date(2018, 2, 1), date(2018, 2, 28), "month")
    replan(db)
    assert rows(db)["confirm_date:challenge:C01"].status == "pending"


def test_sent_late_failed_and_sending_rows_are_never_touched(db):
    set_triad_1_dates(db)
    replan(db)
    got = rows(db)
    frozen = {
        "self_assessment_due:week_before:UHOST": "sent",
        "confirm_date:challenge:C01": "late",
        "challenge_session:week_before:C01": "failed",
        "self_assessment_due:on_day:UHOST": "sending",
    }
    for key, status in frozen.items():
        got[key].status = status
    db.flush()
    before = {k: state(db)[k] for k in frozen}
    # The date moves (and becomes exact, so confirm_date leaves the plan); the step is marked done.
    set_date(db, "challenge", "8 February 2018", date(2018, 2, 8))
    the_triad = triad(db)  # held: a temporary would be garbage-collected mid-append
    the_triad.steps.append(StepDone(step="self_assessment", done_by="UHOST"))
    db.flush()
    replan(db)
    assert {k: state(db)[k] for k in frozen} == before


def test_a_pending_row_moved_into_the_past_is_skipped_but_an_overdue_one_waits_for_the_clock(db):
    set_date(db, "challenge", "February 2018", date(2018, 2, 1), date(2018, 2, 28), "month")
    replan(db)
    # 20 January: the self-assessment reminders (11 and 18 Jan) are overdue but unchanged —
    # the clock was down; they stay pending and go out late.
    later = datetime(2018, 1, 20, 12, tzinfo=UTC)
    replan(db, now=later)
    assert rows(db)["self_assessment_due:on_day:UHOST"].status == "pending"
    # The challenge is fixed to Monday 29 January: the self-assessment due date moves to
    # 15 January, already past (skipped, never sent); the week-before reminder moves to
    # 22 January, still ahead (pending).
    set_date(db, "challenge", "29 January 2018", date(2018, 1, 29))
    replan(db, now=later)
    got = rows(db)
    assert got["self_assessment_due:on_day:UHOST"].due_at == utc(2018, 1, 15)
    assert got["self_assessment_due:on_day:UHOST"].status == "skipped"
    assert got["challenge_session:week_before:C01"].due_at == utc(2018, 1, 22)
    assert got["challenge_session:week_before:C01"].status == "pending"


def test_a_skipped_row_comes_back_when_its_date_moves_into_the_future(db):
    set_date(db, "challenge", "February 2018", date(2018, 2, 1), date(2018, 2, 28), "month")
    replan(db, now=datetime(2018, 1, 20, 12, tzinfo=UTC))
    assert rows(db)["self_assessment_due:week_before:UHOST"].status == "skipped"
    set_date(db, "challenge", "March 2018", date(2018, 3, 1), date(2018, 3, 31), "month")
    replan(db, now=datetime(2018, 1, 20, 12, tzinfo=UTC))
    row = rows(db)["self_assessment_due:week_before:UHOST"]
    assert (row.status, row.due_at) == ("pending", utc(2018, 2, 8))


def test_a_cancelled_row_comes_back_pending_when_planned_again(db):
    set_triad_1_dates(db)
    replan(db)
    row = rows(db)["finalise_interviews:C01"]
    row.status, row.error = "cancelled", "x"
    db.flush()
    replan(db)
    assert (rows(db)["finalise_interviews:C01"].status, rows(db)["finalise_interviews:C01"].error) == ("pending", None)


def test_marking_a_step_done_cancels_its_chasers_only(db):
    set_triad_1_dates(db)
    replan(db)
    before = state(db)
    the_triad = triad(db)  # held: a temporary would be garbage-collected mid-append
    the_triad.steps.append(StepDone(step="self_assessment", done_by="UHOST"))
    db.flush()
    replan(db)
    after = state(db)
    changed = {k for k in after if after[k] != before[k]}
    assert changed == {"self_assessment_due:week_before:UHOST", "self_assessment_due:on_day:UHOST"}
    assert {after[k][0] for k in changed} == {"cancelled"}


@pytest.mark.parametrize(
    "answer, gone",
    [
        ("declined", {"follow_up:C01", "follow_up:chase:UHOST"}),
        ("requested", {"follow_up:chase:UHOST"}),
    ],
)
def test_an_answered_follow_up_is_not_chased(db, answer, gone):
    set_triad_1_dates(db)
    replan(db)
    triad(db).follow_up_status = answer
    db.flush()
    replan(db)
    assert {k for k, r in rows(db).items() if r.status == "cancelled"} == gone


def test_custom_reminders_are_left_alone(db):
    t = triad(db)
    db.add(
        Reminder(
            team_id=TEAM,
            triad_id=t.id,
            key="custom:1",
            kind="custom",
            recipient="C01",
            text="Stand-up",
            due_at=utc(2018, 1, 9),
            status="pending",
        )
    )
    db.flush()
    replan(db)  # no dates: nothing planned, and the custom one stays
    assert state(db) == {"custom:1": ("pending", utc(2018, 1, 9), "C01", "Stand-up", "custom")}


def test_actions_are_reminded_and_done_ones_cancelled(db):
    t = triad(db)
    db.add(
        Action(
            team_id=TEAM,
            triad_id=t.id,
            number=1,
            text="Audit step-down",
            owner_user_id="UOWN",
            due_text="30 September 2018",
            due_date=date(2018, 9, 30),
        )
    )
    db.flush()
    replan(db)
    row = rows(db)["action_due:1:UOWN"]
    assert (row.kind, row.recipient, row.due_at, row.status) == ("action_due", "UOWN", utc(2018, 9, 28, 8), "pending")
    db.scalar(select(Action)).status = "done"
    db.flush()
    replan(db)
    assert rows(db)["action_due:1:UOWN"].status == "cancelled"


def test_the_rounds_plan_config_and_time_zone_are_used(db):
    t = triad(db)
    t.round.plan_config = {"follow_up_months_after_fieldwork": 6, "follow_up_chase_weeks": 0}
    t.round.timezone = "Europe/Paris"
    set_triad_1_dates(db)
    replan(db)
    got = rows(db)
    assert got["follow_up:C01"].due_at == utc(2019, 1, 24, 8)  # 24 Jan 2019 09:00 CET
    assert "follow_up:chase:UHOST" not in got


def test_a_broken_plan_config_falls_back_to_the_defaults(db):
    triad(db).round.plan_config = {"follow_up_weeks": 16}
    set_triad_1_dates(db)
    replan(db)
    assert rows(db)["follow_up:C01"].due_at == utc(2018, 11, 26, 9)


def test_a_new_coordinator_gets_the_data_profile_reminder(db):
    set_date(db, "challenge", "March 2018", date(2018, 3, 1), date(2018, 3, 31), "month")
    replan(db)
    replan_triad(db, triad(db), frozenset({"UCO2"}), JAN_8)
    got = rows(db)
    assert got["data_profile_due:UCO1"].status == "cancelled"
    assert got["data_profile_due:UCO2"].status == "pending"


# --------------------------------------------------------------------------- the operator's listing


def test_list_reminders_is_json_ready_and_complete(db):
    set_triad_1_dates(db)
    replan(db)
    other = Reminder(
        team_id="T2",
        triad_id=None,
        key="custom:1",
        kind="custom",
        recipient="C99",
        text="Elsewhere",
        due_at=utc(2018, 3, 1),
        status="sent",
        sent_at=utc(2018, 3, 1, 9, 0),
    )
    db.add(other)
    db.flush()
    assert [(r.id, n) for r, n in list_reminders(db, status="sent")] == [(other.id, None)]
    everything = reminder_listing(db)
    assert len(everything) == len(rows(db))
    assert [r["due_at"] for r in everything] == sorted(r["due_at"] for r in everything)
    follow_up = next(r for r in everything if r["kind"] == "follow_up" and r["recipient"] == "C01")
    assert {
        k: follow_up[k] for k in ("triad", "kind", "recipient", "due_at", "status", "team_id", "sent_at", "error")
    } == {
        "triad": 1,
        "kind": "follow_up",
        "recipient": "C01",
        "due_at": "2018-11-26T09:00:00Z",
        "status": "pending",
        "team_id": TEAM,
        "sent_at": None,
        "error": None,
    }
    assert isinstance(follow_up["id"], int) and follow_up["text"].startswith("Triad 1: four months after fieldwork")
    assert next(r for r in everything if r["team_id"] == "T2")["text"] == "Elsewhere"
    assert {r["status"] for r in everything} == {"pending", "skipped", "sent"}
    mine = reminder_listing(db, team_id=TEAM)
    assert len(mine) == len(everything) - 1 and all(r["team_id"] == TEAM for r in mine)
    sent = reminder_listing(db, status="sent")
    assert [(r["triad"], r["sent_at"]) for r in sent] == [(None, "2018-03-01T09:00:00Z")]


def test_iso_z():
    assert iso_z(datetime(2018, 7, 2, 9, 0, tzinfo=timezone.utc)) == "2018-07-02T09:00:00Z"
    assert iso_z(datetime(2018, 7, 2, 10, 0, 30, 123, tzinfo=timezone(timedelta(hours=1)))) == "2018-07-02T09:00:30Z"
    assert iso_z(None) is None


def test_a_sent_reminder_is_planned_again_when_its_event_moves_later(db):
    set_triad_1_dates(db)
    replan(db)
    agenda = next(r for k, r in rows(db).items() if k.startswith("fieldwork_agenda:"))
    key, old_id, old_due = agenda.key, agenda.id, agenda.due_at
    agenda.status = "sent"
    db.flush()
    set_date(db, "fieldwork", "10 & 11 September 2018", date(2018, 9, 10), date(2018, 9, 11), "days")  # postponed
    replan(db)
    replan(db)  # and again: nothing doubles
    again = [r for r in db.scalars(select(Reminder).where(Reminder.kind == "fieldwork_agenda"))]
    assert sorted((r.status, r.due_at) for r in again) == [("pending", utc(2018, 9, 7, 8)), ("sent", old_due)]
    sent = next(r for r in again if r.status == "sent")
    assert (sent.id, sent.key) == (old_id, f"{key}#sent-{old_id}")


def test_rows_planned_before_facts_take_them_and_sent_ones_keep_their_words(db):
    set_triad_1_dates(db)
    replan(db)
    got = rows(db)
    # As an older version wrote them: the words in `text`, no facts.
    for key in ("pre_visit:UHOST", "fieldwork_agenda:C01"):
        got[key].text, got[key].facts = "Triad 1: old words", None
    got["fieldwork_agenda:C01"].status = "sent"
    db.flush()
    replan(db)
    got = rows(db)
    assert (got["pre_visit:UHOST"].text, got["pre_visit:UHOST"].facts["message"]) == ("", "pre_visit")
    assert reminder_text(got["pre_visit:UHOST"]).startswith("Triad 1: fieldwork is three weeks away, on Monday 23 July")
    assert (got["fieldwork_agenda:C01"].facts, reminder_text(got["fieldwork_agenda:C01"])) == (
        None,
        "Triad 1: old words",
    )


def test_facts_are_stored_as_json_and_read_back(db):
    db.add(
        Action(
            team_id=TEAM,
            triad_id=triad(db).id,
            number=2,
            text="Audit <step-down> & more",
            owner_user_id="UOWN",
            due_text="30 September 2018",
            due_date=date(2018, 9, 30),
        )
    )
    db.flush()
    replan(db)
    db.commit()
    db.expire_all()
    row = rows(db)["action_due:2:UOWN"]
    assert REMINDER_FACTS.validate_python(row.facts) == ActionDue(
        triad=1, number=2, text="Audit <step-down> & more", due=date(2018, 9, 30), year=2018
    )
    assert "Audit &lt;step-down&gt; &amp; more" in reminder_text(row)
