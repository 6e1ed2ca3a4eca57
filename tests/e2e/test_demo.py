"""`peerbot demo`: the 2018 round (docs/guide.md) replayed through the real app and the clock, checked from its
transcript."""

from __future__ import annotations

import contextlib
import io
import json
import re
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import select

from bot.cli import demo as cli_demo
from bot.cli import main as cli
from bot.cli import serve as cli_serving
from bot.rules.working_days import is_working_day
from slack_double import SlackDouble
from slack_double.validation import ModelsOnlyValidator
from storage.models import Base, Reminder
from tests.slack_requests import shown

CHANNELS = ("#pc-2018-oxfordshire", "#pc-2018-wokingham", "#pc-2018-hampshire")
PLAN_KINDS = {
    "self_assessment_due", "data_profile_due", "challenge_session", "confirm_date", "pre_visit",
    "finalise_interviews", "fieldwork_agenda", "report_due", "action_due", "follow_up", "orientation", "summit",
}  # fmt: skip


@pytest.fixture(scope="module")
def demo(tmp_path_factory, database_url, engine) -> dict:
    """`peerbot demo --out DIR` into the test database (SQLite, or PostgreSQL with TEST_DATABASE_URL; by
    default the demo makes its own SQLite file), run once for the module: what it printed and wrote."""
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
    out = tmp_path_factory.mktemp("demo") / "demo"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), pytest.MonkeyPatch.context() as env:
        # An operator's real Slack settings in the environment: the demo leaves them alone and says so.
        env.setenv("SLACK_CLIENT_ID", "1234.5678")
        env.setenv("SLACK_CLIENT_SECRET", "a-real-secret")
        env.setenv("SLACK_BOT_TOKEN", "xoxb-a-real-workspace")
        code = cli.main(["demo", "--out", str(out), "--database-url", database_url])
    assert code == 0
    return {
        "engine": engine,
        "out": out,
        "printed": printed.getvalue(),
        "transcript": json.loads((out / "transcript.json").read_text()),
        "html": (out / "index.html").read_text(),
    }


def conversation(demo, title: str) -> list[dict]:
    return next(c["entries"] for c in demo["transcript"]["conversations"] if c["title"] == title)


def words(entry: dict) -> str:
    out = [entry["text"]]
    for block in entry.get("blocks") or []:
        if isinstance(block.get("text"), dict):
            out.append(block["text"]["text"])
        out += [e["text"] for e in block.get("elements", []) if isinstance(e.get("text"), str)]
    return "\n".join(out)


def buttons(entry: dict) -> list[str]:
    return [e["action_id"] for b in entry.get("blocks") or [] if b["type"] == "actions" for e in b["elements"]]


def test_the_three_triads_form_with_their_channels_and_dates_as_given(demo):
    titles = [c["title"] for c in demo["transcript"]["conversations"]]
    assert titles[:3] == list(CHANNELS)
    for title, given in zip(
        CHANNELS,
        ("February; fieldwork Monday 23 & Tuesday 24 July", "early October; fieldwork December _(to be confirmed)_",
         "Friday 7 September; fieldwork Thursday 8 & Friday 9 November"),
        strict=True,
    ):  # fmt: skip
        entries = conversation(demo, title)
        assert entries[0]["kind"] == "message" and "Welcome to triad" in entries[0]["text"]
        assert any(e["kind"] == "message" and f"challenge session {given}" in shown(e["text"]) for e in entries), title
    for number, title in enumerate(CHANNELS, start=1):
        assert f"{title}:" in demo["printed"] and f"Triad {number} forms" in demo["printed"]


def test_lines_agreed_by_button_are_shown_agreed_and_pinned(demo):
    entries = conversation(demo, CHANNELS[0])
    clicks = [e for e in entries if e["kind"] == "clicked"]
    assert [(c["user"], c["text"]) for c in clicks if c["text"] == "Agree"] == [
        ("UOXFDCS", "Agree"), ("UOXFDCS", "Agree"), ("UMKDCS", "Agree"), ("UMKDCS", "Agree"),
    ]  # fmt: skip
    pinned = [e for e in entries if e["pinned"]]
    assert [e["text"] for e in pinned] == [
        "Line 1 agreed: How well do we hear the voice of the child in plans?",
        "Line 2 agreed: Are step-downs from social care to early help safe and timely?",
    ]
    for number, entry in enumerate(pinned, start=1):  # the proposal, updated once both DCSs agreed: only Withdraw
        assert entry["kind"] == "updated" and buttons(entry) == ["focus_withdraw"]
        assert f":pushpin: Line {number}, agreed:" in words(entry)
        assert "Agreed by <@UOXFDCS> and <@UMKDCS> · pinned here." in words(entry)
    assert "agreed: How well do we hear the voice of the child in plans?" in demo["printed"]
    assert "agreed: Early help" not in demo["printed"]  # withdrawn by its proposer


