import pytest

from bot.rules.dates import FuzzyDate, parse_fuzzy_date
from bot.rules.refusals import Refused
from bot.rules.triads import (
    NextStep,
    TriadRefusal,
    channel_base_name,
    channel_name_candidates,
    check_fieldwork_after_challenge,
    next_steps,
    unusual_visit_length,
)


def d(text: str) -> FuzzyDate:
    return parse_fuzzy_date(text, 2018)


def test_channel_names_come_from_the_year_and_host():
    assert channel_base_name(2018, "Windsor and Maidenhead") == "pc-2018-windsor-and-maidenhead"
    assert channel_base_name(None, "Brighton & Hove") == "pc-brighton-hove"
    assert len(channel_base_name(2018, "x" * 200)) == 72
    names = channel_name_candidates(2018, "Oxfordshire")
    assert names[:2] == ["pc-2018-oxfordshire", "pc-2018-oxfordshire-2"] and names[-1] == "pc-2018-oxfordshire-9"


def test_fieldwork_may_not_come_before_the_challenge_session():
    check_fieldwork_after_challenge(d("February 2018"), d("23 & 24 July 2018"))
    check_fieldwork_after_challenge(None, d("23 & 24 July 2018"))
    check_fieldwork_after_challenge(d("Early October"), d("October 2018"))  # overlapping ranges may be right
    with pytest.raises(Refused) as caught:
        check_fieldwork_after_challenge(d("7 September"), d("3 & 4 September 2018"))
    assert caught.value.code == TriadRefusal.FIELDWORK_BEFORE_CHALLENGE
    assert caught.value.facts == {"fieldwork": "3 & 4 September 2018", "challenge": "7 September"}


def test_an_exact_visit_of_other_than_two_days_is_noticed():
    assert unusual_visit_length(d("23 & 24 July 2018")) is None
    assert unusual_visit_length(d("23 July 2018")) == 1
    assert unusual_visit_length(d("July 2018")) is None  # imprecise: not known yet


def test_what_comes_next_follows_the_programme():
    fresh = next_steps(None, None, set(), False, False)
    assert [o.step for o in fresh] == [
        NextStep.SET_CHALLENGE, NextStep.SELF_ASSESSMENT, NextStep.AGREE_FOCUS,
        NextStep.SET_FIELDWORK, NextStep.FEEDBACK_FORMAT,
    ]  # fmt: skip
    challenge, fieldwork = d("Early October"), d("December 2018 tbc")
    later = next_steps(challenge, fieldwork, {"self_assessment"}, True, True)
    assert [(o.step, o.date) for o in later] == [
        (NextStep.CONFIRM_CHALLENGE, challenge), (NextStep.CONFIRM_FIELDWORK, fieldwork), (NextStep.REPORT, None),
    ]  # fmt: skip
    assert next_steps(d("7 September"), d("8 & 9 November 2018"), {"self_assessment", "report"}, True, True) == []
