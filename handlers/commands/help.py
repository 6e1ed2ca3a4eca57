"""/peer help: what this person can do here, with the buttons that open the forms; /peer help <topic>: every
command of the topic with an example."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from slack_sdk.models.blocks import ActionsBlock, ButtonElement

from bot.services import triads as triad_service
from bot.services.errors import Refused
from handlers.blocks import section
from handlers.blocks.asks import round_new_button
from handlers.blocks.home import HOME_AUTHORITY_ADD, HOME_DATES, HOME_TRIAD_NEW
from handlers.commands.context import CommandContext, Reply
from handlers.commands.parser import CommandArgs
from handlers.commands.registry import subcommand
from handlers.mistakes import Mistake
from handlers.mrkdwn import escape

TOPICS: dict[str, list[tuple[str, str]]] = {
    "round": [
        (
            '/peer round new "SE 2018" tz:Europe/London',
            "start a round (coordinators); dates without a year take the round's year",
        ),
        ("/peer round list", "the rounds"),
        (
            '/peer round dates orientation:"Early January 2018" summit:"14 March 2019" round:"SE 2018"',
            "the round's orientation and summit, on every triad's timeline (coordinators); "
            "`orientation:none` removes one; typed bare it opens a form",
        ),
        (
            '/peer round material orientation "https://example.org/orientation-slides"',
            "link the orientation material from every triad's programme and reminders (coordinators)",
        ),
        (
            '/peer round suggest round:"SE 2019" keep-apart:"Oxfordshire"/"Hampshire" sit-out:"Slough" remainder:four',
            "propose every triad of the round from the earlier ones, with Accept, Reshuffle and Edit (coordinators)",
        ),
    ],
    "authority": [
        (
            '/peer authority add "Oxfordshire" dcs:@ann team:@bob @cat',
            "register an authority, its DCS and team (coordinators)",
        ),
        ('/peer authority update "Oxfordshire" dcs:@dee', "change its DCS or team (coordinators)"),
        ("/peer authority list", "the authorities and their people"),
    ],
    "coordinator": [
        ("/peer coordinator add @user", "make someone a programme coordinator of this workspace (coordinators)"),
        (
            "/peer coordinator remove @user",
            "stop someone being a coordinator here; not the last one, "
            "nor one named in the app's settings (coordinators)",
        ),
        ("/peer coordinator list", "this workspace's coordinators"),
        ("/peer coordinator", "the coordinators' form: add or remove several at once (coordinators)"),
    ],
    "triad": [
        (
            '/peer triad new host:"Oxfordshire" visitor:"Milton Keynes" observer:"Portsmouth" round:"SE 2018"',
            "form a triad and its private channel (coordinators)",
        ),
        ("/peer triad list", "the triads you can see"),
    ],
    "dates": [
        (
            '/peer dates challenge:"February 2018" fieldwork:"23 & 24 July 2018"',
            'set dates: "7 September", "Early October", "December 2018 tbc", 2018-07-23, 03/04/2018; '
            "add `provisional` if not confirmed",
        )
    ],
    "focus": [
        ('/peer focus propose "How well do we hear the voice of the child in plans?"', "propose a line of enquiry"),
        ("/peer focus agree 1", "host DCS and visiting DCS agree a line; keep to about three"),
        ("/peer focus withdraw 1", "withdraw a line"),
        ("/peer focus list", "the lines and who has agreed them"),
        ('/peer focus tag 1 "Early help" "Neglect"', "correct a line's themes (`none`, or `suggested` to go back)"),
    ],
    "feedback": [
        (
            "/peer feedback format:presentation",
            "record the feedback format agreed with the host (presentation, written, verbal)",
        )
    ],
    "mark": [
        (
            "/peer mark self-assessment done",
            "record a step done (self-assessment, data-profile, report); stops its reminders",
        )
    ],
    "interview": [
        (
            '/peer interview add "23 July 2018 09:30-10:15" "Head of Early Help" role:"manager" with:@ann '
            '@bob where:"County Hall"',
            "book a day-1 interview; a clash for an interviewer is refused",
        ),
        ("/peer interview list", "the interviews"),
        ("/peer interview remove 2", "remove interview 2"),
    ],
    "agenda": [("/peer agenda", "the two-day fieldwork agenda")],
    "calendar": [("/peer calendar", "post the triad's calendar (.ics) in the channel")],
    "canvas": [
        ("/peer canvas", "rebuild the channel's canvas now (it comes back if someone deleted it)"),
        ('/peer canvas round:"SE 2018"', "the round's canvas in this channel: every triad on one line (coordinators)"),
    ],
    "documents": [
        ("/peer documents", "the day-2 presentation (.pptx) here and the report skeleton (.docx) to the visiting DCS")
    ],
    "action": [
        (
            '/peer action add "Review step-down to early help" owner:@ann due:"30 September 2018" focus:1',
            "record an action from the workshop",
        ),
        ('/peer action update 1 "Audit started"', "add a progress note"),
        ("/peer action done 1", "mark it done"),
        ("/peer action list", "actions by line of enquiry"),
    ],
    "remind": [
        ('/peer remind "Send the interview list" at:"2018-07-20 09:00"', "a reminder in the triad channel"),
        ('/peer remind "Stand-up" in:"30 minutes"', "…or after a while"),
    ],
    "reminders": [
        ("/peer reminders", "what is coming up for the triad"),
        ("/peer reminders cancel 3", "cancel custom reminder 3"),
    ],
    "import": [
        (
            "/peer import",
            "import authorities or an earlier round from CSV (coordinators; or send me the CSV in a DM, "
            'for a round with its name as the message: round "SE 2018")',
        )
    ],
    "reviewer": [
        (
            '/peer reviewer add @ann authority:"Kent" seniority:"head of service" expertise:"early help, SEND"',
            "add someone to the reviewer pool (coordinators; director, head of service, manager or practitioner); "
            "typed bare it opens a form",
        ),
        ("/peer reviewer list", "the reviewer pool (coordinators)"),
        ("/peer reviewer remove @ann", "take someone out of the pool (coordinators)"),
    ],
    "team": [
        (
            "/peer team suggest",
            "suggest a visiting team of 3–4 reviewers for the triad; "
            "the host DCS and visiting DCS accept it with a button",
        )
    ],
    "findings": [
        (
            '/peer findings "Early help is well understood by partners; step-down is slow."',
            "the summary of the findings (visiting DCS); typed bare it opens a form",
        )
    ],
    "share": [
        ("/peer share", "choose who outside the triad sees each item: nobody, the region or every region (host DCS)")
    ],
    "archive": [
        ('/peer archive search "early help front door"', "search what hosts shared, across rounds, best match first")
    ],
    "status": [("/peer status", "roles, dates, focus and what comes next (triad:N outside the channel)")],
    "topics": [
        ("/peer topics", "the themes lines of enquiry are tagged with"),
        ('/peer topics add "Youth justice" words:"youth offending, YOT"', "add or change a theme (coordinators)"),
        ('/peer topics remove "Youth justice"', "remove a theme (coordinators)"),
    ],
    "summit": [
        (
            '/peer summit round:"SE 2018"',
            "post the round's summit brief and timeline here (coordinators); only what hosts shared is named",
        )
    ],
}

MAX_TRIADS_SHOWN = 3
MEMBER_LINES = (
    "• `/peer status` — where the triad is and what comes next",
    "• `/peer dates` — the challenge session and fieldwork dates (or Set dates below)",
    '• `/peer focus propose "…"` — propose a line of enquiry; the host and visiting DCS agree them',
    "• `/peer mark self-assessment done` — record a step done (also data-profile, report)",
    "• `/peer interview add`, `/peer agenda` — the fieldwork days",
    '• `/peer action add "…"` — record an action from the workshop',
)
COORDINATOR_LINES = (
    "• New round, Form a triad and Add authority below open their forms",
    "• `/peer round dates` — the round's orientation and summit",
    "• `/peer reviewer add @name` — the reviewer pool; `/peer import` — authorities or a round from a CSV",
    "• `/peer coordinator add @name` — another coordinator",
    '• `/peer summit round:"SE 2018"` — the round\'s summit brief',
    "• In a triad's channel commands act on that triad; elsewhere add `triad:N`",
)


class Place(NamedTuple):
    """A triad as help names it: which it is, where, and the reader's part in it."""

    triad_id: int
    number: int
    channel_id: str | None
    roles: str


