"""The reminder plan of a triad, derived from its dates (SPEC, "Default reminder plan").

Plain Python: no Slack, no database. The caller resolves who the reminders go to
(``Audience``), hands in the triad's dates, steps done and actions (``PlanInput``), and
gets back every reminder the plan holds (``plan_reminders``), past ones included; the
caller decides what to do with reminders whose time has already gone (SPEC: skipped).

Rules of timing:

* A reminder *before* an event counts back from the earliest day the event could be
  (``FuzzyDate.start``) and, if it lands on a weekend or bank holiday of England and
  Wales, moves back to the working day before.
* A deadline the plan sets (the self-assessment's, the data profile's) that would fall on a
  weekend or bank holiday is the working day before (the day its reminders are sent is as before).
* A reminder *after* an event counts on from the latest day it could be
  (``FuzzyDate.end``) and moves forward to the next working day.
* Every reminder is sent at ``send_hour``:00 local time in the round's time zone,
  returned in UTC (so 09:00 Europe/London is 08:00Z in summer, 09:00Z in winter).

The four-month follow-up asks the host whether a follow-up visit is wanted; unless the
host has answered (``follow_up_answered``) or declined, one chase goes to the host DCS
``follow_up_chase_weeks`` later (key ``follow_up:chase:<host DCS>``), and no more.

Each reminder has a ``key`` that is stable for the triad: planning again after a date
changes gives the same keys with new times, so the caller can update its rows in place
and cancel rows whose keys are no longer in the plan (``bot.rules.reminder_reconciliation``).

The plan says facts, not words: each reminder carries its message's facts
(``bot.rules.reminder_facts.ReminderFacts``: one pydantic model per message, e.g.
``PreVisit(triad=1, given=..., exact=..., weeks=3)``, stored as their JSON), and the handlers word
them (``handlers.blocks.reminders.planned_text``) when the reminder is shown or sent.
"""

from __future__ import annotations

import calendar
import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.rules.reminder_facts import (
    ActionDue,
    ChallengeEve,
    ChallengeSoon,
    ConfirmDate,
    ConfirmRoundDate,
    DataProfileDue,
    FieldworkAgenda,
    FinaliseInterviews,
    FollowUp,
    FollowUpChase,
    OrientationEve,
    OrientationSoon,
    PreVisit,
    ReminderFacts,
    ReminderKind,
    ReportDue,
    SelfAssessmentSoon,
    SelfAssessmentToday,
    SummitBrief,
    SummitSoon,
)
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
    "STEPS",
    "ActionInfo",
    "Audience",
    "PlanConfig",
    "PlanInput",
    "PlannedReminder",
    "RoundEvents",
    "RoundPlanInput",
    "add_months",
    "plan_reminders",
    "plan_round_reminders",
    "round_key_prefix",
]

