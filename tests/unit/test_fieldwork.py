"""Interview clashes, slot warnings and the two-day fieldwork agenda (bot.rules.fieldwork), and how the
handlers' builders word them (handlers.blocks.fieldwork)."""

from __future__ import annotations

from datetime import date, time

import pytest

from bot.rules.actions import LineProblem, is_one_exact_day, line_problem
from bot.rules.dates import FuzzyDate
from bot.rules.fieldwork import (
    AgendaItem,
    Clash,
    Interview,
    SlotNote,
    SlotWarning,
    build_agenda,
    find_clashes,
    interview_warnings,
    outside_interviewers,
)
from bot.rules.roles import AuthorityPeople, TriadPeople
from handlers.blocks.fieldwork import describe_clash
from handlers.words.fieldwork import warning_text

JULY_23 = date(2018, 7, 23)
JULY_24 = date(2018, 7, 24)

# Triad 1 of the 2018 round: fieldwork "23 & 24 July 2018".
TWO_DAYS = FuzzyDate("23 & 24 July 2018", JULY_23, JULY_24, "days", False)
# Triad 2: "December 2018 tbc".
DECEMBER_TBC = FuzzyDate("December 2018 tbc", date(2018, 12, 1), date(2018, 12, 31), "month", True)
EARLY_NOVEMBER = FuzzyDate("early November 2018", date(2018, 11, 1), date(2018, 11, 10), "part_month", False)
PROVISIONAL_DAYS = FuzzyDate("8 & 9 November 2018 tbc", date(2018, 11, 8), date(2018, 11, 9), "days", True)


def iv(
    number: int | None,
    start: str,
    end: str,
    *interviewers: str,
    day: date = JULY_23,
    stakeholder: str = "Head of Service",
    role: str | None = None,
    place: str | None = None,
    triad: int | None = 1,
) -> Interview:
    h1, m1 = map(int, start.split(":"))
    h2, m2 = map(int, end.split(":"))
    return Interview(
        number=number,
        day=day,
        start=time(h1, m1),
        end=time(h2, m2),
        stakeholder=stakeholder,
        role=role,
        place=place,
        interviewers=tuple(interviewers),
        triad_number=triad,
    )


# --------------------------------------------------------------------------- Interview


def test_interview_must_end_after_it_starts():
    with pytest.raises(ValueError, match="end after it starts"):
        iv(None, "10:00", "10:00", "UA")
    with pytest.raises(ValueError, match="10:15-09:30"):
        iv(None, "10:15", "09:30", "UA")


def test_interview_needs_a_stakeholder():
    with pytest.raises(ValueError, match="stakeholder"):
        iv(None, "09:00", "10:00", "UA", stakeholder="  ")


def test_interviewers_are_a_tuple_without_repeats():
    interview = Interview(None, JULY_23, time(9), time(10), "DCS", None, None, ["UA", "UB", "UA"])  # type: ignore[arg-type]
    assert interview.interviewers == ("UA", "UB")


# --------------------------------------------------------------------------- clashes


def test_overlapping_slot_for_the_same_interviewer_clashes():
    booked = iv(1, "09:30", "10:15", "UA", "UB", stakeholder="DCS")
    new = iv(None, "10:00", "10:45", "UB", "UC")
    assert find_clashes(new, [booked]) == [Clash(interviewer="UB", other=booked)]


def test_slot_inside_another_clashes():
    booked = iv(1, "09:00", "12:00", "UA")
    new = iv(None, "10:00", "10:30", "UA")
    assert find_clashes(new, [booked]) == [Clash("UA", booked)]


def test_touching_slots_do_not_clash():
    before = iv(1, "09:00", "10:00", "UA")
    after = iv(2, "11:00", "12:00", "UA")
    new = iv(None, "10:00", "11:00", "UA")
    assert find_clashes(new, [before, after]) == []


def test_same_time_on_a_different_day_does_not_clash():
    booked = iv(1, "09:30", "10:15", "UA", day=JULY_24)
    assert find_clashes(iv(None, "09:30", "10:15", "UA"), [booked]) == []


def test_overlap_with_different_interviewers_does_not_clash():
    booked = iv(1, "09:30", "10:15", "UA", "UB")
    assert find_clashes(iv(None, "09:30", "10:15", "UC"), [booked]) == []


