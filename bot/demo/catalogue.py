"""Every kind of message, modal and Home view the app sends, built with sample facts through the app's own
builders (no copy of their words), for `peerbot messages`: one HTML page and a JSON file, each entry with its
word count (`bot.demo.words`, the measure of benchmarks/message_words.py).

Each entry says how it was made: ``builder`` (the function that words it in the app, called with sample
values), ``table`` (a refusal's or a date problem's wording, looked up with sample facts) or, with ``--demo``,
``demo run`` (a message worded inside a command, with no builder: captured from a `peerbot demo` run against the
Slack stand-in, one of each shape)."""

from __future__ import annotations

import html
import json
import re
import statistics
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.demo.transcript import STYLE, blocks_html, mrkdwn
from bot.demo.words import visible_text, words
from handlers.mrkdwn import escape

TYPED = 'Early help <b>"front door"</b> & step-down'  # what a person typed: must show escaped everywhere
NAMES = {"U0HOST": "Sam Host", "U0VISIT": "Vic Visitor", "U0OBS": "Olu Observer", "U0COORD": "Cat Coordinator"}
ZONE = ZoneInfo("Europe/London")
NOW = datetime(2018, 6, 4, 9, 0, tzinfo=UTC)


@dataclass
class Entry:
    kind: str  # what the message is, e.g. "reminder: pre_visit" or "refusal: AccessRefusal.NO_SUCH_TRIAD"
    surface: str  # where it is sent: a channel message, a DM, an ephemeral reply, a modal, the Home tab
    made: str  # "builder", "table" or "demo run": how the catalogue made it
    text: str
    blocks: list[dict] | None
    words: int = 0

    def as_json(self) -> dict:
        return asdict(self)


def _entry(kind: str, surface: str, text: str, blocks: list | None = None, made: str = "builder") -> Entry:
    """``text``: the fallback text the builder gives, or "" for its blocks' visible words."""
    dicts = [b if isinstance(b, dict) else b.to_dict() for b in blocks] if blocks else None
    shown = visible_text({"text": text, "blocks": dicts})
    return Entry(kind, surface, made, text or shown, dicts, words(shown))


# --------------------------------------------------------------------- reminders


def _reminder_samples() -> list[tuple[str, str, Any]]:
    """(reminder kind, key, facts) for every message a planned reminder can say."""
    from bot.rules import reminder_facts as rf

    k, d = rf.ReminderKind, date
    given = "23 & 24 July 2018"
    return [
        (k.SELF_ASSESSMENT_DUE, "self_assessment_due:week_before",
         rf.SelfAssessmentSoon(triad=1, given="February 2018", due=d(2018, 1, 5), lead_weeks=6, weeks=1)),
        (k.SELF_ASSESSMENT_DUE, "self_assessment_due:on_day",
         rf.SelfAssessmentToday(triad=1, given="February 2018", due=d(2018, 1, 5), lead_weeks=6)),
        (k.DATA_PROFILE_DUE, "data_profile_due", rf.DataProfileDue(triad=1, given="February 2018", by=d(2017, 12, 29))),
        (k.CHALLENGE_SESSION, "challenge_session:week_before",
         rf.ChallengeSoon(triad=1, given="14 February 2018", exact=True, start=d(2018, 2, 14), weeks=1)),
        (k.CHALLENGE_SESSION, "challenge_session:day_before",
         rf.ChallengeEve(triad=1, given="14 February 2018", exact=True, start=d(2018, 2, 14))),
        (k.CONFIRM_DATE, "confirm_date:fieldwork",
         rf.ConfirmDate(triad=1, event="fieldwork", given="July 2018", earliest=d(2018, 7, 2))),
        (k.PRE_VISIT, "pre_visit", rf.PreVisit(triad=1, given=given, exact=True, weeks=3)),
        (k.FINALISE_INTERVIEWS, "finalise_interviews",
         rf.FinaliseInterviews(triad=1, given=given, exact=True, weeks=2)),
        (k.FIELDWORK_AGENDA, "fieldwork_agenda",
         rf.FieldworkAgenda(triad=1, given=given, exact=True, start=d(2018, 7, 23))),
        (k.REPORT_DUE, "report_due", rf.ReportDue(triad=1, given=given, weeks=6)),
        (k.FOLLOW_UP, "follow_up", rf.FollowUp(triad=1, given=given, months=4)),
        (k.FOLLOW_UP, "follow_up:chase", rf.FollowUpChase(triad=1, given=given, months=4, weeks=2)),
        (k.ACTION_DUE, "action_due:2", rf.ActionDue(triad=1, number=2, text=TYPED, due=d(2018, 9, 28))),
        (k.ORIENTATION, "orientation:week_before",
         rf.OrientationSoon(triad=1, given="10 January 2018", exact=True, start=d(2018, 1, 10), weeks=1,
                            material="https://example.org/orientation-slides")),
        (k.ORIENTATION, "orientation:day_before",
         rf.OrientationEve(triad=1, given="10 January 2018", exact=True, start=d(2018, 1, 10), material=None)),
        (k.SUMMIT, "summit:week_before",
         rf.SummitSoon(triad=1, given="March 2019", exact=False, start=d(2019, 3, 1), weeks=2)),
        (k.SUMMIT, "summit_brief",
         rf.SummitBrief(round="SE 2018", given="March 2019", exact=False, start=d(2019, 3, 1), weeks=3)),
        (k.CONFIRM_DATE, "confirm_date:summit",
         rf.ConfirmRoundDate(round="SE 2018", event="summit", given="March 2019", earliest=d(2019, 3, 1))),
    ]  # fmt: skip