def test_reminders_go_out_at_nine_on_working_days_only(demo):
    reminders = [
        (c["title"], e) for c in demo["transcript"]["conversations"] for e in c["entries"] if e["kind"] == "reminder"
    ]
    assert len(reminders) > 40
    for title, entry in reminders:
        at = datetime.fromisoformat(entry["at"])
        assert (at.hour, at.minute) == (9, 0) and is_working_day(at.date()), (title, entry["at"], entry["text"])
    with demo["engine"].connect() as db:
        sent = dict(db.execute(select(Reminder.id, Reminder.kind).where(Reminder.status == "sent")).all())
        others = db.execute(select(Reminder.status).where(Reminder.status.in_(("late", "failed", "sending")))).all()
    assert {e["reminder_id"] for _, e in reminders} == set(sent)  # every reminder posted was recorded sent
    assert set(sent.values()) >= PLAN_KINDS  # every kind of the plan went out
    assert others == []
    assert "every one at 09:00 Europe/London on a working day" in demo["printed"]
    # The package's own schemas (slack_double/json_schemas): the demo's calls were checked against them, and none
    # failed.
    assert "every Web API call checked against Slack's JSON Schemas and slack_sdk.models" in demo["printed"]


def test_the_four_month_follow_up_asks_with_buttons_and_the_answers_land(demo):
    for title, answer, button, then in (
        (CHANNELS[0], "Arrange a follow-up visit", "follow_up_visit", "asked for a follow-up visit"),
        (CHANNELS[2], "No follow-up needed", "follow_up_decline", "said no follow-up visit is needed"),
    ):
        entries = conversation(demo, title)
        [asked] = [e for e in entries if e["kind"] == "reminder" and "four months after fieldwork" in e["text"]]
        assert buttons(asked) == ["follow_up_visit", "follow_up_decline"]
        assert words(asked).startswith("<@") and "would a follow-up visit help" in words(asked)
        # the next thing after the reminder and the review document shared with it
        clicked = next(i for i in range(entries.index(asked) + 1, len(entries)) if entries[i]["kind"] != "file")
        assert (entries[clicked]["kind"], entries[clicked]["text"]) == ("clicked", answer)
        [updated] = [e for e in entries[clicked:] if e["kind"] == "updated"]
        assert then in words(updated) and not buttons(updated), button
    # Triad 2's host has not answered: asked once in the channel, chased once two weeks later, no more.
    asked = [e for e in conversation(demo, CHANNELS[1]) if "four months after fieldwork" in e["text"]]
    chase = [
        e for e in conversation(demo, "Direct messages: the app and Will Okafor (DCS, Wokingham)")
        if "follow-up visit" in e["text"]
    ]  # fmt: skip
    assert [e["at"][:10] for e in asked + chase] == ["2019-04-12", "2019-04-26"]
    # Hampshire declined: not chased.
    assert not [e for e in conversation(demo, "Direct messages: the app and Hannah Moss (DCS, Hampshire)")
                if "follow-up" in e["text"]]  # fmt: skip