def test_interviewer_in_another_triads_interview_clashes():
    other_triad = iv(4, "14:00", "15:00", "UA", triad=3, stakeholder="Principal social worker")
    new = iv(None, "14:30", "15:30", "UA", triad=1)
    clashes = find_clashes(new, [other_triad])
    assert clashes == [Clash("UA", other_triad)]
    assert describe_clash(clashes[0], 2018, names={"UA": "Alice"}, triad_number=1) == (
        "Alice is already interviewing Principal social worker then (Monday 23 July, 14:00-15:00, "
        "triad 3's interview 4)."
    )


def test_every_interviewer_and_slot_is_reported_in_time_order():
    later = iv(2, "10:30", "11:30", "UA", "UB")
    earlier = iv(1, "09:00", "10:15", "UA")
    new = iv(None, "10:00", "11:00", "UA", "UB")
    assert find_clashes(new, [later, earlier]) == [
        Clash("UA", earlier),
        Clash("UA", later),
        Clash("UB", later),
    ]


def test_an_edited_interview_does_not_clash_with_its_stored_self():
    stored = iv(3, "09:00", "10:00", "UA", triad=1)
    moved = iv(3, "09:30", "10:30", "UA", triad=1)
    assert find_clashes(moved, [stored]) == []
    # the same number in another triad is a different interview
    same_number_elsewhere = iv(3, "09:00", "10:00", "UA", triad=2)
    assert find_clashes(moved, [same_number_elsewhere]) == [Clash("UA", same_number_elsewhere)]


def test_describe_clash_falls_back_to_a_mention():
    booked = iv(2, "09:30", "10:15", "U123", stakeholder="DCS")
    text = describe_clash(Clash("U123", booked), 2019, triad_number=1)  # the year said: not the round's
    assert text == "<@U123> is already interviewing DCS then (Monday 23 July 2018, 09:30-10:15, interview 2)."


# --------------------------------------------------------------------------- warnings


def said(warnings, year=2018) -> list[str]:
    return [warning_text(w, year, 1) for w in warnings]


def test_slot_on_day_1_with_a_new_stakeholder_has_no_warnings():
    assert interview_warnings(iv(None, "09:00", "10:00", "UA"), [], TWO_DAYS) == []


def test_slot_outside_exact_fieldwork_days():
    new = iv(None, "09:00", "10:00", "UA", day=date(2018, 7, 25))
    warnings = interview_warnings(new, [], TWO_DAYS)
    assert warnings == [SlotNote(SlotWarning.NOT_FIELDWORK_DAY, day=date(2018, 7, 25), given="23 & 24 July 2018")]
    assert said(warnings) == ["Wednesday 25 July is not a fieldwork day (fieldwork is 23 &amp; 24 July 2018)."]
    assert said(warnings, 2019) == [
        "Wednesday 25 July 2018 is not a fieldwork day (fieldwork is 23 &amp; 24 July 2018)."
    ]  # the year only when it is not the round's


def test_slot_on_day_2_is_warned_about():
    [warning] = said(interview_warnings(iv(None, "09:00", "10:00", "UA", day=JULY_24), [], TWO_DAYS))
    assert warning.startswith("Tuesday 24 July is fieldwork day 2")
    assert "hypotheses" in warning and "workshop" in warning
    assert "day 1 is Monday 23 July." in warning


def test_fieldwork_not_set_is_said():
    [warning] = said(interview_warnings(iv(None, "09:00", "10:00", "UA"), [], None))
    assert "fieldwork dates are not set" in warning


@pytest.mark.parametrize("fieldwork", [DECEMBER_TBC, EARLY_NOVEMBER, PROVISIONAL_DAYS])
def test_imprecise_fieldwork_within_its_range_says_not_confirmed(fieldwork):
    new = iv(None, "09:00", "10:00", "UA", day=fieldwork.start)
    [warning] = said(interview_warnings(new, [], fieldwork))
    assert "not confirmed" in warning
    assert fieldwork.text.replace("&", "&amp;") in warning


def test_imprecise_fieldwork_outside_its_range_says_outside():
    new = iv(None, "09:00", "10:00", "UA", day=JULY_23)
    [warning] = said(interview_warnings(new, [], DECEMBER_TBC))
    assert (
        warning
        == "Monday 23 July is outside the fieldwork dates given (December 2018 tbc), which are not confirmed yet."
    )


def test_stakeholder_already_booked_matches_case_and_spacing_insensitively():
    booked = iv(2, "09:30", "10:15", "UA", stakeholder="Director of  Children's <Services>")
    other = iv(3, "11:00", "12:00", "UB", stakeholder="Practitioners")
    new = iv(None, "14:00", "15:00", "UC", stakeholder="director of children's <services>")
    assert said(interview_warnings(new, [booked, other], TWO_DAYS)) == [
        "Director of  Children's &lt;Services&gt; is already booked for Monday 23 July, 09:30-10:15 (interview 2)."
    ]