def reminders() -> Iterator[Entry]:
    from bot.services.reminder_messages import ActionLine, FollowUpState, Late, ReminderMessage
    from handlers.blocks.reminders import render, undeliverable_text

    follow_up = FollowUpState(
        triad_id=7, host_dcs="U0HOST", host_name="Kent", timezone="Europe/London", status=None, answered_by=None,
        actions=(
            ActionLine(1, "Refresh the early help strategy", "U0HOST", "28 September 2018", done=True),
            ActionLine(2, TYPED, "U0VISIT", "30 November 2018", done=False, latest_note="Draft shared with partners",
                       latest_note_at=datetime(2018, 10, 2, 14, 0, tzinfo=UTC)),
        ),
    )  # fmt: skip
    for kind, key, facts in _reminder_samples():
        facts = facts.model_copy(update={"year": 2018})  # the round's year: SE 2018
        state = follow_up if kind == "follow_up" else None
        text, blocks = render(ReminderMessage(str(kind), key, "", facts, triad_id=7, follow_up=state))
        yield _entry(f"reminder: {facts.message}", f"reminder ({kind})", text, blocks)
    stored = f"Bring the data pack — {escape(TYPED)}"  # `/peer remind` stores the typed words escaped
    custom = ReminderMessage("custom", "custom:1", stored)
    yield _entry("reminder: custom", "reminder (custom, typed by a person)", *render(custom))
    late = ReminderMessage(
        "report_due", "report_due", "", _reminder_samples()[9][2], triad_id=7,
        late=Late(datetime(2018, 9, 3, 8, 0, tzinfo=UTC), "Europe/London"),
    )  # fmt: skip
    yield _entry("reminder: sent late (report_due)", "reminder (after a clock outage)", *render(late))
    lost = undeliverable_text("C1", "channel_not_found")
    yield _entry("reminders undeliverable", "DM to each coordinator, once a recipient", lost)


# --------------------------------------------------------------------- messages, modals, Home


def _people():
    from bot.rules.roles import AuthorityPeople, TriadPeople

    return TriadPeople(
        host=AuthorityPeople("Kent", "U0HOST", ("U0HOST",)),
        visitor=AuthorityPeople("Medway", "U0VISIT"),
        observer=AuthorityPeople(TYPED, "U0OBS"),
        coordinators=frozenset({"U0COORD"}),
    )


def _fuzzy(text: str):
    from bot.rules.dates import parse_fuzzy_date

    return parse_fuzzy_date(text, 2018)


