"""Accept on a proposal of a round's triads, stopped part-way by a network error (the connection to the
Web API reset: not a Slack error), is finished by Accept pressed again or by the clock's next pass; no
triad is formed twice and no channel is made twice — through signed requests, on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from bot.app import reminder_renderer
from bot.clock.config import SendConfig
from bot.clock.process import ClockRuntime, recover_stale_claims
from bot.clock.slack_client import clock_client
from handlers.actions.suggestion import work_resumer
from storage.models import Triad, TriadSuggestion
from tests.e2e.harness import COORDINATOR
from tests.e2e.test_suggest_triads import (  # noqa: F401 (se_2018 is a fixture)
    answers,
    click,
    proposal_message,
    se_2018,
    triads_of,
)

pytestmark = pytest.mark.usefixtures("se_2018")

# slack_sdk's ConnectionErrorRetryHandler (bot.app.web_client) retries a reset connection twice: three
# resets in a row reach the app as the error itself.
RESETS = 3


def accept_with_a_network_failure(coordinator, double, sessions) -> dict:
    """Suggest SE 2019, then Accept while the second channel's creation meets a reset connection."""
    coordinator.peer('round suggest round:"SE 2019"')
    accept = click(double, COORDINATOR, proposal_message(double), "suggestion_accept")
    double.drop_next("conversations.create", times=RESETS, after=1)
    coordinator.click(accept)
    assert double.dropped == ["conversations.create"] * RESETS
    return accept


def status(sessions) -> str:
    with sessions() as session:
        return session.scalar(select(TriadSuggestion.status).order_by(TriadSuggestion.id.desc()))


def se_2019_channels(double, sessions) -> list[str]:
    """Every channel Slack made for the round (created successfully), and the triads' channels must match."""
    made = [c.response["channel"]["id"] for c in double.calls_to("conversations.create") if c.response.get("ok")]
    with sessions() as session:
        recorded = set(session.scalars(select(Triad.channel_id).where(Triad.round.has(name="SE 2019"))))
    return [c for c in made if c in recorded]


def assert_formed_once(double, sessions) -> None:
    formed = triads_of(sessions, "SE 2019")
    assert len(formed) == 3 and len({host for host, *_ in formed}) == 3
    created = [c for c in double.calls_to("conversations.create") if c.response.get("ok")]
    names = [c.args["name"] for c in created]
    assert len(names) == len(set(names))  # no channel made twice (no "-2" beside the first)
    assert len(se_2019_channels(double, sessions)) == 3
    welcomes = [
        c for c in double.calls_to("chat.postMessage") if (c.args.get("text") or "").startswith("Welcome to triad")
    ]
    assert len({c.args["channel"] for c in welcomes}) == len(welcomes)  # one welcome per channel


def test_accept_pressed_again_finishes_forming_after_a_network_error(coordinator, double, sessions):
    double.clear()
    accept = accept_with_a_network_failure(coordinator, double, sessions)
    # Half-done: one triad formed, the proposal still "accepting", and the person told how to finish.
    assert len(triads_of(sessions, "SE 2019")) == 1 and status(sessions) == "accepting"
    shown = [a for a in answers(double, accept) if a.get("replace_original")][-1]
    assert "A network error stopped me part-way" in str(shown["blocks"])
    buttons = [e["action_id"] for b in shown["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons == ["suggestion_accept"]

    again = click(double, COORDINATOR, shown, "suggestion_accept")
    coordinator.click(again)
    assert_formed_once(double, sessions)
    assert status(sessions) == "accepted"
    finished = [a for a in answers(double, again) if a.get("replace_original")][-1]
    assert "3 triads formed" in str(finished["blocks"])
    assert "finishing: forming the 2 triads not formed yet" in str(answers(double, again)[0]["blocks"])

    # Once accepted, Accept again changes nothing.
    third = click(double, COORDINATOR, shown, "suggestion_accept")
    coordinator.click(third)
    assert "accepted already" in answers(double, third)[-1]["text"]
    assert len(triads_of(sessions, "SE 2019")) == 3


def clock_runtime(app, double, clock) -> ClockRuntime:
    return ClockRuntime(
        app.deps.sessions, clock_client(app.settings), reminder_renderer(), SendConfig(), "w", now=clock,
        resume=work_resumer(app.settings),
    )  # fmt: skip


def test_the_clock_finishes_forming_after_a_network_error(coordinator, app, double, sessions, clock):
    double.clear()
    accept_with_a_network_failure(coordinator, double, sessions)
    assert len(triads_of(sessions, "SE 2019")) == 1

    recover_stale_claims(clock_runtime(app, double, clock))
    assert_formed_once(double, sessions)
    assert status(sessions) == "accepted"
    told = [c.args["text"] for c in double.calls_to("chat.postMessage") if c.args.get("channel") == COORDINATOR]
    assert any("I finished forming the suggested triads of SE 2019" in t and "3 of 3" in t for t in told), told

    # The next pass finds nothing left to do.
    before = len(double.calls_to("conversations.create"))
    recover_stale_claims(clock_runtime(app, double, clock))
    assert len(double.calls_to("conversations.create")) == before


def test_a_claim_still_held_is_left_to_its_holder_until_it_lapses(coordinator, app, double, sessions, clock):
    """A process that died mid-way released nothing: Accept and the clock wait for its claim to lapse."""
    double.clear()
    accept_with_a_network_failure(coordinator, double, sessions)
    with sessions() as session, session.begin():  # as if a live process were still forming them
        session.execute(update(TriadSuggestion).values(decided_at=clock()))
    again = click(double, COORDINATOR, proposal_message(double), "suggestion_accept")
    coordinator.click(again)
    assert "already being formed" in answers(double, again)[-1]["text"]
    recover_stale_claims(clock_runtime(app, double, clock))
    assert len(triads_of(sessions, "SE 2019")) == 1 and status(sessions) == "accepting"

    clock.advance(minutes=3)  # the claim lapses
    recover_stale_claims(clock_runtime(app, double, clock))
    assert_formed_once(double, sessions)
    assert status(sessions) == "accepted"


def test_a_triad_formed_before_its_invitations_failed_gets_them_when_accept_is_pressed_again(
    coordinator, double, sessions
):
    """The reset comes after the second triad's channel was made and recorded, before its people were invited."""
    double.clear()
    coordinator.peer('round suggest round:"SE 2019"')
    accept = click(double, COORDINATOR, proposal_message(double), "suggestion_accept")
    double.drop_next("conversations.invite", times=RESETS, after=1)
    coordinator.click(accept)
    assert len(triads_of(sessions, "SE 2019")) == 2 and status(sessions) == "accepting"
    with sessions() as session:
        second = session.scalar(select(Triad).where(Triad.round.has(name="SE 2019")).order_by(Triad.number.desc()))
        channel, people = second.channel_id, {second.host.dcs_user_id, second.visitor.dcs_user_id}
    assert not [c for c in double.calls_to("conversations.invite") if c.args["channel"] == channel]

    shown = [a for a in answers(double, accept) if a.get("replace_original")][-1]
    coordinator.click(click(double, COORDINATOR, shown, "suggestion_accept"))
    assert_formed_once(double, sessions)
    invited = ",".join(c.args["users"] for c in double.calls_to("conversations.invite") if c.args["channel"] == channel)
    assert people <= set(invited.split(",")) and COORDINATOR in invited
