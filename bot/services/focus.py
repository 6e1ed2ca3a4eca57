"""Use cases of the area of focus: propose a line of enquiry, agree it, withdraw it, list them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.orm import Session

from bot.rules import roles
from bot.rules.focus import LineState, agree, check_line_text, is_short, too_many_agreed
from bot.rules.refusals import Refused
from bot.services.access import Actor
from storage import focus, triads
from storage.models import FocusLine, Triad


class LineRefusal(StrEnum):
    NO_SUCH_LINE = "no_such_line"  # facts: number
    ALREADY_PROPOSED = "line_already_proposed"  # facts: number
    ALREADY_WITHDRAWN = "line_already_withdrawn"  # facts: number


@dataclass(frozen=True)
class Proposed:
    """A line proposed: what the Slack side needs to post it, in one value (as `LineChange` for the others)."""

    number: int
    text: str
    short: bool  # accepted, with a suggestion to write it as a question
    triad_id: int = 0
    proposed_by: str = ""
    host_dcs: str | None = None
    visitor_dcs: str | None = None
    channel_id: str | None = None


def propose_line(session: Session, who: Actor, triad: Triad, text: str) -> Proposed:
    text = check_line_text(text)
    for line in focus.focus_lines(session, triad.id):
        if line.text.casefold() == text.casefold():
            raise Refused(LineRefusal.ALREADY_PROPOSED, number=line.number)
    number = triads.next_number(session, FocusLine, triad.id)
    session.add(FocusLine(triad_id=triad.id, number=number, text=text, proposed_by=who.user_id))
    return Proposed(
        number, text, is_short(text), triad.id, who.user_id,
        triad.host.dcs_user_id, triad.visitor.dcs_user_id, triad.channel_id,
    )  # fmt: skip


def _line(session: Session, triad: Triad, number: int) -> FocusLine:
    # Locked: two DCSs agreeing at the same moment must see each other's agreement.
    line = focus.focus_line(session, triad.id, number, for_update=True)
    if line is None:
        raise Refused(LineRefusal.NO_SUCH_LINE, number=number)
    return line


@dataclass(frozen=True)
class LineChange:
    """A line agreed or withdrawn: what the Slack side needs to show it, in one value."""

    triad_id: int
    number: int
    text: str
    proposed_by: str
    state: LineState  # as now recorded
    host_dcs: str | None
    visitor_dcs: str | None
    channel_id: str | None
    newly_agreed: bool = False  # both DCSs have now agreed it
    waiting_for: str | None = None  # "host DCS" | "visiting DCS" while one is awaited
    too_many: bool = False  # more lines agreed than the programme advises
    agreed_count: int = 0
    line_id: int = 0
    was_agreed: bool = False  # a withdrawn line had been agreed
    pinned_ts: str | None = None  # a withdrawn line's pinned announcement, to strike through

    @property
    def withdrawn(self) -> bool:
        return self.state.status == "withdrawn"


AGREE_TRIES = 3  # a lost race is read again: the other DCS's click is then seen


def _change(line: FocusLine, triad: Triad, state: LineState, **more: object) -> LineChange:
    return LineChange(
        triad.id, line.number, line.text, line.proposed_by, state,
        triad.host.dcs_user_id, triad.visitor.dcs_user_id, triad.channel_id, line_id=line.id, **more,  # type: ignore[arg-type]
    )  # fmt: skip


def agree_line(session: Session, who: Actor, triad: Triad, number: int, *, shown_at: str | None = None) -> LineChange:
    """Record the host or visiting DCS's agreement; a line is agreed when both have agreed it.
    ``shown_at``: the message whose button was clicked, pinned (and recorded) once the line is agreed.

    Two clicks at the same moment count once: the write only lands on the state it was decided
    from, and a click that lost the race is decided again on what the other one wrote.
    """
    for _ in range(AGREE_TRIES):
        line = _line(session, triad, number)
        seen = LineState(line.status, line.host_agreed_by, line.visitor_agreed_by)
        result = agree(seen, who.user_id, triad.host.dcs_user_id, triad.visitor.dcs_user_id)
        new = result.state
        if focus.set_line_agreement(
            session, line, (seen.status, seen.host_agreed_by, seen.visitor_agreed_by),
            (new.status, new.host_agreed_by, new.visitor_agreed_by),
        ):  # fmt: skip
            break
    else:
        raise RuntimeError(f"line {number} of triad {triad.number} kept changing while it was agreed")
    count = len(focus.agreed_lines(session, triad.id)) if result.newly_agreed else 0
    if result.newly_agreed and shown_at:
        line.pinned_ts = shown_at
    return _change(
        line, triad, new, newly_agreed=result.newly_agreed, waiting_for=result.waiting_for,
        too_many=too_many_agreed(count), agreed_count=count,
    )  # fmt: skip


def record_pin(session: Session, line_id: int, ts: str) -> None:
    """The agreed line's announcement was pinned at ``ts`` (struck through if it is withdrawn)."""
    line = session.get(FocusLine, line_id)
    if line is not None:
        line.pinned_ts = ts


def withdraw_line(session: Session, who: Actor, triad: Triad, number: int) -> LineChange:
    line = _line(session, triad, number)
    if line.status == "withdrawn":
        raise Refused(LineRefusal.ALREADY_WITHDRAWN, number=number)
    roles.check_may_withdraw_line(who.people(triad), who.user_id, line.proposed_by)
    was_agreed, pinned = line.status == "agreed", line.pinned_ts
    line.status = "withdrawn"
    line.pinned_ts = None
    return _change(line, triad, LineState("withdrawn", None, None), was_agreed=was_agreed, pinned_ts=pinned)


@dataclass(frozen=True)
class Lines:
    lines: list[FocusLine]
    agreed_count: int
    too_many: bool


def lines_of(session: Session, triad: Triad) -> Lines:
    lines = focus.focus_lines(session, triad.id)
    agreed = sum(1 for line in lines if line.status == "agreed")
    return Lines(lines, agreed, too_many_agreed(agreed))
