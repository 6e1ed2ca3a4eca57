"""Triads: forming them (with their Slack channel), dates, status, feedback format, steps done."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError

from handlers.commands.parser import CommandArgs
from bot.rules.dates import DateError, FuzzyDate, parse_fuzzy_date
from bot.rules.focus import check_feedback_format
from bot.rules.roles import check_distinct_authorities, may_mark_step
from handlers import blocks
from handlers.channels import invite
from handlers.commands.context import CommandContext, Reply, UserError
from handlers.commands.registry import subcommand
from storage import queries
from storage.db import transaction
from storage.models import StepDone, Triad, TriadDate
from bot.services.replan import replan_triad

logger = logging.getLogger(__name__)

TRIAD_USAGE = '`/peer triad new host:"Oxfordshire" visitor:"Milton Keynes" observer:"Portsmouth" round:"SE 2018"`'
DATES_USAGE = '`/peer dates challenge:"February 2018" fieldwork:"23 & 24 July 2018"` (add `provisional` if not confirmed)'
DATE_KINDS = {"challenge": "challenge session", "fieldwork": "fieldwork"}
STEPS = {"self-assessment": "self_assessment", "data-profile": "data_profile", "report": "report"}
STEP_LABELS = {"self_assessment": "self-assessment", "data_profile": "data profile", "report": "report"}


def fuzzy(row: TriadDate | None) -> FuzzyDate | None:
    if row is None:
        return None
    return FuzzyDate(row.text, row.start, row.end, row.precision, row.provisional)


def triad_dates(triad: Triad) -> tuple[FuzzyDate | None, FuzzyDate | None]:
    return fuzzy(queries.triad_date(triad, "challenge")), fuzzy(queries.triad_date(triad, "fieldwork"))


def steps_done(triad: Triad) -> set[str]:
    return {s.step for s in triad.steps}


class DuplicateHost(Exception):
    def __init__(self, number: int):
        self.number = number


def host_triad(session, team_id: str, plan: "NewTriad") -> int | None:
    """The number of the round's triad that already has this host, if any."""
    for existing in queries.triads(session, team_id, plan.round_id):
        if existing.host_id == plan.host_id:
            return existing.number
    return None


def _archive(client, channel_id: str) -> None:
    try:
        client.conversations_archive(channel=channel_id)
    except SlackApiError:
        logger.warning("could not archive %s", channel_id)


def channel_slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def channel_base_name(year: int | None, host: str) -> str:
    prefix = f"pc-{year}-" if year else "pc-"
    return (prefix + channel_slug(host))[:72].strip("-")


@dataclass(frozen=True)
class NewTriad:
    round_id: int
    round_name: str
    round_year: int | None
    host_id: int
    visitor_id: int
    observer_id: int
    host_name: str


@subcommand("triad", "new", usage='triad new host:"Oxfordshire" visitor:"Milton Keynes" observer:"Portsmouth" [round:"SE 2018"]')
def triad_new(ctx: CommandContext, args: CommandArgs) -> Reply:
    ctx.require_coordinator("form_triad")
    unknown = sorted(set(args.options) - {"host", "visitor", "observer", "round"})
    if unknown:
        raise UserError(f"`{unknown[0]}:` isn't an option of triad new. Write it like {TRIAD_USAGE}")
    if args.positional:
        raise UserError(f"Name the authorities with host:, visitor: and observer:, like {TRIAD_USAGE}")
    names = {}
    for role in ("host", "visitor", "observer"):
        value = args.option(role)
        if not value:
            raise UserError(f"The {role} is missing. Write it like {TRIAD_USAGE}")
        names[role] = value
    if problem := check_distinct_authorities(names["host"], names["visitor"], names["observer"]):
        raise UserError(problem)
    found = {}
    for role, name in names.items():
        authority = queries.authority_by_name(ctx.session, ctx.team_id, name)
        if authority is None:
            raise UserError(f'No authority called "{name}" ({role}). Add it with `/peer authority add "{name}" dcs:@user`, or see `/peer authority list`.')
        found[role] = authority
    round_name = args.option("round")
    if round_name:
        round_ = queries.round_by_name(ctx.session, ctx.team_id, round_name)
        if round_ is None:
            raise UserError(f'There is no round called "{round_name}". Create it with `/peer round new "{round_name}"`.')
    else:
        round_ = queries.latest_round(ctx.session, ctx.team_id)
        if round_ is None:
            raise UserError('There is no round yet: create one first with `/peer round new "SE 2018"`.')
    plan = NewTriad(
        round_.id, round_.name, round_.year, found["host"].id, found["visitor"].id, found["observer"].id, found["host"].name
    )
    if already := host_triad(ctx.session, ctx.team_id, plan):
        raise UserError(f"{found['host'].name} is already the host of triad {already} in {round_.name}.")
    ctx.after_ack(lambda: create_triad_with_channel(ctx, plan))
    return Reply(
        f":hourglass_flowing_sand: Forming the triad for {round_.name}: {found['host'].name} (host), "
        f"{found['visitor'].name} (visitor), {found['observer'].name} (observer). Creating its private channel…"
    )


