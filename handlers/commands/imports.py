"""/peer import: typed bare, it opens the import form (a CSV of authorities or of an earlier round)."""

from __future__ import annotations

from bot.services.access import require_coordinator
from handlers.commands.context import CommandContext, Reply
from handlers.commands.parser import CommandArgs
from handlers.commands.registry import subcommand
from handlers.mistakes import Mistake
from handlers.views.import_form import import_modal

IMPORT_USAGE = (
    "type `/peer import` alone to open the import form, or send me the CSV in this DM "
    '(for an earlier round, with its name as the message: round "SE 2018")'
)


@subcommand("import", mutates=False)
def import_command(ctx: CommandContext, args: CommandArgs) -> Reply:
    require_coordinator(ctx.actor, "import_authorities")
    if args.positional or args.options:
        raise Mistake(f"A file can't come with a slash command: {IMPORT_USAGE}.")
    ctx.open_modal(import_modal(ctx.channel_id), "`/peer import`")
    return Reply("", silent=True)
