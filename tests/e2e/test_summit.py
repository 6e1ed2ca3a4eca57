"""The summit brief and themes through signed requests: /peer summit posts the brief at a glance and its
timeline picture, every triad named; its *Full brief* button opens the detail, content only where hosts
shared it; /peer topics edits the vocabulary; /peer focus tag corrects a line."""

from __future__ import annotations

import io
from datetime import datetime, timezone

import pytest
from PIL import Image

from handlers.summit.picture import size_px
from tests.e2e.conftest import MK_DCS, OXF_DCS, OXF_TEAM, POR_DCS, STRANGER, mention, seeded, snapshot
from tests.e2e.harness import COORDINATOR, TEAM
from tests.e2e.test_forms import opened

# SPEC's 2018 round: triad 1 comes from the conftest's people; triads 2 and 3 here.
PEOPLE = {
    "Oxfordshire": OXF_DCS,
    "Milton Keynes": MK_DCS,
    "Portsmouth": POR_DCS,
    "Wokingham": "UWOKDCS",
    "Southampton": "USOTDCS",
    "East Sussex": "UESXDCS",
    "Hampshire": "UHAMDCS",
    "Windsor and Maidenhead": "UWAMDCS",
    "Brighton and Hove": "UBHDCS",
}
TRIADS = [
    ("Oxfordshire", "Milton Keynes", "Portsmouth", "February 2018", "23 & 24 July 2018"),
    ("Wokingham", "Southampton", "East Sussex", "Early October", "December 2018 tbc"),
    ("Hampshire", "Windsor and Maidenhead", "Brighton and Hove", "7 September", "8 & 9 November 2018"),
]
LINES = {
    1: [
        "How effective is our early help offer at stepping down from the front door?",
        "Do we recognise neglect early?",
    ],
    2: ["How well do we hear the voice of the child in child protection plans?"],
    3: ["Is the MASH applying thresholds consistently?"],
}


@pytest.fixture
def round_2018(coordinator, as_user, app, double, sessions, clock) -> dict[int, str]:
    """The 2018 round as SPEC's table has it, with agreed lines and triad 1's workshop actions: seeded
    as `form_round_2018`'s signed commands leave it (the first test below sends them)."""
    return seeded(
        "round 2018", lambda: form_round_2018(coordinator, as_user, double, clock), app, double, sessions, clock
    )


def form_round_2018(coordinator, as_user, double, clock) -> dict[int, str]:
    coordinator.peer('round new "SE 2018"')
    coordinator.peer('round dates orientation:"Early January 2018" summit:"14 March 2019"')
    for name, dcs in PEOPLE.items():
        team = f" team:{mention(OXF_TEAM)}" if name == "Oxfordshire" else ""
        assert coordinator.peer(f'authority add "{name}" dcs:{mention(dcs)}{team}').text.startswith(
            ":white_check_mark:"
        )
    channels: dict[int, str] = {}
    for number, (host, visitor, observer, challenge, fieldwork) in enumerate(TRIADS, start=1):
        coordinator.peer(f'triad new host:"{host}" visitor:"{visitor}" observer:"{observer}"')
        channels[number] = double.channel_named(double.calls_to("conversations.create")[-1].args["name"]).id
        reply = as_user(PEOPLE[host]).peer(
            f'dates challenge:"{challenge}" fieldwork:"{fieldwork}"', channel=channels[number]
        )
        assert reply.status == 200
        for line_number, text in enumerate(LINES[number], start=1):
            as_user(PEOPLE[host]).peer(f'focus propose "{text}"', channel=channels[number])
            for dcs in (PEOPLE[host], PEOPLE[visitor]):
                as_user(dcs).peer(f"focus agree {line_number}", channel=channels[number])
    clock.set(datetime(2018, 7, 25, 10, 0, tzinfo=timezone.utc))
    host = as_user(OXF_DCS)
    for text, due in (
        ("Review step-down to early help", "30 September 2018"),
        ("Audit neglect cases", "31 October 2018"),
    ):
        host.peer(f'action add "{text}" owner:{mention(OXF_TEAM)} due:"{due}" focus:1', channel=channels[1])
    host.peer('action update 1 "Audit started"', channel=channels[1])
    host.peer("action done 2", channel=channels[1])
    clock.set(datetime(2019, 2, 1, 10, 0, tzinfo=timezone.utc))
    double.add_channel("CCOORDS", "coordinators", members=[COORDINATOR])
    return channels


