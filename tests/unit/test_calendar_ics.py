"""The triad calendar (.ics), parsed back with icalendar (bot.rules.calendar_ics)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone

import pytest
from icalendar import Calendar

from bot.rules.calendar_ics import CalendarInput, build_calendar
from bot.rules.dates import FuzzyDate
from bot.rules.fieldwork import Interview

NOW = datetime(2018, 6, 1, 12, 0, tzinfo=timezone.utc)
TITLE = "Triad 1: Oxfordshire (host), Milton Keynes, Portsmouth"

# Autumn 2018: the clocks go back on Sunday 28 October (BST -> GMT).
FIELDWORK_OCT = FuzzyDate("25 & 26 October 2018", date(2018, 10, 25), date(2018, 10, 26), "days", False)
FIELDWORK_JULY = FuzzyDate("23 & 24 July 2018", date(2018, 7, 23), date(2018, 7, 24), "days", False)
CHALLENGE_FEB = FuzzyDate("February 2018", date(2018, 2, 1), date(2018, 2, 28), "month", False)
CHALLENGE_7_SEP = FuzzyDate("7 September", date(2018, 9, 7), date(2018, 9, 7), "day", False)
EARLY_OCTOBER = FuzzyDate("Early October", date(2018, 10, 1), date(2018, 10, 10), "part_month", False)
DECEMBER_TBC = FuzzyDate("December 2018 tbc", date(2018, 12, 1), date(2018, 12, 31), "month", True)
DAYS_TBC = FuzzyDate("8 & 9 November 2018 tbc", date(2018, 11, 8), date(2018, 11, 9), "days", True)

BST_INTERVIEW = Interview(
    number=1,
    day=date(2018, 10, 26),
    start=time(10, 0),
    end=time(11, 0),
    stakeholder="Director of Children's Services",
    role="DCS",
    place="County Hall, Room 3",
    interviewers=("UALICE", "UBOB"),
    triad_number=1,
)
GMT_INTERVIEW = Interview(
    number=2,
    day=date(2018, 10, 29),
    start=time(10, 0),
    end=time(10, 45),
    stakeholder="Care leavers",
    role=None,
    place=None,
    interviewers=("UCAROL",),
    triad_number=1,
)


def make_input(**changes) -> CalendarInput:
    base = CalendarInput(
        triad_number=1,
        title=TITLE,
        timezone="Europe/London",
        challenge=CHALLENGE_7_SEP,
        fieldwork=FIELDWORK_OCT,
        interviews=(GMT_INTERVIEW, BST_INTERVIEW),
        interviewer_names={"UALICE": "Alice Smith", "UBOB": "Bob Jones"},
        follow_up=date(2019, 2, 28),
    )
    return replace(base, **changes)


def parse(inp: CalendarInput) -> Calendar:
    raw = build_calendar(inp, now=NOW)
    assert isinstance(raw, bytes)
    return Calendar.from_ical(raw)


def events_by_uid(cal: Calendar) -> dict[str, object]:
    return {str(ev["UID"]): ev for ev in cal.walk("VEVENT")}


# --------------------------------------------------------------------------- the calendar


def test_calendar_header():
    cal = parse(make_input())
    assert str(cal["VERSION"]) == "2.0"
    assert "peerbot" in str(cal["PRODID"])
    assert str(cal["METHOD"]) == "PUBLISH"
    assert str(cal["X-WR-CALNAME"]) == TITLE


def test_vtimezone_for_the_round_zone_with_standard_and_daylight():
    cal = parse(make_input())
    [tz] = cal.walk("VTIMEZONE")
    assert str(tz["TZID"]) == "Europe/London"
    assert tz.walk("STANDARD") and tz.walk("DAYLIGHT")
    offsets = {str(sub["TZNAME"]): sub["TZOFFSETTO"].td for sub in tz.walk("STANDARD") + tz.walk("DAYLIGHT")}
    assert offsets == {"GMT": timedelta(0), "BST": timedelta(hours=1)}
    assert cal.get_missing_tzids() == set()


def test_vtimezone_comes_before_the_events():
    names = [c.name for c in parse(make_input()).subcomponents]
    assert names[0] == "VTIMEZONE"
    assert set(names[1:]) == {"VEVENT"}


def test_every_event_has_a_stable_uid_and_a_dtstamp():
    first = parse(make_input())
    again = Calendar.from_ical(build_calendar(make_input(), now=NOW + timedelta(days=30)))
    uids = [str(ev["UID"]) for ev in first.walk("VEVENT")]
    assert len(uids) == len(set(uids))
    assert uids == [str(ev["UID"]) for ev in again.walk("VEVENT")]
    assert set(uids) == {
        "triad-1-challenge@peerbot",
        "triad-1-fieldwork@peerbot",
        "triad-1-fieldwork-day-2@peerbot",
        "triad-1-interview-1@peerbot",
        "triad-1-interview-2@peerbot",
        "triad-1-follow-up@peerbot",
    }
    for ev in first.walk("VEVENT"):
        assert ev.decoded("DTSTAMP") == NOW


def test_uid_domain_is_used():
    cal = parse(make_input(uid_domain="T0123.example.org"))
    assert all(str(ev["UID"]).endswith("@T0123.example.org") for ev in cal.walk("VEVENT"))


# --------------------------------------------------------------------------- interviews


def test_interview_times_are_local_across_the_clock_change():
    raw = build_calendar(make_input(), now=NOW).decode()
    assert "DTSTART;TZID=Europe/London:20181026T100000" in raw
    assert "DTSTART;TZID=Europe/London:20181029T100000" in raw

    events = events_by_uid(Calendar.from_ical(raw))
    bst = events["triad-1-interview-1@peerbot"]
    gmt = events["triad-1-interview-2@peerbot"]
    utc = timezone.utc
    assert bst.decoded("DTSTART").astimezone(utc) == datetime(2018, 10, 26, 9, 0, tzinfo=utc)
    assert bst.decoded("DTEND").astimezone(utc) == datetime(2018, 10, 26, 10, 0, tzinfo=utc)
    assert gmt.decoded("DTSTART").astimezone(utc) == datetime(2018, 10, 29, 10, 0, tzinfo=utc)
    assert gmt.decoded("DTEND").astimezone(utc) == datetime(2018, 10, 29, 10, 45, tzinfo=utc)


def test_the_embedded_vtimezone_alone_gives_the_right_hours():
    """What a client without its own tz database (Outlook) would compute."""
    cal = parse(make_input())
    [vtz] = cal.walk("VTIMEZONE")
    from_file = vtz.to_tz(lookup_tzid=False)  # built from the VTIMEZONE, not zoneinfo
    utc = timezone.utc
    assert datetime(2018, 10, 26, 10, 0, tzinfo=from_file).astimezone(utc) == datetime(2018, 10, 26, 9, 0, tzinfo=utc)
    assert datetime(2018, 10, 29, 10, 0, tzinfo=from_file).astimezone(utc) == datetime(2018, 10, 29, 10, 0, tzinfo=utc)


def test_interview_names_interviewers_stakeholder_and_place():
    events = events_by_uid(parse(make_input()))
    ev = events["triad-1-interview-1@peerbot"]
    assert "Director of Children's Services" in str(ev["SUMMARY"])
    assert "DCS" in str(ev["SUMMARY"])
    assert str(ev["LOCATION"]) == "County Hall, Room 3"
    description = str(ev["DESCRIPTION"])
    assert "Interviewers: Alice Smith, Bob Jones" in description
    assert TITLE in description
    # no display name known: the id stands in; no place: no LOCATION
    other = events["triad-1-interview-2@peerbot"]
    assert "Interviewers: UCAROL" in str(other["DESCRIPTION"])
    assert "LOCATION" not in other


def test_unsaved_interview_gets_a_stable_uid_too():
    unsaved = replace(GMT_INTERVIEW, number=None)
    a = events_by_uid(parse(make_input(interviews=(unsaved,))))
    b = events_by_uid(parse(make_input(interviews=(unsaved,))))
    [uid] = [u for u in a if "interview" in u]
    assert uid in b
    assert uid == "triad-1-interview-20181029-1000-care-leavers@peerbot"


def test_another_zone_is_honoured():
    cal = parse(make_input(timezone="America/New_York", interviews=(BST_INTERVIEW,)))
    [tz] = cal.walk("VTIMEZONE")
    assert str(tz["TZID"]) == "America/New_York"
    [ev] = [e for e in cal.walk("VEVENT") if "interview" in str(e["UID"])]
    # 26 Oct 2018 10:00 EDT (UTC-4)
    assert ev.decoded("DTSTART").astimezone(timezone.utc) == datetime(2018, 10, 26, 14, 0, tzinfo=timezone.utc)


# --------------------------------------------------------------------------- fieldwork


def test_exact_fieldwork_is_one_all_day_event_per_day():
    events = events_by_uid(parse(make_input(fieldwork=FIELDWORK_JULY)))
    day1 = events["triad-1-fieldwork@peerbot"]
    day2 = events["triad-1-fieldwork-day-2@peerbot"]
    assert day1.decoded("DTSTART") == date(2018, 7, 23)
    assert day1.decoded("DTEND") == date(2018, 7, 24)  # exclusive
    assert day2.decoded("DTSTART") == date(2018, 7, 24)
    assert day2.decoded("DTEND") == date(2018, 7, 25)
    for ev in (day1, day2):
        assert not isinstance(ev.decoded("DTSTART"), datetime)
        assert ev["DTSTART"].params.get("VALUE") == "DATE"
        assert str(ev["STATUS"]) == "CONFIRMED"
    assert "interviews" in str(day1["SUMMARY"]).lower()
    assert "workshop" in str(day2["SUMMARY"]).lower()
    description = str(day2["DESCRIPTION"])
    for line in (
        "09:00-11:30 Team builds hypotheses and insights",
        "11:45-12:30 Presentation of findings to the host",
        "12:30-13:15 Lunch",
        "13:15-16:00 Facilitated workshop",
    ):
        assert line in description


def test_a_single_exact_fieldwork_day_is_one_event():
    one_day = FuzzyDate("23 July 2018", date(2018, 7, 23), date(2018, 7, 23), "day", False)
    events = events_by_uid(parse(make_input(fieldwork=one_day)))
    fieldwork = [u for u in events if "fieldwork" in u]
    assert fieldwork == ["triad-1-fieldwork@peerbot"]
    assert events[fieldwork[0]].decoded("DTEND") == date(2018, 7, 24)


@pytest.mark.parametrize(
    "fieldwork, first, last_exclusive",
    [
        (DECEMBER_TBC, date(2018, 12, 1), date(2019, 1, 1)),  # the whole month
        (EARLY_OCTOBER, date(2018, 10, 1), date(2018, 10, 11)),
        (DAYS_TBC, date(2018, 11, 8), date(2018, 11, 10)),  # provisional days
    ],
)
def test_imprecise_fieldwork_is_a_tentative_all_day_range(fieldwork, first, last_exclusive):
    raw = build_calendar(make_input(fieldwork=fieldwork, interviews=()), now=NOW)
    events = events_by_uid(Calendar.from_ical(raw))
    assert "triad-1-fieldwork-day-2@peerbot" not in events
    ev = events["triad-1-fieldwork@peerbot"]
    assert ev.decoded("DTSTART") == first
    assert ev.decoded("DTEND") == last_exclusive
    assert ev["DTSTART"].params.get("VALUE") == "DATE"
    assert str(ev["STATUS"]) == "TENTATIVE"
    assert str(ev["TRANSP"]) == "TRANSPARENT"  # a placeholder blocks nobody's diary
    assert f"date to be confirmed: {fieldwork.text}" in str(ev["SUMMARY"])
    assert f"date to be confirmed: {fieldwork.text}" in str(ev["DESCRIPTION"])


def test_no_time_is_invented_for_dates_without_one():
    inp = make_input(challenge=CHALLENGE_FEB, fieldwork=DECEMBER_TBC, interviews=())
    cal = parse(inp)
    for ev in cal.walk("VEVENT"):
        for prop in ("DTSTART", "DTEND"):
            assert type(ev.decoded(prop)) is date, (ev["UID"], prop)
    raw = build_calendar(inp, now=NOW).decode()
    events_text = raw[raw.index("BEGIN:VEVENT") :]
    assert "TZID" not in events_text and "T000000" not in events_text
    assert "DTSTART:" not in events_text  # every DTSTART is ;VALUE=DATE


# --------------------------------------------------------------------------- challenge, follow-up


def test_exact_challenge_session_is_all_day_and_confirmed():
    ev = events_by_uid(parse(make_input()))["triad-1-challenge@peerbot"]
    assert ev.decoded("DTSTART") == date(2018, 9, 7)
    assert ev.decoded("DTEND") == date(2018, 9, 8)
    assert str(ev["STATUS"]) == "CONFIRMED"
    assert "to be confirmed" not in str(ev["SUMMARY"])


@pytest.mark.parametrize("challenge", [CHALLENGE_FEB, EARLY_OCTOBER])
def test_imprecise_challenge_session_is_a_tentative_range(challenge):
    ev = events_by_uid(parse(make_input(challenge=challenge)))["triad-1-challenge@peerbot"]
    assert ev.decoded("DTSTART") == challenge.start
    assert ev.decoded("DTEND") == challenge.end + timedelta(days=1)
    assert str(ev["STATUS"]) == "TENTATIVE"
    assert f"date to be confirmed: {challenge.text}" in str(ev["SUMMARY"])


def test_follow_up_is_an_all_day_event():
    ev = events_by_uid(parse(make_input()))["triad-1-follow-up@peerbot"]
    assert ev.decoded("DTSTART") == date(2019, 2, 28)
    assert ev.decoded("DTEND") == date(2019, 3, 1)
    assert str(ev["STATUS"]) == "CONFIRMED"
    assert "follow-up" in str(ev["SUMMARY"]).lower()
    assert "may decline" in str(ev["DESCRIPTION"])


def test_follow_up_from_unconfirmed_fieldwork_is_tentative():
    ev = events_by_uid(parse(make_input(fieldwork=DECEMBER_TBC, follow_up=date(2019, 4, 1))))[
        "triad-1-follow-up@peerbot"
    ]
    assert str(ev["STATUS"]) == "TENTATIVE"
    assert "December 2018 tbc" in str(ev["SUMMARY"])


def test_missing_dates_leave_their_events_out():
    cal = parse(make_input(challenge=None, fieldwork=None, interviews=(), follow_up=None))
    assert cal.walk("VEVENT") == []
    # still a valid calendar with the round's zone
    [tz] = cal.walk("VTIMEZONE")
    assert str(tz["TZID"]) == "Europe/London"


# --------------------------------------------------------------------------- the round's own dates

EARLY_JANUARY = FuzzyDate("Early January 2018", date(2018, 1, 1), date(2018, 1, 10), "part_month", False)
SUMMIT = FuzzyDate("14 March 2019", date(2019, 3, 14), date(2019, 3, 14), "day", False)


def test_an_imprecise_orientation_is_a_tentative_all_day_range():
    cal = parse(make_input(orientation=EARLY_JANUARY, orientation_material="https://example.org/slides"))
    ev = events_by_uid(cal)["triad-1-orientation@peerbot"]
    assert (ev.decoded("DTSTART"), ev.decoded("DTEND")) == (date(2018, 1, 1), date(2018, 1, 11))
    assert str(ev["STATUS"]) == "TENTATIVE" and str(ev["TRANSP"]) == "TRANSPARENT"
    assert "date to be confirmed: Early January 2018" in str(ev["SUMMARY"])
    assert "https://example.org/slides" in str(ev["DESCRIPTION"])


def test_an_exact_summit_is_all_day_and_confirmed():
    ev = events_by_uid(parse(make_input(summit=SUMMIT)))["triad-1-summit@peerbot"]
    assert (ev.decoded("DTSTART"), ev.decoded("DTEND")) == (date(2019, 3, 14), date(2019, 3, 15))
    assert str(ev["STATUS"]) == "CONFIRMED" and "annual summit" in str(ev["SUMMARY"])
    tbc = events_by_uid(parse(make_input(summit=replace(SUMMIT, text="14 March 2019 tbc", provisional=True))))
    assert str(tbc["triad-1-summit@peerbot"]["STATUS"]) == "TENTATIVE"


def test_no_round_dates_no_round_events():
    uids = events_by_uid(parse(make_input()))
    assert not any("orientation" in u or "summit" in u for u in uids)
