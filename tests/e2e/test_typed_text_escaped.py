"""An attacker's words never ping a channel or disguise a link in the app's voice.

Each payload is typed, as Slack sends it with ``should_escape`` on, into each kind of text (a line of
enquiry, an action, a progress note, a custom reminder, the findings; typed and through the forms).
Everything the app then sent to Slack — channel posts, ephemeral replies, message updates, the Home,
the clock's reminder — is searched for a live mention or link coming from the typed words; the words
still read as typed; and, the positive control, the people the app resolved itself stay live mentions.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone

import pytest

from tests.e2e.conftest import MK_DCS, OXF_DCS, OXF_TEAM, POR_DCS, mention
from tests.e2e.harness import COORDINATOR, TEAM
from tests.e2e.test_acting_buttons import action_values
from tests.e2e.test_focus_buttons import click_payload
from tests.e2e.test_forms import opened, picked, submission, text
from tests.e2e.test_sharing import radio
from tests.slack_requests import shown

# (what Slack sends for it inside a quoted argument, what a reader should see)
PAYLOADS = {
    "channel": ("<!channel>", "@channel"),
    "here": ("<!here>", "@here"),
    "everyone": ("<!everyone>", "@everyone"),
    "subteam": ("<!subteam^S123|@team>", "@team"),
    "disguised link": ("<https://evil.example|a friendly label>", "a friendly label (https://evil.example)"),
    "typed literally": ("&lt;!channel&gt;", "<!channel>"),  # the person typed the characters <!channel>
}
# What a form sends for the same attack: a plain-text input carries the characters as typed.
TYPED_IN_A_FORM = {
    "channel": "<!channel>",
    "here": "<!here>",
    "everyone": "<!everyone>",
    "subteam": "<!subteam^S123|@team>",
    "disguised link": "<https://evil.example|a friendly label>",
    "typed literally": "<!channel>",
}
LIVE = re.compile(r"<!channel>|<!here>|<!everyone>|<!subteam\^|<https?://evil\.example")


def _mrkdwn_texts(node, out: list[str]) -> None:
    """Every mrkdwn text in a Block Kit structure (plain_text is shown literally by Slack, so it is safe)."""
    if isinstance(node, dict):
        if node.get("type") == "mrkdwn" and isinstance(node.get("text"), str):
            out.append(node["text"])
        for value in node.values():
            _mrkdwn_texts(value, out)
    elif isinstance(node, list):
        for item in node:
            _mrkdwn_texts(item, out)


def _parsed(value):
    return json.loads(value) if isinstance(value, str) and value[:1] in "[{" else value


def everything_sent(double, replies=()) -> list[str]:
    """The mrkdwn the app sent: messages (text and blocks), ephemerals, updates, the Home, replies."""
    out: list[str] = []
    for call in double.calls:
        if call.method in ("chat.postMessage", "chat.postEphemeral", "chat.update"):
            out.append(call.args.get("text") or "")
            _mrkdwn_texts(_parsed(call.args.get("blocks")), out)
        elif call.method in ("views.publish", "views.open", "views.update", "views.push"):
            _mrkdwn_texts(_parsed(call.args.get("view")), out)
    for body in [*double.responses, *(r.json for r in replies)]:
        out.append(body.get("text") or "")
        _mrkdwn_texts(body.get("blocks"), out)
    return out


def assert_nothing_live(sent: list[str]) -> None:
    live = [t for t in sent if LIVE.search(t)]
    assert not live, f"a live mention or link from typed text reached Slack: {live[:3]}"


def assert_shown(sent: list[str], words: str, at_least: int = 1) -> None:
    found = [t for t in sent if words in shown(t)]
    assert len(found) >= at_least, f"{words!r} is not shown as typed in {sent[-5:]}"


@pytest.fixture(params=sorted(PAYLOADS), ids=sorted(PAYLOADS))
def attack(request) -> tuple[str, str, str]:
    as_sent, readable = PAYLOADS[request.param]
    return as_sent, readable, TYPED_IN_A_FORM[request.param]


def test_typed_commands_never_carry_a_live_mention_or_link(attack, as_user, double, triad_channel, clock, sessions):
    as_sent, readable, _ = attack
    host, visitor, owner = as_user(OXF_DCS), as_user(MK_DCS), as_user(OXF_TEAM)
    replies = []

    # A line of enquiry: proposed, listed, agreed by clicking (the message is updated in place).
    replies.append(host.peer(f'focus propose "Look {as_sent} at the front door"', channel=triad_channel))
    proposal = next(m for m in double.messages if m["text"].startswith("Line 1 proposed:"))
    assert f"<@{OXF_DCS}>" in json.dumps(proposal["blocks"])  # the proposer, resolved by the app: live
    replies.append(host.peer("focus list", channel=triad_channel))
    for dcs in (OXF_DCS, MK_DCS):
        as_user(dcs).click(click_payload(double, dcs, proposal, "focus_agree"))
    assert double.calls_to("chat.update")

    # An action, its progress note, the list, and the owner's Home.
    replies.append(
        host.peer(
            f'action add "Audit {as_sent} cases" owner:{mention(OXF_TEAM)} due:"30 September 2018" focus:1',
            channel=triad_channel,
        )
    )
    recorded = next(m for m in double.messages if "*Action 1*" in m["text"])
    assert f"— <@{OXF_TEAM}>, due" in recorded["text"]  # the owner, resolved and checked by the app: live
    replies.append(owner.peer(f'action update 1 "Started {as_sent} today"', channel=triad_channel))
    replies.append(owner.peer("action list", channel=triad_channel))
    home = double.calls_to("views.publish")
    assert home and any(c.args.get("user_id") == OXF_TEAM for c in home)

    # The findings, shared by the host, then found in the archive by another region's DCS.
    replies.append(visitor.peer(f'findings "Found {as_sent} in the audit"', channel=triad_channel))
    host.peer("share", channel=triad_channel)
    host.click(submission(OXF_DCS, opened(double), {"share_summary": {"audience": radio("all")}}))
    replies.append(as_user(POR_DCS).peer('archive search "audit"'))

    # A custom reminder: set, listed, and sent by the clock.
    replies.append(visitor.peer(f'remind "Bring {as_sent} along" in:"30 minutes"', channel=triad_channel))
    replies.append(visitor.peer("reminders", channel=triad_channel))
    send_clock(double, sessions, clock, clock() + timedelta(minutes=31))
    (sent_reminder,) = [m for m in double.messages if "Reminder from" in m["text"]]
    assert f"<@{MK_DCS}>" in sent_reminder["text"]  # who set it, as the app recorded it: live

    sent = everything_sent(double, replies)
    assert_nothing_live(sent)
    for words in (
        f"Look {readable} at the front door",
        f"Audit {readable} cases",
        f"Started {readable} today",
        f"Found {readable} in the audit",
        f"Bring {readable} along",
    ):
        assert_shown(sent, words)
    assert_shown([sent_reminder["text"]], f"Bring {readable} along")
    home_text = []
    _mrkdwn_texts([_parsed(c.args["view"]) for c in double.calls_to("views.publish")], home_text)
    assert_shown(home_text, f"Audit {readable} cases")


def test_forms_never_carry_a_live_mention_or_link(attack, as_user, double, triad_channel, clock, sessions):
    _, _, typed = attack
    host = as_user(OXF_DCS)

    assert host.peer("action add", channel=triad_channel).status == 200
    answer = host.click(
        submission(OXF_DCS, opened(double), action_values(f"Audit {typed} & more", OXF_TEAM, "2018-09-30"))
    )
    assert answer.json == {}
    recorded = next(m for m in double.messages if "*Action 1*" in m["text"])
    assert f"— <@{OXF_TEAM}>, due" in recorded["text"]  # positive control: the owner is a live mention

    assert host.peer("remind", channel=triad_channel).status == 200
    values = {
        "text": {"text": text(f"Bring {typed} & more")},
        "day": {"day": picked("datepicker", "selected_date", "2018-07-20")},
        "time": {"time": picked("timepicker", "selected_time", "09:00")},
    }
    assert host.click(submission(OXF_DCS, opened(double), values)).json == {}
    send_clock(double, sessions, clock, datetime(2018, 7, 20, 8, 1, tzinfo=timezone.utc))
    (sent_reminder,) = [m for m in double.messages if "Reminder from" in m["text"]]
    assert f"<@{OXF_DCS}>" in sent_reminder["text"]

    sent = everything_sent(double)
    assert_nothing_live(sent)
    assert_shown(sent, f"Audit {typed} & more")  # "&" shows as "&", once escaped, never "&amp;amp;"
    assert_shown([sent_reminder["text"]], f"Bring {typed} & more")
    assert not any("&amp;amp;" in t for t in sent)


def test_an_honest_ampersand_is_shown_once_escaped(as_user, double, triad_channel):
    """Positive control for the escaping: "A & B" typed (sent by Slack as A &amp; B) reads "A & B"."""
    reply = as_user(OXF_DCS).peer('focus propose "Early help &amp; the front door"', channel=triad_channel)
    proposal = next(m for m in double.messages if m["text"].startswith("Line 1 proposed:"))
    assert "Early help &amp; the front door" in proposal["text"]
    assert shown(proposal["text"]).count("Early help & the front door") == 1
    assert "&amp;amp;" not in json.dumps([proposal, reply.json])


def test_a_custom_reminder_stored_before_escaping_is_sent_defused(as_user, double, triad_channel, clock, sessions):
    """A pending custom reminder set by an earlier version kept the typed words raw: the clock still
    sends no broadcast mention or disguised link from it, and the person it names stays a mention."""
    from sqlalchemy import select

    from storage import reminders
    from storage.models import Triad

    with sessions.begin() as session:
        triad = session.scalar(select(Triad))
        reminders.add_custom_reminder(
            session, team_id=TEAM, triad_id=triad.id, recipient=triad_channel, created_by=MK_DCS,
            text=f":alarm_clock: Reminder from <@{MK_DCS}>: "
                 "Bring <!channel> and <https://evil.example|the list> & <!subteam^S1|@all>",
            due_at=clock() + timedelta(minutes=5),
        )  # fmt: skip
    send_clock(double, sessions, clock, clock() + timedelta(minutes=6))
    (sent,) = [m for m in double.messages if "Reminder from" in m["text"]]
    assert_nothing_live([sent["text"], *everything_sent(double)])
    assert sent["text"].startswith(f":alarm_clock: Reminder from <@{MK_DCS}>: ")  # positive control: live
    assert "Bring <!channel> and <https://evil.example|the list> & <!subteam^S1|@all>" in shown(sent["text"])


def send_clock(double, sessions, clock, when: datetime) -> None:
    """One pass of the clock at ``when``, posting to the double (as `peerbot clock` does)."""
    from bot.app import reminder_renderer
    from bot.clock.config import SendConfig
    from bot.clock.sending import send_due
    from bot.clock.slack_client import clock_client
    from bot.settings import load_settings

    clock.set(when)
    settings = load_settings(slack_bot_token="xoxb-test", slack_signing_secret="s", slack_api_url=double.base_url)
    stats = send_due(sessions, clock_client(settings), render=reminder_renderer(), now=clock, worker_id="w1",
                     config=SendConfig(threads=2, coordinators=(COORDINATOR,)))  # fmt: skip
    assert stats.failed == 0


@pytest.mark.parametrize("as_sent, readable", [PAYLOADS["channel"], PAYLOADS["disguised link"]])
def test_names_places_themes_and_expertise_never_carry_a_live_mention_or_link(
    as_sent, readable, coordinator, as_user, double
):
    """Every other kind of typed text: a round's and an authority's name, an interview's stakeholder,
    role and place, a theme, a reviewer's expertise — in the channel, the replies and the Home."""
    replies = [coordinator.peer(f'round new "SE {as_sent} 2018"')]
    for name, dcs in ((f"Oxon {as_sent}", OXF_DCS), ("Milton Keynes", MK_DCS), ("Portsmouth", POR_DCS)):
        replies.append(coordinator.peer(f'authority add "{name}" dcs:{mention(dcs)}'))
    replies.append(coordinator.peer(f'triad new host:"Oxon {as_sent}" visitor:"Milton Keynes" observer:"Portsmouth"'))
    channel = double.channel_named(double.calls_to("conversations.create")[-1].args["name"]).id
    welcome = next(m for m in double.messages_in(channel) if "Welcome" in m["text"])
    assert f"DCS <@{OXF_DCS}>" in json.dumps(welcome["blocks"])  # positive control: the DCS is a live mention
    host = as_user(OXF_DCS)
    host.peer('dates challenge:"February 2018" fieldwork:"23 &amp; 24 July 2018"', channel=channel)
    replies.append(
        host.peer(
            f'interview add "23 July 2018 09:30-10:15" "Head {as_sent}" role:"Lead {as_sent}" '
            f'with:{mention(MK_DCS)} where:"Hall {as_sent}"',
            channel=channel,
        )
    )
    replies += [host.peer("interview list", channel=channel), host.peer("agenda", channel=channel)]
    replies.append(coordinator.peer(f'topics add "Theme {as_sent}" words:"front door, {as_sent}"'))
    replies.append(coordinator.peer("topics"))
    replies.append(
        coordinator.peer(
            f'reviewer add {mention(POR_DCS)} authority:"Portsmouth" seniority:"manager" '
            f'expertise:"early help, {as_sent}"'
        )
    )
    replies += [coordinator.peer("reviewer list"), host.peer("status", channel=channel), host.peer("triad list")]

    sent = everything_sent(double, replies)
    assert_nothing_live(sent)
    for words in (f"SE {readable} 2018", f"Oxon {readable}", f"Head {readable}", f"Lead {readable}",
                  f"Hall {readable}", f"Theme {readable}", f"early help, {readable}"):  # fmt: skip
        assert_shown(sent, words)
    assert f"with <@{MK_DCS}>" in "\n".join(sent)  # the interviewer, resolved by the app: live