def create_triad_with_channel(ctx: CommandContext, plan: NewTriad) -> None:
    """After the ack: create the channel, then the triad row, then invite and welcome.

    The row is written only once Slack has given us a channel, so a Slack failure leaves no
    triad behind; if the database write fails, the new channel is archived again.
    """
    client = ctx.client
    with transaction(ctx.sessions) as session:
        if already := host_triad(session, ctx.team_id, plan):  # the same command twice in a second
            ctx.tell(f":x: {plan.host_name} is already the host of triad {already} in {plan.round_name}; no new triad was created.")
            return
        taken = lambda name: queries.channel_name_in_use(session, ctx.team_id, name)  # noqa: E731
        base = channel_base_name(plan.round_year, plan.host_name)
        candidates = [base] + [f"{base}-{n}" for n in range(2, 10)]
        candidates = [c for c in candidates if not taken(c)]
    channel_id = channel_name = None
    for name in candidates:
        try:
            response = client.conversations_create(name=name, is_private=True)
        except SlackApiError as exc:
            error = exc.response.get("error")
            if error == "name_taken":
                continue
            ctx.tell(f":x: Slack would not create the triad's channel ({error}); no triad was created. {_slack_hint(error)}")
            return
        channel_id, channel_name = response["channel"]["id"], response["channel"]["name"]
        break
    if channel_id is None:
        ctx.tell(f":x: Every channel name like #{base} is taken; no triad was created. Rename or archive an old channel and try again.")
        return
    try:
        with transaction(ctx.sessions) as session:
            if already := host_triad(session, ctx.team_id, plan):
                raise DuplicateHost(already)
            triad = Triad(
                team_id=ctx.team_id,
                number=queries.next_triad_number(session, ctx.team_id),
                round_id=plan.round_id,
                host_id=plan.host_id,
                visitor_id=plan.visitor_id,
                observer_id=plan.observer_id,
                channel_id=channel_id,
                channel_name=channel_name,
                created_by=ctx.user_id,
            )
            session.add(triad)
            session.flush()
            triad = queries.triad_by_number(session, ctx.team_id, triad.number)
            coordinators = queries.coordinator_ids(session, ctx.team_id, ctx.settings.peer_coordinators)
            people = queries.triad_people(triad, coordinators)
            number = triad.number
            replan_triad(session, triad, coordinators, ctx.now())
    except DuplicateHost as exc:
        _archive(client, channel_id)
        ctx.tell(f":x: {plan.host_name} is already the host of triad {exc.number} in {plan.round_name}; no new triad was created.")
        return
    except Exception:
        logger.exception("saving triad failed; archiving %s", channel_id)
        _archive(client, channel_id)
        ctx.tell(":x: I couldn't save the triad (the channel I created has been archived). Please try again.")
        return
    not_invited = invite(client, channel_id, people.channel_invitees())
    welcome = blocks.welcome_blocks(number, plan.round_name, people, None, None, set())
    ctx.post_to_channel(channel_id, f"Welcome to triad {number}: {people.host.name}'s peer challenge", welcome)
    summary = f":white_check_mark: Triad {number} formed: <#{channel_id}> — everyone is invited."
    if not_invited:
        summary = (
            f":white_check_mark: Triad {number} formed: <#{channel_id}>. I couldn't invite "
            + ", ".join(f"<@{u}> ({why})" for u, why in not_invited.items())
            + " — check they are in this workspace and invite them by hand."
        )
    ctx.tell(summary)


def _slack_hint(error: str | None) -> str:
    return {
        "restricted_action": "The workspace doesn't let apps create private channels; ask an admin.",
        "missing_scope": "The app needs the groups:write scope; reinstall it from manifest.json.",
        "invalid_name_specials": "The host's name can't make a channel name; rename it in Slack and try again.",
    }.get(error or "", "Please try again, or ask the programme team.")