def share(as_user, double, channel: str, host: str, choices: dict[str, str]) -> None:
    """The host DCS shares through the share form, as in Slack."""
    from tests.e2e.test_sharing import share_form, submit_share

    assert submit_share(as_user, share_form(as_user, double, channel, host), choices, host).status == 200


def posted_brief(double, channel: str) -> dict:
    posted = [m for m in double.messages_in(channel) if "Summit brief" in (m.get("text") or "")]
    assert len(posted) == 1, posted
    return posted[0]


def brief_text(double, channel: str) -> str:
    """The posted brief as read: the fact, a line a triad, themes, follow-ups (≤ 100 words)."""
    from bot.demo.words import visible_text, words

    text = visible_text(posted_brief(double, channel))
    assert words(text) <= 100 and "/peer" not in text, text
    return text


def full_brief(coordinator, double, channel: str, user: str = COORDINATOR) -> str:
    """The detail behind the posted brief's *Full brief* button, as the modal it opens shows it."""
    from tests.e2e.test_focus_buttons import click_payload

    opens = len(double.calls_to("views.open"))
    click = click_payload(double, user, posted_brief(double, channel), "summit_brief_full")
    assert coordinator.click(click).status == 200
    assert len(double.calls_to("views.open")) == opens + 1
    return "\n".join(b["text"]["text"] for b in opened(double)["blocks"] if isinstance(b.get("text"), dict))


def test_the_summit_brief_names_only_what_hosts_shared_and_counts_the_rest(coordinator, as_user, double, clock):
    round_2018 = form_round_2018(coordinator, as_user, double, clock)  # through the signed commands, not seeded
    share(as_user, double, round_2018[1], OXF_DCS, {"lines": "region", "action_themes": "all"})
    as_user(PEOPLE["Windsor and Maidenhead"]).peer('findings "Thresholds are applied unevenly."', channel=round_2018[3])
    share(as_user, double, round_2018[3], PEOPLE["Hampshire"], {"summary": "region"})
    reply = coordinator.peer("summit", channel="CCOORDS")
    assert reply.text == ""  # the brief is posted here: no echo beside it
    text = brief_text(double, "CCOORDS")
    # At a glance: the fact first, then every triad named, what each host shared, themes, follow-ups.
    assert text.splitlines()[1] == "*3 triads; summit Thursday 14 March 2019; 1 of 2 actions done, 1 in progress*"
    assert (
        "• Oxfordshire hosting, Milton Keynes visiting, Portsmouth observing; fieldwork 23–24 July 2018; "
        "shared: lines, actions\n" in text
    )
    assert "• Wokingham hosting, Southampton visiting, East Sussex observing; fieldwork December 2018 tbc\n" in text
    assert "• Hampshire hosting, Windsor and Maidenhead visiting, Brighton and Hove observing; " in text
    assert "fieldwork 8–9 November 2018; shared: findings\n" in text
    assert "\nFollow-up visits: 1 unanswered, 2 not due" in text
    assert all(line not in text for lines in LINES.values() for line in lines)  # lines are detail, behind the button

    text = full_brief(coordinator, double, "CCOORDS")
    assert "2 hosts shared with the region; 1 shared nothing yet (its lines and actions only counted)" in text
    # Triad 1 shared its lines and actions: named, its lines with their themes, its actions counted.
    assert "Triad 1: Oxfordshire hosting, Milton Keynes visiting, Portsmouth observing" in text
    assert (
        "Line of enquiry: How effective is our early help offer at stepping down from the front door? "
        "(Early help, Front door / MASH)" in text
    )
    assert "2 actions recorded: 1 done, 1 in progress, 0 not started; follow-up: not answered yet" in text
    # Triad 3 shared only its summary: named, but its lines only counted.
    assert "Triad 3: Hampshire hosting" in text and "1 agreed line of enquiry (the lines are not shared)" in text
    assert "MASH applying thresholds" not in text
    # Triad 2 shared nothing: its authorities are named (the triad table is public), its lines only counted.
    assert (
        "Triad 2: Wokingham hosting, Southampton visiting, East Sussex observing (nothing shared); "
        "challenge session Early October 2018 (to be confirmed), "
        "fieldwork December 2018 tbc; 1 agreed line of enquiry" in text
    )
    assert "voice of the child in child protection" not in text
    # Themes are counted across every triad, shared or not (anonymously).
    assert "Early help: 1 line this round" in text and "Voice of the child: 1 line this round" in text
    assert "Across the round: 2 actions recorded: 1 done, 1 in progress, 0 not started" in text
    assert "0 wanted, 0 declined, 1 not answered, 2 not due yet" in text

    (upload,) = double.uploaded_files
    assert upload.channel_id == "CCOORDS" and upload.filename == "timeline-se-2018.png"
    image = Image.open(io.BytesIO(upload.content))
    assert image.format == "PNG" and image.size == size_px(3)

    # Revoked: triad 3's content is counted again; its authorities stay named.
    share(as_user, double, round_2018[3], PEOPLE["Hampshire"], {"summary": "nobody"})
    double.clear()
    coordinator.peer("summit", channel="CCOORDS")
    text = brief_text(double, "CCOORDS")
    assert "• Hampshire hosting, Windsor and Maidenhead visiting, Brighton and Hove observing; " in text
    assert "shared: findings" not in text and "• Oxfordshire hosting" in text
    text = full_brief(coordinator, double, "CCOORDS")
    assert "Triad 3: Hampshire hosting" in text and "(nothing shared)" in text
    assert "Triad 1: Oxfordshire hosting" in text


