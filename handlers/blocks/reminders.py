"""What a reminder says: its words (`reminder_text`), and, when the clock sends it, its blocks (`render`).

`render(message)` is pure: the service ``bot.services.reminder_messages.reminder_message`` loads
everything a message needs into plain values first. A planned reminder carries its message's facts
(`bot.rules.reminder_facts.ReminderFacts`) and is
worded here, when it is shown or sent (`planned_text`); a custom reminder, or one planned before
reminders carried facts, says its stored text. Each planned reminder says its fact first in a few words
and carries the button that answers its ask (`asks`); none asks anyone to type a command. The four-month
follow-up is built at sending time: the question to the host DCS first, one line of context, the triad's
actions one line each, and two buttons for the answer (`handlers.actions.follow_up`). The clock's other
words live here too: the note on a reminder sent late, and the DM to the coordinators about a
channel that reminders cannot reach.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from bot.rules.actions import ActionStatus, action_status
from bot.rules.reminder_facts import (
    REMINDER_FACTS,
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
from bot.services.reminder_messages import ActionLine, FollowUpState, ReminderMessage
from handlers.blocks import SECTION_LIMIT, clip, mention, section
from handlers.blocks.acting import STEP_OF_KIND, action_buttons, brief_button, step_button, with_buttons
from handlers.blocks.asks import (
    action_form_button,
    agenda_button,
    feedback_format_buttons,
    plan_interviews_button,
    propose_line_button,
    round_dates_button,
    set_dates_button,
)
from handlers.mrkdwn import defused, escape
from handlers.words.actions import STATUS_WORDS
from handlers.words.reminders import short_local
from storage.models import Reminder

VISIT_ACTION = "follow_up_visit"
DECLINE_ACTION = "follow_up_decline"
ANSWER_BLOCK = "follow_up_answer"
QUESTION_BLOCK = "follow_up_question"
ANSWERED = ("requested", "declined")
ASKS_BLOCK = "reminder_asks"
MAX_ACTION_SECTIONS = 20  # well inside Slack's 50 blocks a message


def render(message: ReminderMessage) -> tuple[str, list[dict] | None]:
    """Text and Block Kit blocks (as dicts) for a reminder, built at sending time from plain values
    (``bot.services.reminder_messages.reminder_message``); a late one has the late note on top."""
    text, blocks = _message(message)
    if message.late is None:
        return text, blocks
    return with_late_note(text, blocks, late_note(message.late.due_at, message.late.timezone))


def _message(message: ReminderMessage) -> tuple[str, list[dict] | None]:
    text = message_text(message.kind, message.facts, message.text)
    facts, triad_id = message.facts, message.triad_id
    if message.kind in STEP_OF_KIND and triad_id is not None:
        return text, _dicts(with_buttons(text, step_button(triad_id, STEP_OF_KIND[message.kind])))
    if message.kind == ReminderKind.ACTION_DUE and triad_id is not None and isinstance(facts, ActionDue):
        return text, _dicts(with_buttons(text, action_buttons(triad_id, facts.number)))
    if isinstance(facts, SummitBrief):
        return text, _dicts(with_buttons(text, brief_button(facts.round)))
    state = message.follow_up
    if message.kind == ReminderKind.FOLLOW_UP and state is not None:
        lines = [action_line(a, state.year) for a in state.actions]
        said = [text, *lines] if state.status in ANSWERED else [follow_up_question(state, message.chase), text, *lines]
        fallback = clip("\n".join(said), 3900)
        return fallback, _dicts(follow_up_blocks(text, state, chase=message.chase))
    buttons = asks(facts, triad_id) if facts is not None else []
    if buttons:
        return text, _dicts(with_buttons(text, ActionsBlock(block_id=ASKS_BLOCK, elements=buttons)))
    return text, None


def asks(facts: ReminderFacts, triad_id: int | None) -> list[ButtonElement]:
    """The buttons that answer what a reminder asks (beyond the step's, action's and brief's own)."""
    if isinstance(facts, ConfirmRoundDate):
        return [round_dates_button(facts.round)]
    if triad_id is None:
        return []
    match facts:
        case ConfirmDate():
            return [set_dates_button(triad_id)]
        case ChallengeSoon() | ChallengeEve():
            dates = [] if facts.exact else [set_dates_button(triad_id)]
            return [*dates, propose_line_button(triad_id)]
        case PreVisit():
            return feedback_format_buttons(triad_id)
        case FinaliseInterviews():
            return [plan_interviews_button(triad_id)]
        case FieldworkAgenda():
            return [agenda_button(triad_id)]
    return []


def _dicts(blocks: list) -> list[dict]:
    return [b.to_dict() for b in blocks]


def message_text(kind: str, facts: ReminderFacts | None, text: str) -> str:
    """A reminder's words (mrkdwn): worded from its facts if it has them, else its stored text."""
    if facts is not None:
        return planned_text(facts)
    return defused(text) if kind == "custom" else text


def reminder_text(reminder: Reminder) -> str:
    """A stored reminder's words (the Home tab, the operator's listing)."""
    facts = REMINDER_FACTS.validate_python(reminder.facts) if reminder.facts else None
    return message_text(reminder.kind, facts, reminder.text)


# --------------------------------------------------------------------------- sent late


def late_note(due_at: datetime, tz_name: str) -> str:
    when = short_local(due_at, ZoneInfo(tz_name))
    return f":hourglass: _Sent late — this reminder was due {when} ({tz_name} time) but could not be sent then._"


def with_late_note(text: str, blocks: list[dict] | None, note: str) -> tuple[str, list[dict] | None]:
    """The note above the text, and as a context block above the blocks (Slack allows 50)."""
    if blocks is not None:
        context = ContextBlock(elements=[MarkdownTextObject(text=note)]).to_dict()
        blocks = [context, *blocks][:50]
    return f"{note}\n{text}", blocks


# --------------------------------------------------------------------------- reminders that cannot be delivered


def undeliverable_text(recipient: str, error: str) -> str:
    """The one DM to each coordinator when reminders to `recipient` (a channel or a person) cannot be delivered."""
    person = recipient[:1] in ("U", "W")
    where = f"<@{recipient}>" if person else f"<#{recipient}>"
    fix = "check their Slack account" if person else "add me back to the channel"
    return (
        f":warning: I can't deliver reminders to {where}: Slack says `{error}`. "
        f"Those reminders are marked failed (`peerbot reminders list --status failed`); "
        f"{fix} for later ones to get through. I'll only tell you once."
    )


# --------------------------------------------------------------------------- planned reminders' words


def _weeks(n: int) -> str:
    return {1: "a week", 2: "two weeks", 3: "three weeks", 4: "four weeks"}.get(n, f"{n} weeks")


def _away(exact: bool, weeks: int) -> str:
    """'is three weeks away', or for an imprecise date 'could be as soon as three weeks away'."""
    return f"is {_weeks(weeks)} away" if exact else f"could be as soon as {_weeks(weeks)} away"


def _when(exact: bool, weeks: int, day: str) -> str:
    """'is a week away, on Thursday 25 January', or for an imprecise date 'could be as soon as Monday 1 January'."""
    return f"is {_weeks(weeks)} away, on {day}" if exact else f"could be as soon as {day}"


def _months(n: int) -> str:
    words = {1: "one month", 2: "two months", 3: "three months", 4: "four months", 6: "six months"}
    return words.get(n, f"{n} months")


def _material(link: str | None) -> str:
    if not link:
        return ""
    return f" (<{escape(link)}|slides>)"


def say_day(d: date, year: int | None) -> str:
    """A day as the reminders say it, once: "Thursday 25 January", with its year ("… 2019") only when
    that is not the round's (`year`; None: always)."""
    return f"{d:%A} {d.day} {d:%B}" + ("" if d.year == year else f" {d.year}")


_ORIENTATION = "the round's orientation"
_BRING = " Bring the self-assessment, data profile and proposed lines of enquiry."
_SET_IT = " Set the day once it is fixed."


def _event(name: str, exact: bool, given: str) -> str:
    """The event, and for an imprecise date the date as given: an exact one is said with its weekday."""
    return name if exact else f"{name} ({escape(given)})"


def _fieldwork(given: str) -> str:
    return f"fieldwork ({escape(given)})"


def _fieldwork_soon(f: PreVisit | FinaliseInterviews) -> str:
    """'fieldwork is three weeks away, on Monday 23 July'; an imprecise date as it was given."""
    if f.exact and f.start is not None:
        return f"fieldwork {_when(True, f.weeks, say_day(f.start, f.year))}"
    return f"{_fieldwork(f.given)} {_away(f.exact, f.weeks)}"


def _words(f: ReminderFacts) -> str:
    """What the reminder says after "Triad N: ": the fact first, then at most one line of context.
    The control that answers it is the message's button (`asks`), never a typed command."""
    match f:
        case SelfAssessmentSoon():
            return (
                f"the host's self-assessment is due *{say_day(f.due, f.year)}*, {_weeks(f.weeks)} from now "
                f"({_weeks(f.lead_weeks)} before the challenge session)."
            )
        case SelfAssessmentToday():
            return f"the host's self-assessment is due today, {_weeks(f.lead_weeks)} before the challenge session."
        case DataProfileDue():
            return (
                f"the data profile goes to the host by *{say_day(f.by, f.year)}*, a month before the challenge session."
            )
        case ChallengeSoon(exact=True):
            return f"the challenge session is {_weeks(f.weeks)} away, on {say_day(f.start, f.year)}." + _BRING
        case ChallengeSoon():
            return (
                f"the challenge session ({escape(f.given)}) could be as soon as {say_day(f.start, f.year)}." + _SET_IT
            )
        case ChallengeEve(exact=True):
            return f"the challenge session is on {say_day(f.start, f.year)}." + _BRING
        case ChallengeEve():
            return (
                f"the challenge session ({escape(f.given)}) could start as soon as {say_day(f.start, f.year)}."
                + _SET_IT
            )
        case ConfirmDate():
            event, days = ("challenge session", "day") if f.event == "challenge" else ("fieldwork visit", "days")
            return (
                f"the {event} is still “{escape(f.given)}”. Until the {days} {'is' if days == 'day' else 'are'} set, "
                f"reminders count from {say_day(f.earliest, f.year)}."
            )
        case _:
            return _later_words(f)


def _later_words(f: ReminderFacts) -> str:
    """``_words`` from the fieldwork on, and of the round-level and action reminders."""
    match f:
        case PreVisit():
            return f"{_fieldwork_soon(f)}. Host and visiting DCS: agree the scope, interviews and feedback format."
        case FinaliseInterviews():
            return f"{_fieldwork_soon(f)}: time to finalise the day 1 interviews."
        case FieldworkAgenda():
            start = say_day(f.start, f.year)
            return (
                f"fieldwork starts on {start}." if f.exact else f"{_fieldwork(f.given)} could start as soon as {start}."
            )
        case ReportDue():
            return (
                f"the report is due, {_weeks(f.weeks)} after fieldwork: headline findings mapped "
                "one-to-one onto the agreed lines of enquiry."
            )
        case FollowUp():
            return (
                f"{_months(f.months)} after fieldwork, a supportive look at the actions; "
                "the visit is the host's choice."
            )
        case FollowUpChase():
            return f"the channel asked {_weeks(f.weeks)} ago; last reminder."
        case OrientationSoon():
            return (
                f"{_event(_ORIENTATION, f.exact, f.given)} {_when(f.exact, f.weeks, say_day(f.start, f.year))}, "
                "for newcomers to peer challenge" + _material(f.material) + "."
            )
        case OrientationEve():
            return (
                f"{_event(_ORIENTATION, f.exact, f.given)} {'is on' if f.exact else 'could be as soon as'} "
                f"{say_day(f.start, f.year)}" + _material(f.material) + "."
            )
        case SummitSoon():
            return (
                f"{_event('the annual summit', f.exact, f.given)} {_when(f.exact, f.weeks, say_day(f.start, f.year))}, "
                "to review the region's improvement priorities."
            )
        case SummitBrief():
            return (
                f"{_event('the annual summit', f.exact, f.given)} {_when(f.exact, f.weeks, say_day(f.start, f.year))}; "
                "the summit brief is ready."
            )
        case ConfirmRoundDate():
            return (
                f"the {f.event} is still “{escape(f.given)}”. Until the day is set, every triad's reminders count "
                f"from {say_day(f.earliest, f.year)}."
            )
        case ActionDue():
            return f"action {f.number} is due *{say_day(f.due, f.year)}*: {escape(f.text)}"
    raise TypeError(f"no words for {f!r}")


def planned_text(facts: ReminderFacts) -> str:
    """A planned reminder's words (mrkdwn, ready to post): "Triad 1: the challenge session (…) is …";
    a round-level one starts with the round's name ("SE 2018: the annual summit …")."""
    if isinstance(facts, SummitBrief | ConfirmRoundDate):
        return f"{escape(facts.round)}: {_words(facts)}"
    return f"Triad {facts.triad}: {_words(facts)}"


# --------------------------------------------------------------------------- the follow-up


def action_line(action: ActionLine, year: int | None = None) -> str:
    """One action on one line: number, text, owner, due day (its year only when not the round's), status."""
    if action.due is not None:
        due = f" · due {say_day(action.due, year)}"
    else:
        due = f" · due {escape(action.due_text)}" if action.due_text else ""
    status = action_status(action.done, action.latest_note is not None)
    state = STATUS_WORDS[status]
    if status is ActionStatus.DONE:
        state = f":white_check_mark: {state}"
    return f"*{action.number}.* {escape(action.text)} — {mention(action.owner)}{due} · {state}"


def _chunks(lines: list[str], limit: int = SECTION_LIMIT) -> list[str]:
    """Lines packed into section-sized texts; a single over-long line is clipped."""
    out: list[str] = []
    for line in lines:
        line = clip(line, limit)
        if out and len(out[-1]) + 1 + len(line) <= limit:
            out[-1] += "\n" + line
        else:
            out.append(line)
    return out


def follow_up_question(state: FollowUpState, chase: bool) -> str:
    """To the host DCS by name in the channel; the chase is their DM."""
    host = escape(state.host_name)
    if chase:
        return f"Would a follow-up visit help {host}?"
    return f"{mention(state.host_dcs)}, would a follow-up visit help {host}?"


def follow_up_blocks(text: str, state: FollowUpState, *, chase: bool = False) -> list:
    """The question first (to the host DCS; the chase goes to them alone), the one line of context
    (`text`), the actions one line each, and the answer buttons; once answered, the answer instead."""
    answered = state.status in ANSWERED
    blocks: list = []
    if not answered:
        ask = follow_up_question(state, chase)
        blocks.append(SectionBlock(block_id=QUESTION_BLOCK, text=MarkdownTextObject(text=clip(ask))))
    blocks.append(section(text))
    if state.actions:
        chunks = _chunks([action_line(a, state.year) for a in state.actions])
        blocks += [section(chunk) for chunk in chunks[:MAX_ACTION_SECTIONS]]
        if len(chunks) > MAX_ACTION_SECTIONS:
            blocks.append(section("_…and more than fit here._"))
    else:
        blocks.append(section("No actions were recorded after the workshop."))
    if answered:
        answer = answer_text(state.host_dcs, state.answered_by, state.status)
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=answer)]))
        return blocks
    buttons = answer_buttons(state.triad_id)
    if not state.actions:
        buttons.elements.append(action_form_button(state.triad_id))
    blocks.append(buttons)
    return blocks


def answer_buttons(triad_id: int) -> ActionsBlock:
    return ActionsBlock(
        block_id=ANSWER_BLOCK,
        elements=[
            ButtonElement(
                text=PlainTextObject(text="Arrange a follow-up visit"),
                action_id=VISIT_ACTION,
                value=str(triad_id),
                style="primary",
            ),
            ButtonElement(
                text=PlainTextObject(text="No follow-up needed"),
                action_id=DECLINE_ACTION,
                value=str(triad_id),
            ),
        ],
    )


def answer_text(host: str, who: str | None, status: str | None) -> str:
    """How the follow-up question was answered (`status`, by `who`), as the updated message shows it."""
    by = mention(who) if who == host else f"{mention(who)} (for the host DCS, {mention(host)})"
    if status == "requested":
        return (
            f":white_check_mark: {by} asked for a follow-up visit — the programme team will be in touch to arrange it."
        )
    return f":ok_hand: {by} said no follow-up visit is needed. Thank you — there will be no more reminders about it."