@subcommand("triad", "list", mutates=False, usage="triad list")
def triad_list(ctx: CommandContext, args: CommandArgs) -> Reply:
    if ctx.is_coordinator():
        rows = queries.triads(ctx.session, ctx.team_id)
    else:
        rows = queries.triads_for_user(ctx.session, ctx.team_id, ctx.user_id)
    if not rows:
        return Reply("You aren't in any triad yet." if not ctx.is_coordinator() else 'No triads yet. Form one with ' + TRIAD_USAGE)
    lines = []
    for t in rows:
        challenge, fieldwork = triad_dates(t)
        channel = f"<#{t.channel_id}>" if t.channel_id else "no channel"
        lines.append(
            f"• *Triad {t.number}* ({t.round.name}) — host {t.host.name}, visitor {t.visitor.name}, observer {t.observer.name} · "
            f"challenge {blocks.date_text(challenge)} · fieldwork {blocks.date_text(fieldwork)} · {channel}"
        )
    return Reply("*Triads*\n" + "\n".join(lines))


@subcommand("dates", usage='dates challenge:"February 2018" fieldwork:"23 & 24 July 2018" [provisional]')
def dates(ctx: CommandContext, args: CommandArgs) -> Reply:
    unknown = sorted(set(args.options) - {"challenge", "fieldwork", "triad"})
    if unknown:
        raise UserError(f"`{unknown[0]}:` isn't a date I keep. Write {DATES_USAGE}")
    words = [t.value.lower() for t in args.positional]
    provisional = any(w in ("provisional", "tbc") for w in words)
    stray = [w for w in words if w not in ("provisional", "tbc")]
    if stray:
        raise UserError(f"I don't understand `{stray[0]}` here. Write {DATES_USAGE}")
    given = {k: args.option(k) for k in DATE_KINDS if args.has(k)}
    if not given:
        raise UserError(f"Say which date to set: {DATES_USAGE}")
    triad = ctx.triad(args.option("triad"))
    year = triad.round.year
    parsed: dict[str, FuzzyDate] = {}
    for kind, text in given.items():
        if not text:
            raise UserError(f"{kind}: is empty. Write {DATES_USAGE}")
        try:
            parsed[kind] = parse_fuzzy_date(text, year, provisional=provisional)
        except DateError as exc:
            raise UserError(f"{DATE_KINDS[kind].capitalize()} date: {exc}") from None
    challenge, fieldwork = triad_dates(triad)
    challenge = parsed.get("challenge", challenge)
    fieldwork = parsed.get("fieldwork", fieldwork)
    warning_days = ""
    if "fieldwork" in parsed and fieldwork.is_exact and len(fieldwork.days()) != 2:
        warning_days = f" :warning: The visit is normally two days; {fieldwork.text} is {len(fieldwork.days())}."

    if challenge and fieldwork and fieldwork.end < challenge.start:
        raise UserError(f"Fieldwork ({fieldwork.text}) can't come before the challenge session ({challenge.text}).")
    for kind, value in parsed.items():
        row = queries.triad_date(triad, kind)
        if row is None:
            row = TriadDate(kind=kind)
            triad.dates.append(row)
        row.text, row.start, row.end = value.text, value.start, value.end
        row.precision, row.provisional, row.set_by = value.precision, value.provisional, ctx.user_id
    ctx.session.flush()
    replan_triad(ctx.session, triad, ctx.coordinators, ctx.now())
    said = "; ".join(f"{DATE_KINDS[k]} {blocks.date_text(v)}" for k, v in parsed.items())
    imprecise = [v for v in parsed.values() if not v.is_exact]
    nudge = " I'll remind the channel to confirm the imprecise date before the reminders that hang on it." if imprecise else ""
    channel = triad.channel_id
    ctx.after_ack(lambda: ctx.post_to_channel(channel, f":calendar: <@{ctx.user_id}> set the dates — {said}.{nudge}"))
    return Reply(f":white_check_mark: Triad {triad.number}: {said}.{warning_days}{nudge}")


@subcommand("status", mutates=False, usage="status [triad:N]")
def status(ctx: CommandContext, args: CommandArgs) -> Reply:
    if args.positional or set(args.options) - {"triad"}:
        raise UserError("`/peer status` takes nothing but an optional triad:N.")
    triad = ctx.triad(args.option("triad"))
    people = queries.triad_people(triad, ctx.coordinators)
    challenge, fieldwork = triad_dates(triad)
    done = steps_done(triad)
    lines = queries.focus_lines(ctx.session, triad.id)
    focus_text = "\n".join(
        f"{l.number}. {l.text} — " + ("*agreed*" if l.status == "agreed" else _waiting(l)) for l in lines
    ) or '_No lines of enquiry yet — `/peer focus propose "…"`_'
    feedback = triad.feedback_format or "_not agreed yet_ (`/peer feedback format:presentation`)"
    steps = ", ".join(STEP_LABELS[s] for s in STEP_LABELS if s in done) or "none yet"
    interviews, open_actions = queries.fieldwork_counts(ctx.session, triad.id)
    body = [
        blocks.HeaderBlock(text=f"Triad {triad.number} — {triad.round.name}"),
        blocks.roles_section(people),
        blocks.section(
            f"*Challenge session:* {blocks.date_text(challenge)}\n*Fieldwork:* {blocks.date_text(fieldwork)}\n"
            f"*Feedback format:* {feedback}\n*Steps done:* {steps}\n"
            f"*Interviews planned:* {interviews} · *open actions:* {open_actions}"
        ),
        blocks.section("*Area of focus*\n" + focus_text),
        blocks.section("*What comes next*\n" + "\n".join(next_steps(triad, challenge, fieldwork, done, lines))),
    ]
    return Reply(f"Triad {triad.number} status", body)