def test_with_nothing_shared_every_triad_is_named_and_no_line_shown(coordinator, round_2018, double):
    coordinator.peer("summit", channel="CCOORDS")
    text = brief_text(double, "CCOORDS")
    for host, visitor, observer, *_ in TRIADS:
        assert f"• {host} hosting, {visitor} visiting, {observer} observing; fieldwork " in text
    assert "shared" not in text
    assert "fieldwork 8–9 November 2018" in text  # every date has its year
    text += full_brief(coordinator, double, "CCOORDS")
    nothing = "No host has shared its findings with the region yet: each triad's lines and actions are only counted"
    assert nothing in text
    for host, visitor, observer, *_ in TRIADS:
        assert f"{host} hosting, {visitor} visiting, {observer} observing (nothing shared)" in text
    assert "challenge session 7 September 2018, fieldwork 8 &amp; 9 November 2018" in text  # every date has its year
    for lines in LINES.values():
        assert all(line not in text for line in lines)


def test_the_full_brief_opens_for_a_coordinator_only_and_a_forged_click_changes_nothing(
    as_user, coordinator, round_2018, double, sessions
):
    from tests.e2e.test_focus_buttons import click_payload, told

    share(as_user, double, round_2018[1], OXF_DCS, {"lines": "region"})
    coordinator.peer("summit", channel="CCOORDS")
    brief = posted_brief(double, "CCOORDS")
    before, opens = snapshot(sessions), len(double.calls_to("views.open"))
    for user, value, team, says in (
        (OXF_DCS, None, TEAM, ":x: Only a programme coordinator can prepare the summit brief."),  # the attack
        (COORDINATOR, "SE 1999", TEAM, ':x: There is no round called "SE 1999"'),  # a forged round
        (COORDINATOR, " ", TEAM, ":x: I can't tell which round this button is about."),  # an emptied value
        (COORDINATOR, None, "T0OTHER", ':x: There is no round called "SE 2018"'),  # from another workspace
    ):
        click = click_payload(double, user, brief, "summit_brief_full", value=value, team=team)
        assert coordinator.click(click).status == 200
        (said,) = told(double, click)
        assert said.startswith(says), said
    assert len(double.calls_to("views.open")) == opens  # nothing opened
    assert snapshot(sessions) == before
    # The positive control: the coordinator's click opens the detail, the shared lines in it.
    text = full_brief(coordinator, double, "CCOORDS")
    assert f"Line of enquiry: {LINES[1][0]}" in text and LINES[2][0] not in text
    assert opened(double)["title"]["text"] == "Brief — SE 2018"
    assert snapshot(sessions) == before