class _Balanced(HTMLParser):
    VOID = {"meta", "br", "hr", "img", "link", "input"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()


def test_index_html_parses_and_shows_each_channel_readably(demo):
    page = demo["html"]
    parser = _Balanced()
    parser.feed(page)
    parser.close()
    assert parser.stack == []
    for title in CHANNELS:
        assert f">{title}</h2>" in page
    assert '<span class="button primary">Agree</span>' in page  # Block Kit buttons, rendered
    assert '<span class="mention">@Olivia Grant (DCS, Oxfordshire)</span>' in page  # <@U…> as a name
    assert "<@U" not in page and "&amp;amp;" not in page
    # As Slack shows it: emoji, not their shortcodes; channels by name, not id.
    assert "\u2705" in page and ":white_check_mark:" not in page
    assert not re.search(r":[a-z][a-z0-9_+-]*:", page.split('id="living-record"')[0].split("</nav>")[1])
    assert '<span class="mention">#pc-2018-oxfordshire</span>' in page and not re.search(r">#?C0\d+<", page)
    assert "Mon 26 Nov 2018, 09:00" in page  # the follow-up, at the time the clock sent it
    if datetime.now().year > 2019:
        assert str(datetime.now().year) not in page  # the demo's times only, nothing of the real clock


def test_the_demo_writes_only_into_an_empty_database(demo, database_url, capsys):
    assert cli.main(["demo", "--out", str(demo["out"]), "--database-url", database_url]) == 2
    assert "already holds rounds; give it an empty one" in capsys.readouterr().err


def test_the_schemas_are_used_when_found_and_slack_sdk_models_otherwise(tmp_path):
    with pytest.raises(FileNotFoundError):
        SlackDouble(schemas_dir=tmp_path)  # the tests' double never silently validates less
    double = SlackDouble(schemas_dir=tmp_path, require_schemas=False)
    assert isinstance(double.validator, ModelsOnlyValidator) and not double.validator.schemas_found
    too_long = {"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}
    assert double.validator.arguments("chat.postMessage", {"channel": "C1", "blocks": [too_long]})
    assert double.validator.arguments("chat.postMessage", {"channel": "C1", "blocks": [{"type": "nonsense"}]})
    assert not double.validator.arguments("chat.postMessage", {"channel": "C1", "blocks": [{"type": "divider"}]})
    assert SlackDouble().validator.schemas_found


def test_start_without_slack_credentials_runs_the_demo_and_says_how_to_go_further(tmp_path, monkeypatch, capsys):
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    ran = []
    monkeypatch.setattr(cli_demo, "cmd_demo", lambda args: ran.append(args.out) or 0)
    assert cli.main(["start", "--out", "somewhere"]) == 0
    printed = capsys.readouterr().out
    assert ran == ["somewhere"]
    assert (
        "no Slack credentials set" in printed
        and "Installing in Slack" in printed
        and "SLACK_BOT_TOKEN=xoxb-" in printed
    )


@pytest.mark.parametrize("where", ["environment", ".env"])
def test_start_with_slack_credentials_serves(tmp_path, monkeypatch, where):
    monkeypatch.chdir(tmp_path)
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)
    if where == ".env":
        Path(".env").write_text("SLACK_BOT_TOKEN=xoxb-real\nSLACK_SIGNING_SECRET=s\n")
    else:
        monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-real")
    served = []
    monkeypatch.setattr(cli_serving, "cmd_serve", lambda args: served.append(args.workers) or 0)
    monkeypatch.setattr(cli_demo, "cmd_demo", lambda args: pytest.fail("the demo ran although credentials are set"))
    assert cli.main(["start", "--workers", "3"]) == 0
    assert served == [3]


def test_start_with_slack_credentials_migrates_its_own_database_quietly_then_serves(tmp_path, monkeypatch, caplog):
    """The README's run command is `peerbot start` alone: it brings DATABASE_URL's database to head itself
    (no alembic lines), and creates no ./peerbot.db beside it; `peerbot serve` still asks for `db upgrade`."""
    from alembic.script import ScriptDirectory

    from bot.settings import ConfigError
    from storage.db import alembic_config, current_revision, make_engine

    monkeypatch.chdir(tmp_path)
    url = f"sqlite:///{tmp_path / 'served.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-real")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "secret")
    for name in ("SLACK_APP_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(cli_serving, "configure_logging", lambda: None)  # pytest keeps the root logger
    monkeypatch.setattr(cli_serving, "prepare_multiprocess_metrics", lambda: None)
    served = []
    monkeypatch.setattr(cli_serving, "run_gunicorn", lambda load, **kw: served.append(kw["bind"]))
    with pytest.raises(ConfigError, match="run `peerbot db upgrade`"):  # serve does not migrate
        cli_serving.cmd_serve(cli.build_parser().parse_args(["serve"]))
    assert served == []

    caplog.set_level("INFO")
    assert cli.main(["start", "--host", "127.0.0.1"]) == 0
    assert served == ["127.0.0.1:3000"]
    assert not [r for r in caplog.records if r.name.startswith("alembic")]
    engine = make_engine(url)
    try:
        head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
        assert current_revision(engine) == head
    finally:
        engine.dispose()
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".db") == ["served.db"]


