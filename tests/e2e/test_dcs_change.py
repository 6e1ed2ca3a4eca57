"""No one shares on a host's behalf by making themselves its DCS: a person cannot make themselves an
authority's DCS by any route (command, import by DM); a legitimate change of DCS is told to the former
DCS and the authority's open triads, and recorded with who made it and when — through signed requests,
on both databases."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Authority, DcsChange
from tests.e2e.conftest import MK_DCS, OXF_DCS, mention, snapshot
from tests.e2e.harness import COORDINATOR
from tests.e2e.test_imports import send
from tests.e2e.test_sharing import share_form

NEW_DCS = "UOXFNEWDCS"
SECOND_COORDINATOR = "UCOORD2"
REFUSAL = (
    ":x: You can't make yourself Oxfordshire's DCS: the DCS decides what its triads share, so another "
    f"coordinator must record that change. <@{OXF_DCS}> stays DCS."
)


def posted_to(double, channel: str) -> list[str]:
    return [c.args.get("text") or "" for c in double.calls_to("chat.postMessage") if c.args.get("channel") == channel]


def oxfordshire_dcs(sessions) -> str:
    with sessions() as session:
        return session.scalar(select(Authority.dcs_user_id).where(Authority.name == "Oxfordshire"))


def dcs_changes(sessions) -> list[tuple]:
    with sessions() as session:
        rows = session.scalars(select(DcsChange).order_by(DcsChange.id))
        return [(r.former_dcs, r.new_dcs, r.changed_by, r.via, r.changed_at is not None) for r in rows]


def agree_a_line(as_user, channel: str) -> None:
    as_user(OXF_DCS).peer('focus propose "Do we recognise neglect early?"', channel=channel)
    for dcs in (OXF_DCS, MK_DCS):
        as_user(dcs).peer("focus agree 1", channel=channel)


def test_a_coordinator_cannot_make_themselves_the_hosts_dcs_to_share_for_it(
    coordinator, as_user, double, sessions, triad_channel
):
    agree_a_line(as_user, triad_channel)
    before = snapshot(sessions)
    double.clear()

    # The attack, step 1, by every route a coordinator has: the command (also in the channel), the
    # authority added again, and a CSV sent in a DM.
    reply = coordinator.peer(f'authority update "Oxfordshire" dcs:{mention(COORDINATOR)}')
    assert reply.text == REFUSAL
    assert coordinator.peer(
        f'authority update "oxfordshire" dcs:{mention(COORDINATOR)}', channel=triad_channel
    ).text == (REFUSAL)
    again = coordinator.peer(f'authority add "Oxfordshire" dcs:{mention(COORDINATOR)}').text
    assert again.startswith(":x: Oxfordshire is already registered")
    said = send(coordinator, double, "a.csv", f"name,dcs\nOxfordshire,{COORDINATOR}\n".encode())
    assert REFUSAL in said, said
    assert snapshot(sessions) == before and oxfordshire_dcs(sessions) == OXF_DCS
    # Step 2 is then closed too: the coordinator is not the host DCS, so cannot share.
    refused = coordinator.peer("share", channel=triad_channel)
    assert "Only Oxfordshire's DCS" in refused.text or "host DCS" in refused.text, refused.text
    assert double.calls_to("views.open") == []
    assert posted_to(double, OXF_DCS) == [] and posted_to(double, triad_channel) == []


def test_a_legitimate_change_of_dcs_is_told_to_the_former_dcs_and_the_triad_and_recorded(
    coordinator, as_user, double, sessions, triad_channel, clock
):
    agree_a_line(as_user, triad_channel)
    double.clear()
    reply = coordinator.peer(f'authority update "Oxfordshire" dcs:{mention(NEW_DCS)}')
    assert reply.text.startswith(":white_check_mark: Oxfordshire updated and invited to 1 triad channel(s): DCS")
    assert oxfordshire_dcs(sessions) == NEW_DCS
    assert dcs_changes(sessions) == [(OXF_DCS, NEW_DCS, COORDINATOR, "command", True)]
    with sessions() as session:
        assert session.scalar(select(DcsChange.changed_at)).replace(tzinfo=None) == clock().replace(tzinfo=None)
    told = posted_to(double, OXF_DCS)
    assert told == [
        f":warning: <@{COORDINATOR}> recorded <@{NEW_DCS}> as Oxfordshire's DCS in place of you. "
        "The DCS decides what Oxfordshire's triads share; if this change is wrong, tell the programme team."
    ]
    in_channel = posted_to(double, triad_channel)
    assert any(
        f"Oxfordshire's DCS is now <@{NEW_DCS}> (was <@{OXF_DCS}>), recorded by <@{COORDINATOR}>" in t
        for t in in_channel
    )
    # The new DCS now decides what is shared; the former one no longer does.
    assert share_form(as_user, double, triad_channel, NEW_DCS)["type"] == "modal"
    assert as_user(OXF_DCS).peer("share", channel=triad_channel).text == (
        ":x: Only triad 1's members and the programme coordinators can see or change it."
    )

    # Changing the team alone is no change of DCS: nothing told, nothing recorded.
    double.clear()
    coordinator.peer(f'authority update "Oxfordshire" team:{mention("UOXFTEAM2")}')
    assert posted_to(double, NEW_DCS) == [] and len(dcs_changes(sessions)) == 1


def test_another_coordinator_may_record_a_coordinator_as_dcs_and_it_is_told(
    coordinator, as_user, double, sessions, triad_channel
):
    """The rule is about appointing oneself: a coordinator who really is the DCS is recorded by another."""
    assert coordinator.peer(f"coordinator add {mention(SECOND_COORDINATOR)}").text.startswith(":white_check_mark:")
    double.clear()
    reply = as_user(SECOND_COORDINATOR).peer(f'authority update "Oxfordshire" dcs:{mention(COORDINATOR)}')
    assert reply.text.startswith(":white_check_mark:"), reply.text
    assert dcs_changes(sessions) == [(OXF_DCS, COORDINATOR, SECOND_COORDINATOR, "command", True)]
    assert len(posted_to(double, OXF_DCS)) == 1


def test_a_change_of_dcs_by_import_is_told_and_recorded(coordinator, double, sessions, triad_channel):
    double.clear()
    said = send(coordinator, double, "a.csv", f"name,dcs\nOxfordshire,{NEW_DCS}\n".encode())
    assert "1 updated" in said, said
    assert dcs_changes(sessions) == [(OXF_DCS, NEW_DCS, COORDINATOR, "import", True)]
    assert len(posted_to(double, OXF_DCS)) == 1
    assert any(f"DCS is now <@{NEW_DCS}>" in t for t in posted_to(double, triad_channel))