def test_only_a_coordinator_gets_the_brief_and_bad_requests_are_explained(
    as_user, coordinator, round_2018, double, sessions
):
    before = snapshot(sessions)
    for user, text, expected in (
        (OXF_DCS, "summit", "Only a programme coordinator can prepare the summit brief."),
        (COORDINATOR, 'summit round:"SE 2017"', 'There is no round called "SE 2017"'),
        (COORDINATOR, "summit now", '`/peer summit round:"SE 2018"`'),
        (COORDINATOR, 'summit team:"x"', '`/peer summit round:"SE 2018"`'),
    ):
        reply = as_user(user).peer(text, channel="CCOORDS")
        assert expected in reply.text, reply.text
    assert not [m for m in double.messages_in("CCOORDS") if "Summit brief" in (m.get("text") or "")]
    assert double.uploaded_files == []
    assert snapshot(sessions) == before


def test_a_line_is_tagged_with_suggested_themes_and_the_triad_corrects_them(as_user, round_2018, sessions):
    channel = round_2018[1]
    listing = as_user(OXF_TEAM).peer("focus list", channel=channel).text
    assert "_themes: Early help, Front door / MASH_" in listing and "_themes: Neglect_" in listing
    reply = as_user(OXF_TEAM).peer('focus tag 2 "Neglect" "voice of the child"', channel=channel)
    assert reply.text == ":label: Line 2 is now tagged Neglect, Voice of the child (as you chose)."
    assert "_themes: Neglect, Voice of the child_" in as_user(OXF_DCS).peer("focus list", channel=channel).text
    assert (
        as_user(OXF_TEAM).peer("focus tag 2 none", channel=channel).text
        == ":label: Line 2 is now tagged no theme (as you chose)."
    )
    reply = as_user(OXF_TEAM).peer("focus tag 2 suggested", channel=channel)
    assert reply.text == ":label: Line 2 is now tagged Neglect (as suggested from its words)."

    before = snapshot(sessions)
    for user, text, expected in (
        (OXF_TEAM, 'focus tag 2 "Parenting"', 'There is no topic "Parenting". The topics are: Early help,'),
        (OXF_TEAM, 'focus tag 9 "Neglect"', "There is no line of enquiry 9"),
        (OXF_TEAM, 'focus tag "Neglect"', "Write it like"),
        (STRANGER, 'focus tag 2 "Neglect"', "Only triad 1's members and the programme coordinators"),
    ):
        assert expected in as_user(user).peer(text, channel=channel).text
    assert snapshot(sessions) == before