def messages() -> Iterator[Entry]:
    from bot.rules.reminder_plan import RoundEvents
    from bot.rules.triads import next_steps
    from handlers.blocks.triad import programme_text, status_blocks, welcome_blocks
    from handlers.commands.help import Place, overview

    events = RoundEvents(
        "SE 2018", _fuzzy("10 January 2018"), _fuzzy("March 2019"), "https://example.org/slides", year=2018
    )
    yield _entry("welcome", "triad channel, when the triad is formed", "", welcome_blocks(7, 1, "SE 2018", _people()))
    challenge, fieldwork = _fuzzy("14 February 2018"), _fuzzy("23 & 24 July 2018")
    shown = programme_text(1, challenge, fieldwork, {"self_assessment"}, events)
    yield _entry("the programme (Show the programme)", "ephemeral reply to the clicker", shown)
    outstanding = next_steps(challenge, fieldwork, {"self_assessment"}, True, False)
    status = status_blocks(
        7, 1, _people(), (challenge, fieldwork), 2018, ["self-assessment"], (2, 1, 3, 1), None, outstanding
    )
    yield _entry("/peer status", "ephemeral reply", "Triad 1 status", status)
    for kind, reply in (
        ("/peer help", overview(False, Place(1, 1, "C0TRIAD", "host DCS"), [], ["U0COORD"])),
        ("/peer help: a coordinator elsewhere", overview(True, None, [], ["U0COORD"])),
        ("/peer help: someone outside the programme", overview(False, None, [], ["U0COORD"])),
    ):
        yield _entry(kind, "ephemeral reply", "", reply.blocks)


def proposals() -> Iterator[Entry]:
    """What the triad's channel and a coordinator see of a proposal: lines of enquiry, a visiting team, triads."""
    from bot.rules.focus import LineState
    from bot.rules.triad_suggestion import Group, Proposal
    from bot.rules.visiting_team import AcceptState
    from handlers.blocks import focus, suggestion, visiting_team

    for status, host, visitor in (("proposed", "U0HOST", None), ("agreed", "U0HOST", "U0VISIT")):
        state = LineState(status, host, visitor)
        shown = focus.proposal_blocks(7, 2, TYPED, "U0OBS", state, "U0HOST", "U0VISIT")
        yield _entry(f"line of enquiry: {status}", "triad channel (updated as DCSs agree)", "", shown)
    listed = [focus.Listed(2, TYPED, LineState("agreed", "U0HOST", "U0VISIT"), ("Early help",)),
              focus.Listed(3, "How well do we hear the child?", LineState("proposed", "U0HOST", None))]  # fmt: skip
    yield _entry("/peer focus list", "ephemeral reply", "", focus.lines_blocks(7, 1, listed, False))
    form = focus.propose_modal(7, 1, "C1").to_dict()
    yield _entry("modal: propose a line of enquiry", "modal", form["title"]["text"], form["blocks"])
    members = [
        {"user_id": "U0VISIT", "authority": "Medway", "seniority": "director", "expertise": ["early help"], "score": 2},
        {"user_id": "U0OBS", "authority": TYPED, "seniority": "head of service", "expertise": [TYPED], "load": 1},
    ]
    team = visiting_team.proposal_blocks(
        4, 1, members, 2, True, AcceptState("proposed", None, None), "U0HOST", "U0VISIT"
    )
    yield _entry("visiting team: suggested", "triad channel", "", team)
    yield _entry("visiting team: replaced", "triad channel", "", visiting_team.superseded_blocks(1))
    groups = (Group("Kent", "Medway", ("Surrey",)), Group("Essex", TYPED, ("Slough", "Luton")))
    plan = Proposal(groups, ("Bexley",), (), objective=0, optimal=True, best_bound=0, seconds=1.2)
    yield _entry(
        "triad suggestion", "ephemeral reply to a coordinator", "", suggestion.proposal_blocks(3, "SE 2018", plan)
    )