def test_stakeholder_check_ignores_the_interview_being_edited():
    stored = iv(2, "09:30", "10:15", "UA", stakeholder="DCS")
    moved = iv(2, "10:30", "11:15", "UA", stakeholder="DCS")
    assert interview_warnings(moved, [stored], TWO_DAYS) == []


def test_warnings_combine_one_line_each():
    booked = iv(1, "09:00", "10:00", "UA", stakeholder="Young people")
    new = iv(None, "09:00", "10:00", stakeholder="young people", day=JULY_24)
    warnings = said(interview_warnings(new, [booked], TWO_DAYS))
    assert len(warnings) == 3
    assert "fieldwork day 2" in warnings[0]
    assert "already booked" in warnings[1]
    assert warnings[2] == "No interviewer is assigned to this slot yet."
    assert all("\n" not in w for w in warnings)


# --------------------------------------------------------------------------- agenda


def test_day_1_interviews_in_time_order_with_gaps():
    interviews = [
        iv(3, "13:00", "14:00", "UA", stakeholder="Partners", place="Council offices"),
        iv(1, "09:30", "10:15", "UA", "UB", stakeholder="DCS", role="Director"),
        iv(2, "10:15", "11:00", "UB", stakeholder="Team managers"),
        # 11:00-11:10 would be a 10-minute gap: too short to show
        iv(4, "11:10", "12:00", "UC", stakeholder="Practitioners"),
    ]
    day1, _ = build_agenda(TWO_DAYS, interviews, [])
    assert day1.day == JULY_23
    assert "Monday 23 July 2018" in day1.label
    assert [(i.kind, i.start, i.end, i.title) for i in day1.items] == [
        ("gap", time(9, 0), time(9, 30), "Free time"),
        ("interview", time(9, 30), time(10, 15), "DCS (Director)"),
        ("interview", time(10, 15), time(11, 0), "Team managers"),
        ("interview", time(11, 10), time(12, 0), "Practitioners"),
        ("gap", time(12, 0), time(13, 0), "Free time"),
        ("interview", time(13, 0), time(14, 0), "Partners"),
    ]
    assert day1.items[0].detail == "30 minutes"
    assert day1.items[4].detail == "1 hour"
    # the rules carry the facts; the builder names the people
    assert (day1.items[1].detail, day1.items[1].interviewers, day1.items[1].place, day1.items[1].number) == (
        None,
        ("UA", "UB"),
        None,
        1,
    )
    assert (day1.items[5].interviewers, day1.items[5].place, day1.items[5].number) == (("UA",), "Council offices", 3)


def test_no_gap_while_overlapping_interviews_run():
    interviews = [
        iv(1, "09:00", "11:00", "UA", stakeholder="Managers"),
        iv(2, "09:30", "10:00", "UB", stakeholder="Practitioners"),
        iv(3, "11:15", "12:00", "UB", stakeholder="Partners"),
    ]
    day1, _ = build_agenda(TWO_DAYS, interviews, [])
    kinds = [(i.kind, i.start) for i in day1.items]
    # the free time is counted from 11:00 (the end of the longer interview), not 10:00
    assert kinds == [
        ("interview", time(9, 0)),
        ("interview", time(9, 30)),
        ("gap", time(11, 0)),
        ("interview", time(11, 15)),
    ]
    assert day1.items[2].detail == "15 minutes"


def test_interview_not_on_day_1_is_listed_after_with_a_note():
    interviews = [
        iv(2, "09:00", "10:00", "UA", stakeholder="Late booking", day=JULY_24),
        iv(1, "10:00", "11:00", "UA", stakeholder="DCS"),
    ]
    day1, day2 = build_agenda(TWO_DAYS, interviews, [])
    assert [i.title for i in day1.items] == ["Free time", "DCS", "Late booking"]
    assert day1.items[2].detail.startswith("not on day 1: Tuesday 24 July 2018 (fieldwork day 2)")
    assert all(item.kind == "fixed" for item in day2.items)


