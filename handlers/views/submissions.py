"""Submitted forms: read the fields, call the same use case as the typed command, answer in the modal.

A mistake comes back on the field that is wrong (`response_action: errors`), the modal stays open
and nothing is written. Once accepted, the modal closes and the slow work happens after the ack.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.rules import limits
from bot.rules.dates import DateError, parse_fuzzy_date, parse_local_datetime, parse_slot
from bot.rules.limits import Field, LimitRefusal, too_long
from bot.rules.refusals import Refused
from bot.rules.roles import RoleRefusal
from bot.rules.triads import TriadRefusal
from bot.services import access, admin
from bot.services import actions as action_service
from bot.services import custom_reminders as reminder_service
from bot.services import fieldwork as fieldwork_service
from bot.services import focus as focus_service
from bot.services import rounds as round_service
from bot.services import triads as triad_service
from bot.services.access import AccessRefusal
from bot.services.actions import ActionRefusal
from bot.services.custom_reminders import ReminderRefusal
from bot.services.fieldwork import FieldworkRefusal, Slot
from bot.services.rounds import RoundRefusal
from handlers.blocks.fieldwork import interview_line
from handlers.commands.actions import post_recorded
from handlers.commands.context import CommandContext
from handlers.commands.reminders import local_text
from handlers.commands.rounds import round_dates_said
from handlers.commands.triads import dates_summary, form_triad_with_channel, forming_text
from handlers.events.home import publish_home
from handlers.mistakes import Mistake
from handlers.mrkdwn import escape
from handlers.payloads import who_acted
from handlers.people import PersonProblem, check_people, lookups_within
from handlers.refusals import plain_word, word
from handlers.views.forms import (
    ACTION_ADD,
    AUTHORITY_ADD,
    COORDINATORS,
    DATES,
    INTERVIEW_ADD,
    MAX_NAME,
    ORIENTATION_MATERIAL,
    RECORD_AS_ACTION,
    REMIND,
    ROUND_DATES,
    TRIAD_NEW,
    action_modal,
    metadata,
    value,
)
from handlers.words.dates import describe
from storage.db import transaction

logger = logging.getLogger(__name__)


def _dm(client: WebClient, user_id: str) -> Callable[[str], None]:
    """Words after a form closes go to the person's DM with the app."""

    def tell(text: str) -> None:
        try:
            client.chat_postMessage(channel=user_id, text=text)
        except SlackApiError as exc:
            logger.warning("could not DM %s: %s", user_id, exc.response.get("error"))

    return tell


def _errors(ack: Ack, field: str, text: str) -> None:
    ack(response_action="errors", errors={field: text})


def _triad_field(exc: Refused) -> str:
    """The field of the triad form a refusal is about."""
    if exc.code == RoleRefusal.SAME_AUTHORITY_TWICE:
        return exc.facts["other_role"]
    if exc.code == TriadRefusal.AUTHORITY_NOT_FOUND:
        return exc.facts["role"]
    if exc.code in (TriadRefusal.NO_SUCH_ROUND, TriadRefusal.NO_ROUND_YET):
        return "round"
    return "host"


def _dates_field(exc: Refused) -> str:
    if exc.code == TriadRefusal.UNREADABLE_DATE:
        return exc.facts["kind"]
    return "fieldwork" if exc.code == TriadRefusal.FIELDWORK_BEFORE_CHALLENGE else "challenge"


# Neither part runs past a "<" (Slack sends a typed one as &lt;), so a search is linear in the text: the
# label's [^>]* ran to the end from every "<https://…|" when no ">" followed (44k characters: 1.5 s).
_MESSAGE_LINK = re.compile(r"<(https?://[^|<>\s]+)(?:\|[^<>]*)?>")


def material_of(message: dict) -> str | None:
    """The link a message carries: its first file's permalink, else the first link in its text."""
    for file in message.get("files") or []:
        link = file.get("permalink") or file.get("url_private")
        if isinstance(link, str) and link:
            return link
    found = _MESSAGE_LINK.search(message.get("text") or "")
    return found.group(1) if found else None


def _round_dates_field(exc: Refused) -> str:
    if exc.code == RoundRefusal.UNREADABLE_DATE:
        return exc.facts["kind"]
    return "summit" if exc.code == RoundRefusal.SUMMIT_BEFORE_ORIENTATION else "orientation"