def work() -> Iterator[Entry]:
    """The fieldwork agenda and the triad's actions, as the channel sees them."""
    from bot.rules.fieldwork import Interview, agenda_facts
    from handlers.blocks import acting, actions, fieldwork
    from storage.models import Action

    interview = Interview(1, date(2018, 7, 23), time(9, 30), time(10, 15), TYPED, "Head of early help", "Room 2",
                          ("U0VISIT", "U0OBS"))  # fmt: skip
    fieldwork_days = _fuzzy("23 & 24 July 2018")
    agenda = fieldwork.agenda_blocks(7, 1, 2018, fieldwork_days, agenda_facts(fieldwork_days, [interview]), [1])
    yield _entry("fieldwork agenda", "ephemeral reply (/peer agenda)", "", agenda)
    booked = f"<@U0HOST> booked interview {fieldwork.interview_line(interview, 2018)}"
    yield _entry("interview booked", "triad channel", booked)
    _, listing = fieldwork.interview_list(1, [interview], 2018)
    yield _entry("interview list", "ephemeral reply (/peer interview list)", "", listing)
    done = Action(
        id=1,
        triad_id=7,
        number=1,
        text="Refresh the early help strategy",
        owner_user_id="U0HOST",
        due_text="28 September 2018",
        due_date=date(2018, 9, 28),
        focus_number=1,
        status="done",
        notes=[],
    )
    open_ = Action(id=2, triad_id=7, number=2, text=TYPED, owner_user_id="U0VISIT", due_text="30 November 2018",
                   due_date=date(2018, 11, 30), focus_number=None, status="open", notes=[])  # fmt: skip
    recorded = actions.recorded_text(2, TYPED, "U0VISIT", date(2018, 11, 30), 1, 2018)
    yield _entry("action recorded", "triad channel", "", acting.with_buttons(recorded, acting.action_buttons(7, 2)))
    yield _entry("progress noted", "ephemeral reply (Add progress)", actions.progress_noted(2))
    text, shown = actions.action_list(1, [done, open_], 2018)
    yield _entry("action list", "ephemeral reply (/peer action list)", text, shown)
    reminder = acting.with_buttons(f"Action 2 is due: {escape(TYPED)}", acting.action_buttons(7, 2))
    note = ":white_check_mark: <@U0VISIT> marked action 2 done."
    acted = acting.acted_blocks([b.to_dict() for b in reminder], note)
    yield _entry("a reminder acted on (its buttons replaced)", "the reminder, updated", note, acted)


def summit() -> Iterator[Entry]:
    """The summit brief as `/peer summit` posts it: one host shared everything, the other nothing (named too)."""
    from bot.rules.reminder_plan import RoundEvents
    from bot.rules.themes import ThemeCount
    from bot.rules.timeline import Timeline
    from bot.services.summit import ActionCounts, FollowUpCounts, SummitBrief, SummitTriad
    from handlers.summit.message import brief_blocks, brief_view, fallback_text

    challenge, fieldwork = _fuzzy("14 February 2018"), _fuzzy("23 & 24 July 2018")
    counts = ActionCounts(recorded=3, done=1, in_progress=1, not_started=1)
    shared = SummitTriad(
        1, frozenset({"lines", "summary", "files", "action_themes"}), "Kent", "Medway", TYPED, challenge, fieldwork,
        2, ((TYPED, ("Early help",)), ("Step-down", ())), counts, "requested", date(2018, 11, 23),
    )  # fmt: skip
    unshared = SummitTriad(
        2, frozenset(), TYPED, "Surrey", "Essex", _fuzzy("7 September"), fieldwork, 1, None, None, None, None
    )  # fmt: skip
    today = date(2019, 2, 14)
    brief = SummitBrief(
        "SE 2018", "Europe/London", today, RoundEvents("SE 2018", _fuzzy("10 January 2018"), _fuzzy("14 March 2019")),
        (shared, unshared), (ThemeCount("early_help", "Early help", 1, 3),), ("SE 2017",), counts,
        FollowUpCounts(wanted=1, not_answered=1), Timeline((), (), date(2018, 1, 1), date(2019, 3, 31), today),
    )  # fmt: skip
    yield _entry("summit brief", "a channel (/peer summit), its timeline picture after it", fallback_text(brief),
                 brief_blocks(brief))  # fmt: skip
    view = brief_view(brief).to_dict()
    yield _entry("modal: the full summit brief", "modal", view["title"]["text"], view["blocks"])


