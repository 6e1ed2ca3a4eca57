"""What a reminder says: its words (`reminder_text`), and, when the clock sends it, its blocks (`render`).

`render(message)` is pure: the service ``bot.services.reminder_messages.reminder_message`` loads
everything a message needs into plain values first. A planned reminder carries its message's facts
(`bot.rules.reminder_facts.ReminderFacts`) and is
worded here, when it is shown or sent (`planned_text`); a custom reminder, or one planned before
reminders carried facts, says its stored text. The four-month follow-up is built at sending
time: a summary of the triad's actions and their progress, and two buttons for the host to say
whether a follow-up visit is wanted (answered in `handlers.actions.follow_up`). The clock's other
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
    DividerBlock,
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
from handlers.mrkdwn import defused, escape
from handlers.words.actions import STATUS_WORDS
from handlers.words.reminders import short_local
from storage.models import Reminder

VISIT_ACTION = "follow_up_visit"
DECLINE_ACTION = "follow_up_decline"
ANSWER_BLOCK = "follow_up_answer"
QUESTION_BLOCK = "follow_up_question"
ANSWERED = ("requested", "declined")
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
    if message.kind != ReminderKind.FOLLOW_UP or state is None:
        return text, None
    lines = [action_line(a, ZoneInfo(state.timezone)) for a in state.actions]
    fallback = clip(text + ("\n" + "\n".join(lines) if lines else ""), 3900)
    return fallback, _dicts(follow_up_blocks(text, state, chase=message.chase))


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


def _months(n: int) -> str:
    words = {1: "one month", 2: "two months", 3: "three months", 4: "four months", 6: "six months"}
    return words.get(n, f"{n} months")


_CHALLENGE_TAIL = (
    " Bring the self-assessment and data profile; the aim is a small number of "
    'tightly defined lines of enquiry (`/peer focus propose "…"`).'
)


def _material(link: str | None) -> str:
    if not link:
        return ""
    return f" The orientation and preparation material: <{escape(link)}|slides and notes>."


def say_day(d: date, year: int | None) -> str:
    """A day as the reminders say it, once: "Thursday 25 January", with its year ("… 2019") only when
    that is not the round's (`year`; None: always)."""
    return f"{d:%A} {d.day} {d:%B}" + ("" if d.year == year else f" {d.year}")


_ORIENTATION = "the round's orientation"


def _event(name: str, exact: bool, given: str) -> str:
    """The event, and for an imprecise date the date as given: an exact one is said with its weekday."""
    return name if exact else f"{name} ({escape(given)})"


def _words(f: ReminderFacts) -> str:
    """What the reminder says after "Triad N: "."""
    match f:
        case SelfAssessmentSoon():
            return (
                f"the summary self-assessment is due on *{say_day(f.due, f.year)}*, "
                f"{_weeks(f.lead_weeks)} before the challenge session ({escape(f.given)}). "
                f"That is {_weeks(f.weeks)} away. "
                "When it is done, tell the team with `/peer mark self-assessment done`."
            )
        case SelfAssessmentToday():
            return (
                f"the summary self-assessment is due today ({say_day(f.due, f.year)}), "
                f"{_weeks(f.lead_weeks)} before the challenge session ({escape(f.given)}). "
                "When it is done, tell the team with `/peer mark self-assessment done`."
            )
        case DataProfileDue():
            return (
                f"the data profile goes to the host one month before the challenge session "
                f"({escape(f.given)}), that is by *{say_day(f.by, f.year)}*. "
                "When it has gone, record it with `/peer mark data-profile done`."
            )
        case ChallengeSoon(exact=True):
            return f"the challenge session is {_weeks(f.weeks)} away, on {say_day(f.start, f.year)}." + _CHALLENGE_TAIL
        case ChallengeSoon():
            return (
                f"the challenge session ({escape(f.given)}) could be as soon as {_weeks(f.weeks)} from now, "
                f"on {say_day(f.start, f.year)}. If the day is fixed, record it with "
                '`/peer dates challenge:"…"`.' + _CHALLENGE_TAIL
            )
        case ChallengeEve(exact=True):
            return f"the challenge session is on {say_day(f.start, f.year)}." + _CHALLENGE_TAIL
        case ChallengeEve():
            return (
                f"the challenge session ({escape(f.given)}) could start as soon as {say_day(f.start, f.year)}. "
                'If the day is fixed, record it with `/peer dates challenge:"…"`.' + _CHALLENGE_TAIL
            )
        case ConfirmDate():
            challenge = f.event == "challenge"
            return (
                f"the {'challenge session' if challenge else 'fieldwork visit'} date is still "
                f"“{escape(f.given)}”, which could mean as soon as {say_day(f.earliest, f.year)}. The reminders hang "
                f'on it, so please confirm the {"day" if challenge else "days"} with `/peer dates {f.event}:"…"`.'
            )
        case _:
            return _later_words(f)