# Programme steps that can be marked done, and the reminder kind each one cancels.
STEPS = {
    "self_assessment": ReminderKind.SELF_ASSESSMENT_DUE,
    "data_profile": ReminderKind.DATA_PROFILE_DUE,
    "report": ReminderKind.REPORT_DUE,
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
    # The round's own events (SPEC steps 3 and 9), in every triad channel of the round:
    orientation_reminder_weeks_before: int = 1  # and the working day before
    summit_reminder_weeks_before: int = 1
    summit_brief_weeks_before: int = 4  # to the coordinators, once per round; 0: none
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
class RoundEvents:
    """The round's own dates, shared by every triad of the round (None: not set yet)."""

    round_name: str
    orientation: FuzzyDate | None = None
    summit: FuzzyDate | None = None
    orientation_material: str | None = None  # a link to the orientation slide set
    year: int | None = None  # the round's year: the reminders' words say a date's year only when it differs


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
    # The round's orientation and summit: their reminders go to this triad's channel too.
    round_events: RoundEvents | None = None


@dataclass(frozen=True)
class RoundPlanInput:
    """What the round-level plan needs: reminders that go once per round, not once per triad."""

    round_id: int
    timezone: str
    events: RoundEvents
    coordinators: tuple[str, ...]
    config: PlanConfig = field(default_factory=PlanConfig)


# --------------------------------------------------------------------------- outputs


@dataclass(frozen=True)
class PlannedReminder:
    key: str  # stable and unique within the triad, e.g. "pre_visit:U123"
    kind: ReminderKind
    recipient: str  # channel id or user id
    due_at: datetime  # aware, UTC
    facts: ReminderFacts  # what its message says, worded by the handlers


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


def _unique(ids: tuple[str | None, ...] | list[str | None]) -> list[str]:
    seen: list[str] = []
    for i in ids:
        if i and i not in seen:
            seen.append(i)
    return seen


# --------------------------------------------------------------------------- plan


class _Builder:
    def __init__(self, inp: PlanInput) -> None:
        self.inp = inp
        self.cfg = inp.config
        self.triad = inp.triad_number
        self.year = inp.round_events.year if inp.round_events is not None else None
        self.out: list[PlannedReminder] = []

    def add(self, key: str, kind: ReminderKind, recipient: str | None, on: date, facts: ReminderFacts) -> None:
        """The reminder `key` to `recipient` (none if not known yet), sent on the day `on`."""
        if not recipient:
            return
        due_at = at_local_hour(on, self.inp.timezone, self.cfg.send_hour)
        facts = facts.model_copy(update={"year": self.year})
        self.out.append(
            PlannedReminder(key=f"{key}:{recipient}", kind=kind, recipient=recipient, due_at=due_at, facts=facts)
        )


def _before(event_start: date, weeks: int) -> date:
    return working_day_on_or_before(event_start - timedelta(weeks=weeks))


def _after(event_end: date, weeks: int) -> date:
    return working_day_on_or_after(event_end + timedelta(weeks=weeks))


def _challenge(b: _Builder, challenge: FuzzyDate) -> None:
    cfg, aud, n = b.cfg, b.inp.audience, b.triad
    given, start = challenge.text, challenge.start

    if "self_assessment" not in b.inp.steps_done:
        lead = cfg.self_assessment_due_weeks_before_challenge
        sa_due = working_day_on_or_before(start - timedelta(weeks=lead))  # a deadline is a working day
        soon = cfg.self_assessment_reminder_weeks_before_due
        if soon > 0:
            b.add("self_assessment_due:week_before", ReminderKind.SELF_ASSESSMENT_DUE, aud.host_dcs,
                  _before(sa_due, soon),
                  SelfAssessmentSoon(triad=n, given=given, due=sa_due, lead_weeks=lead, weeks=soon))  # fmt: skip
        b.add("self_assessment_due:on_day", ReminderKind.SELF_ASSESSMENT_DUE, aud.host_dcs,
              sa_due,
              SelfAssessmentToday(triad=n, given=given, due=sa_due, lead_weeks=lead))  # fmt: skip

    if "data_profile" not in b.inp.steps_done:
        month_before = add_months(start, -1)
        day = subtract_working_days(month_before, cfg.data_profile_working_days_before)
        by = working_day_on_or_before(month_before)  # a deadline is a working day
        for coordinator in _unique(list(aud.coordinators)):
            b.add(
                "data_profile_due",
                ReminderKind.DATA_PROFILE_DUE,
                coordinator,
                day,
                DataProfileDue(triad=n, given=given, by=by),
            )

    weeks, exact = cfg.challenge_reminder_weeks_before, challenge.is_exact
    b.add("challenge_session:week_before", ReminderKind.CHALLENGE_SESSION, aud.channel_id, _before(start, weeks),
          ChallengeSoon(triad=n, given=given, exact=exact, start=start, weeks=weeks))  # fmt: skip
    b.add("challenge_session:day_before", ReminderKind.CHALLENGE_SESSION, aud.channel_id, previous_working_day(start),
          ChallengeEve(triad=n, given=given, exact=exact, start=start))  # fmt: skip


def _confirm(b: _Builder, what: str, fd: FuzzyDate) -> None:
    if fd.is_exact:
        return
    b.add(f"confirm_date:{what}", ReminderKind.CONFIRM_DATE, b.inp.audience.channel_id,
          _before(fd.start, b.cfg.confirm_date_weeks_before),
          ConfirmDate(triad=b.triad, event=what, given=fd.text, earliest=fd.start))  # fmt: skip


def _fieldwork(b: _Builder, fw: FuzzyDate) -> None:
    cfg, aud, n = b.cfg, b.inp.audience, b.triad
    given, exact, start, end = fw.text, fw.is_exact, fw.start, fw.end

    weeks = cfg.pre_visit_weeks_before_fieldwork
    for who in _unique([aud.host_dcs, aud.visitor_dcs]):
        b.add(
            "pre_visit",
            ReminderKind.PRE_VISIT,
            who,
            _before(start, weeks),
            PreVisit(triad=n, given=given, exact=exact, weeks=weeks, start=start),
        )

    weeks = cfg.finalise_interviews_weeks_before_fieldwork
    b.add("finalise_interviews", ReminderKind.FINALISE_INTERVIEWS, aud.channel_id, _before(start, weeks),
          FinaliseInterviews(triad=n, given=given, exact=exact, weeks=weeks, start=start))  # fmt: skip

    b.add("fieldwork_agenda", ReminderKind.FIELDWORK_AGENDA, aud.channel_id, previous_working_day(start),
          FieldworkAgenda(triad=n, given=given, exact=exact, start=start))  # fmt: skip

    if "report" not in b.inp.steps_done:
        weeks = cfg.report_weeks_after_fieldwork
        b.add(
            "report_due",
            ReminderKind.REPORT_DUE,
            aud.visitor_dcs,
            _after(end, weeks),
            ReportDue(triad=n, given=given, weeks=weeks),
        )

    if not b.inp.follow_up_declined:
        months = cfg.follow_up_months_after_fieldwork
        follow_up_on = follow_up_day(end, months)
        b.add(
            "follow_up",
            ReminderKind.FOLLOW_UP,
            aud.channel_id,
            follow_up_on,
            FollowUp(triad=n, given=given, months=months),
        )

        chase_weeks = cfg.follow_up_chase_weeks
        if chase_weeks > 0 and not (b.inp.follow_up_answered or b.inp.follow_up_declined):
            b.add("follow_up:chase", ReminderKind.FOLLOW_UP, aud.host_dcs, _after(follow_up_on, chase_weeks),
                  FollowUpChase(triad=n, given=given, months=months, weeks=chase_weeks))  # fmt: skip


def _actions(b: _Builder) -> None:
    for a in b.inp.actions:
        if a.done or a.due is None or not a.owner:
            continue
        b.add(f"action_due:{a.number}", ReminderKind.ACTION_DUE, a.owner, previous_working_day(a.due),
              ActionDue(triad=b.triad, number=a.number, text=a.text, due=a.due))  # fmt: skip


def _round_events(b: _Builder, ev: RoundEvents) -> None:
    """The round's orientation and summit, as they reach this triad's channel."""
    cfg, channel, n = b.cfg, b.inp.audience.channel_id, b.triad
    if ev.orientation is not None:
        o = ev.orientation
        weeks = cfg.orientation_reminder_weeks_before
        if weeks > 0:
            b.add("orientation:week_before", ReminderKind.ORIENTATION, channel, _before(o.start, weeks),
                  OrientationSoon(triad=n, given=o.text, exact=o.is_exact, start=o.start, weeks=weeks,
                                  material=ev.orientation_material))  # fmt: skip
        b.add("orientation:day_before", ReminderKind.ORIENTATION, channel, previous_working_day(o.start),
              OrientationEve(triad=n, given=o.text, exact=o.is_exact, start=o.start,
                             material=ev.orientation_material))  # fmt: skip
    if ev.summit is not None:
        sm = ev.summit
        weeks = cfg.summit_reminder_weeks_before
        if weeks > 0:
            b.add("summit:week_before", ReminderKind.SUMMIT, channel, _before(sm.start, weeks),
                  SummitSoon(triad=n, given=sm.text, exact=sm.is_exact, start=sm.start, weeks=weeks))  # fmt: skip


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
    if inp.round_events is not None:
        _round_events(b, inp.round_events)
    _actions(b)
    return sorted(b.out, key=lambda r: (r.due_at, r.key))


def round_key_prefix(round_id: int) -> str:
    """Every round-level reminder's key starts with this: ``round:7:``."""
    return f"round:{round_id}:"


def plan_round_reminders(inp: RoundPlanInput) -> list[PlannedReminder]:
    """The round-level reminders, once per round (not per triad), sorted by ``due_at`` then ``key``:

    * the summit brief, ``summit_brief_weeks_before`` the summit, to each coordinator;
    * for an imprecise orientation or summit date, ``confirm_date_weeks_before`` it, a nudge to
      each coordinator to confirm the day (the triads' reminders hang on it).

    Keys are ``round:<id>:<what>:<coordinator>``, so they are unique across the workspace.
    """
    cfg, ev, prefix = inp.config, inp.events, round_key_prefix(inp.round_id)
    out: list[PlannedReminder] = []

    def add(what: str, kind: ReminderKind, on: date, facts: ReminderFacts) -> None:
        due_at = at_local_hour(on, inp.timezone, cfg.send_hour)
        facts = facts.model_copy(update={"year": ev.year})
        for who in _unique(list(inp.coordinators)):
            out.append(PlannedReminder(f"{prefix}{what}:{who}", kind, who, due_at, facts))

    for event, fd in (("orientation", ev.orientation), ("summit", ev.summit)):
        if fd is not None and not fd.is_exact:
            add(f"confirm_date:{event}", ReminderKind.CONFIRM_DATE, _before(fd.start, cfg.confirm_date_weeks_before),
                ConfirmRoundDate(round=ev.round_name, event=event, given=fd.text, earliest=fd.start))  # fmt: skip
    if ev.summit is not None and cfg.summit_brief_weeks_before > 0:
        sm, weeks = ev.summit, cfg.summit_brief_weeks_before
        add(
            "summit:brief",
            ReminderKind.SUMMIT,
            _before(sm.start, weeks),
            SummitBrief(round=ev.round_name, given=sm.text, exact=sm.is_exact, start=sm.start, weeks=weeks),
        )
    return sorted(out, key=lambda r: (r.due_at, r.key))