def sharing() -> Iterator[Entry]:
    """What a host chooses to share, and what `/peer archive search` answers."""
    from bot.rules.sharing import Audience, ShareableItem, ShareKind
    from bot.services.sharing import ArchiveHit, ShareOption, SharePreview
    from handlers.blocks.sharing import archive_results, share_modal

    options = [
        ShareOption(ShareKind.LINES, ShareableItem(ShareKind.LINES, f"1. {TYPED}", {}), Audience.REGION),
        ShareOption(ShareKind.SUMMARY, ShareableItem(ShareKind.SUMMARY, TYPED, {}), Audience.NOBODY),
        ShareOption(ShareKind.FILES, None, Audience.NOBODY),
        ShareOption(ShareKind.ACTION_THEMES, None, Audience.NOBODY),
    ]
    view = share_modal(SharePreview(7, 1, "Kent", options), "C1").to_dict()
    yield _entry("modal: share the record", "modal", view["title"]["text"], view["blocks"])
    hit = ArchiveHit(
        "SE 2018", 1, "Kent", True, [TYPED], f"Partners value the {TYPED}.",
        [{"kind": "report", "name": "report.pdf", "permalink": "https://example.org/report"}],
        [["Early help", [TYPED]]],
    )  # fmt: skip
    for kind, hits in (("archive search: found", [hit]), ("archive search: nothing", [])):
        text, shown = archive_results("front door", ["front", "door"], hits)
        yield _entry(kind, "ephemeral reply (/peer archive search)", text, shown)


def modals() -> Iterator[Entry]:
    from handlers.blocks import acting, sharing, suggestion
    from handlers.views import forms, import_form, reviewer_form, themes

    views: list[tuple[str, Any]] = [
        ("modal: new triad", forms.triad_new_modal(["Kent", "Medway", TYPED], ["SE 2018"], "SE 2018", "C1")),
        ("modal: new round", forms.round_new_modal("Europe/London")),
        ("modal: add an authority", forms.authority_add_modal("C1")),
        ("modal: coordinators", forms.coordinators_modal(["U0COORD"], ["U0COORD"], "C1")),
        ("modal: triad dates", forms.dates_modal(7, 1, _fuzzy("February 2018"), None)),
        ("modal: round dates", forms.round_dates_modal(1, "SE 2018", _fuzzy("10 January 2018"), None)),
        ("modal: record an action", forms.action_modal(7, 1, [(1, TYPED)], "C1", text=TYPED)),
        ("modal: add an interview", forms.interview_modal(7, 1, "C1", None)),
        ("modal: custom reminder", forms.remind_modal(7, 1, "C1")),
        ("modal: action progress", acting.progress_modal(7, 1, 2, TYPED, "C1")),
        ("modal: findings", sharing.findings_modal(7, 1, "C1", TYPED)),
        ("modal: attach to the record", sharing.attach_modal(7, 1, "C1", [{"name": "self-assessment.pdf"}])),
        ("modal: swap two authorities", suggestion.edit_modal(3, None, ["Kent", "Medway", "Surrey"])),
        ("modal: add a theme", themes.topic_add_modal("C1")),
        ("modal: add a reviewer", reviewer_form.reviewer_add_modal(["Kent", TYPED], "C1")),
        ("modal: import from CSV", import_form.import_modal("C1")),
    ]
    for kind, view in views:
        shown = view.to_dict()
        title = (shown.get("title") or {}).get("text", "")
        yield _entry(kind, "modal", title, shown.get("blocks"))


