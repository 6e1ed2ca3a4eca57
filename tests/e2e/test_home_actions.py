"""The App Home as a place to act: each triad's next step with its button, open actions with theirs, and a
coordinator's round at a glance with Form a triad and Add authority."""

from __future__ import annotations

import time
from datetime import date

from sqlalchemy import select

from storage.models import Action, Authority, FocusLine, Round, StepDone, Triad
from tests.e2e.conftest import OXF_DCS, OXF_TEAM, POR_DCS, STRANGER, mention, snapshot
from tests.e2e.harness import COORDINATOR, TEAM
from tests.e2e.test_forms import opened, submission, text
from tests.e2e.test_home import open_home

HOME_VIEW_BLOCKS = 100


def home(double, user: str) -> dict:
    return double.home_views[user]


def home_click(user: str, view: dict, action_id: str, *, value: str | None = None, team: str = TEAM) -> dict:
    """A block_actions payload as Slack sends it for a button on the Home tab (no response_url there)."""
    block, button = next(
        (b, e) for b in view["blocks"] if b["type"] == "actions" for e in b["elements"] if e["action_id"] == action_id
    )
    return {
        "type": "block_actions",
        "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": team},
        "api_app_id": "A0PEER", "token": "legacy", "trigger_id": f"{time.monotonic_ns()}.trigger",
        "container": {"type": "view", "view_id": view.get("id", "V0HOME")},
        "team": {"id": team, "domain": "peer"}, "enterprise": None, "is_enterprise_install": False,
        "view": {"id": view.get("id", "V0HOME"), "type": "home", "blocks": view["blocks"], "team_id": team,
                 "private_metadata": "", "callback_id": "", "state": {"values": {}}, "hash": "1.a",
                 "app_id": "A0PEER", "external_id": "", "app_installed_team_id": team, "bot_id": "BBOT",
                 "root_view_id": view.get("id", "V0HOME"), "previous_view_id": None,
                 "title": {"type": "plain_text", "text": "Home"},
                 "close": None, "submit": None, "clear_on_close": False, "notify_on_close": False},
        "actions": [{"type": "button", "action_id": action_id, "block_id": block["block_id"], "text": button["text"],
                     "value": button["value"] if value is None else value, "action_ts": f"{time.time():.6f}"}],
    }  # fmt: skip


def dms(double, user: str) -> list[str]:
    return [c.args.get("text") or "" for c in double.calls_to("chat.postMessage") if c.args.get("channel") == user]


def action_ids(view: dict) -> list[str]:
    return [e["action_id"] for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]


def test_a_members_home_offers_the_next_step_and_the_open_actions(as_user, double, triad_channel, sessions):
    open_home(as_user, OXF_DCS)
    view = home(double, OXF_DCS)
    assert "*Next:* set the challenge session date" in str(view["blocks"]) and "home_dates" in action_ids(view)
    assert "`/peer" not in str(view["blocks"])  # every ask has its button
    as_user(OXF_DCS).click(home_click(OXF_DCS, view, "home_dates"))
    assert opened(double)["callback_id"] == "dates_form"

    as_user(OXF_DCS).peer('dates challenge:"7 September" fieldwork:"8 & 9 November 2018"', channel=triad_channel)
    as_user(OXF_DCS).peer(
        f'action add "Audit step-down" owner:{mention(OXF_TEAM)} due:"30 September 2018"', channel=triad_channel
    )
    open_home(as_user, OXF_TEAM)
    view = home(double, OXF_TEAM)
    assert "*Next:* the host's self-assessment" in str(view["blocks"])
    assert {"step_done", "action_progress", "action_done"} <= set(action_ids(view))
    as_user(OXF_TEAM).click(home_click(OXF_TEAM, view, "step_done"))
    with sessions() as session:
        assert [s.step for s in session.scalars(select(StepDone))] == ["self_assessment"]
    as_user(OXF_TEAM).click(home_click(OXF_TEAM, home(double, OXF_TEAM), "action_done"))
    with sessions() as session:
        assert session.scalar(select(Action.status)) == "done"
    refreshed = home(double, OXF_TEAM)
    assert "action_done" not in action_ids(refreshed)  # the Home shows the current state

    # A stale Home button after the step is done: told by DM, nothing changes.
    as_user(OXF_TEAM).click(home_click(OXF_TEAM, view, "step_done"))
    assert any("already marked done" in t for t in dms(double, OXF_TEAM))


def test_home_buttons_are_authorised_again(as_user, double, triad_channel, sessions):
    open_home(as_user, OXF_DCS)
    view = home(double, OXF_DCS)
    forged = home_click(POR_DCS, view, "home_dates", value="999")
    as_user(POR_DCS).click(forged)
    assert any("no longer exists" in t for t in dms(double, POR_DCS))
    as_user("USTRANGER").click(home_click("USTRANGER", view, "home_dates"))
    assert any("Only triad 1's members" in t for t in dms(double, "USTRANGER"))
    assert not [c for c in double.calls_to("views.open")]


