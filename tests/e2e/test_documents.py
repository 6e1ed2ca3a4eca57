"""The documents the fieldwork team works in (issue 20): the day-2 presentation, the report skeleton and
the follow-up review, posted on demand (`/peer documents`), with the reminders they belong to (and only
when they should), and written by `peerbot documents` for an operator."""

from __future__ import annotations

import io
from datetime import datetime, timezone

import pytest
from docx import Document
from pptx import Presentation
from sqlalchemy import select

from bot.app import reminder_renderer
from bot.clock.config import SendConfig
from bot.clock.process import ClockRuntime, update_record
from bot.clock.sending import send_due
from bot.clock.slack_client import clock_client
from bot.settings import load_settings
from storage.canvas_models import DocumentPost
from storage.models import Reminder
from tests.e2e.conftest import MK_DCS, OXF_DCS, OXF_TEAM, STRANGER, mention, seeded
from tests.e2e.harness import COORDINATOR

VOICE = "How well do we hear the voice of the child in plans?"
STEP_DOWN = "How effective is step-down to early help?"
ATTACK = "=1+1 <!channel> *bold* _under_ #heading"
# As stored and shown: Slack's <!channel> arrives as the plain words "@channel" (handlers.mrkdwn.from_slack).
AS_TYPED = ATTACK.replace("<!channel>", "@channel")


@pytest.fixture
def agreed(as_user, triad_channel, app, double, sessions, clock):
    """`form_agreed`, seeded as its signed commands leave it (see conftest.seeded)."""
    return seeded("test_documents.agreed", lambda: form_agreed(as_user, triad_channel), app, double, sessions, clock)


def form_agreed(as_user, triad_channel):
    """Two agreed lines, fieldwork dates, an interview and an action."""
    host, visitor = as_user(OXF_DCS), as_user(MK_DCS)
    for number, text in enumerate((VOICE, STEP_DOWN), start=1):
        host.peer(f'focus propose "{text}"', channel=triad_channel)
        host.peer(f"focus agree {number}", channel=triad_channel)
        assert visitor.peer(f"focus agree {number}", channel=triad_channel).text == ""  # pinned there, no echo
    host.peer('dates challenge:"February 2018" fieldwork:"23 & 24 July 2018"', channel=triad_channel)
    host.peer('interview add "23 July 2018 09:30-10:15" "Head of Early Help" role:"manager"', channel=triad_channel)
    reply = host.peer(
        f'action add "{ATTACK}" owner:{mention(OXF_TEAM)} due:"30 September 2018" focus:1', channel=triad_channel
    )
    assert reply.text == "", reply.text  # posted in the channel, not echoed
    return triad_channel


def files_named(double, ending: str):
    return [f for f in double.uploaded_files if f.filename.endswith(ending)]