def test_the_coordinator_posts_the_summit_brief_from_its_reminder_and_its_picture_is_written(demo):
    from PIL import Image

    from bot.demo.words import visible_text
    from bot.demo.words import words as count
    from handlers.summit.picture import size_px

    conversations = {c["title"]: c["entries"] for c in demo["transcript"]["conversations"]}
    briefs = [e for entries in conversations.values() for e in entries if words(e).startswith("Summit brief — SE 2018")]
    assert len(briefs) == 1
    text = words(briefs[0])
    assert "*3 triads; summit Thursday 14 March 2019; 1 of 4 actions done*" in text  # the fact first
    assert "• Oxfordshire hosting, Milton Keynes visiting" in text and "shared" not in text  # named, nothing shared
    assert "Follow-up visits: 1 wanted, 2 not due" in text  # as at 14 February 2019
    assert count(visible_text(briefs[0])) <= 100 and "summit_brief_full" in buttons(briefs[0])  # detail: a button
    reminder = [e for entries in conversations.values() for e in entries if "summit_brief_post" in buttons(e)]
    assert reminder and "is four weeks away" in words(reminder[0])
    picture = demo["out"] / "timeline.png"
    assert Image.open(picture).size == size_px(3)
    assert str(picture) in demo["printed"]
    # The picture written is the one uploaded: the same bytes the brief's timeline draws as at that day.
    from sqlalchemy.orm import Session

    from bot.services.summit import operator_summit_brief
    from handlers.summit.picture import timeline_png
    from storage.models import Round

    with Session(demo["engine"]) as session:
        brief = operator_summit_brief(session, session.scalars(select(Round)).one(), datetime(2019, 2, 14).date())
        assert picture.read_bytes() == timeline_png(brief.timeline, "Summit brief — SE 2018")
    # Shared just after the brief, where Slack shows it: listed in that entry, copied beside the page, shown there.
    entries = next(entries for entries in conversations.values() if briefs[0] in entries)
    shared = entries[entries.index(briefs[0]) + 1]
    assert shared["kind"] == "file" and "timeline" in shared["text"]
    [timeline] = shared["files"]
    assert timeline["name"] == "timeline-se-2018.png" and timeline["title"] == "SE 2018: the round's timeline"
    assert (demo["out"] / timeline["path"]).read_bytes() == picture.read_bytes()
    page = demo["html"]
    image = page.index(f'<img src="{timeline["path"]}"')
    assert page.rindex("Summit brief — SE 2018", 0, image) > page.rindex("</h2>", 0, image)  # after the brief


def test_the_documents_posted_with_reminders_are_linked_where_they_were_shared(demo):
    entries = conversation(demo, CHANNELS[0])
    files = [(i, e) for i, e in enumerate(entries) if e["kind"] == "file"]
    names = [f["name"] for _, e in files for f in e["files"]]
    assert names == ["Oxfordshire 2018 — day 2 presentation.pptx", "Oxfordshire 2018 — follow-up review.docx"]
    i, presentation = files[0]
    assert entries[i - 1]["kind"] == "reminder" and entries[i - 1]["at"] == presentation["at"]  # with its reminder
    [deck] = presentation["files"]
    assert (demo["out"] / deck["path"]).read_bytes()[:2] == b"PK"  # the .pptx itself, beside the page
    assert f'href="{quote(deck["path"])}">{deck["title"]}</a>' in demo["html"]


def test_the_demo_ignores_slack_settings_in_the_environment_and_says_so(demo):
    assert "ignoring SLACK_BOT_TOKEN, SLACK_CLIENT_ID, SLACK_CLIENT_SECRET" in demo["printed"]
    assert "Triad 1 forms" in demo["printed"]  # and the round was replayed all the same


def _after(entries: list[dict], kind: str, text: str, user: str | None = None) -> list[dict]:
    """The entries from the first `kind` entry with `text` (by `user`) on."""
    i = next(i for i, e in enumerate(entries) if e["kind"] == kind and e["text"] == text and user in (None, e["user"]))
    return entries[i:]