def home() -> Iterator[Entry]:
    """The Home tab: a newcomer's; a coordinator's and a DCS's with a triad, a planned reminder and an open action;
    a coordinator's before any triad."""
    from bot.rules.reminder_plan import RoundEvents
    from bot.rules.triads import NextStep, Outstanding
    from bot.services.home import HomeAction, HomeData, HomeReminder, HomeTriad
    from handlers.blocks.home import home_view
    from storage.models import Action, Authority, Reminder, Round, Triad

    shown = home_view(HomeData(user_id="U0HOST", zone=ZONE), NOW).to_dict()
    yield _entry("Home: nothing yet", "the App Home tab", "", shown["blocks"])
    kent, medway, other = Authority(name="Kent"), Authority(name="Medway"), Authority(name=TYPED)
    round_ = Round(name="SE 2018")
    triad = Triad(id=7, number=1, round=round_, host=kent, visitor=medway, observer=other, channel_id="C1")
    events = RoundEvents("SE 2018", _fuzzy("10 January 2018"), _fuzzy("March 2019"))
    item = HomeTriad(
        triad, ["host DCS"], ZONE, _fuzzy("14 February 2018"), _fuzzy("23 & 24 July 2018"),
        [Outstanding(NextStep.REPORT)], {"self_assessment"}, agreed_lines=2, open_actions=1, round_events=events,
    )  # fmt: skip
    facts = _reminder_samples()[9][2].model_dump(mode="json")
    reminder = Reminder(kind="report_due", recipient="C1", text="", facts=facts, due_at=NOW.replace(month=9))
    action = Action(id=2, triad_id=7, number=2, text=TYPED, owner_user_id="U0HOST", due_text="30 November 2018",
                    due_date=date(2018, 11, 30), status="open", notes=[])  # fmt: skip
    data = HomeData(
        user_id="U0HOST", zone=ZONE, is_coordinator=True, round_name="SE 2018", round_events=events,
        round_triads=[item], triads=[item], reminders=[HomeReminder(reminder, ZONE, to_you=False)],
        actions=[HomeAction(action, 1, ZONE)],
    )  # fmt: skip
    yield _entry("Home: a coordinator in a triad", "the App Home tab", "", home_view(data, NOW).to_dict()["blocks"])
    dcs = HomeData(user_id="U0HOST", zone=ZONE, triads=[item], reminders=data.reminders, actions=data.actions)
    yield _entry("Home: a DCS in a triad", "the App Home tab", "", home_view(dcs, NOW).to_dict()["blocks"])
    first = home_view(HomeData(user_id="U0COORD", zone=ZONE, is_coordinator=True), NOW).to_dict()
    yield _entry("Home: a coordinator before any round", "the App Home tab", "", first["blocks"])
    newcomer = home_view(HomeData(user_id="U0COORD", zone=ZONE, is_coordinator=True, has_round=True), NOW).to_dict()
    yield _entry("Home: a coordinator before any triad", "the App Home tab", "", newcomer["blocks"])


# --------------------------------------------------------------------- refusals and date problems

# Sample facts by name (a template takes what it names); codes whose wording reads a fact of another
# shape get theirs below.
FACTS: dict[str, Any] = {
    "task": "form_triad", "number": 3, "name": TYPED, "round": "SE 2018", "user": "U0VISIT", "host": "Kent",
    "visitor": "Medway", "observer": "Surrey", "host_dcs": "U0HOST", "visiting_dcs": "U0VISIT", "dcs": "U0HOST",
    "authority": "Kent", "kind": "challenge", "reason": "the date is not readable.", "given": TYPED,
    "count": 2, "seconds": 20, "names": ["Kent", TYPED], "members": ["U0VISIT", "U0OBS"], "cap": 2,
    "why": "removed", "known": ["Kent", "Medway"], "status": "sent", "step": "report", "role": "visitor",
    "label": TYPED, "link": "https://example.org/report", "term": TYPED, "word": TYPED, "waiting_for": "visiting DCS",
    "former": "U0OBS", "other_role": "observer", "option": "sit-out", "due": "28 September 2018",
    "challenge": "February 2018", "fieldwork": "23 & 24 July 2018", "orientation": "January 2018",
    "summit": "March 2019", "tz": "Europe/London", "limit": 3000, "length": 3412, "more": 0, "triad": 1,
    "lines": [1, 2], "numbers": [1, 2], "near": ["Kent"], "rounds": ["SE 2017", "SE 2018"],
}  # fmt: skip