def _waiting(line) -> str:
    if line.host_agreed_by:
        return "proposed, agreed by the host DCS, waiting for the visiting DCS"
    if line.visitor_agreed_by:
        return "proposed, agreed by the visiting DCS, waiting for the host DCS"
    return "proposed, waiting for the host and visiting DCS"


def next_steps(triad: Triad, challenge, fieldwork, done: set[str], lines) -> list[str]:
    steps = []
    if challenge is None:
        steps.append('• Set the challenge session date: `/peer dates challenge:"…"`')
    elif not challenge.is_exact:
        steps.append(f"• Confirm the challenge session date (now {challenge.describe()})")
    if "self_assessment" not in done:
        steps.append("• Host: finish the self-assessment, then `/peer mark self-assessment done`")
    if not any(l.status == "agreed" for l in lines):
        steps.append("• Agree the area of focus at the challenge session (`/peer focus agree N`)")
    if fieldwork is None:
        steps.append('• Set the fieldwork dates: `/peer dates fieldwork:"…"`')
    elif not fieldwork.is_exact:
        steps.append(f"• Confirm the fieldwork dates (now {fieldwork.describe()})")
    if triad.feedback_format is None:
        steps.append("• Agree the feedback format with the host (`/peer feedback format:presentation`)")
    if "report" not in done and fieldwork is not None:
        steps.append("• Visiting DCS: write the report after fieldwork, then `/peer mark report done`")
    return steps or ["• Nothing outstanding — well done."]


@subcommand("feedback", usage="feedback format:presentation|written|verbal")
def feedback(ctx: CommandContext, args: CommandArgs) -> Reply:
    unknown = sorted(set(args.options) - {"format", "triad"})
    if unknown or args.positional:
        raise UserError("Write the feedback format as `/peer feedback format:presentation` (or written, verbal).")
    value = check_feedback_format(args.option("format"))
    triad = ctx.triad(args.option("triad"))
    if ctx.user_id not in (triad.host.dcs_user_id, triad.visitor.dcs_user_id) and not ctx.is_coordinator():
        raise UserError("The feedback format is agreed between the host DCS and the visiting DCS; ask one of them to record it.")
    triad.feedback_format = value
    triad.feedback_agreed_by = ctx.user_id
    channel = triad.channel_id
    host = triad.host.name
    ctx.after_ack(lambda: ctx.post_to_channel(channel, f":speech_balloon: Feedback format agreed with {host}: *{value}* (recorded by <@{ctx.user_id}>)."))
    return Reply(f":white_check_mark: Feedback format for triad {triad.number}: {value}.")


@subcommand("mark", usage="mark self-assessment|data-profile|report done")
def mark(ctx: CommandContext, args: CommandArgs) -> Reply:
    words = [t.value.lower() for t in args.positional]
    usage = "`/peer mark self-assessment done` (or data-profile, report)"
    if set(args.options) - {"triad"} or len(words) != 2 or words[1] != "done" or words[0] not in STEPS:
        raise UserError(f"Write it as {usage}.")
    triad = ctx.triad(args.option("triad"))
    step = STEPS[words[0]]
    if refusal := may_mark_step(queries.triad_people(triad, ctx.coordinators), ctx.user_id, step):
        raise UserError(refusal)
    if step in steps_done(triad):
        raise UserError(f"The {STEP_LABELS[step]} is already marked done for triad {triad.number}.")
    triad.steps.append(StepDone(step=step, done_by=ctx.user_id))
    ctx.session.flush()
    replan_triad(ctx.session, triad, ctx.coordinators, ctx.now())
    channel = triad.channel_id
    ctx.after_ack(lambda: ctx.post_to_channel(channel, f":white_check_mark: <@{ctx.user_id}> marked the {STEP_LABELS[step]} done."))
    return Reply(f":white_check_mark: {STEP_LABELS[step].capitalize()} marked done for triad {triad.number}; its reminders are cancelled.")
