"""Themes: /peer topics (the vocabulary), /peer topics add|remove (coordinators), /peer focus tag N."""

from __future__ import annotations

from bot.services import focus as focus_service
from bot.services import themes as theme_service
from handlers.commands.context import CommandContext, Reply, item_number
from handlers.commands.parser import CommandArgs
from handlers.commands.registry import subcommand
from handlers.mistakes import Mistake
from handlers.mrkdwn import escape
from handlers.views import themes as theme_forms
from handlers.words.themes import ADD_USAGE

TAG_USAGE = (
    '`/peer focus tag 2 "Early help" "Front door / MASH"` (or `none` for no theme, `suggested` to go back '
    "to the themes suggested from the line's words)"
)


def _split_words(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


@subcommand("topics", mutates=False)
def topics_list(ctx: CommandContext, args: CommandArgs) -> Reply:
    if args.positional or args.options:
        raise Mistake(f"`/peer topics` takes nothing; to add one: {ADD_USAGE}")
    topics = theme_service.vocabulary(ctx.session, ctx.team_id)
    lines = [f"• *{escape(t.label)}* — {escape(', '.join(t.words))}" for t in topics]
    return Reply(
        "*Themes* (a line of enquiry is tagged with those whose words it uses; the triad can correct them "
        f"with {TAG_USAGE}):\n" + "\n".join(lines)
    )


@subcommand("topics", "add")
def topics_add(ctx: CommandContext, args: CommandArgs) -> Reply:
    quoted = [t.value for t in args.positional]
    if not quoted and not args.options:
        ctx.require_coordinator("edit_topics")
        ctx.open_modal(theme_forms.topic_add_modal(ctx.channel_id), ADD_USAGE)
        return Reply("", silent=True)
    if len(quoted) != 1 or set(args.options) - {"words"}:
        raise Mistake(f"Write it like {ADD_USAGE}")
    saved = theme_service.add_topic(ctx.session, ctx.actor, quoted[0], _split_words(args.option("words") or ""))
    verb = "added" if saved.is_new else "updated"
    return Reply(
        f':white_check_mark: Topic "{escape(saved.topic.label)}" {verb}: {escape(", ".join(saved.topic.words))}.'
    )


@subcommand("topics", "remove")
def topics_remove(ctx: CommandContext, args: CommandArgs) -> Reply:
    quoted = [t.value for t in args.positional]
    if len(quoted) != 1 or args.options:
        raise Mistake('Name the topic in quotes: `/peer topics remove "Youth justice"`')
    topic = theme_service.remove_topic(ctx.session, ctx.actor, quoted[0])
    return Reply(
        f':white_check_mark: Topic "{escape(topic.label)}" removed: no line is tagged with it any more, in any round.'
    )


@subcommand("focus", "tag")
def focus_tag(ctx: CommandContext, args: CommandArgs) -> Reply:
    texts = [t.value for t in args.positional]
    number = item_number(texts[0]) if texts else None
    names = texts[1:] + _split_words(args.option("topics") or "")
    if (number is None and texts) or set(args.options) - {"triad", "topics"}:
        raise Mistake(f"Write it like {TAG_USAGE}")
    if not names:
        triad = ctx.triad(args.option("triad"))
        lines = focus_service.lines_of(ctx.session, triad).lines
        if not lines:
            raise Mistake(f"Triad {triad.number} has no lines of enquiry yet to tag.")
        themes = theme_service.themes_of(ctx.session, ctx.team_id, lines)
        vocabulary = theme_service.vocabulary(ctx.session, ctx.team_id)
        view = theme_forms.line_topics_modal(
            triad.id, triad.number, [themes[line.id] for line in lines], vocabulary, number, ctx.channel_id
        )
        ctx.open_modal(view, TAG_USAGE)
        return Reply("", silent=True)
    if number is None:
        raise Mistake(f"Write it like {TAG_USAGE}")
    labels: list[str] | None
    if [n.lower() for n in names] == ["none"]:
        labels = []
    elif [n.lower() for n in names] == ["suggested"]:
        labels = None
    else:
        labels = names
    triad = ctx.triad(args.option("triad"))
    tagged = theme_service.tag_line(ctx.session, ctx.actor, triad, number, labels)
    said = ", ".join(escape(t.label) for t in tagged.topics) or "no theme"
    how = "as you chose" if tagged.chosen else "as suggested from its words"
    return Reply(f":label: Line {tagged.number} is now tagged {said} ({how}).")