def _special_facts() -> dict[str, dict[str, Any]]:
    """Facts of another shape than FACTS, by the code's "Enum.MEMBER" name."""
    from types import SimpleNamespace

    from bot.rules.dates import DateError, DateProblem
    from bot.rules.fieldwork import Clash, Interview
    from bot.rules.imports import ImportProblem, RowProblem
    from bot.rules.limits import Field
    from bot.rules.visiting_team import Constraint
    from bot.services.fieldwork import SeenClash

    bad_date = DateError(DateProblem.UNREADABLE_DATE, given=TYPED)
    other = Interview(2, date(2018, 7, 23), time(9, 30), time(10, 15), TYPED, None, None, ("U0VISIT",), 2)
    answered = SimpleNamespace(
        number=1, host=SimpleNamespace(dcs_user_id="U0HOST"), follow_up_answered_by="U0HOST",
        follow_up_status="requested",
    )  # fmt: skip
    return {
        "LimitRefusal.TOO_LONG": {"field": Field.ACTION},
        "ReminderRefusal.IN_THE_PAST": {"due_at": NOW, "zone": ZONE, "tomorrow": date(2018, 6, 5)},
        "RoundRefusal.UNREADABLE_DATE": {"kind": "summit", "reason": bad_date},
        "TriadRefusal.UNREADABLE_DATE": {"reason": bad_date},
        "SharingRefusal.NOT_FILE_OWNER": {"kind": "report"},
        "SharingRefusal.NOTHING_TO_SHARE": {"kind": "summary"},
        "SharingRefusal.CHANGED_SINCE_SHOWN": {"kind": "lines"},
        "SuggestionRefusal.INFEASIBLE": {"constraints": ["keep_apart"], "count": 6},
        "FieldworkRefusal.DOUBLE_BOOKED": {"clashes": [SeenClash(Clash("U0VISIT", other), stakeholder_visible=True)]},
        "FollowUpRefusal.ALREADY_ANSWERED": {"triad": answered},
        "ImportRefusal.NOT_IMPORTED": {
            "kind": "authorities",
            "problems": (RowProblem(4, ImportProblem.DUPLICATE_COLUMN, {"column": "DCS"}),),
            "more": 2,
        },
        "TeamRefusal.INFEASIBLE": {
            "eligible": 2,
            "authorities": 1,
            "pool": 9,
            "from_host": 3,
            "overloaded": 4,
            "cap": 2,
            "team_min": 3,
            "constraint": Constraint.TEAM_SIZE,
        },  # fmt: skip
    }


def refusals() -> Iterator[Entry]:
    from bot.services.errors import Refused
    from handlers.refusals import REFUSALS, word

    special = _special_facts()
    for name, code in sorted((f"{type(c).__name__}.{c.name}", c) for c in REFUSALS):
        text = word(Refused(code, **(FACTS | special.get(name, {}))))
        yield _entry(f"refusal: {name}", "ephemeral reply or modal error", text, made="table")


DATE_FACTS: dict[str, Any] = {
    "given": '23 Julyy 2018 <script>', "length": 140, "limit": 100, "month": 13, "earlier": date(2018, 7, 23),
    "later": date(2018, 7, 26), "span": 9, "first": date(2018, 7, 23), "part": None, "day": 31, "year": 2108,
    "weekday": 0, "word": "Julyy", "token": "25:00", "unit": "fortnights",
}  # fmt: skip
DATE_SPECIAL: dict[str, dict[str, Any]] = {
    "MONTH_TOO_SHORT": {"month": 2, "year": 2018, "length": 28},
    "WRONG_WEEKDAY": {"day": date(2018, 7, 24)},
    "NO_YEAR": {"month": 7, "day": 23},
}


