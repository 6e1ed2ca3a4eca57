"""A triad's channel at a glance: the welcome, the programme behind its *Show the programme* button, and
`/peer status`. Pure: data in, blocks out.

Each leads with what matters to the reader and carries the buttons that answer its ask (`handlers.blocks.asks`);
the nine steps are behind *Show the programme*. A date is said once, with its weekday, and with its year only when
that is not the round's (`say_date`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement

from bot.rules.dates import FuzzyDate
from bot.rules.reminder_plan import RoundEvents
from bot.rules.roles import AuthorityPeople, TriadPeople
from bot.rules.triads import NextStep, Outstanding
from handlers.blocks import clip, mention, section
from handlers.blocks.acting import step_button
from handlers.blocks.asks import feedback_format_buttons, propose_line_button, set_dates_button
from handlers.blocks.reminders import say_day
from handlers.mrkdwn import escape

SHOW_PROGRAMME = "show_programme"  # the programme, as an ephemeral to the clicker (handlers.actions.programme)
_PARTS = {1: "early", 11: "mid", 21: "late"}  # a part of a month by its first day (bot.rules.dates)
_ROLE_LABELS = {"host": "Host", "visitor": "Visitor", "observer": "Observer"}


def _month(d: date, year: int | None) -> str:
    return f"{d:%B}" + ("" if d.year == year else f" {d.year}")


def say_date(value: FuzzyDate | None, year: int | None) -> str:
    """A triad's or round's date, said once: "Wednesday 14 February", "Monday 23 & Tuesday 24 July",
    "early October", "Friday 7 September _(to be confirmed)_" (provisional); the year only when it is not
    the round's (`year`; None: always)."""
    if value is None:
        return "_not set yet_"
    start, end = value.start, value.end
    if value.precision == "month":
        said = _month(start, year)
    elif value.precision == "part_month":
        said = f"{_PARTS.get(start.day, 'early')} {_month(start, year)}"
    elif start == end:
        said = say_day(start, year)
    else:
        joint = " & " if (end - start).days == 1 else " to "
        same_month = (start.month, start.year) == (end.month, end.year)
        first = f"{start:%A} {start.day}" if same_month else say_day(start, year)
        said = f"{first}{joint}{say_day(end, year)}"
    return f"{said} _(to be confirmed)_" if value.provisional else said


def programme_button(triad_id: int) -> ButtonElement:
    return ButtonElement(text="Show the programme", action_id=SHOW_PROGRAMME, value=str(triad_id))


def _authority_line(role: str, authority: AuthorityPeople) -> str:
    team = ", ".join(mention(u) for u in authority.team if u != authority.dcs)
    lead = " (leads the challenge)" if role == "visitor" else ""
    return f"*{_ROLE_LABELS[role]}{lead}:* {escape(authority.name)} — DCS {mention(authority.dcs)}" + (
        f", team {team}" if team else ""
    )


def welcome_blocks(triad_id: int, number: int, round_name: str, people: TriadPeople) -> list[Block]:
    """The triad channel's first post: what the channel is for, the first thing to do, who is in it."""
    return [
        section(
            f"*Triad {number} — {escape(round_name)}*\n"
            f"This private channel plans {escape(people.host.name)}'s peer challenge. "
            "First: set the challenge session and fieldwork dates."
        ),
        section("\n".join(_authority_line(role, a) for role, a in people.authorities())),
        ActionsBlock(
            block_id="welcome_buttons",
            elements=[
                set_dates_button(triad_id),
                propose_line_button(triad_id),
                programme_button(triad_id),
            ],
        ),
    ]