def register(app: App, deps) -> None:
    sessions, settings, now = deps.sessions, deps.settings, deps.now

    def context(who: access.Actor, channel: str, client: WebClient) -> CommandContext:
        return CommandContext.for_form(who, channel, sessions, settings, client, now, _dm(client, who.user_id))

    def refresh_home(client: WebClient, who: access.Actor) -> None:
        publish_home(client, sessions, settings, who.team_id, who.user_id, now())

    def on_triad_new(ack: Ack, body: dict, view: dict, client: WebClient) -> None:
        team_id, user_id = who_acted(body)
        names = {role: value(view, role, "authority") or "" for role in ("host", "visitor", "observer")}
        try:
            with transaction(sessions) as session:
                who = access.actor(session, team_id, user_id, settings.peer_coordinators)
                plan = triad_service.plan_triad(session, who, names, value(view, "round", "round"))
        except Refused as exc:
            _errors(ack, _triad_field(exc), plain_word(exc))
            return
        ack()
        ctx = context(who, metadata(view).get("channel", ""), client)
        ctx.tell(forming_text(plan))
        form_triad_with_channel(ctx, plan)
        refresh_home(client, who)

    def on_authority_add(ack: Ack, body: dict, view: dict, client: WebClient) -> None:
        team_id, user_id = who_acted(body)
        name = " ".join((value(view, "name", "name") or "").split())
        dcs, team = value(view, "dcs", "dcs"), value(view, "team", "team") or []
        if not name or len(name) > MAX_NAME:
            _errors(ack, "name", f"Give the authority's name, under {MAX_NAME} characters.")
            return
        for field, people, role in (
            ("dcs", [dcs] if dcs else [], "an authority's DCS"),
            ("team", team, "on an authority's team"),
        ):
            try:
                check_people(client, people, role)
            except PersonProblem as exc:
                _errors(ack, field, str(exc))
                return
        if not dcs:
            _errors(ack, "dcs", "Choose the authority's DCS.")
            return
        try:
            with transaction(sessions) as session:
                who = access.actor(session, team_id, user_id, settings.peer_coordinators)
                authority = admin.add_authority(session, who, name, dcs, team)
                members = list(authority.team_user_ids)
        except Refused as exc:
            _errors(ack, "name", plain_word(exc))
            return
        ack()
        team_text = ", ".join(f"<@{u}>" for u in members) or "none yet"
        _dm(client, user_id)(f":white_check_mark: {escape(name)} registered: DCS <@{dcs}>, team {team_text}.")
        refresh_home(client, who)

    def on_coordinators(ack: Ack, body: dict, view: dict, client: WebClient) -> None:
        """The coordinators' form: the same checks as `/peer coordinator add|remove`, on the whole set."""
        team_id, user_id = who_acted(body)
        wanted = list(dict.fromkeys(value(view, "coordinators", "coordinators") or []))
        with transaction(sessions) as session:
            current = access.actor(session, team_id, user_id, settings.peer_coordinators).coordinators
        try:
            check_people(client, [u for u in wanted if u not in current], "a coordinator")
        except PersonProblem as exc:
            _errors(ack, "coordinators", str(exc))
            return
        try:
            with transaction(sessions) as session:
                who = access.actor(session, team_id, user_id, settings.peer_coordinators)
                change = admin.set_coordinators(session, who, wanted, now())
        except Refused as exc:
            _errors(ack, "coordinators", word(exc))
            return
        ack()
        said = [f"added {', '.join(f'<@{u}>' for u in change.added)}"] if change.added else []
        said += [f"removed {', '.join(f'<@{u}>' for u in change.removed)}"] if change.removed else []
        _dm(client, user_id)(
            f":white_check_mark: Coordinators of this workspace: {'; '.join(said)}."
            if said
            else "No change to the coordinators."
        )
        refresh_home(client, who)

    def on_dates(ack: Ack, body: dict, view: dict, client: WebClient) -> None:
        team_id, user_id = who_acted(body)
        texts = {k: (value(view, k, "date") or "").strip() for k in ("challenge", "fieldwork")}
        texts = {k: v for k, v in texts.items() if v}
        provisional = "provisional" in (value(view, "provisional", "provisional") or [])
        if not texts:
            _errors(ack, "challenge", "Give the challenge session or the fieldwork dates (or both).")
            return
        triad_id = metadata(view).get("triad_id")
        try:
            with transaction(sessions) as session:
                who = access.actor(session, team_id, user_id, settings.peer_coordinators)
                if not isinstance(triad_id, int):
                    raise Refused(AccessRefusal.TRIAD_GONE)
                triad = access.triad_by_id(session, who, triad_id)
                result = triad_service.set_dates(session, who, triad, texts, provisional, now())
        except Refused as exc:
            _errors(ack, _dates_field(exc), plain_word(exc))
            return
        ack()
        said, nudge, warning = dates_summary(result)
        ctx = context(who, result.channel_id or "", client)
        ctx.post_to_channel(result.channel_id, f":calendar: <@{user_id}> set the dates — {said}.{nudge}")
        if warning:
            ctx.tell(warning.strip())
        refresh_home(client, who)

    def on_round_dates(ack: Ack, body: dict, view: dict, client: WebClient) -> None:
        team_id, user_id = who_acted(body)
        meta = metadata(view)
        had: list = meta["had"] if isinstance(meta.get("had"), list) else []
        texts: dict[str, str | None] = {}
        for kind in ("orientation", "summit"):
            text = (value(view, kind, "date") or "").strip()
            if text:
                texts[kind] = text
            elif kind in had:
                texts[kind] = None  # emptied: the date is removed
        if not texts:
            _errors(ack, "orientation", "Give the orientation or the summit date (or both).")
            return
        provisional = "provisional" in (value(view, "provisional", "provisional") or [])
        round_id = meta.get("round_id")
        try:
            with transaction(sessions) as session:
                who = access.actor(session, team_id, user_id, settings.peer_coordinators)
                if not isinstance(round_id, int):
                    raise Refused(RoundRefusal.NO_SUCH_ROUND, name="?")
                result = round_service.set_round_dates(session, who, None, texts, provisional, now(), round_id=round_id)
        except Refused as exc:
            _errors(ack, _round_dates_field(exc), plain_word(exc))
            return
        ack()
        said = round_dates_said(result)
        ctx = context(who, "", client)
        for channel in result.channels:
            ctx.post_to_channel(
                channel, f":calendar: <@{user_id}> set the round's dates ({escape(result.round_name)}) — {said}."
            )
        ctx.tell(f":white_check_mark: {escape(result.round_name)}: {said}.")
        refresh_home(client, who)

    def on_action_add(ack: Ack, body: dict, view: dict, client: WebClient) -> None:
        team_id, user_id = who_acted(body)
        text = " ".join((value(view, "text", "text") or "").split())
        owner, due_text, focus_text = (
            value(view, "owner", "owner"),
            value(view, "due", "due"),
            value(view, "focus", "focus"),
        )
        for field, missing, words in (
            ("text", not text, "Say what the action is."),
            ("owner", not owner, "Choose who owns the action."),
            ("due", not due_text, "Pick the day it is due."),
        ):
            if missing:
                _errors(ack, field, words)
                return
        meta = metadata(view)
        triad_id = meta.get("triad_id")
        try:
            with transaction(sessions) as session:
                who = access.actor(session, team_id, user_id, settings.peer_coordinators)
                if not isinstance(triad_id, int):
                    raise Refused(AccessRefusal.TRIAD_GONE)
                triad = access.triad_by_id(session, who, triad_id)
                due = parse_fuzzy_date(due_text, triad.round.year)
                focus_number = int(focus_text) if focus_text and focus_text.isdigit() else None
                added = action_service.add_action(
                    session, who, triad, text, owner, due, focus_number, now(), settings.peer_timezone
                )
                check_people(client, [owner], "an action's owner")  # after the rules: a refusal rolls back
        except PersonProblem as exc:
            _errors(ack, "owner", str(exc))
            return
        except (Refused, DateError) as exc:
            field = (
                "focus"
                if getattr(exc, "code", None) in (ActionRefusal.NO_SUCH_LINE, ActionRefusal.LINE_WITHDRAWN)
                else "text"
            )
            field = (
                "due"
                if isinstance(exc, DateError) or getattr(exc, "code", None) == ActionRefusal.DUE_NOT_ONE_DAY
                else field
            )
            _errors(ack, field, plain_word(exc) if isinstance(exc, Refused) else describe(exc, plain=True))
            return
        ack()
        ctx = context(who, meta.get("channel", ""), client)
        post_recorded(ctx, triad_id, added, user_id)
        for person in dict.fromkeys([user_id, owner]):
            publish_home(client, sessions, settings, team_id, person, now())

    def on_record_as_action(ack: Ack, body: dict, shortcut: dict, client: WebClient) -> None:
        """The message shortcut: the action form, with the message's text, for the triad whose channel it is in."""
        ack()
        team_id, user_id = who_acted(body)
        channel_id = (body.get("channel") or {}).get("id", "")
        message_text = (body.get("message") or {}).get("text") or ""
        try:
            with transaction(sessions) as session:
                who = access.actor(session, team_id, user_id, settings.peer_coordinators)
                triad = access.triad_for(session, who, channel_id=channel_id)
                lines = [(line.number, line.text) for line in focus_service.lines_of(session, triad).lines]
                view = action_modal(triad.id, triad.number, lines, channel_id, message_text)
        except Refused as exc:
            _tell_in(client, channel_id, user_id, f":x: {word(exc)}")
            return
        try:
            client.views_open(trigger_id=body.get("trigger_id"), view=view)
        except SlackApiError as exc:
            _tell_in(
                client,
                channel_id,
                user_id,
                f":x: I couldn't open the action form ({exc.response.get('error')}). Try `/peer action add` instead.",
            )

    def on_orientation_material(ack: Ack, body: dict, shortcut: dict, client: WebClient) -> None:
        """The message shortcut: a coordinator makes a posted file (or a message's link) the latest
        round's orientation material, linked from every triad's welcome and the orientation reminders."""
        ack()
        team_id, user_id = who_acted(body)
        channel_id = (body.get("channel") or {}).get("id", "")
        link = material_of(body.get("message") or {})
        if link is None:
            _tell_in(
                client, channel_id, user_id, ":x: That message has no file or link to use as the orientation material."
            )
            return
        try:
            with transaction(sessions) as session:
                who = access.actor(session, team_id, user_id, settings.peer_coordinators)
                result = round_service.set_orientation_material(session, who, None, link, now())
        except Refused as exc:
            _tell_in(client, channel_id, user_id, f":x: {word(exc)}")
            return
        _tell_in(
            client,
            channel_id,
            user_id,
            f":white_check_mark: {escape(result.round_name)}: <{escape(link)}|this> is now the orientation material, "
            "linked from every triad's welcome and the orientation reminders.",
        )

    def triad_of_form(session, who: access.Actor, view: dict):
        triad_id = metadata(view).get("triad_id")
        if not isinstance(triad_id, int):
            raise Refused(AccessRefusal.TRIAD_GONE)
        return access.triad_by_id(session, who, triad_id)

    # The interview form's block for each field a too-long value is refused on.
    interview_blocks = {Field.SLOT: "day", Field.STAKEHOLDER: "stakeholder", Field.ROLE: "role", Field.PLACE: "where"}

    def on_interview_add(ack: Ack, body: dict, view: dict, client: WebClient) -> None:
        team_id, user_id = who_acted(body)
        day, start, end = value(view, "day", "day"), value(view, "start", "start"), value(view, "end", "end")
        stakeholder = " ".join((value(view, "stakeholder", "stakeholder") or "").split())
        role = " ".join((value(view, "role", "role") or "").split()) or None
        place = " ".join((value(view, "where", "where") or "").split()) or None
        interviewers = tuple(dict.fromkeys(value(view, "interviewers", "interviewers") or []))
        if not stakeholder:
            _errors(ack, "stakeholder", "Say who is interviewed.")
            return
        if not (day and start and end):
            _errors(ack, "day" if not day else "start", "Pick the day and the times.")
            return
        slot_text = f"{day} {start}-{end}"
        try:
            with transaction(sessions) as session:
                who = access.actor(session, team_id, user_id, settings.peer_coordinators)
                triad = triad_of_form(session, who, view)
                parsed_day, start_time, end_time = parse_slot(slot_text, triad.round.year)
                booked = fieldwork_service.book_interview(
                    session, who, triad, Slot(slot_text, parsed_day, start_time, end_time), stakeholder,
                    role=role, place=place, interviewers=interviewers,
                )  # fmt: skip
                check_people(client, interviewers, "an interviewer")  # a refusal rolls the booking back
        except PersonProblem as exc:
            _errors(ack, "interviewers", str(exc))
            return
        except DateError as exc:
            _errors(ack, "end", describe(exc, plain=True))
            return
        except Refused as exc:
            fields: dict[object, str] = {
                FieldworkRefusal.NOT_A_MEMBER: "interviewers",
                FieldworkRefusal.DOUBLE_BOOKED: "start",
            }
            field = fields.get(exc.code, "day")
            if exc.code == LimitRefusal.TOO_LONG:
                field = interview_blocks.get(exc.facts["field"], "day")
            _errors(ack, field, plain_word(exc))
            return
        ack()
        summary = interview_line(booked.interview)
        ctx = context(who, metadata(view).get("channel", ""), client)
        ctx.post_to_channel(booked.channel_id, f":spiral_calendar_pad: <@{user_id}> booked interview {summary}")
        for warning in booked.warnings:
            ctx.tell(f":warning: {escape(warning)}")

    def on_remind(ack: Ack, body: dict, view: dict, client: WebClient) -> None:
        team_id, user_id = who_acted(body)
        text = " ".join((value(view, "text", "text") or "").split())
        day, at_time = value(view, "day", "day"), value(view, "time", "time")
        if not text:
            _errors(ack, "text", "Say what to remind the channel of.")
            return
        if len(text) > limits.REMINDER:  # Slack's max_length stops it in the client; a forged submission lands here
            _errors(ack, "text", too_long("reminder", len(text), limits.REMINDER))
            return
        if not (day and at_time):
            _errors(ack, "day", "Pick the day and the time.")
            return
        try:
            with transaction(sessions) as session:
                who = access.actor(session, team_id, user_id, settings.peer_coordinators)
                triad = triad_of_form(session, who, view)
                at = parse_local_datetime(f"{day} {at_time}", triad.round.year)
                created = reminder_service.set_reminder(
                    session, who, triad, f":alarm_clock: Reminder from <@{user_id}>: {escape(text)}", now(),
                    at=at, fallback_zone=settings.peer_timezone,
                )  # fmt: skip
        except DateError as exc:
            _errors(ack, "day", describe(exc, plain=True))
            return
        except Refused as exc:
            _errors(ack, "day" if exc.code == ReminderRefusal.IN_THE_PAST else "text", plain_word(exc))
            return
        ack()
        _dm(client, user_id)(
            f":alarm_clock: Reminder {created.number} set for {local_text(created.due_at, created.zone)} "
            f"({created.zone.key}), in <#{created.channel_id}>: {escape(text)}"
        )

    for callback_id, listener in (
        (INTERVIEW_ADD, on_interview_add),
        (REMIND, on_remind),
        (TRIAD_NEW, on_triad_new), (AUTHORITY_ADD, on_authority_add), (DATES, on_dates), (ACTION_ADD, on_action_add),
        (ROUND_DATES, on_round_dates), (COORDINATORS, on_coordinators),
    ):  # fmt: skip
        app.view(callback_id)(_guarded(listener))
    app.shortcut(RECORD_AS_ACTION)(on_record_as_action)
    app.shortcut(ORIENTATION_MATERIAL)(on_orientation_material)