def test_directors_answer_the_asks_by_their_buttons_and_the_forms_they_open(demo):
    """Issue 18: where a director would click, the demo clicks the button on the message that asks, and submits
    the form it opens; the page and transcript.json show the click, the form as filled in, and what the app did."""
    oxford = conversation(demo, CHANNELS[0])
    # The visiting DCS proposes line 1 from the welcome's form; the proposal is posted with its Agree button.
    clicked, submitted, posted = _after(oxford, "clicked", "Propose a line of enquiry", "UMKDCS")[:3]
    assert (submitted["kind"], submitted["user"], submitted["text"]) == ("submitted", "UMKDCS", "Propose")
    assert submitted["form"] == {
        "title": "Triad 1 line of enquiry",
        "fields": [["Line of enquiry", "How well do we hear the voice of the child in plans?"]],
    }
    assert posted["kind"] == "message" and posted["text"].startswith("Line 1 proposed: How well do we hear")
    assert buttons(posted) == ["focus_agree", "focus_withdraw"] and clicked["at"] == posted["at"]
    # The host books the first interview from the finalise-interviews reminder's form: the day as the form opened.
    reminder = next(e for e in oxford if e["kind"] == "reminder" and "interview_form_open" in buttons(e))
    clicked, submitted, posted = oxford[oxford.index(reminder) + 1 : oxford.index(reminder) + 4]
    assert (clicked["kind"], clicked["user"], clicked["text"]) == ("clicked", "UOXFDCS", "Add an interview")
    assert dict(submitted["form"]["fields"]) == {
        "Day": "Mon 23 Jul 2018", "From": "09:30", "To": "10:15",
        "Who is interviewed": "Head of Children's Social Care", "Their role": "manager", "Where": "County Hall",
        "Interviewers": "Martin Keane (DCS, Milton Keynes), Maya Lewis",
    }  # fmt: skip
    assert posted["text"].startswith("<@UOXFDCS> booked interview 1: Monday 23 July, 09:30-10:15")
    # Progress on action 1 from its message's Add progress form: told to the one who wrote it.
    _, submitted, told = _after(oxford, "clicked", "Add progress")[:3]
    assert submitted["form"]["fields"] == [["Where it stands", "Half the case files reviewed; themes emerging"]]
    assert (told["kind"], told["user"], told["text"]) == (
        "reply",
        "UOXFTEAM",
        ":white_check_mark: Progress noted on action 1.",
    )
    # The observer looks at the programme from the welcome: shown to them only.
    _, shown = _after(oxford, "clicked", "Show the programme", "UPORDCS")[:2]
    assert (shown["kind"], shown["user"]) == ("reply", "UPORDCS") and "Triad 1's programme" in shown["text"]

    # The host records the feedback format from the pre-visit reminder in their DM: the reminder, answered in place,
    # keeps no buttons; the channel hears it.
    dm = conversation(demo, "Direct messages: the app and Olivia Grant (DCS, Oxfordshire)")
    clicked, updated = _after(dm, "clicked", "Feedback: presentation")[:2]
    assert updated["kind"] == "updated" and not buttons(updated) and "*presentation*" in words(updated)
    [agreed] = [e for e in oxford if "Feedback format agreed" in e["text"]]
    assert agreed["at"] == clicked["at"] and "*presentation* (recorded by <@UOXFDCS>)" in agreed["text"]
    # Wokingham's host marks the self-assessment done from its reminder; Hampshire's types it (both ways show).
    dm = conversation(demo, "Direct messages: the app and Will Okafor (DCS, Wokingham)")
    clicked, updated = _after(dm, "clicked", "Mark done", "UWOKDCS")[:2]
    assert updated["kind"] == "updated" and "marked the self-assessment done" in words(updated)
    assert "/peer mark self-assessment done" in [e["text"] for e in conversation(demo, CHANNELS[2])]
    # Triad 3's observer opens the agenda from the day-before reminder.
    _, agenda = _after(conversation(demo, CHANNELS[2]), "clicked", "Show the agenda", "UBHDCS")[:2]
    assert (agenda["kind"], agenda["user"], agenda["text"]) == ("reply", "UBHDCS", "Triad 3 fieldwork agenda")

    typed = [e["text"] for c in demo["transcript"]["conversations"] for e in c["entries"] if e["kind"] == "typed"]
    for asked in ("/peer feedback format", "/peer action update", '/peer dates challenge:"14 February'):
        assert not [t for t in typed if t.startswith(asked)], asked  # answered by its button now
    for still in ("/peer status", "/peer agenda", "/peer focus propose", "/peer interview add"):
        assert [t for t in typed if t.startswith(still)], still  # some people type
    submitted = [e for c in demo["transcript"]["conversations"] for e in c["entries"] if e["kind"] == "submitted"]
    assert len(submitted) == 6
    assert f"{len(typed)} commands typed," in demo["printed"] and "(6 of them opening a form" in demo["printed"]
    page = demo["html"]
    assert (
        "<b>Martin Keane (DCS, Milton Keynes)</b> filled in the form <i>Triad 1 line of enquiry</i> and clicked "
        '<span class="button primary">Propose</span>' in page
    )
    assert '<div class="field"><b>Interviewers</b> Martin Keane (DCS, Milton Keynes), Maya Lewis</div>' in page