def date_problems() -> Iterator[Entry]:
    from bot.rules.dates import DateError, DateProblem
    from handlers.words.dates import describe

    for problem in DateProblem:
        facts = DATE_FACTS | DATE_SPECIAL.get(problem.name, {})
        text = describe(DateError(problem, **facts))
        yield _entry(f"date problem: {problem.name}", "ephemeral reply or modal error", text, made="table")


# the clock's reminders are built above; a file's comment is the message Slack shows with it
DEMO_KINDS = {"message": "message in", "reply": "ephemeral reply in", "file": "file shared in"}
PLAIN_WORD = re.compile(r"(?<![\w:<@#*])[a-z]+(?![\w:>*-])")  # a lower-case word: no name, number, emoji or id


def demo_entries(transcript: dict) -> list[Entry]:
    """The messages and replies a `peerbot demo` run sent (those worded inside a command, with no builder of
    their own), one of each shape: its first two lower-case words (no names, numbers, people or emoji)."""
    seen: set[str] = set()
    out: list[Entry] = []
    for conversation in transcript["conversations"]:
        for sent in conversation["entries"]:
            if sent["kind"] not in DEMO_KINDS:
                continue
            shown = visible_text(sent)
            shape = " ".join(PLAIN_WORD.findall(shown)[:2])
            if shape in seen:
                continue
            seen.add(shape)
            first = shown.strip().splitlines()[0] if shown.strip() else "(no words)"
            where = f"{DEMO_KINDS[sent['kind']]} {conversation['title']}"
            out.append(Entry(f"demo: {first[:70]}", where, "demo run", sent.get("text") or shown, sent.get("blocks"),
                             words(shown)))  # fmt: skip
    return out


SOURCES: tuple[Callable[[], Iterator[Entry]], ...] = (
    reminders,
    messages,
    proposals,
    work,
    summit,
    sharing,
    modals,
    home,
    refusals,
    date_problems,
)


def catalogue() -> list[Entry]:
    return [entry for source in SOURCES for entry in source()]


# --------------------------------------------------------------------- the page


def figures(entries: list[Entry]) -> list[str]:
    sizes = [e.words for e in entries]
    longest = sorted(entries, key=lambda e: -e.words)[:5]
    return [
        f"{len(entries)} messages, modals and views; words: median {statistics.median(sizes):g}, most {max(sizes)}",
        "longest: " + "; ".join(f"{e.kind} ({e.words})" for e in longest),
    ]


MADE = {"builder": "its builder", "table": "its words' table", "demo run": "capture from a demo run"}


def _entry_html(entry: Entry) -> str:
    body = blocks_html(entry.blocks, NAMES) if entry.blocks else mrkdwn(entry.text, NAMES)
    return (
        f'<div class="entry"><b>{html.escape(entry.kind)}</b> <span class="tag">{entry.words} words</span>'
        f'<span class="only">{html.escape(entry.surface)} · made by {MADE[entry.made]}</span>'
        f'<div class="body">{body}</div></div>'
    )


def write(out: Path, *, demo: bool = False) -> tuple[list[Entry], list[Path]]:
    """DIR/index.html and DIR/messages.json; the folder is made if it is not there. ``demo``: also what a
    `peerbot demo` run into DIR/demo sends that has no builder of its own."""
    entries = catalogue()
    out.mkdir(parents=True, exist_ok=True)
    if demo:
        from bot.demo.run import run_demo

        run_demo(out / "demo", say=lambda line: None)
        entries += demo_entries(json.loads((out / "demo" / "transcript.json").read_text(encoding="utf-8")))
    summary = html.escape("\n".join(figures(entries)))
    page = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Every message of the app</title>'
        f'<style>{STYLE}</style></head><body><h1>Every message of the app</h1><div class="summary">{summary}</div>'
        + "".join(_entry_html(e) for e in entries)
        + "</body></html>\n"
    )
    paths = [out / "index.html", out / "messages.json"]
    paths[0].write_text(page, encoding="utf-8")
    shown = [e.as_json() for e in entries]
    paths[1].write_text(json.dumps(shown, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return entries, paths
