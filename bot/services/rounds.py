"""The round's own use cases: its orientation and summit dates, and the orientation material."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy.orm import Session

from bot.rules import limits
from bot.rules.dates import DateError, FuzzyDate, parse_fuzzy_date
from bot.rules.refusals import Refused
from bot.services.access import Actor, require_coordinator
from bot.services.replan import replan_round
from storage import rounds, triads
from storage.dates import write_given_date
from storage.models import Round, RoundDate
from storage.rounds import round_date, round_date_row

ROUND_DATE_KINDS = ("orientation", "summit")
MAX_MATERIAL = limits.MATERIAL_LINK


class RoundRefusal(StrEnum):
    NO_SUCH_ROUND = "round_no_such_round"  # facts: name, rounds (the names; not from a stale form)
    NO_ROUND_YET = "round_no_round_yet"
    UNREADABLE_DATE = "round_unreadable_date"  # facts: kind, reason (the DateError)
    SUMMIT_BEFORE_ORIENTATION = "summit_before_orientation"  # facts: orientation, summit
    BAD_MATERIAL_LINK = "bad_material_link"  # facts: link


def given_dates(round_: Round) -> tuple[FuzzyDate | None, FuzzyDate | None]:
    """(orientation, summit) as given."""
    return round_date(round_, "orientation"), round_date(round_, "summit")


def _names(session: Session, who: Actor) -> list[str]:
    return [r.name for r in rounds.rounds(session, who.team_id)]


def find_round(session: Session, who: Actor, name: str | None, round_id: int | None = None) -> Round:
    """The round named (or by id, from a form), or the latest round when neither is given."""
    if round_id is not None:
        by_id = rounds.round_by_id(session, who.team_id, round_id)
        if by_id is None:
            raise Refused(RoundRefusal.NO_SUCH_ROUND, name=f"#{round_id}", rounds=_names(session, who))
        return by_id
    if name:
        round_ = rounds.round_by_name(session, who.team_id, name)
        if round_ is None:
            raise Refused(RoundRefusal.NO_SUCH_ROUND, name=name, rounds=_names(session, who))
        return round_
    round_ = rounds.latest_round(session, who.team_id)
    if round_ is None:
        raise Refused(RoundRefusal.NO_ROUND_YET)
    return round_


@dataclass(frozen=True)
class RoundDatesSet:
    round_name: str
    parsed: dict[str, FuzzyDate]  # the dates set, by kind
    cleared: tuple[str, ...]  # the kinds removed
    channels: tuple[str, ...]  # the triad channels of the round, to be told
    year: int | None = None  # the round's: a date is said with its year only when it differs


def set_round_dates(
    session: Session,
    who: Actor,
    round_name: str | None,
    texts: dict[str, str | None],
    provisional: bool,
    now: datetime,
    round_id: int | None = None,
) -> RoundDatesSet:
    """Set (text) or clear (None) the round's orientation and/or summit; re-plan the round's reminders.

    Every date is read before anything is written: one unreadable date refuses them all."""
    require_coordinator(who, "set_round_dates")
    round_ = find_round(session, who, round_name, round_id)
    parsed: dict[str, FuzzyDate] = {}
    for kind, text in texts.items():
        if text is None:
            continue
        try:
            parsed[kind] = parse_fuzzy_date(text, round_.year, provisional=provisional)
        except DateError as exc:
            raise Refused(RoundRefusal.UNREADABLE_DATE, kind=kind, reason=exc) from None
    cleared = tuple(kind for kind, text in texts.items() if text is None)
    orientation = None if "orientation" in cleared else parsed.get("orientation", round_date(round_, "orientation"))
    summit = None if "summit" in cleared else parsed.get("summit", round_date(round_, "summit"))
    if orientation is not None and summit is not None and summit.end < orientation.start:
        raise Refused(RoundRefusal.SUMMIT_BEFORE_ORIENTATION, orientation=orientation.text, summit=summit.text)
    for kind in cleared:
        row = round_date_row(round_, kind)
        if row is not None:
            round_.dates.remove(row)
    for kind, value in parsed.items():
        row = round_date_row(round_, kind)
        if row is None:
            row = RoundDate(kind=kind)
            round_.dates.append(row)
        write_given_date(row, value, who.user_id)
    session.flush()
    replan_round(session, round_, who.coordinators, now)
    channels = tuple(t.channel_id for t in triads.triads(session, who.team_id, round_.id) if t.channel_id)
    return RoundDatesSet(round_.name, parsed, cleared, channels, round_.year)


@dataclass(frozen=True)
class MaterialSet:
    round_name: str
    link: str | None
    channels: tuple[str, ...]


def set_orientation_material(
    session: Session, who: Actor, round_name: str | None, link: str | None, now: datetime
) -> MaterialSet:
    """Attach (or with None remove) the orientation material's link; the orientation reminders re-plan."""
    require_coordinator(who, "set_round_material")
    round_ = find_round(session, who, round_name)
    if link is not None:
        link = link.strip()
        if (
            not link.startswith(("https://", "http://"))
            or len(link) > MAX_MATERIAL
            or any(c.isspace() or c in "<>|" for c in link)
        ):
            raise Refused(RoundRefusal.BAD_MATERIAL_LINK, link=link[:80])
    round_.orientation_material = link
    session.flush()
    replan_round(session, round_, who.coordinators, now)
    channels = tuple(t.channel_id for t in triads.triads(session, who.team_id, round_.id) if t.channel_id)
    return MaterialSet(round_.name, link, channels)
