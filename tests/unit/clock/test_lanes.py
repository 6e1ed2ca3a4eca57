"""ChannelLanes: per-channel pacing of one sending pass, without threads or a clock."""

from __future__ import annotations

from bot.clock.lanes import ChannelLanes


def test_lanes_hand_out_the_earliest_channel_and_wait_after_each_message():
    lanes = ChannelLanes(interval=1.0)
    for job in ("a1", "a2", "a3"):
        lanes.put("CA", job)
    lanes.put("CB", "b1")
    assert lanes.take() == (0.0, "CA", "a1")
    assert lanes.take() == (0.0, "CB", "b1")
    lanes.done("CB", 3.0)
    lanes.done("CA", 5.0)
    assert lanes.take() == (6.0, "CA", "a2")
    lanes.put("CB", "b2")
    assert lanes.take() == (4.0, "CB", "b2")  # CB's turn comes first, though queued later
    lanes.done("CB", 4.2)
    lanes.close()
    lanes.done("CA", 6.1)
    assert lanes.take() == (7.1, "CA", "a3")
    lanes.done("CA", 7.2)
    assert lanes.take() is None


def test_drain_takes_every_job_not_handed_out_and_ends_the_lanes():
    lanes = ChannelLanes(interval=1.0)
    for job in ("a1", "a2"):
        lanes.put("CA", job)
    lanes.put("CB", "b1")
    assert lanes.take() == (0.0, "CA", "a1")  # being sent: not drained

    assert sorted(lanes.drain()) == ["a2", "b1"]

    lanes.close()
    lanes.done("CA", 2.0)
    assert lanes.take() is None


def test_a_message_that_ended_without_a_post_takes_no_slot():
    lanes = ChannelLanes(interval=1.0)
    for job in ("a1", "a2", "a3"):
        lanes.put("CA", job)
    assert lanes.take() == (0.0, "CA", "a1")
    lanes.done("CA", 2.0)  # posted
    assert lanes.take() == (3.0, "CA", "a2")
    lanes.done("CA", None)  # released or held: no post, no slot
    assert lanes.take() == (3.0, "CA", "a3")  # goes when a2 could have, not a second later


def test_a_lane_whose_first_message_ended_without_a_post_goes_on_at_once():
    lanes = ChannelLanes(interval=1.0)
    for job in ("a1", "a2"):
        lanes.put("CA", job)
    assert lanes.take() == (0.0, "CA", "a1")
    lanes.done("CA", None)  # held before any post in this channel
    assert lanes.take() == (0.0, "CA", "a2")
    lanes.close()
    lanes.done("CA", 0.5)
    assert lanes.take() is None
