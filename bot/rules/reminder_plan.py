"""The reminder plan of a triad, derived from its dates (SPEC, "Default reminder plan").

Plain Python: no Slack, no database. The caller resolves who the reminders go to
(``Audience``), hands in the triad's dates, steps done and actions (``PlanInput``), and
gets back every reminder the plan holds (``plan_reminders``), past ones included; the
caller decides what to do with reminders whose time has already gone (SPEC: skipped).

Rules of timing:

* A reminder *before* an event counts back from the earliest day the event could be
  (``FuzzyDate.start``) and, if it lands on a weekend or bank holiday of England and
  Wales, moves back to the working day before.
* A reminder *after* an event counts on from the latest day it could be
  (``FuzzyDate.end``) and moves forward to the next working day.
* Every reminder is sent at ``send_hour``:00 local time in the round's time zone,
  returned in UTC (so 09:00 Europe/London is 08:00Z in summer, 09:00Z in winter).

The four-month follow-up asks the host whether a follow-up visit is wanted; unless the
host has answered (``follow_up_answered``) or declined, one chase goes to the host DCS
``follow_up_chase_weeks`` later (key ``follow_up:chase:<host DCS>``), and no more.

Each reminder has a ``key`` that is stable for the triad: planning again after a date
changes gives the same keys with new times, so the caller can update its rows in place
and cancel rows whose keys are no longer in the plan.
"""

from __future__ import annotations

import calendar
import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.rules.working_days import (
    at_local_hour,
    previous_working_day,
    subtract_working_days,
    working_day_on_or_after,
    working_day_on_or_before,
)

if TYPE_CHECKING:  # only for type hints: the plan reads .text, .start, .end, .is_exact
    from bot.rules.dates import FuzzyDate

__all__ = [
    "KINDS",
    "STEPS",
    "PlanConfig",
    "Audience",
    "ActionInfo",
    "PlanInput",
    "PlannedReminder",
    "plan_reminders",
    "add_months",
]

KINDS = (
    "self_assessment_due",
    "data_profile_due",
    "challenge_session",
    "confirm_date",
    "pre_visit",
    "finalise_interviews",
    "fieldwork_agenda",
    "report_due",
    "action_due",
    "follow_up",
)

# Programme steps that can be marked done, and the reminder kind each one cancels.
STEPS = {
    "self_assessment": "self_assessment_due",
    "data_profile": "data_profile_due",
    "report": "report_due",
}


# --------------------------------------------------------------------------- config


@dataclass(frozen=True)
class PlanConfig:
    """A round's overrides of the default reminder plan; every field defaults to SPEC's."""

    self_assessment_due_weeks_before_challenge: int = 2
    self_assessment_reminder_weeks_before_due: int = 1
    data_profile_working_days_before: int = 5  # before "one month before the challenge session"
    challenge_reminder_weeks_before: int = 1
    confirm_date_weeks_before: int = 3
    pre_visit_weeks_before_fieldwork: int = 3
    finalise_interviews_weeks_before_fieldwork: int = 2
    report_weeks_after_fieldwork: int = 4
    follow_up_months_after_fieldwork: int = 4
    follow_up_chase_weeks: int = 2  # one nudge to the host DCS if unanswered; 0: none
    send_hour: int = 9

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            # bool is an int subclass; "true" weeks is a mistake, not 1.
            if not isinstance(value, int) or isinstance(value, bool):
                raise ValueError(f"{f.name} must be a whole number, not {value!r}")
            if value < 0:
                raise ValueError(f"{f.name} must be 0 or more, not {value}")
        if self.send_hour > 23:
            raise ValueError(f"send_hour must be an hour from 0 to 23, not {self.send_hour}")

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> PlanConfig:
        """Build from stored overrides; ``None`` or ``{}`` gives the defaults.

        Raises ``ValueError`` naming any unknown key or bad value.
        """
        if not d:
            return cls()
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(k for k in d if k not in known)
        if unknown:
            raise ValueError(
                f"unknown reminder plan setting {', '.join(map(repr, unknown))}; "
                f"known settings: {', '.join(sorted(known))}"
            )
        return cls(**d)

    def to_dict(self) -> dict[str, int]:
        return dataclasses.asdict(self)


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Audience:
    """Who the reminders go to, resolved by the caller (Slack ids; None if not known yet)."""

    channel_id: str | None
    host_dcs: str | None
    visitor_dcs: str | None
    coordinators: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActionInfo:
    number: int
    text: str
    owner: str
    due: date | None
    done: bool = False