@subcommand("help", mutates=False)
def help_command(ctx: CommandContext, args: CommandArgs) -> Reply:
    texts = args.texts()
    if texts:
        return topic_help(texts[0])
    who = ctx.actor
    try:
        triad = ctx.triad(None)
        here = Place(triad.id, triad.number, triad.channel_id, ", ".join(who.people(triad).roles_of(who.user_id)))
    except Refused:  # not a triad's channel, or not one of the reader's
        here = None
    mine = [] if who.is_coordinator else triad_service.visible_triads(ctx.session, who)
    places = [Place(t.id, t.number, t.channel_id, ", ".join(who.people(t).roles_of(who.user_id))) for t in mine]
    return overview(who.is_coordinator, here, places, who.coordinators)


def overview(coordinator: bool, here: Place | None, mine: list[Place], coordinators: Iterable[str]) -> Reply:
    """What this reader can do where they asked: at most a dozen lines, the fact first, and the forms' buttons."""
    buttons: list[ButtonElement] = []
    if here is not None:
        lines = [f"*Triad {here.number}'s channel — you: {here.roles}. Commands here act on triad {here.number}.*"]
        lines += MEMBER_LINES
        buttons.append(_dates_button(here, "Set dates"))
    elif coordinator:
        lines = ["*You are a programme coordinator here.*", *COORDINATOR_LINES]
        buttons += [
            round_new_button(),
            ButtonElement(text="Form a triad", action_id=HOME_TRIAD_NEW, value="triad", style="primary"),
            ButtonElement(text="Add authority", action_id=HOME_AUTHORITY_ADD, value="authority"),
        ]
    elif mine:
        shown = mine[:MAX_TRIADS_SHOWN]
        lines = [
            f"*You are in triad {p.number}* — you: {p.roles}" + (f" · <#{p.channel_id}>" if p.channel_id else "")
            for p in shown
        ]
        lines.append(
            f"Type commands in the triad's channel, where they act on it; elsewhere add `triad:{shown[0].number}`."
        )
        lines += MEMBER_LINES[:3]
        buttons += [_dates_button(p, "Set dates" if len(shown) == 1 else f"Set dates: triad {p.number}") for p in shown]
    else:
        ask = ", ".join(f"<@{c}>" for c in sorted(coordinators)[:3])
        text = (
            "*Peer challenge assistant* helps children's services run peer challenge: triads of authorities, "
            "their dates, lines of enquiry and actions.\n"
            + (
                f"You are not in a triad here yet: ask a programme coordinator ({ask}) to add you."
                if ask
                else "Nobody runs a programme here yet: ask whoever installed the app."
            )
        )
        return Reply(text, [section(text)])
    topic = "round` (or triad, authority, reviewer)" if coordinator and here is None else "focus` (or dates, action…)"
    lines.append(f"Every command of a topic, with examples: `/peer help {topic}.")
    text = "\n".join(lines)
    return Reply(text, [section(text), ActionsBlock(block_id="help_buttons", elements=buttons)])


def _dates_button(place: Place, label: str) -> ButtonElement:
    return ButtonElement(text=label, action_id=HOME_DATES, value=str(place.triad_id))


def topic_help(asked: str) -> Reply:
    """Every command of one topic with an example."""
    from handlers.commands.registry import groups

    available = [t for t in TOPICS if t in groups()]
    topic = asked.lower()
    if topic not in available:
        raise Mistake(f"There is no help on `{escape(asked)}`. Topics: {', '.join(available)}.")
    lines = [f"• `{example}` — {what}" for example, what in TOPICS[topic]]
    return Reply(f"*/peer {topic}*\n" + "\n".join(lines))
