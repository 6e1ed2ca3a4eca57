"""The reviewer pool (`/peer reviewer add|list|remove`, coordinators) and `/peer team suggest`."""

from __future__ import annotations

import logging

from bot.services import visiting_team as team_service
from bot.services.access import require_coordinator
from bot.services.visiting_team import POOL_TASK
from handlers.commands.context import CommandContext, Reply
from handlers.commands.parser import CommandArgs
from handlers.commands.registry import subcommand
from handlers.effects.visiting_team import post_suggestion
from handlers.mistakes import Mistake
from handlers.mrkdwn import escape
from handlers.people import check_people
from handlers.views.reviewer_form import reviewer_add_modal
from handlers.words.visiting_team import ADD_USAGE

logger = logging.getLogger(__name__)


def _reviewer(args: CommandArgs, usage: str) -> str:
    users = args.users()
    if len(users) != 1:
        raise Mistake(f"Name one reviewer from Slack's @ menu, like {usage}")
    return users[0]


@subcommand("reviewer", "add")
def reviewer_add(ctx: CommandContext, args: CommandArgs) -> Reply:
    require_coordinator(ctx.actor, POOL_TASK)
    if not args.positional and not args.options:
        authorities = team_service.authority_names(ctx.session, ctx.actor)
        ctx.open_modal(reviewer_add_modal(authorities, ctx.channel_id), ADD_USAGE)
        return Reply("", silent=True)
    args.reject_unknown({"authority", "seniority", "expertise"}, ADD_USAGE)
    if args.texts():
        raise Mistake(f"Put the reviewer's details after authority:, seniority: and expertise:, like {ADD_USAGE}")
    user = _reviewer(args, ADD_USAGE)
    authority = args.option("authority")
    if not authority:
        raise Mistake(f'Say which authority the reviewer is from with authority:"Name", like {ADD_USAGE}')
    check_people(ctx.client, [user], "a reviewer")
    added = team_service.add_reviewer(
        ctx.session, ctx.actor, user, authority, args.option("seniority") or "", args.option("expertise") or ""
    )
    return Reply(added_text(added))


def added_text(added: team_service.Added) -> str:
    e = added.entry
    verb = "updated in" if added.updated else "added to"
    return (
        f":white_check_mark: <@{e.user_id}> {verb} the reviewer pool: {escape(e.authority)}, {e.seniority}; "
        f"expertise {escape(', '.join(e.expertise))}."
    )


@subcommand("reviewer", "list", mutates=False)
def reviewer_list(ctx: CommandContext, args: CommandArgs) -> Reply:
    if args.positional or args.options:
        raise Mistake("`/peer reviewer list` takes nothing after it.")
    entries = team_service.pool(ctx.session, ctx.actor)
    if not entries:
        return Reply(f"The reviewer pool is empty. Add someone with {ADD_USAGE}.")
    lines = [
        f"• <@{e.user_id}> — *{escape(e.authority)}*, {e.seniority}; {escape(', '.join(e.expertise))}"
        + (f" · on {e.load} accepted team(s) this round" if e.load else "")
        for e in entries
    ]
    return Reply(f"*Reviewer pool* ({len(entries)})\n" + "\n".join(lines))


@subcommand("reviewer", "remove")
def reviewer_remove(ctx: CommandContext, args: CommandArgs) -> Reply:
    usage = "`/peer reviewer remove @user`"
    if args.texts() or args.options:
        raise Mistake(f"Name the reviewer from Slack's @ menu and nothing else, like {usage}")
    user = _reviewer(args, usage)
    entry = team_service.remove_reviewer(ctx.session, ctx.actor, user)
    return Reply(f":white_check_mark: <@{user}> ({escape(entry.authority)}) removed from the reviewer pool.")


@subcommand("team", "suggest")
def team_suggest(ctx: CommandContext, args: CommandArgs) -> Reply:
    triad = ctx.only_triad(args, "team suggest")
    suggested = team_service.suggest(ctx.session, ctx.actor, triad)
    ctx.after_ack(lambda: post_suggestion(ctx.client, ctx.uow, suggested, ctx.tell))
    where = f"<#{suggested.channel_id}>" if suggested.channel_id else "the triad's channel"
    return Reply(
        f":white_check_mark: Suggested a team of {len(suggested.team.members)} in {where}; "
        "the host DCS and the visiting DCS accept it there."
    )