def test_coordinators_edit_the_vocabulary_and_lines_follow_it(coordinator, as_user, round_2018, sessions):
    channel = round_2018[3]
    reply = coordinator.peer('topics add "Thresholds" words:"threshold, thresholds; threshold document"')
    assert reply.text == ':white_check_mark: Topic "Thresholds" added: threshold, thresholds, threshold document.'
    assert (
        "_themes: Front door / MASH, Thresholds_"
        in as_user(PEOPLE["Hampshire"]).peer("focus list", channel=channel).text
    )
    reply = coordinator.peer('topics add "Thresholds" words:"threshold"')
    assert reply.text == ':white_check_mark: Topic "Thresholds" updated: threshold.'
    reply = coordinator.peer('topics remove "front door / mash"')
    assert reply.text.startswith(':white_check_mark: Topic "Front door / MASH" removed')
    assert "_themes: Thresholds_" in as_user(PEOPLE["Hampshire"]).peer("focus list", channel=channel).text
    listing = as_user(OXF_TEAM).peer("topics").text
    assert "• *Thresholds* — threshold" in listing and "• *Front door / MASH*" not in listing

    before = snapshot(sessions)
    for user, text, expected in (
        (
            OXF_DCS,
            'topics add "Youth justice" words:"YOT"',
            "Only a programme coordinator can change the vocabulary of themes.",
        ),
        (COORDINATOR, 'topics add "Youth justice"', 'Say which words mark a line as about "Youth justice"'),
        (COORDINATOR, 'topics add words:"YOT"', "Write it like"),
        (COORDINATOR, 'topics remove "Parenting"', 'There is no topic "Parenting".'),
        (COORDINATOR, "topics everything", "`/peer topics` takes nothing"),
    ):
        assert expected in as_user(user).peer(text).text
    assert snapshot(sessions) == before


def test_peerbot_summit_writes_the_four_files(round_2018, as_user, double, database_url, monkeypatch, tmp_path, capsys):
    import json

    from bot.cli.main import main

    share(as_user, double, round_2018[1], OXF_DCS, {"lines": "all"})
    monkeypatch.setenv("DATABASE_URL", database_url)
    capsys.readouterr()
    assert main(["summit", "SE 2018", "--out", str(tmp_path / "brief"), "--today", "2019-03-01"]) == 0
    written = capsys.readouterr().out.split()
    assert [p.rsplit("/", 1)[1] for p in written] == ["brief.md", "brief.html", "summit.json", "timeline.png"]
    folder = tmp_path / "brief"
    document = json.loads((folder / "summit.json").read_text())
    assert document["round"] == "SE 2018" and document["as_at"] == "2019-03-01" and document["not_shared"] == 2
    by_number = {t["number"]: t for t in document["triads"]}
    assert by_number[1]["host"] == "Oxfordshire" and by_number[1]["focus"][1] == {
        "text": "Do we recognise neglect early?",
        "themes": ["Neglect"],
    }
    assert by_number[1]["actions"] is None  # the action themes are not shared
    assert by_number[2] == {**by_number[2], "host": "Wokingham", "visitor": "Southampton", "focus": None}
    assert by_number[2]["agreed_lines"] == 1
    assert by_number[2]["dates"]["fieldwork"] == {
        "text": "December 2018 tbc", "start": "2018-12-01", "end": "2018-12-31",
        "precision": "month", "provisional": True,
    }  # fmt: skip
    assert document["actions"] == {"recorded": 2, "done": 1, "in_progress": 1, "not_started": 0}
    assert {t["theme"]: t["this_round"] for t in document["themes"]}["front-door-mash"] == 2
    markdown = (folder / "brief.md").read_text()
    assert markdown.startswith("# Summit brief — SE 2018\n") and "![Timeline of the round](timeline.png)" in markdown
    secret = "How well do we hear the voice of the child"  # triad 2 shared nothing: named, its line unshown
    assert "Triad 2: Wokingham hosting" in markdown and secret not in markdown
    assert secret not in (folder / "brief.html").read_text()
    assert "<h2>Themes across the triads</h2>" in (folder / "brief.html").read_text()
    assert Image.open(folder / "timeline.png").size == size_px(3)


