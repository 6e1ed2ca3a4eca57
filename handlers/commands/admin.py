"""Coordinator commands: rounds, authorities, coordinators."""

from __future__ import annotations

from slack_sdk.models.blocks import ActionsBlock

from bot.services import admin
from bot.services.access import require_coordinator
from handlers.blocks import section
from handlers.blocks.asks import add_authority_button, form_triad_button, round_new_button
from handlers.channels import invite
from handlers.commands.context import CommandContext, Reply
from handlers.commands.parser import CommandArgs
from handlers.commands.registry import subcommand
from handlers.dcs_change import tell_dcs_change
from handlers.mistakes import Mistake
from handlers.mrkdwn import escape
from handlers.people import check_people
from handlers.views import forms

MAX_NAME = 120


def _one_name(args: CommandArgs, what: str, usage: str) -> str:
    texts = args.texts()
    if not texts:
        raise Mistake(f"Give the {what} in quotes, like {usage}")
    name = " ".join(texts) if all(t.kind == "word" for t in args.positional) else None
    quoted = [t.value for t in args.positional if t.kind == "quoted"]
    if name is None:
        if len(quoted) != 1 or len(texts) != 1:
            raise Mistake(f"Give one {what} in quotes, like {usage}")
        name = quoted[0]
    name = " ".join(name.split())
    if not name:
        raise Mistake(f"The {what} is empty. Write it like {usage}")
    if len(name) > MAX_NAME:
        raise Mistake(f"That {what} is {len(name)} characters; keep it under {MAX_NAME}.")
    return name


ROUND_USAGE = '`/peer round new "SE 2018" tz:Europe/London`'


@subcommand("round", "new")
def round_new(ctx: CommandContext, args: CommandArgs) -> Reply:
    require_coordinator(ctx.actor, "create_round")
    if not args.positional and not args.options:
        ctx.open_modal(forms.round_new_modal(ctx.settings.peer_timezone), ROUND_USAGE)
        return Reply("", silent=True)
    args.reject_unknown({"tz", "year"}, ROUND_USAGE)
    name = _one_name(args, "round's name", ROUND_USAGE)
    tz = args.option("tz") or ctx.settings.peer_timezone
    year_text = args.option("year")
    year = None
    if year_text is not None:
        if not (year_text.isascii() and year_text.isdigit() and 2000 <= int(year_text) <= 2100):
            raise Mistake(f"year:{escape(year_text)} isn't a year — write it like year:2018.")
        year = int(year_text)
    round_ = admin.create_round(ctx.session, ctx.actor, name, tz, year)
    return round_created(round_.name, round_.timezone, round_.year)


def round_created(name: str, tz: str, year: int | None) -> Reply:
    """A round started, by the command and its form alike: the fact, and the next step's button."""
    year_note = (
        f"dates without a year are {year}" if year else "give dates with their year, or add year:2018 to set one"
    )
    said = f':white_check_mark: Round "{escape(name)}" created ({escape(tz)}; {year_note}). Next: its authorities.'
    return Reply(said, [section(said), ActionsBlock(block_id="round_next", elements=[add_authority_button()])])


@subcommand("round", "list", mutates=False)
def round_list(ctx: CommandContext, args: CommandArgs) -> Reply:
    rounds = admin.rounds(ctx.session, ctx.actor)
    if not rounds:
        said = "No rounds yet: a coordinator starts one."
        return Reply(said, [section(said), ActionsBlock(block_id="round_first", elements=[round_new_button()])])
    lines = [f"• *{escape(r.name)}* — {len(r.triads)} triad(s), time zone {r.timezone}" for r in rounds]
    return Reply("*Rounds*\n" + "\n".join(lines))


AUTHORITY_USAGE = '`/peer authority add "Oxfordshire" dcs:@user team:@a @b`'


def _authority_fields(ctx: CommandContext, args: CommandArgs, usage: str) -> tuple[str, str | None, list[str] | None]:
    args.reject_unknown({"dcs", "team"}, usage)
    if args.users():
        raise Mistake(f"Put people after dcs: or team:, like {usage}")
    name = _one_name(args, "authority's name", usage)
    dcs = None
    if args.has("dcs"):
        dcs_users = args.option_users("dcs")
        if len(dcs_users) != 1 or args.option("dcs"):
            raise Mistake(f"dcs: takes one person from Slack's @ menu, like {usage}")
        dcs = dcs_users[0]
    team = None
    if args.has("team"):
        team = list(dict.fromkeys(args.option_users("team")))
        if args.option("team") or not team:
            raise Mistake(f"team: takes people from Slack's @ menu, like {usage}")
    return name, dcs, team


@subcommand("authority", "add")
def authority_add(ctx: CommandContext, args: CommandArgs) -> Reply:
    require_coordinator(ctx.actor, "register_authority")
    if not args.positional and not args.options:
        ctx.open_modal(forms.authority_add_modal(ctx.channel_id), AUTHORITY_USAGE)
        return Reply("", silent=True)
    name, dcs, team = _authority_fields(ctx, args, AUTHORITY_USAGE)
    if dcs is None:
        raise Mistake(f"Say who the authority's DCS is with dcs:@user, like {AUTHORITY_USAGE}")
    check_people(ctx.client, [dcs], "an authority's DCS")
    check_people(ctx.client, team or [], "on an authority's team")
    authority = admin.add_authority(ctx.session, ctx.actor, name, dcs, team or [])
    said = registered_text(name, dcs, authority.team_user_ids)
    buttons = ActionsBlock(
        block_id="authority_next", elements=[add_authority_button("Add another"), form_triad_button()]
    )
    return Reply(said, [section(said), buttons])