@dataclass(frozen=True)
class PlanInput:
    triad_number: int
    timezone: str  # e.g. "Europe/London"
    challenge: FuzzyDate | None
    fieldwork: FuzzyDate | None
    steps_done: frozenset[str]  # subset of STEPS
    follow_up_declined: bool
    actions: tuple[ActionInfo, ...]
    audience: Audience
    config: PlanConfig = field(default_factory=PlanConfig)
    # The host has answered the four-month follow-up (a visit wanted, or declined):
    # the single chase to the host DCS is no longer planned.
    follow_up_answered: bool = False


@dataclass(frozen=True)
class PlannedReminder:
    key: str  # stable and unique within the triad, e.g. "pre_visit:U123"
    kind: str  # one of KINDS
    recipient: str  # channel id or user id
    due_at: datetime  # aware, UTC
    text: str  # mrkdwn, ready to post


# --------------------------------------------------------------------------- helpers


def add_months(d: date, months: int) -> date:
    """``d`` moved by whole calendar months, the day clamped to the month's end
    (31 December + 4 months = 30 April). ``months`` may be negative."""
    index = d.year * 12 + (d.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def follow_up_day(fieldwork_end: date, months: int) -> date:
    """The four-month follow-up: `months` after the last fieldwork day, on a working day."""
    return working_day_on_or_after(add_months(fieldwork_end, months))


def _long(d: date) -> str:
    """'Thursday 18 January 2018'."""
    return f"{d:%A} {d.day} {d:%B %Y}"


# An entity or Slack control sequence (<@U1>, <#C1|x>, <!here>, <https://…|x>) is kept;
# any other &, < or > is escaped, so this is safe to apply twice.
_KEEP = re.compile(r"&(?:amp|lt|gt);|<(?:[@#!]|https?://|mailto:)[^<>\s]*(?:\|[^<>]*)?>")


def _esc(text: str) -> str:
    """Escape user-given text for mrkdwn, leaving entities and mentions alone."""
    out: list[str] = []
    pos = 0
    for m in _KEEP.finditer(text):
        out.append(_esc_plain(text[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_esc_plain(text[pos:]))
    return "".join(out)


def _esc_plain(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _unique(ids: tuple[str | None, ...] | list[str | None]) -> list[str]:
    seen: list[str] = []
    for i in ids:
        if i and i not in seen:
            seen.append(i)
    return seen


def _weeks(n: int) -> str:
    return {1: "a week", 2: "two weeks", 3: "three weeks", 4: "four weeks"}.get(n, f"{n} weeks")


def _away(fd: FuzzyDate, weeks: int) -> str:
    """'is three weeks away', or for an imprecise date 'could be as soon as three weeks away'."""
    return f"is {_weeks(weeks)} away" if fd.is_exact else f"could be as soon as {_weeks(weeks)} away"


def _months(n: int) -> str:
    words = {1: "one month", 2: "two months", 3: "three months", 4: "four months", 6: "six months"}
    return words.get(n, f"{n} months")


# --------------------------------------------------------------------------- plan


class _Builder:
    def __init__(self, inp: PlanInput) -> None:
        self.inp = inp
        self.cfg = inp.config
        self.prefix = f"Triad {inp.triad_number}"
        self.out: list[PlannedReminder] = []

    def add(self, key: str, kind: str, recipient: str | None, day: date, text: str) -> None:
        if not recipient:
            return
        due_at = at_local_hour(day, self.inp.timezone, self.cfg.send_hour)
        self.out.append(
            PlannedReminder(
                key=f"{key}:{recipient}",
                kind=kind,
                recipient=recipient,
                due_at=due_at,
                text=f"{self.prefix}: {text}",
            )
        )


def _before(event_start: date, weeks: int) -> date:
    return working_day_on_or_before(event_start - timedelta(weeks=weeks))


def _after(event_end: date, weeks: int) -> date:
    return working_day_on_or_after(event_end + timedelta(weeks=weeks))


def _challenge(b: _Builder, challenge: FuzzyDate) -> None:
    cfg, aud = b.cfg, b.inp.audience
    given = _esc(challenge.text)
    start = challenge.start

    if "self_assessment" not in b.inp.steps_done:
        sa_due = start - timedelta(weeks=cfg.self_assessment_due_weeks_before_challenge)
        lead = _weeks(cfg.self_assessment_due_weeks_before_challenge)
        deadline = f"{lead} before the challenge session ({given})"
        if cfg.self_assessment_reminder_weeks_before_due > 0:
            b.add(
                "self_assessment_due:week_before",
                "self_assessment_due",
                aud.host_dcs,
                _before(sa_due, cfg.self_assessment_reminder_weeks_before_due),
                f"the summary self-assessment is due on *{_long(sa_due)}*, {deadline}. "
                f"That is {_weeks(cfg.self_assessment_reminder_weeks_before_due)} away. "
                "When it is done, tell the team with `/peer mark self-assessment done`.",
            )
        b.add(
            "self_assessment_due:on_day",
            "self_assessment_due",
            aud.host_dcs,
            working_day_on_or_before(sa_due),
            f"the summary self-assessment is due today ({_long(sa_due)}), {deadline}. "
            "When it is done, tell the team with `/peer mark self-assessment done`.",
        )

    if "data_profile" not in b.inp.steps_done:
        month_before = add_months(start, -1)
        day = subtract_working_days(month_before, cfg.data_profile_working_days_before)
        for coordinator in _unique(list(aud.coordinators)):
            b.add(
                "data_profile_due",
                "data_profile_due",
                coordinator,
                day,
                f"the data profile goes to the host one month before the challenge session "
                f"({given}), that is by *{_long(month_before)}*. "
                "When it has gone, record it with `/peer mark data-profile done`.",
            )

    weeks = cfg.challenge_reminder_weeks_before
    if challenge.is_exact:
        week_text = f"the challenge session ({given}) is {_weeks(weeks)} away."
        eve_text = f"the challenge session ({given}) is on {_long(start)}."
    else:
        week_text = (
            f"the challenge session ({given}) could be as soon as {_weeks(weeks)} from now, "
            f"on {_long(start)}. If the day is fixed, record it with "
            '`/peer dates challenge:"…"`.'
        )
        eve_text = (
            f"the challenge session ({given}) could start as soon as {_long(start)}. "
            'If the day is fixed, record it with `/peer dates challenge:"…"`.'
        )
    tail = (
        " Bring the self-assessment and data profile; the aim is a small number of "
        "tightly defined lines of enquiry (`/peer focus propose \"…\"`)."
    )
    b.add("challenge_session:week_before", "challenge_session", aud.channel_id,
          _before(start, weeks), week_text + tail)
    b.add("challenge_session:day_before", "challenge_session", aud.channel_id,
          previous_working_day(start), eve_text + tail)


def _confirm(b: _Builder, what: str, fd: FuzzyDate) -> None:
    if fd.is_exact:
        return
    label = "challenge session" if what == "challenge" else "fieldwork visit"
    b.add(
        f"confirm_date:{what}",
        "confirm_date",
        b.inp.audience.channel_id,
        _before(fd.start, b.cfg.confirm_date_weeks_before),
        f"the {label} date is still “{_esc(fd.text)}”, which could mean as soon as "
        f"{_long(fd.start)}. The reminders hang on it, so please confirm the "
        f'{"day" if what == "challenge" else "days"} with `/peer dates {what}:"…"`.',
    )


def _fieldwork(b: _Builder, fw: FuzzyDate) -> None:
    cfg, aud = b.cfg, b.inp.audience
    given = _esc(fw.text)
    start, end = fw.start, fw.end

    day = _before(start, cfg.pre_visit_weeks_before_fieldwork)
    for who in _unique([aud.host_dcs, aud.visitor_dcs]):
        b.add(
            "pre_visit",
            "pre_visit",
            who,
            day,
            f"fieldwork ({given}) {_away(fw, cfg.pre_visit_weeks_before_fieldwork)}: "
            "time for the pre-visit conversation between the host and visiting DCS. "
            "Agree the scope, who is interviewed, and the feedback format "
            "(`/peer feedback format:presentation|written|verbal`).",
        )

    b.add(
        "finalise_interviews",
        "finalise_interviews",
        aud.channel_id,
        _before(start, cfg.finalise_interviews_weeks_before_fieldwork),
        f"fieldwork ({given}) {_away(fw, cfg.finalise_interviews_weeks_before_fieldwork)}. "
        "Please finalise the day 1 interviews with managers, practitioners, partners "
        "and service users: `/peer interview add`, and check them with `/peer interview list`.",
    )

    b.add(
        "fieldwork_agenda",
        "fieldwork_agenda",
        aud.channel_id,
        previous_working_day(start),
        f"fieldwork ({given}) {'starts on' if fw.is_exact else 'could start as soon as'} {_long(start)}. "
        "See the two-day agenda with `/peer agenda` "
        "and add it to your calendar with `/peer calendar`.",
    )

    if "report" not in b.inp.steps_done:
        report_day = _after(end, cfg.report_weeks_after_fieldwork)
        b.add(
            "report_due",
            "report_due",
            aud.visitor_dcs,
            report_day,
            f"the report is due, {_weeks(cfg.report_weeks_after_fieldwork)} after the "
            f"fieldwork ({given}). Map the headline findings one-to-one onto the agreed "
            "lines of enquiry (`/peer focus list`). When it has gone to the host, "
            "record it with `/peer mark report done`.",
        )

    if not b.inp.follow_up_declined:
        months = cfg.follow_up_months_after_fieldwork
        b.add(
            "follow_up",
            "follow_up",
            aud.channel_id,
            follow_up_day(end, months),
            f"it is {_months(months)} since the fieldwork ({given}): time to look at "
            "progress on the actions together (`/peer action list`). The follow-up is "
            "there to support, and the host decides whether a follow-up visit is wanted.",
        )

        chase_weeks = cfg.follow_up_chase_weeks
        if chase_weeks > 0 and not (b.inp.follow_up_answered or b.inp.follow_up_declined):
            follow_up_on = follow_up_day(end, months)
            b.add(
                "follow_up:chase",
                "follow_up",
                aud.host_dcs,
                _after(follow_up_on, chase_weeks),
                f"{_weeks(chase_weeks)} ago, {_months(months)} after the fieldwork ({given}), "
                "the triad channel asked whether you would like a follow-up visit. There is "
                "no pressure either way: answer whenever you are ready. This is the only "
                "reminder about it.",
            )


def _actions(b: _Builder) -> None:
    for a in b.inp.actions:
        if a.done or a.due is None or not a.owner:
            continue
        b.add(
            f"action_due:{a.number}",
            "action_due",
            a.owner,
            previous_working_day(a.due),
            f"action {a.number} is due on *{_long(a.due)}*: {_esc(a.text)}\n"
            f"Note progress with `/peer action update {a.number} \"…\"`, "
            f"or close it with `/peer action done {a.number}`.",
        )


def plan_reminders(inp: PlanInput) -> list[PlannedReminder]:
    """Every reminder of the triad's plan, sorted by ``due_at`` then ``key``."""
    unknown = set(inp.steps_done) - set(STEPS)
    if unknown:
        raise ValueError(f"unknown programme step(s): {', '.join(sorted(unknown))}")
    b = _Builder(inp)
    if inp.challenge is not None:
        _challenge(b, inp.challenge)
        _confirm(b, "challenge", inp.challenge)
    if inp.fieldwork is not None:
        _confirm(b, "fieldwork", inp.fieldwork)
        _fieldwork(b, inp.fieldwork)
    _actions(b)
    return sorted(b.out, key=lambda r: (r.due_at, r.key))