def slide_texts(content: bytes) -> list[str]:
    deck = Presentation(io.BytesIO(content))
    return ["\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame) for slide in deck.slides]


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_peer_documents_posts_the_presentation_here_and_the_report_to_the_visiting_dcs(as_user, agreed, double):
    reply = as_user(OXF_TEAM).peer("documents", channel=agreed)
    assert "on their way" in reply.text
    (deck,) = files_named(double, "day 2 presentation.pptx")
    assert deck.filename == "Oxfordshire 2018 — day 2 presentation.pptx" and deck.channel_id == agreed
    slides = slide_texts(deck.content)
    assert len(slides) == 4  # title, one per agreed line, the workshop
    assert VOICE in slides[1] and "Hypotheses" in slides[1] and "Evidence" in slides[1]
    assert STEP_DOWN in slides[2]
    assert AS_TYPED in slides[3]  # a person's words as they typed them: plain text in a text run

    (report,) = files_named(double, "report skeleton.docx")
    assert report.channel_id == double.channels[report.channel_id].id
    assert double.channels[report.channel_id].is_im and MK_DCS in double.channels[report.channel_id].members
    text = docx_text(report.content)
    assert "Line of enquiry 1" in text and VOICE in text and "Line of enquiry 2" in text and STEP_DOWN in text
    assert "Head of Early Help" in text and "manager" in text
    assert AS_TYPED in text and "30 September 2018" in text


def test_peer_documents_is_refused_to_another_triads_member(as_user, agreed, double):
    reply = as_user(STRANGER).peer("documents triad:1")
    assert reply.text.startswith(":x:")
    assert double.uploaded_files == []
    # Beside it, the honest use by a member works.
    as_user(OXF_DCS).peer("documents", channel=agreed)
    assert len(double.uploaded_files) == 2


@pytest.fixture
def runtime(app, double, clock):
    settings = load_settings(slack_bot_token="xoxb-test", slack_signing_secret="s", slack_api_url=double.base_url)
    from bot.app import living_record_job

    runtime = ClockRuntime(
        app.deps.sessions,
        clock_client(settings),
        reminder_renderer(),
        SendConfig(threads=2, coordinators=(COORDINATOR,)),
        "w1",
        now=clock,
    )
    runtime.update_record = living_record_job()
    return runtime


def pass_at(runtime, clock, when: datetime):
    clock.set(when)
    send_due(runtime.sessions, runtime.client, render=runtime.render, now=clock, worker_id="w1", config=runtime.config)
    return update_record(runtime)


def test_the_presentation_comes_with_the_fieldwork_agenda_when_the_format_has_one(
    as_user, agreed, double, clock, runtime
):
    as_user(OXF_DCS).peer("feedback format:presentation", channel=agreed)
    stats = pass_at(runtime, clock, datetime(2018, 7, 20, 8, 0, 30, tzinfo=timezone.utc))
    assert stats.documents.posted == 1
    (deck,) = files_named(double, "day 2 presentation.pptx")
    assert deck.channel_id == agreed and deck.initial_comment.startswith("For day 2:")
    # Once: the next pass posts nothing more.
    assert update_record(runtime).documents.posted == 0
    assert len(double.uploaded_files) == 1


def test_no_presentation_when_the_format_is_written(as_user, agreed, double, clock, runtime, sessions):
    as_user(OXF_DCS).peer("feedback format:written", channel=agreed)
    stats = pass_at(runtime, clock, datetime(2018, 7, 20, 8, 0, 30, tzinfo=timezone.utc))
    assert stats.documents.posted == 0
    assert files_named(double, ".pptx") == []
    assert any("fieldwork" in m["text"].lower() for m in double.messages_in(agreed))  # the reminder itself went
    with sessions() as session:
        (post,) = session.scalars(select(DocumentPost)).all()
        assert (post.kind, post.status) == ("presentation", "not_wanted")


def test_the_report_skeleton_comes_to_the_visiting_dcs_with_the_report_due_reminder(
    as_user, agreed, double, clock, runtime
):
    as_user(OXF_DCS).peer("feedback format:written", channel=agreed)
    pass_at(runtime, clock, datetime(2018, 7, 20, 8, 0, 30, tzinfo=timezone.utc))
    stats = pass_at(runtime, clock, datetime(2018, 8, 21, 8, 0, 30, tzinfo=timezone.utc))
    assert stats.documents.posted == 1
    (report,) = files_named(double, "report skeleton.docx")
    assert MK_DCS in double.channels[report.channel_id].members and double.channels[report.channel_id].is_im
    assert report.initial_comment.startswith("To write into:") and "report skeleton" in report.initial_comment


def test_peerbot_documents_writes_the_three_documents(as_user, agreed, cli, tmp_path):
    code, out, err = cli("documents", "SE 2018", "--triad", "1", "--out", str(tmp_path / "docs"))
    assert code == 0, err
    names = sorted(p.name for p in (tmp_path / "docs").iterdir())
    assert names == [
        "Oxfordshire 2018 — day 2 presentation.pptx",
        "Oxfordshire 2018 — follow-up review.docx",
        "Oxfordshire 2018 — report skeleton.docx",
    ]
    assert VOICE in docx_text((tmp_path / "docs" / names[2]).read_bytes())
    code, out, err = cli("documents", "SE 2018", "--triad", "7", "--out", str(tmp_path / "docs"))
    assert code == 2 and err.strip() == 'peerbot: round "SE 2018" has no triad 7 (its triads: 1)'


def test_the_follow_up_review_comes_with_the_follow_up(as_user, agreed, double, clock, runtime):
    as_user(OXF_TEAM).peer('action update 1 "Audit started: 12 cases read"', channel=agreed)
    as_user(OXF_DCS).peer("feedback format:verbal", channel=agreed)
    stats = pass_at(runtime, clock, datetime(2018, 11, 26, 9, 0, 30, tzinfo=timezone.utc))
    assert stats.documents.posted == 2  # the report skeleton (its reminder sent late in this pass) and the review
    (review,) = files_named(double, "follow-up review.docx")
    assert review.channel_id == agreed and "to talk through with the host" in review.initial_comment
    text = docx_text(review.content)
    assert "Audit started: 12 cases read" in text and "0 of 1 actions done" in text
    assert files_named(double, ".pptx") == []  # verbal feedback: no presentation with the fieldwork agenda


def test_the_hosts_one_chase_does_not_post_the_review_again(as_user, agreed, double, clock, runtime):
    pass_at(runtime, clock, datetime(2018, 11, 26, 9, 0, 30, tzinfo=timezone.utc))
    assert len(files_named(double, "follow-up review.docx")) == 1
    stats = pass_at(runtime, clock, datetime(2018, 12, 10, 9, 0, 30, tzinfo=timezone.utc))
    with runtime.sessions() as session:  # the chase to the host DCS went in this pass
        chase = session.scalars(select(Reminder).where(Reminder.key.like("follow_up:chase%"))).one()
        assert chase.status == "sent"
    assert stats.documents.posted == 0 and len(files_named(double, "follow-up review.docx")) == 1


def home_documents_click(user: str, view: dict, value: str | None = None) -> dict:
    """The Home tab's Documents button (a section's accessory) as Slack sends its click: the block has
    the id Slack gave it (random, as the app sets none)."""
    from tests.e2e.test_home_actions import home_click

    block = next(b for b in view["blocks"] if (b.get("accessory") or {}).get("action_id") == "home_documents")
    located = {"type": "actions", "block_id": block.get("block_id", "Q7x+c"), "elements": [block["accessory"]]}
    payload = home_click(user, {**view, "blocks": [located]}, "home_documents", value=value)
    payload["view"]["blocks"] = view["blocks"]
    return payload


def test_the_homes_documents_button_posts_them_for_a_member_only(as_user, agreed, double):
    from tests.e2e.test_home import open_home

    open_home(as_user, OXF_DCS)
    view = double.home_views[OXF_DCS]
    as_user(OXF_DCS).click(home_documents_click(OXF_DCS, view))
    assert len(files_named(double, "day 2 presentation.pptx")) == 1 and len(files_named(double, ".docx")) == 1
    told = [c.args["text"] for c in double.calls_to("chat.postMessage") if c.args.get("channel") == OXF_DCS]
    assert any("posted the day-2 presentation, the report skeleton" in t for t in told)
    # The same button forged by someone outside the triad: refused, nothing posted.
    as_user(STRANGER).click(home_documents_click(STRANGER, view))
    assert len(double.uploaded_files) == 2
    told = [c.args["text"] for c in double.calls_to("chat.postMessage") if c.args.get("channel") == STRANGER]
    assert told and told[-1].startswith(":x:")