def programme_text(
    number: int,
    challenge: FuzzyDate | None,
    fieldwork: FuzzyDate | None,
    steps_done: set[str],
    events: RoundEvents,
) -> str:
    """SPEC's nine steps with this triad's dates; the orientation (3) and the summit (9) are the round's."""

    def tick(step: str) -> str:
        return " :white_check_mark:" if step in steps_done else ""

    year = events.year
    material = f" (<{escape(events.orientation_material)}|material>)" if events.orientation_material else ""
    lines = [
        f"*Triad {number}'s programme* ({escape(events.round_name)})",
        f"1. *Self-assessment* — host's summary, two weeks before the challenge session{tick('self_assessment')}",
        f"2. *Data profile* — to the host a month before the challenge session{tick('data_profile')}",
        f"3. *Orientation* — {say_date(events.orientation, year)}{material}",
        f"4. *Challenge session* — {say_date(challenge, year)}: agree the lines of enquiry",
        "5. *Pre-visit conversation* — scope, interviews and feedback format",
        f"6. *Fieldwork* — {say_date(fieldwork, year)}: interviews, then feedback",
        f"7. *Report* — by the visiting DCS, four weeks after fieldwork{tick('report')}",
        "8. *Follow-up* — progress, four months after fieldwork",
        f"9. *Annual summit* — {say_date(events.summit, year)}",
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------- /peer status

NEXT_WORDS = {
    NextStep.SET_CHALLENGE: "set the challenge session date",
    NextStep.CONFIRM_CHALLENGE: "confirm the challenge session's day",
    NextStep.SELF_ASSESSMENT: "the host finishes the self-assessment",
    NextStep.AGREE_FOCUS: "agree the lines of enquiry",
    NextStep.SET_FIELDWORK: "set the fieldwork dates",
    NextStep.CONFIRM_FIELDWORK: "confirm the fieldwork days",
    NextStep.FEEDBACK_FORMAT: "agree the feedback format",
    NextStep.REPORT: "the visiting DCS writes the report",
}
_STEP_OF = {NextStep.SELF_ASSESSMENT: "self_assessment", NextStep.REPORT: "report"}
_DATES = (NextStep.SET_CHALLENGE, NextStep.CONFIRM_CHALLENGE, NextStep.SET_FIELDWORK, NextStep.CONFIRM_FIELDWORK)


def next_step_buttons(triad_id: int, step: NextStep) -> list[ButtonElement]:
    """The buttons that do the step, where there are some."""
    if step in _DATES:
        return [set_dates_button(triad_id)]
    if step in _STEP_OF:
        return list(step_button(triad_id, _STEP_OF[step]).elements)  # type: ignore[arg-type]
    if step == NextStep.AGREE_FOCUS:
        return [propose_line_button(triad_id)]
    return feedback_format_buttons(triad_id)


def roles_line(people: TriadPeople) -> str:
    observers = [people.observer] + ([people.second_observer] if people.second_observer else [])
    return (
        f"Host {escape(people.host.name)} · visitor {escape(people.visitor.name)} · "
        f"observer{'s' if len(observers) > 1 else ''} " + " and ".join(escape(o.name) for o in observers)
    )


def status_blocks(
    triad_id: int,
    number: int,
    people: TriadPeople,
    dates: tuple[FuzzyDate | None, FuzzyDate | None],
    year: int | None,
    done: Sequence[str],
    counts: tuple[int, int, int, int],
    feedback_format: str | None,
    outstanding: list[Outstanding],
) -> list[dict]:
    """`/peer status`: roles, dates, steps done, counts, and the next step with the button that does it.

    ``done``: the steps' names; ``counts``: lines agreed, lines waiting, interviews, open actions. Built as dicts:
    slack_sdk's objects cost more to convert than the rest of the reply."""
    challenge, fieldwork = dates
    agreed, waiting, interviews, open_actions = counts
    lines = f"{agreed} line{'s' if agreed != 1 else ''} of enquiry agreed" + (f", {waiting} waiting" if waiting else "")
    text = (
        f"*Triad {number}* · {roles_line(people)}\n"
        f"*Challenge session* {say_date(challenge, year)} · *fieldwork* {say_date(fieldwork, year)}\n"
        f"*Done:* {', '.join(done) or 'nothing yet'} · *feedback:* {escape(feedback_format or 'not agreed')}\n"
        f"{lines} · {interviews} interview{'s' if interviews != 1 else ''} · {open_actions} open action"
        f"{'s' if open_actions != 1 else ''}\n"
    )
    if outstanding:
        more = len(outstanding) - 1
        text += f"*Next:* {NEXT_WORDS[outstanding[0].step]}" + (f" ({more} more to do)." if more else ".")
        buttons = next_step_buttons(triad_id, outstanding[0].step)
    else:
        text += "*Next:* nothing outstanding — well done."
        buttons = []
    elements = [b.to_dict() for b in [*buttons, programme_button(triad_id)]]
    return [
        {"type": "section", "text": {"type": "mrkdwn", "text": clip(text)}},
        {"type": "actions", "block_id": "status_buttons", "elements": elements},
    ]