def _later_words(f: ReminderFacts) -> str:
    """``_words`` from the fieldwork on, and of the round-level and action reminders."""
    match f:
        case PreVisit():
            return (
                f"fieldwork ({escape(f.given)}) {_away(f.exact, f.weeks)}: "
                "time for the pre-visit conversation between the host and visiting DCS. "
                "Agree the scope, who is interviewed, and the feedback format "
                "(`/peer feedback format:presentation|written|verbal`)."
            )
        case FinaliseInterviews():
            return (
                f"fieldwork ({escape(f.given)}) {_away(f.exact, f.weeks)}. "
                "Please finalise the day 1 interviews with managers, practitioners, partners "
                "and service users: `/peer interview add`, and check them with `/peer interview list`."
            )
        case FieldworkAgenda():
            return (
                f"fieldwork ({escape(f.given)}) {'starts on' if f.exact else 'could start as soon as'} "
                f"{say_day(f.start, f.year)}. See the two-day agenda with `/peer agenda` "
                "and add it to your calendar with `/peer calendar`."
            )
        case ReportDue():
            return (
                f"the report is due, {_weeks(f.weeks)} after the fieldwork ({escape(f.given)}). "
                "Map the headline findings one-to-one onto the agreed lines of enquiry (`/peer focus list`). "
                "When it has gone to the host, record it with `/peer mark report done`."
            )
        case FollowUp():
            return (
                f"it is {_months(f.months)} since the fieldwork ({escape(f.given)}): time to look at "
                "progress on the actions together (`/peer action list`). The follow-up is "
                "there to support, and the host decides whether a follow-up visit is wanted."
            )
        case FollowUpChase():
            return (
                f"{_weeks(f.weeks)} ago, {_months(f.months)} after the fieldwork ({escape(f.given)}), "
                "the triad channel asked whether you would like a follow-up visit. There is "
                "no pressure either way: answer whenever you are ready. This is the only "
                "reminder about it."
            )
        case OrientationSoon():
            return (
                f"{_event(_ORIENTATION, f.exact, f.given)} {_away(f.exact, f.weeks)}, "
                f"on {say_day(f.start, f.year)}: an introduction to peer challenge and how to prepare, "
                "for everyone new to it." + _material(f.material)
            )
        case OrientationEve():
            return (
                f"{_event(_ORIENTATION, f.exact, f.given)} {'is on' if f.exact else 'could be as soon as'} "
                f"{say_day(f.start, f.year)}." + _material(f.material)
            )
        case SummitSoon():
            return (
                f"{_event('the annual summit', f.exact, f.given)} {_away(f.exact, f.weeks)}, "
                f"on {say_day(f.start, f.year)}: it reviews the improvement priorities across the region."
            )
        case SummitBrief():
            return (
                f"{_event('the annual summit', f.exact, f.given)} {_away(f.exact, f.weeks)}, "
                f"on {say_day(f.start, f.year)}: the summit brief — the triads and their focus, themes, "
                "actions and follow-ups, and the "
                f'round\'s timeline — is ready to post (`/peer summit round:"{escape(f.round)}"`; '
                f'`/peer export round "{escape(f.round)}"` has the full record).'
            )
        case ConfirmRoundDate():
            return (
                f"the {f.event} date is still “{escape(f.given)}”, which could mean as soon as "
                f"{say_day(f.earliest, f.year)}. Every triad's reminders hang on it, so please confirm the day with "
                f'`/peer round dates {f.event}:"…" round:"{escape(f.round)}"`.'
            )
        case ActionDue():
            return (
                f"action {f.number} is due on *{say_day(f.due, f.year)}*: {escape(f.text)}\n"
                f'Note progress with `/peer action update {f.number} "…"`, '
                f"or close it with `/peer action done {f.number}`."
            )
    raise TypeError(f"no words for {f!r}")


def planned_text(facts: ReminderFacts) -> str:
    """A planned reminder's words (mrkdwn, ready to post): "Triad 1: the challenge session (…) is …";
    a round-level one starts with the round's name ("SE 2018: the annual summit …")."""
    if isinstance(facts, SummitBrief | ConfirmRoundDate):
        return f"{escape(facts.round)}: {_words(facts)}"
    return f"Triad {facts.triad}: {_words(facts)}"


# --------------------------------------------------------------------------- the follow-up


def action_line(action: ActionLine, tz: ZoneInfo) -> str:
    due = f" · due {escape(action.due_text)}" if action.due_text else ""
    status = action_status(action.done, action.latest_note is not None)
    state = STATUS_WORDS[status]
    if status is ActionStatus.DONE:
        state = f":white_check_mark: {state}"
    line = f"*{action.number}.* {escape(action.text)}\n      {mention(action.owner)}{due} · {state}"
    if action.latest_note is not None and action.latest_note_at is not None:
        when = action.latest_note_at.astimezone(tz)  # the date as the triad's people read it
        line += f"\n      _Latest progress ({when.day} {when:%B %Y}):_ {escape(action.latest_note)}"
    return line


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


def follow_up_blocks(text: str, state: FollowUpState, *, chase: bool = False) -> list:
    actions = state.actions
    blocks = [section(text), DividerBlock()]
    if actions:
        done = sum(1 for a in actions if a.done)
        blocks.append(
            section(
                f"*Where the actions stand* — {len(actions)} recorded after the workshop, "
                f"{done} done. This is a look at progress together, not a test: every step counts."
            )
        )
        chunks = _chunks([action_line(a, ZoneInfo(state.timezone)) for a in actions])
        blocks += [section(chunk) for chunk in chunks[:MAX_ACTION_SECTIONS]]
        if len(chunks) > MAX_ACTION_SECTIONS:
            blocks.append(section("_…and more: see them all with `/peer action list`._"))
    else:
        blocks.append(
            section(
                "*Where the actions stand* — no actions were recorded after the workshop. "
                'If some were agreed, add them with `/peer action add "…" owner:@someone due:"…"`.'
            )
        )
    if state.status in ANSWERED:
        answer = answer_text(state.host_dcs, state.answered_by, state.status)
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=answer)]))
        return blocks
    question = f"a follow-up visit help {escape(state.host_name)}? It is entirely your choice."
    ask = f"Would {question}" if chase else f"{mention(state.host_dcs)}, would {question}"
    blocks.append(SectionBlock(block_id=QUESTION_BLOCK, text=MarkdownTextObject(text=clip(ask))))
    blocks.append(answer_buttons(state.triad_id))
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