def test_day_2_is_the_fixed_structure_with_agreed_lines():
    focus = [(1, "Quality of practice at the front door"), (3, "Voice of care leavers")]
    _, day2 = build_agenda(TWO_DAYS, [], focus)
    assert day2.day == JULY_24
    assert "Tuesday 24 July 2018" in day2.label
    assert [(i.start, i.end, i.kind) for i in day2.items] == [
        (time(9, 0), time(11, 30), "fixed"),
        (time(11, 45), time(12, 30), "fixed"),
        (time(12, 30), time(13, 15), "fixed"),
        (time(13, 15), time(16, 0), "fixed"),
    ]
    hypotheses, presentation, lunch, workshop = day2.items
    assert "hypotheses and insights" in hypotheses.title
    assert "1. Quality of practice at the front door" in hypotheses.detail
    assert "3. Voice of care leavers" in hypotheses.detail
    assert "host" in presentation.title.lower()
    assert lunch.title == "Lunch"
    assert "recommendations and actions" in workshop.title
    assert "(1, 3)" in workshop.detail


def test_day_2_says_when_no_lines_are_agreed():
    _, day2 = build_agenda(TWO_DAYS, [], [])
    assert day2.items[0].detail == "no agreed lines of enquiry yet"
    assert "none agreed yet" in day2.items[3].detail


def test_no_interviews_means_an_empty_day_1():
    day1, _ = build_agenda(TWO_DAYS, [], [])
    assert day1.items == ()


@pytest.mark.parametrize(
    "fieldwork, said",
    [
        (None, "not set"),
        (DECEMBER_TBC, "December 2018 tbc"),
        (EARLY_NOVEMBER, "early November 2018"),
        (PROVISIONAL_DAYS, "8 & 9 November 2018 tbc"),
        (FuzzyDate("23 July 2018", JULY_23, JULY_23, "day", False), "23 July 2018"),
    ],
)
def test_dates_not_confirmed_as_two_days_leave_the_days_undated(fieldwork, said):
    interviews = [
        iv(2, "10:00", "11:00", "UA", stakeholder="Partners", day=date(2018, 11, 9)),
        iv(1, "09:00", "09:45", "UA", stakeholder="DCS", day=date(2018, 11, 8)),
    ]
    day1, day2 = build_agenda(fieldwork, interviews, [(1, "Front door")])
    assert day1.day is None and day2.day is None
    assert said in day1.label and said in day2.label
    assert "not" in day1.label and "not" in day2.label
    # every interview is still listed, in date order, each naming its day,
    # with free time counted from 09:00 on each day
    assert [(i.kind, i.title) for i in day1.items] == [
        ("interview", "DCS"),
        ("gap", "Free time"),
        ("interview", "Partners"),
    ]
    assert day1.items[0].detail == "Thursday 8 November 2018"
    assert (day1.items[2].detail, day1.items[2].interviewers, day1.items[2].number) == (
        "Friday 9 November 2018",
        ("UA",),
        2,
    )
    assert len(day2.items) == 4


def test_agenda_items_are_values():
    item = AgendaItem(time(9), time(10), "DCS", None, "interview")
    with pytest.raises(AttributeError):
        item.title = "x"  # type: ignore[misc]


# --------------------------------------------------------------------------- who may interview, actions


def test_interviewers_must_come_from_the_triads_authorities():
    people = TriadPeople(
        host=AuthorityPeople("Oxfordshire", "UH", ("UH1",)),
        visitor=AuthorityPeople("Milton Keynes", "UV", ()),
        observer=AuthorityPeople("Portsmouth", "UO", ()),
        coordinators=frozenset({"UCOORD"}),
    )
    assert outside_interviewers(("UH", "UH1", "UV", "UO"), people) == []
    # a coordinator sees the triad but is not one of its interviewers
    assert outside_interviewers(("UX", "UH", "UCOORD"), people) == ["UX", "UCOORD"]


@pytest.mark.parametrize(
    "due, exact",
    [
        (FuzzyDate("30 September 2018", date(2018, 9, 30), date(2018, 9, 30), "day", False), True),
        (FuzzyDate("30 September 2018 tbc", date(2018, 9, 30), date(2018, 9, 30), "day", True), False),
        (FuzzyDate("September 2018", date(2018, 9, 1), date(2018, 9, 30), "month", False), False),
        (TWO_DAYS, False),
    ],
)
def test_an_action_is_due_on_one_exact_day(due, exact):
    assert is_one_exact_day(due) is exact


def test_an_action_answers_a_current_line_only():
    assert line_problem(None) is LineProblem.MISSING
    assert line_problem("withdrawn") is LineProblem.WITHDRAWN
    assert line_problem("proposed") is None and line_problem("agreed") is None