def registered_text(name: str, dcs: str, team: list[str]) -> str:
    """An authority registered, by the command and its form alike."""
    team_text = ", ".join(f"<@{u}>" for u in team) or "none yet"
    return f":white_check_mark: {escape(name)} registered: DCS <@{dcs}>, team {team_text}."


@subcommand("authority", "update")
def authority_update(ctx: CommandContext, args: CommandArgs) -> Reply:
    require_coordinator(ctx.actor, "change_authority")
    usage = '`/peer authority update "Oxfordshire" dcs:@user team:@a @b`'
    name, dcs, team = _authority_fields(ctx, args, usage)
    if dcs is None and team is None:
        if admin.find_authority(ctx.session, ctx.actor, name) is None:
            raise Mistake(f'No authority called "{escape(name)}" — see `/peer authority list`.')
        raise Mistake(f"Say what changes: dcs:@user and/or team:@a @b, like {usage}")
    check_people(ctx.client, [dcs] if dcs else [], "an authority's DCS")
    check_people(ctx.client, team or [], "on an authority's team")
    updated = admin.update_authority(ctx.session, ctx.actor, name, dcs, team, ctx.now())
    authority, channels, people = updated.authority, updated.triad_channels, updated.people

    def invite_to_triad_channels() -> None:
        if updated.dcs_change is not None:
            tell_dcs_change(ctx.client, updated.dcs_change)
        failed: dict[str, str] = {}
        for channel in channels:
            failed |= invite(ctx.client, channel, people)
        if failed:
            ctx.tell(
                "I couldn't invite "
                + ", ".join(f"<@{u}> ({why})" for u, why in failed.items())
                + " to the triad channels; invite them by hand."
            )

    ctx.after_ack(invite_to_triad_channels)
    team_text = ", ".join(f"<@{u}>" for u in authority.team_user_ids) or "none"
    where = f" and invited to {len(channels)} triad channel(s)" if channels else ""
    return Reply(
        f":white_check_mark: {escape(authority.name)} updated{where}: DCS <@{authority.dcs_user_id}>, team {team_text}."
    )


@subcommand("authority", "list", mutates=False)
def authority_list(ctx: CommandContext, args: CommandArgs) -> Reply:
    rows = admin.authorities(ctx.session, ctx.actor)
    if not rows:
        return Reply(
            'No authorities registered yet. A coordinator adds one with `/peer authority add "Oxfordshire" dcs:@user`.'
        )
    lines = []
    for a in rows:
        team = ", ".join(f"<@{u}>" for u in a.team_user_ids)
        lines.append(f"• *{escape(a.name)}* — DCS <@{a.dcs_user_id}>" + (f"; team {team}" if team else ""))
    return Reply("*Authorities*\n" + "\n".join(lines))


COORDINATOR_USAGE = "`/peer coordinator add @user`, `/peer coordinator remove @user` or `/peer coordinator list`"


@subcommand("coordinator", mutates=False)
def coordinator_form(ctx: CommandContext, args: CommandArgs) -> Reply:
    """`/peer coordinator` alone: the form with this workspace's coordinators."""
    if args.positional or args.options:
        raise Mistake(f"Write {COORDINATOR_USAGE}; `/peer coordinator` alone opens the form.")
    require_coordinator(ctx.actor, "change_coordinators")
    view = forms.coordinators_modal(sorted(ctx.actor.coordinators), sorted(ctx.actor.configured), ctx.channel_id)
    ctx.open_modal(view, COORDINATOR_USAGE)
    return Reply("", silent=True)


def _one_person(args: CommandArgs, usage: str) -> str:
    users = args.users()
    if len(users) != 1 or args.texts() or args.options:
        raise Mistake(f"Name one person from Slack's @ menu: {usage}.")
    return users[0]


@subcommand("coordinator", "add")
def coordinator_add(ctx: CommandContext, args: CommandArgs) -> Reply:
    require_coordinator(ctx.actor, "add_coordinator")
    user = _one_person(args, "`/peer coordinator add @user`")
    check_people(ctx.client, [user], "a coordinator")
    admin.add_coordinator(ctx.session, ctx.actor, user, ctx.now())
    return Reply(f":white_check_mark: <@{user}> is now a programme coordinator of this workspace.")


@subcommand("coordinator", "remove")
def coordinator_remove(ctx: CommandContext, args: CommandArgs) -> Reply:
    require_coordinator(ctx.actor, "remove_coordinator")
    user = _one_person(args, "`/peer coordinator remove @user`")
    admin.remove_coordinator(ctx.session, ctx.actor, user, ctx.now())
    return Reply(
        f":white_check_mark: <@{user}> is no longer a coordinator of this workspace; "
        "their coordinator reminders here are cancelled."
    )


@subcommand("coordinator", "list", mutates=False)
def coordinator_list(ctx: CommandContext, args: CommandArgs) -> Reply:
    people = sorted(ctx.actor.coordinators)
    if not people:
        return Reply(
            "This workspace has no coordinators yet: the operator names them in PEER_COORDINATORS, like T0123:U0456."
        )
    configured = ctx.actor.configured
    return Reply(
        "*Coordinators of this workspace*: "
        + ", ".join(f"<@{u}>" + (" (named in the app's settings)" if u in configured else "") for u in people)
    )
