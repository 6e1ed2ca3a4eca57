"""The host's answer to the four-month follow-up."""

from __future__ import annotations

from enum import StrEnum

from bot.rules.roles import RoleRefusal
from bot.services.follow_up import FollowUpRefusal
from handlers.blocks.reminders import answer_text
from handlers.words import Wording


def answer_words(triad) -> str:
    """How the triad's follow-up question was answered."""
    return answer_text(triad.host.dcs_user_id, triad.follow_up_answered_by, triad.follow_up_status)


REFUSALS: dict[StrEnum, Wording] = {
    FollowUpRefusal.NO_SUCH_TRIAD: "That triad no longer exists, so there is nothing to answer.",
    RoleRefusal.FOLLOW_UP_NOT_HOST: (
        "Only the host DCS (<@{host_dcs}>) decides whether {host} wants a follow-up visit "
        "— or a programme coordinator on their behalf. Nothing was recorded."
    ),
    FollowUpRefusal.ALREADY_ANSWERED: lambda f: (
        f"The follow-up question for triad {f['triad'].number} was already answered: {answer_words(f['triad'])} "
        "If that has changed, tell the programme team."
    ),
}