def _tell_in(client: WebClient, channel_id: str, user_id: str, text: str) -> None:
    """An ephemeral word where the shortcut was used, else in the person's DM."""
    try:
        client.chat_postEphemeral(channel=channel_id, user=user_id, text=text)
    except SlackApiError:
        _dm(client, user_id)(text)


def _guarded(listener: Callable[..., None]) -> Callable[..., None]:
    """A failure after reading the form closes nothing silently: the person is told, nothing half-written."""

    def run(ack: Ack, body: dict, view: dict, client: WebClient) -> None:
        try:
            with lookups_within():  # people named in the form are checked before the ack: in time
                listener(ack, body, view, client)
        except Mistake as exc:
            ack(response_action="errors", errors={_first_block(view): str(exc)})
        except Exception:
            logger.exception("a form submission failed")
            try:
                ack(
                    response_action="errors",
                    errors={
                        _first_block(view): "Something went wrong on my side and nothing was saved. Please try again."
                    },
                )
            except Exception:  # already acknowledged: the work after the ack failed
                _dm(client, (body.get("user") or {}).get("id", ""))(
                    ":x: Something went wrong on my side after the form closed. Please check and try again."
                )

    return run


def _first_block(view: dict) -> str:
    blocks = view.get("blocks") or [{}]
    return blocks[0].get("block_id") or "name"