def test_a_coordinators_round_of_twenty_triads_fits_and_acts(as_user, double, sessions, coordinator):
    coordinator.peer('round new "SE 2018"')
    with sessions() as session, session.begin():
        round_ = session.scalar(select(Round))
        authorities = [
            Authority(team_id=TEAM, name=f"Authority {n:02}", name_key=f"authority {n:02}", dcs_user_id=f"UDCS{n:02}")
            for n in range(60)
        ]
        session.add_all(authorities)
        session.flush()
        for n in range(20):
            host, visitor, observer = authorities[3 * n : 3 * n + 3]
            triad = Triad(team_id=TEAM, number=n + 1, round_id=round_.id, host_id=host.id, visitor_id=visitor.id,
                          observer_id=observer.id, channel_id=f"C{n:04}", channel_name=f"pc-2018-{n}")  # fmt: skip
            session.add(triad)
            session.flush()
            session.add_all(
                Action(team_id=TEAM, triad_id=triad.id, number=k + 1, text=f"Action {k + 1} " + "x" * 400,
                       owner_user_id=COORDINATOR, due_text="30 September 2018", due_date=date(2018, 9, 30),
                       status="open")
                for k in range(10)
            )  # fmt: skip
    open_home(as_user, COORDINATOR)  # the double checks the view against HomeView and slack_sdk's limits
    view = home(double, COORDINATOR)
    assert len(view["blocks"]) <= HOME_VIEW_BLOCKS
    glance = str(view["blocks"])
    assert all(f"*{n}.* Authority {3 * (n - 1):02}" in glance for n in range(1, 21))  # every triad of the round
    assert "10 open action(s)" in glance and "SE 2018 at a glance" in glance
    assert {"home_triad_new", "home_authority_add"} <= set(action_ids(view))
    coordinator.click(home_click(COORDINATOR, view, "home_triad_new"))
    assert opened(double)["callback_id"] == "triad_new_form"
    coordinator.click(home_click(COORDINATOR, view, "home_authority_add"))
    assert opened(double)["callback_id"] == "authority_add_form"
    # Nobody else gets the coordinator's buttons to work.
    as_user(OXF_DCS).click(home_click(OXF_DCS, view, "home_triad_new"))
    assert any("Only a programme coordinator can form a triad" in t for t in dms(double, OXF_DCS))

    # The round's orientation and summit are not set: said in words, and the round's dates form is a click away,
    # for a coordinator only (as `/peer round dates`), nothing changing for anyone else.
    assert "Orientation _not set yet_ · annual summit _not set yet_" in glance
    before, forms = snapshot(sessions), len(double.calls_to("views.open"))
    as_user(OXF_DCS).click(home_click(OXF_DCS, view, "round_dates_open"))
    assert any("Only a programme coordinator can set the round" in t for t in dms(double, OXF_DCS))
    coordinator.click(home_click(COORDINATOR, view, "round_dates_open", value="SE 2030"))
    assert any("SE 2030" in t for t in dms(double, COORDINATOR))
    assert len(double.calls_to("views.open")) == forms and snapshot(sessions) == before
    coordinator.click(home_click(COORDINATOR, view, "round_dates_open"))
    assert opened(double)["callback_id"] == "round_dates_form"


LINE = "How well do we hear the voice of the child in plans?"


def test_the_focus_step_opens_the_propose_form_then_points_at_the_agree_buttons(
    as_user, double, triad_channel, sessions
):
    as_user(OXF_DCS).peer('dates challenge:"7 September" fieldwork:"8 & 9 November 2018"', channel=triad_channel)
    open_home(as_user, OXF_DCS)
    as_user(OXF_DCS).click(home_click(OXF_DCS, home(double, OXF_DCS), "step_done"))  # the self-assessment
    open_home(as_user, OXF_DCS)
    view = home(double, OXF_DCS)
    assert "*Next:* propose a line of enquiry." in str(view["blocks"])
    assert "focus_propose_open" in action_ids(view)

    # Refused as `/peer focus propose` would be: someone outside the triad, a forged triad; nothing opens or changes.
    before = snapshot(sessions)
    as_user(STRANGER).click(home_click(STRANGER, view, "focus_propose_open"))
    assert any("Only triad 1's members" in t for t in dms(double, STRANGER))
    as_user(OXF_DCS).click(home_click(OXF_DCS, view, "focus_propose_open", value="999"))
    assert any("no longer exists" in t for t in dms(double, OXF_DCS))
    assert not double.calls_to("views.open") and snapshot(sessions) == before

    # Its positive control: the form opens for the member, and the line it proposes is posted in the channel.
    as_user(OXF_DCS).click(home_click(OXF_DCS, view, "focus_propose_open"))
    form = opened(double)
    assert form["callback_id"] == "focus_propose_form"
    assert as_user(OXF_DCS).click(submission(OXF_DCS, form, {"line": {"line": text(LINE)}})).status == 200
    with sessions() as session:
        assert session.scalars(select(FocusLine.text)).all() == [LINE]
    assert any(m.get("text") == f"Line 1 proposed: {LINE}" for m in double.messages_in(triad_channel))

    # Proposed, not agreed: the Home points at the proposal's Agree button instead of offering another form.
    open_home(as_user, OXF_DCS)
    view = home(double, OXF_DCS)
    assert f"each proposal in <#{triad_channel}> has its Agree button" in str(view["blocks"])
    assert "focus_propose_open" not in action_ids(view)


def test_a_coordinator_before_any_triad_is_told_in_words_and_offered_the_forms(as_user, double, coordinator, sessions):
    coordinator.peer('round new "SE 2018"')
    open_home(as_user, COORDINATOR)
    view = home(double, COORDINATOR)
    assert "No triads yet: register three authorities, then form a triad." in str(view["blocks"])
    assert action_ids(view) == ["home_triad_new", "home_authority_add"] and "`/peer" not in str(view["blocks"])
    coordinator.click(home_click(COORDINATOR, view, "home_authority_add"))
    assert opened(double)["callback_id"] == "authority_add_form"
    # A DCS holding the coordinator's Home button is refused as `/peer authority add` refuses them.
    before, opened_before = snapshot(sessions), len(double.calls_to("views.open"))
    as_user(OXF_DCS).click(home_click(OXF_DCS, view, "home_authority_add"))
    assert any("Only a programme coordinator" in t for t in dms(double, OXF_DCS))
    assert len(double.calls_to("views.open")) == opened_before and snapshot(sessions) == before
