"""Block Kit builders: data in, `slack_sdk.models` blocks out (Slack's limits checked on to_dict)."""

from __future__ import annotations

from slack_sdk.models.blocks import ContextBlock, DividerBlock, HeaderBlock, MarkdownTextObject, SectionBlock

from bot.rules.dates import FuzzyDate
from bot.rules.reminder_plan import RoundEvents
from bot.rules.roles import TriadPeople
from handlers.mrkdwn import escape

SECTION_LIMIT = 3000


def mention(user: str | None) -> str:
    return f"<@{user}>" if user else "—"


def awaiting_dcs(done_word: str, host_dcs: str, host_done: bool, visitor_dcs: str, visitor_done: bool) -> str:
    """'Agreed so far by the host DCS (@…) · waiting for the visiting DCS (@…).' of a step both DCSs take."""
    both = (
        (f"the host DCS ({mention(host_dcs)})", host_done),
        (f"the visiting DCS ({mention(visitor_dcs)})", visitor_done),
    )
    done = [dcs for dcs, did in both if did]
    so_far = f"{done_word} so far by {' and '.join(done)}" if done else f"Not {done_word.lower()} yet"
    return f"{so_far} · waiting for {' and '.join(dcs for dcs, did in both if not did)}."


def date_text(value: FuzzyDate | None) -> str:
    if value is None:
        return "_not set yet_"
    return escape(value.text) if value.is_exact else f"{escape(value.text)} _(to be confirmed)_"


def clip(text: str, limit: int = SECTION_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def section(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=clip(text)))


def roles_section(people: TriadPeople) -> SectionBlock:
    fields = []
    labels = {"host": "Host", "visitor": "Visitor (leads the challenge)", "observer": "Observer"}
    for role, authority in people.authorities():
        label = labels[role]
        team = ", ".join(mention(u) for u in authority.team if u != authority.dcs)
        fields.append(
            MarkdownTextObject(
                text=f"*{label}*\n{escape(authority.name)}\nDCS {mention(authority.dcs)}"
                + (f"\nTeam {team}" if team else "")
            )
        )
    return SectionBlock(fields=fields)


def observers_text(people: TriadPeople) -> str:
    """'Portsmouth observes', or 'Portsmouth and Slough observe' in a group of four."""
    if people.second_observer is None:
        return f"{escape(people.observer.name)} observes"
    return f"{escape(people.observer.name)} and {escape(people.second_observer.name)} observe"


def material_link(events: RoundEvents | None) -> str:
    """' — <link|the orientation material>', or nothing when none is attached."""
    if events is None or not events.orientation_material:
        return ""
    return f" — <{escape(events.orientation_material)}|the orientation material>"


def timeline_lines(
    challenge: FuzzyDate | None,
    fieldwork: FuzzyDate | None,
    steps_done: set[str],
    round_events: RoundEvents | None = None,
) -> list[str]:
    """SPEC's nine steps; the orientation (3) and the summit (9) are the round's own dates."""

    def tick(step: str) -> str:
        return " :white_check_mark:" if step in steps_done else ""

    orientation = round_events.orientation if round_events else None
    summit = round_events.summit if round_events else None
    return [
        f"1. *Self-assessment* — host's summary, due two weeks before the challenge session{tick('self_assessment')}",
        f"2. *Data profile* — sent to the host one month before the challenge session{tick('data_profile')}",
        f"3. *Orientation* — {date_text(orientation)}: for the triads taking part{material_link(round_events)}",
        f"4. *Challenge session* — {date_text(challenge)}: agree a few tightly defined lines of enquiry",
        "5. *Pre-visit conversation* — host and visiting DCS agree scope, interviews and feedback format",
        f"6. *Fieldwork visit* — {date_text(fieldwork)}: day 1 interviews; day 2 hypotheses, presentation, workshop",
        f"7. *Report* — by the visiting DCS, four weeks after fieldwork{tick('report')}",
        "8. *Follow-up* — a supportive review of progress four months after fieldwork",
        f"9. *Annual summit* — {date_text(summit)}: the region reviews improvement priorities across all triads",
    ]


def welcome_blocks(
    number: int,
    round_name: str,
    people: TriadPeople,
    challenge,
    fieldwork,
    steps_done: set[str],
    round_events: RoundEvents | None = None,
):
    return [
        HeaderBlock(text=f"Triad {number} — {round_name}"),
        section(
            f"Welcome! This private channel is where {escape(people.host.name)}'s peer challenge is planned. "
            f"{escape(people.visitor.name)} leads the challenge team and {observers_text(people)}."
        ),
        roles_section(people),
        DividerBlock(),
        section("*The programme*\n" + "\n".join(timeline_lines(challenge, fieldwork, steps_done, round_events))),
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text='Set dates with `/peer dates challenge:"February 2018" fieldwork:"23 & 24 July 2018"` · '
                    'propose lines of enquiry with `/peer focus propose "…"` · `/peer help` for everything'
                )
            ]
        ),
    ]
