"""The triad's channel canvas (issue 20): made and kept current from the database by the clock's
canvas job, one edit per triad however many changes, retried until it converges, made again when
deleted, and told once to the coordinators where a workspace can't have channel canvases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from handlers.canvas import CanvasSync, sync_dirty
from slack_double.api.canvases import canvas_in, delete_by_person
from storage.canvas_models import CanvasUnavailable, ChannelCanvas
from tests.e2e.conftest import MK_DCS, OXF_DCS, OXF_TEAM, POR_DCS, STRANGER, mention
from tests.e2e.harness import COORDINATOR

VOICE = "How well do we hear the voice of the child in plans?"


@pytest.fixture
def canvases(app, double, clock):
    """The clock's canvas job, run when the test says (its clock is the test's)."""
    sync = CanvasSync(app.deps.sessions, lambda _team: app.bolt.client, (COORDINATOR,), clock, "test-clock")

    def run():
        return sync_dirty(sync)

    return run


def canvas_text(double, channel) -> str:
    canvas = canvas_in(double, channel)
    assert canvas is not None, f"no canvas in {channel}"
    return canvas.markdown


def test_the_canvas_is_made_and_shows_each_change(as_user, triad_channel, double, canvases, clock):
    stats = canvases()
    assert stats.created == 1
    text = canvas_text(double, triad_channel)
    assert "# Triad 1: Oxfordshire peer challenge (SE 2018)" in text
    assert f"![](@{OXF_DCS})" in text and f"![](@{MK_DCS})" in text and f"![](@{POR_DCS})" in text
    assert "Challenge session: not set yet" in text

    # A line agreed, dates moved, an action added and done: each shows after the next pass.
    host, visitor = as_user(OXF_DCS), as_user(MK_DCS)
    host.peer(f'focus propose "{VOICE}"', channel=triad_channel)
    host.peer("focus agree 1", channel=triad_channel)
    assert visitor.peer("focus agree 1", channel=triad_channel).text == ""  # pinned in the channel, no echo
    host.peer('dates challenge:"February 2018" fieldwork:"23 & 24 July 2018"', channel=triad_channel)
    host.peer(
        f'action add "Audit step-down cases" owner:{mention(OXF_TEAM)} due:"30 September 2018" focus:1',
        channel=triad_channel,
    )
    clock.advance(seconds=30)
    stats = canvases()
    assert (stats.created, stats.edited) == (0, 1)  # every change since the last pass: one edit
    text = canvas_text(double, triad_channel)
    assert "- **Line 1**: How well do we hear the voice of the child in plans?" in text
    assert "Challenge session: February 2018 (to be confirmed)" in text
    assert "Fieldwork visit: 23 & 24 July 2018" in text
    assert f"- [ ] 1\\. Audit step\\-down cases — owner ![](@{OXF_TEAM}) — due 30 September 2018 — line 1" in text

    as_user(OXF_TEAM).peer("action done 1", channel=triad_channel)
    clock.advance(seconds=30)
    assert canvases().edited == 1
    assert "- [x] 1\\. Audit step\\-down cases" in canvas_text(double, triad_channel)

    # Nothing changed: nothing is sent.
    clock.advance(seconds=30)
    assert canvases().claimed == 0
    assert len(double.calls_to("canvases.edit")) == 2


def test_typed_words_are_plain_text_in_the_canvas(as_user, triad_channel, double, canvases):
    attack = "# Heading <!channel> ![](@U0BOSS) [click](https://evil.example) **bold** - [x] done"
    reply = as_user(OXF_DCS).peer(f'focus propose "{attack}"', channel=triad_channel)
    assert reply.text == ""  # posted in the channel, no echo
    as_user(OXF_DCS).peer("focus agree 1", channel=triad_channel)
    as_user(MK_DCS).peer("focus agree 1", channel=triad_channel)
    canvases()
    text = canvas_text(double, triad_channel)
    line = next(l for l in text.splitlines() if l.startswith("- **Line 1**: "))
    assert "![](@U0BOSS)" not in text and "](https" not in text and "**bold**" not in text
    # Slack's <!channel> arrives as plain "@channel" (handlers.mrkdwn.from_slack), and shows as text
    assert line.startswith("- **Line 1**: \\# Heading \\@channel \\!\\[\\]\\(\\@U0BOSS\\)")
    # The honest use beside it: the people the app resolved are live mentions.
    assert f"![](@{OXF_DCS})" in text


def test_a_failed_edit_is_retried_and_converges(as_user, triad_channel, double, canvases, clock, sessions):
    canvases()
    as_user(OXF_DCS).peer(f'focus propose "{VOICE}"', channel=triad_channel)
    double.fail_next("canvases.edit", "canvas_editing_failed")
    clock.advance(seconds=30)
    assert canvases().failed == 1
    assert "voice of the child" not in canvas_text(double, triad_channel)
    clock.advance(seconds=5)  # before its back-off: not tried again yet
    assert canvases().claimed == 0
    clock.advance(seconds=30)
    assert canvases().edited == 1
    assert "1 more proposed, not agreed yet" in canvas_text(double, triad_channel)
    with sessions() as session:
        row = session.scalars(select(ChannelCanvas)).one()
        assert row.built == row.wanted and row.error is None and row.dirty_since is None


def test_a_deleted_canvas_comes_back_at_the_next_change(as_user, triad_channel, double, canvases, clock):
    canvases()
    first = canvas_in(double, triad_channel).id
    delete_by_person(double, triad_channel)
    as_user(OXF_DCS).peer('dates challenge:"7 March 2018"', channel=triad_channel)
    clock.advance(seconds=30)
    assert canvases().created == 1
    again = canvas_in(double, triad_channel)
    assert again.id != first and "Challenge session: 7 March 2018" in again.markdown


def test_a_deleted_canvas_comes_back_with_peer_canvas(as_user, triad_channel, double, canvases):
    canvases()
    delete_by_person(double, triad_channel)
    reply = as_user(OXF_DCS).peer("canvas", channel=triad_channel)
    assert "Rebuilding triad 1's canvas" in reply.text
    assert "is back at the top" in double.wait_for_response()[-1]["text"]
    assert "Triad 1: Oxfordshire" in canvas_text(double, triad_channel)


def test_another_triads_member_sees_none_of_it(as_user, triad_channel, double, canvases):
    canvases()
    # The canvas is in the triad's private channel, which only its members (and the app) are in.
    channel = double.channels[triad_channel]
    assert channel.is_private and STRANGER not in channel.members
    # Asking for it by number is refused, and nothing is made or changed for them.
    edits = len(double.calls_to("canvases.edit"))
    reply = as_user(STRANGER).peer("canvas triad:1")
    assert reply.text.startswith(":x:") and "triad 1" in reply.text.lower()
    assert len(double.calls_to("canvases.edit")) == edits
    assert len(double.calls_to("conversations.canvases.create")) == 1


@pytest.mark.parametrize(
    "error", ["team_tier_cannot_create_channel_canvases", "canvas_disabled_user_team", "missing_scope"]
)
def test_a_workspace_without_canvases_is_told_once_and_carries_on(
    as_user, triad_channel, double, canvases, clock, sessions, error
):
    double.fail_next("conversations.canvases.create", error, times=5)
    assert canvases().unavailable == 1
    told = [m for m in double.messages if m["channel"] != triad_channel and "canvas" in m["text"]]
    assert len(told) == 1 and "I'll only tell you once" in told[0]["text"]
    # Later changes: no more tries, no more notices; everything else works.
    reply = as_user(OXF_DCS).peer(f'focus propose "{VOICE}"', channel=triad_channel)
    assert reply.text == ""  # posted in the channel, no echo
    clock.advance(seconds=60)
    assert canvases().claimed == 0
    assert len(double.calls_to("conversations.canvases.create", include_throttled=True)) == 1
    assert len([m for m in double.messages if "only tell you once" in m["text"]]) == 1
    with sessions() as session:
        assert session.get(CanvasUnavailable, "T0PEER").error == error


def test_the_clock_process_runs_the_canvas_job(app, triad_channel, double, clock):
    """`peerbot clock` gets the job from the composition root (the clock does not import the handlers)."""
    from bot.app import living_record_job
    from bot.clock.config import SendConfig
    from bot.clock.process import RECORD_JOB_ID, ClockRuntime, build_scheduler, update_record
    from bot.clock.slack_client import clock_client

    runtime = ClockRuntime(
        app.deps.sessions, clock_client(app.settings), lambda *_: ("", None), SendConfig(), "w", now=clock
    )
    assert update_record(runtime) is None  # no job injected: no canvases
    assert RECORD_JOB_ID not in [job.id for job in build_scheduler(runtime, 30).get_jobs()]
    runtime.update_record = living_record_job()
    assert RECORD_JOB_ID in [job.id for job in build_scheduler(runtime, 30).get_jobs()]
    assert update_record(runtime).canvases.created == 1
    assert "Triad 1: Oxfordshire" in canvas_text(double, triad_channel)


def test_two_clocks_never_claim_the_same_canvas(app, triad_channel, sessions, clock):
    from storage import canvases as canvases_store
    from storage.db import transaction

    with transaction(sessions) as session:
        first = canvases_store.claim_dirty(session, "T0PEER", clock(), "clock-a", 10, timedelta(minutes=2))
    with transaction(sessions) as session:
        second = canvases_store.claim_dirty(session, "T0PEER", clock(), "clock-b", 10, timedelta(minutes=2))
    assert len(first) == 1 and second == []
    clock.advance(minutes=3)  # clock-a died: its lease ran out, so the other takes it over
    with transaction(sessions) as session:
        assert len(canvases_store.claim_dirty(session, "T0PEER", clock(), "clock-b", 10, timedelta(minutes=2))) == 1


def test_peer_canvas_tries_again_where_canvases_were_unavailable(as_user, triad_channel, double, canvases):
    double.fail_next("conversations.canvases.create", "team_tier_cannot_create_channel_canvases")
    assert canvases().unavailable == 1
    assert canvas_in(double, triad_channel) is None
    as_user(OXF_DCS).peer("canvas", channel=triad_channel)  # the workspace has upgraded since
    assert "is back at the top" in double.wait_for_response()[-1]["text"]
    assert "Triad 1: Oxfordshire" in canvas_text(double, triad_channel)


def test_a_change_written_by_a_conditional_update_marks_the_canvas(as_user, triad_channel, sessions):
    """Agreement and the follow-up answer are written by an UPDATE with a condition (no flush): the
    canvas is marked all the same."""
    from storage import focus, triads
    from storage.db import transaction
    from storage.models import FocusLine, Triad

    as_user(OXF_DCS).peer(f'focus propose "{VOICE}"', channel=triad_channel)

    def wanted() -> int:
        with sessions() as session:
            return session.scalars(select(ChannelCanvas.wanted)).one()

    before = wanted()
    with transaction(sessions) as session:
        line = session.scalars(select(FocusLine)).one()
        assert focus.set_line_agreement(session, line, ("proposed", None, None), ("proposed", OXF_DCS, None))
    assert wanted() == before + 1
    with transaction(sessions) as session:
        triad = session.scalars(select(Triad)).one()
        assert triads.record_follow_up_answer(session, triad, "declined", OXF_DCS)
    assert wanted() == before + 2


def test_the_coordinators_round_canvas_has_every_triad_on_one_line(
    coordinator, as_user, triad_channel, double, canvases, clock
):
    canvases()  # the triad's own canvas
    double.add_channel("CPROGRAMME", "peer-programme", members=[COORDINATOR])
    reply = coordinator.peer('canvas round:"SE 2018"', channel="CPROGRAMME")
    assert "Making SE 2018's canvas in this channel" in reply.text
    assert "at the top of this channel" in double.wait_for_response()[-1]["text"]
    text = canvas_text(double, "CPROGRAMME")
    assert text.startswith("# SE 2018: the round at a glance")
    assert "- **Triad 1**: Oxfordshire (host), Milton Keynes, Portsmouth — challenge not set yet" in text
    assert "focus not agreed — steps done: none yet — open actions: 0 of 0 — follow-up: not due" in text

    # A triad's change shows on the round canvas too; a line's words never do (they are the host's).
    as_user(OXF_DCS).peer(f'focus propose "{VOICE}"', channel=triad_channel)
    as_user(OXF_DCS).peer("focus agree 1", channel=triad_channel)
    as_user(MK_DCS).peer("focus agree 1", channel=triad_channel)
    as_user(OXF_DCS).peer("mark self-assessment done", channel=triad_channel)
    clock.advance(seconds=30)
    assert canvases().edited == 2  # the triad's canvas and the round's
    text = canvas_text(double, "CPROGRAMME")
    assert "focus agreed: 1 line — steps done: self-assessment" in text
    assert "voice of the child" not in text


def test_only_a_coordinator_keeps_a_round_canvas_and_only_where_the_app_is(as_user, coordinator, triad_channel, double):
    double.add_channel("CPROGRAMME", "peer-programme", members=[COORDINATOR, OXF_DCS])
    reply = as_user(OXF_DCS).peer('canvas round:"SE 2018"', channel="CPROGRAMME")
    assert reply.text.startswith(":x:") and "coordinator" in reply.text
    assert double.calls_to("conversations.canvases.create") == []
    assert "There is no round called" in coordinator.peer('canvas round:"SE 2019"', channel="CPROGRAMME").text
    assert "not in a DM" in coordinator.peer('canvas round:"SE 2018"').text
    coordinator.peer('canvas round:"SE 2018"', channel="CELSEWHERE")  # a channel the app isn't in
    assert "add me (`/invite @Peer Challenge`)" in double.wait_for_response()[-1]["text"]
    # Beside it, the honest use in the programme channel works.
    coordinator.peer('canvas round:"SE 2018"', channel="CPROGRAMME")
    assert "at the top of this channel" in double.wait_for_response()[-1]["text"]


def test_a_canvas_a_person_made_first_is_left_alone(as_user, triad_channel, double, canvases, clock):
    from slack_double.api.canvases import made_by_person

    theirs = made_by_person(double, triad_channel, "# Our notes\n- ideas for day 2\n")
    assert canvases().taken == 1
    assert canvas_in(double, triad_channel).markdown == "# Our notes\n- ideas for day 2\n"
    clock.advance(seconds=60)
    assert canvases().claimed == 0  # not tried again until the next change
    as_user(OXF_DCS).peer("canvas", channel=triad_channel)
    assert "already has a canvas that someone made" in double.wait_for_response()[-1]["text"]
    assert canvas_in(double, triad_channel).id == theirs.id and double.calls_to("canvases.edit") == []
    # They delete theirs: the app's comes.
    delete_by_person(double, triad_channel)
    as_user(OXF_DCS).peer("canvas", channel=triad_channel)
    assert "is back at the top" in double.wait_for_response()[-1]["text"]
    assert "Triad 1: Oxfordshire" in canvas_text(double, triad_channel)


def test_a_canvas_slack_keeps_refusing_waits_for_the_next_change(as_user, triad_channel, double, canvases, clock):
    from handlers.canvas import MAX_ATTEMPTS, MAX_BACKOFF

    double.fail_next("conversations.canvases.create", "canvas_creation_failed", times=MAX_ATTEMPTS)
    for _ in range(MAX_ATTEMPTS):
        assert canvases().failed == 1
        clock.advance(seconds=MAX_BACKOFF.total_seconds())
    assert canvases().claimed == 0  # given up: nothing retries forever
    as_user(OXF_DCS).peer('dates challenge:"7 March 2018"', channel=triad_channel)
    assert canvases().created == 1  # the next change tries again
    assert "Challenge session: 7 March 2018" in canvas_text(double, triad_channel)


def test_a_workspace_that_uninstalled_the_app_does_not_stop_the_pass(app, triad_channel, double, clock):
    from bot.clock.clients import TeamUnavailable

    def no_client(team_id: str):
        raise TeamUnavailable(team_id, "uninstalled", True)

    stats = sync_dirty(CanvasSync(app.deps.sessions, no_client, (COORDINATOR,), clock, "test-clock"))
    assert (stats.claimed, stats.failed) == (1, 1)
    assert double.calls_to("conversations.canvases.create") == []


def test_a_new_dcs_shows_in_the_canvas(coordinator, triad_channel, double, canvases, clock):
    canvases()
    reply = coordinator.peer(f'authority update "Portsmouth" dcs:{mention("UPORNEW")}')
    assert reply.text.startswith(":white_check_mark:"), reply.text
    clock.advance(seconds=30)
    assert canvases().edited == 1
    text = canvas_text(double, triad_channel)
    assert "**Observer**: Portsmouth — DCS ![](@UPORNEW)" in text and f"![](@{POR_DCS})" not in text
