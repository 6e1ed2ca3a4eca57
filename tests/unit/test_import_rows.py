"""The rows of an import file, checked as plain rules: columns, names, people, duplicates, dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.rules.imports import (
    ImportProblem,
    ImportRefusal,
    looks_like_round,
    person_ref,
    read_authorities,
    read_round,
)
from bot.rules.refusals import Refused

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def problems(excinfo) -> list[tuple[int | None, ImportProblem]]:
    assert excinfo.value.code == ImportRefusal.NOT_IMPORTED
    return [(p.line, p.code) for p in excinfo.value.facts["problems"]]


def test_the_shipped_2018_round_reads_as_spec_gives_it():
    rows = read_round((EXAMPLES / "se-2018.csv").read_bytes(), 2018)
    assert [(r.number, r.host, r.visitor, r.observer) for r in rows] == [
        (1, "Oxfordshire", "Milton Keynes", "Portsmouth"),
        (2, "Wokingham", "Southampton", "East Sussex"),
        (3, "Hampshire", "Windsor and Maidenhead", "Brighton and Hove"),
    ]
    one, two, three = rows
    assert (one.challenge.precision, one.challenge.start, one.challenge.end) == (
        "month",
        date(2018, 2, 1),
        date(2018, 2, 28),
    )
    assert one.fieldwork.days() == [date(2018, 7, 23), date(2018, 7, 24)]
    assert two.challenge.text == "Early October" and two.challenge.start == date(2018, 10, 1)
    assert two.fieldwork.provisional and two.fieldwork.precision == "month"
    assert three.challenge.start == date(2018, 9, 7)  # the missing year is the round's
    assert [r.line for r in rows] == [2, 3, 4]


def test_the_shipped_authorities_are_nine_with_emails():
    rows = read_authorities((EXAMPLES / "se-authorities.csv").read_bytes())
    assert len(rows) == 9
    assert rows[0].name == "Oxfordshire" and rows[0].dcs.email == "dcs@oxfordshire.example.org"
    assert [r.email for r in rows[0].team] == ["lead@oxfordshire.example.org", "analyst@oxfordshire.example.org"]


def test_headers_any_case_spaces_trimmed_bom_and_extra_columns_accepted():
    content = "\ufeff  NAME , dcs,Team , notes\n  Oxfordshire  ,U0OXF, <@U0TEAM|bob>  U0TWO,anything\n\n".encode()
    (row,) = read_authorities(content)
    assert row.name == "Oxfordshire" and row.dcs.user_id == "U0OXF"
    assert [r.user_id for r in row.team] == ["U0TEAM", "U0TWO"]


def test_round_headings_with_underscores_and_crlf():
    content = b"TRIAD,host,Visitor,OBSERVER,challenge_session,Fieldwork\r\n1,A,B,C,7 September,\r\n"
    (row,) = read_round(content, 2018)
    assert row.challenge.start == date(2018, 9, 7) and row.fieldwork is None


def test_the_dcs_named_in_the_team_too_is_the_dcs_once():
    (row,) = read_authorities(b"name,dcs,team\nA,U0ONE,U0ONE U0TWO U0TWO\n")
    assert [r.user_id for r in row.team] == ["U0TWO"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", [(None, ImportProblem.EMPTY)]),
        (b"  \n\n", [(None, ImportProblem.EMPTY)]),
        (b"name,dcs,team\n", [(None, ImportProblem.NO_ROWS)]),
        (b"name,team\nA,U0ONE\n", [(1, ImportProblem.MISSING_COLUMNS)]),
        (b"name,dcs,dcs\nA,U0ONE,U0TWO\n", [(1, ImportProblem.DUPLICATE_COLUMN)]),
        (b"name,dcs\nOxford,U0ONE\nCambridge,U0TWO\noxford ,U0THREE\n", [(4, ImportProblem.DUPLICATE_NAME)]),
        (b"name,dcs\n,U0ONE\nB,\n", [(2, ImportProblem.EMPTY_CELL), (3, ImportProblem.EMPTY_CELL)]),
        (b"name,dcs,team\nA,bob,U0TWO\n", [(2, ImportProblem.BAD_PERSON)]),
        (b"name,dcs\nA,U0ONE U0TWO\n", [(2, ImportProblem.ONE_DCS)]),
        (b"name,dcs\nA,U0ONE,extra\n", [(2, ImportProblem.EXTRA_CELLS)]),
        (b"name,dcs\nCaf\xe9,U0ONE\n", [(2, ImportProblem.NOT_UTF8)]),
        (b"name,dcs\n" + b"A" * 121 + b",U0ONE\n", [(2, ImportProblem.NAME_TOO_LONG)]),
    ],
)
def test_a_bad_authorities_file_is_refused_by_line(content, expected):
    with pytest.raises(Refused) as excinfo:
        read_authorities(content)
    assert problems(excinfo) == expected


def test_the_missing_columns_are_named():
    with pytest.raises(Refused) as excinfo:
        read_round(b"triad,host,visitor\n1,A,B\n", 2018)
    (problem,) = excinfo.value.facts["problems"]
    assert problem.facts["missing"] == ("observer",)


HEADER = b"triad,host,visitor,observer,challenge session,fieldwork\n"


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (b"1,A,B,C,7 Septembre,\n", [(2, ImportProblem.BAD_DATE)]),
        (b"1,A,B,C,,31 February 2018\n", [(2, ImportProblem.BAD_DATE)]),
        (b"1,A,B,C,\n1,D,E,F,\n", [(3, ImportProblem.DUPLICATE_TRIAD)]),
        (b"1,A,B,C\n2,a,E,F\n", [(3, ImportProblem.DUPLICATE_HOST)]),
        (b"1,A,B,a\n", [(2, ImportProblem.SAME_AUTHORITY_TWICE)]),
        (b"one,A,B,C\n", [(2, ImportProblem.BAD_TRIAD_NUMBER)]),
        (b"0,A,B,C\n", [(2, ImportProblem.BAD_TRIAD_NUMBER)]),
        (b"1,A,B,C,November 2018,July 2018\n", [(2, ImportProblem.FIELDWORK_BEFORE_CHALLENGE)]),
        (b"1,A,,C\n2,D,E,F,Early Octobre,\n", [(2, ImportProblem.EMPTY_CELL), (3, ImportProblem.BAD_DATE)]),
    ],
)
def test_a_bad_round_file_is_refused_by_line(rows, expected):
    with pytest.raises(Refused) as excinfo:
        read_round(HEADER + rows, 2018)
    assert problems(excinfo) == expected


def test_a_date_without_a_year_needs_the_rounds_year():
    with pytest.raises(Refused) as excinfo:
        read_round(HEADER + b"1,A,B,C,7 September,\n", None)
    assert problems(excinfo) == [(2, ImportProblem.BAD_DATE)]
    (row,) = read_round(HEADER + b"1,A,B,C,7 September 2019,\n", None)
    assert row.challenge.start == date(2019, 9, 7)


def test_a_line_number_counts_a_quoted_cell_over_two_lines():
    with pytest.raises(Refused) as excinfo:
        read_authorities(b'name,dcs\n"Two\nlines",U0ONE\nB,nobody\n')
    assert problems(excinfo) == [(4, ImportProblem.BAD_PERSON)]


@pytest.mark.parametrize(
    ("given", "user_id", "email"),
    [
        ("U0123ABC", "U0123ABC", None),
        ("<@U0123ABC|ann>", "U0123ABC", None),
        ("W0123ABC", "W0123ABC", None),
        ("Ann@Example.org", None, "ann@example.org"),
        ("<mailto:ann@example.org|ann@example.org>", None, "ann@example.org"),
    ],
)
def test_a_person_is_a_user_id_or_an_email(given, user_id, email):
    ref = person_ref(given)
    assert ref is not None and (ref.user_id, ref.email) == (user_id, email)


@pytest.mark.parametrize("given", ["ann", "u0123abc", "@ann", "ann@", "ann@example"])
def test_anything_else_is_not_a_person(given):
    assert person_ref(given) is None


def test_a_round_file_is_told_from_an_authorities_file():
    assert looks_like_round((EXAMPLES / "se-2018.csv").read_bytes())
    assert not looks_like_round((EXAMPLES / "se-authorities.csv").read_bytes())
    assert not looks_like_round(b"\xff\xfe")