def test_peerbot_summit_explains_an_unknown_round(round_2018, database_url, monkeypatch, tmp_path, capsys):
    from bot.cli.main import main

    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["summit", "SE 2017", "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err.strip() == 'peerbot: there is no round called "SE 2017"'
    assert list(tmp_path.iterdir()) == []


def test_themes_are_counted_across_earlier_rounds_too(coordinator, as_user, round_2018, double):
    coordinator.peer('round new "SE 2017"')
    coordinator.peer('triad new host:"Portsmouth" visitor:"Oxfordshire" observer:"Hampshire" round:"SE 2017"')
    channel = double.channel_named(double.calls_to("conversations.create")[-1].args["name"]).id
    as_user(POR_DCS).peer('focus propose "Is our early help offer reaching families soon enough?"', channel=channel)
    as_user(POR_DCS).peer('focus propose "Do we know our neglect cases?"', channel=channel)
    for dcs in (POR_DCS, OXF_DCS):
        as_user(dcs).peer("focus agree 1", channel=channel)  # line 2 is never agreed: not counted

    coordinator.peer('summit round:"SE 2018"', channel="CCOORDS")
    assert "\nThemes: Front door / MASH (2), Early help, Neglect, Voice of the child, Child protection\n" in brief_text(
        double, "CCOORDS"
    )
    text = full_brief(coordinator, double, "CCOORDS")
    assert "*Themes across the triads (and earlier rounds: SE 2017)*" in text
    assert "• Early help: 1 line this round, 1 in earlier rounds" in text
    assert "• Neglect: 1 line this round, 0 in earlier rounds" in text

    double.clear()
    coordinator.peer('summit round:"SE 2017"', channel="CCOORDS")
    text = brief_text(double, "CCOORDS")
    assert text.splitlines()[1].startswith("*1 triad; summit date not set;") and "\nThemes: Early help\n" in text
    text = full_brief(coordinator, double, "CCOORDS")
    assert "• Early help: 1 line this round" in text and "earlier rounds" not in text


def test_the_summit_brief_reminder_carries_the_button_that_posts_it(coordinator, round_2018, double, clock, sessions):
    from bot.app import reminder_renderer
    from bot.clock.config import SendConfig
    from bot.clock.sending import send_due
    from bot.clock.slack_client import clock_client
    from bot.settings import load_settings
    from tests.e2e.test_focus_buttons import click_payload, told

    clock.set(datetime(2019, 2, 14, 9, 0, 30, tzinfo=timezone.utc))  # the brief is due four weeks before the summit
    settings = load_settings(slack_bot_token="xoxb-test", slack_signing_secret="s", slack_api_url=double.base_url)
    stats = send_due(sessions, clock_client(settings), render=reminder_renderer(), now=clock, worker_id="w1",
                     config=SendConfig(threads=2, coordinators=(COORDINATOR,)))  # fmt: skip
    assert stats.failed == 0
    (reminder,) = [m for m in double.messages if "summit_brief_post" in str(m.get("blocks"))]
    assert reminder["text"].startswith("SE 2018: the annual summit is four weeks away, on Thursday 14 March 2019")

    stranger_click = click_payload(double, OXF_DCS, reminder, "summit_brief_post")
    assert coordinator.click(stranger_click).status == 200
    assert told(double, stranger_click) == [
        ":x: Only a programme coordinator can prepare the summit brief. Ask one to do it, or to make you a coordinator."
    ]
    assert double.uploaded_files == []

    click = click_payload(double, COORDINATOR, reminder, "summit_brief_post")
    assert coordinator.click(click).status == 200
    text = brief_text(double, reminder["channel"])
    assert text.startswith("Summit brief — SE 2018\n*3 triads; summit Thursday 14 March 2019;")
    (upload,) = double.uploaded_files
    assert upload.channel_id == reminder["channel"] and Image.open(io.BytesIO(upload.content)).size == size_px(3)


def multi(*keys: str) -> dict:
    return {"type": "multi_static_select", "selected_options": [
        {"text": {"type": "plain_text", "text": k}, "value": k} for k in keys]}  # fmt: skip


def test_the_themes_forms(coordinator, as_user, round_2018, double, sessions):
    from tests.e2e.test_forms import select_, submission, text

    channel = round_2018[1]
    assert as_user(OXF_TEAM).peer("focus tag 2", channel=channel).text == ""
    view = opened(double)
    line_block, topics_block = view["blocks"]
    assert line_block["element"]["initial_option"]["value"] == "2"
    assert [o["value"] for o in topics_block["element"]["initial_options"]] == ["neglect"]
    assert len(topics_block["element"]["options"]) == 16

    before = snapshot(sessions)
    refused = as_user(OXF_TEAM).click(
        submission(OXF_TEAM, view, {"line": {"line": select_("9")}, "topics": {"topics": multi("neglect")}})
    )
    assert refused.json == {
        "response_action": "errors",
        "errors": {"line": "There is no line of enquiry 9."},
    }
    forged = submission(OXF_TEAM, view, {"line": {"line": select_("2")}, "topics": {"topics": multi("parenting")}})
    assert "There is no topic" in as_user(OXF_TEAM).click(forged).json["errors"]["topics"]
    stranger = submission(STRANGER, view, {"line": {"line": select_("2")}, "topics": {"topics": multi("neglect")}})
    assert "Only triad 1's members" in as_user(STRANGER).click(stranger).json["errors"]["line"]
    assert snapshot(sessions) == before

    chosen = submission(
        OXF_TEAM, view, {"line": {"line": select_("2")}, "topics": {"topics": multi("neglect", "workforce")}}
    )
    assert as_user(OXF_TEAM).click(chosen).status == 200
    assert "_themes: Neglect, Workforce_" in as_user(OXF_DCS).peer("focus list", channel=channel).text
    cleared = submission(OXF_TEAM, view, {"line": {"line": select_("2")}, "topics": {"topics": multi()}})
    as_user(OXF_TEAM).click(cleared)
    assert (
        "Do we recognise neglect early? — :white_check_mark: agreed\n"
        in as_user(OXF_DCS).peer("focus list", channel=channel).text + "\n"
    )

    assert as_user(OXF_DCS).peer("topics add").text.startswith(":x: Only a programme coordinator")
    assert coordinator.peer("topics add").text == ""
    before = snapshot(sessions)
    form = opened(double)
    assert form["callback_id"] == "topic_add_form"
    for values, field, says in (
        ({"label": {"label": text(" ")}, "words": {"words": text("x")}}, "label", "Give the topic a name"),
        ({"label": {"label": text("Youth justice")}, "words": {"words": text(" , ;")}}, "words", "Say which words"),
    ):
        reply = coordinator.click(submission(COORDINATOR, form, values))
        assert reply.json["errors"][field].startswith(says)
    assert snapshot(sessions) == before
    as_user(OXF_DCS).click(
        submission(OXF_DCS, form, {"label": {"label": text("Youth justice")}, "words": {"words": text("YOT")}})
    )
    assert snapshot(sessions) == before  # a forged submission by a non-coordinator changes nothing
    saved = coordinator.click(
        submission(
            COORDINATOR,
            form,
            {"label": {"label": text("Youth justice")}, "words": {"words": text("YOT\nyouth offending")}},
        )
    )
    assert saved.status == 200 and saved.json == {}
    assert "• *Youth justice* — YOT, youth offending" in coordinator.peer("topics").text


def test_peerbot_summit_today_counts_only_what_had_happened_by_then(
    round_2018, sessions, database_url, monkeypatch, tmp_path, capsys
):
    import json

    from sqlalchemy import update

    from bot.cli.main import main
    from storage.models import Triad

    with sessions() as session:  # triad 1's host asked for a follow-up visit once the four months were up
        session.execute(update(Triad).where(Triad.number == 1).values(follow_up_status="requested"))
        session.commit()
    monkeypatch.setenv("DATABASE_URL", database_url)

    def brief_as_at(day: str) -> dict:
        folder = tmp_path / day
        assert main(["summit", "SE 2018", "--out", str(folder), "--today", day]) == 0
        return json.loads((folder / "summit.json").read_text())

    before = brief_as_at("2018-07-24")  # before the actions were recorded and the follow-up was asked
    assert before["actions"] == {"recorded": 0, "done": 0, "in_progress": 0, "not_started": 0}
    assert before["follow_up"] == {"wanted": 0, "declined": 0, "not_answered": 0, "not_due": 3}
    after = brief_as_at("2019-03-01")
    assert after["actions"] == {"recorded": 2, "done": 1, "in_progress": 1, "not_started": 0}
    assert after["follow_up"]["wanted"] == 1
    capsys.readouterr()
