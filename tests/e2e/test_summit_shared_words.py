"""The summit brief shows a triad's lines of enquiry in exactly the words its host approved when sharing
them (the snapshot the archive shows too), never a line agreed afterwards — through `/peer summit` and
`peerbot summit --out`, on both databases."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from storage.models import Triad
from tests.e2e.conftest import MK_DCS, OXF_DCS
from tests.e2e.test_summit import LINES, brief_text, full_brief, round_2018, share  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("round_2018")

LATE_LINE = "Are we publishing the names of children at risk?"


def triad_1_channel(sessions) -> str:
    with sessions() as session:
        return session.scalar(select(Triad.channel_id).where(Triad.number == 1))


def agree_a_new_line(as_user, channel: str) -> None:
    """Both DCSs agree a third line after the host shared: the host never approved its words."""
    as_user(OXF_DCS).peer(f'focus propose "{LATE_LINE}"', channel=channel)
    for dcs in (OXF_DCS, MK_DCS):
        assert as_user(dcs).peer("focus agree 3", channel=channel).status == 200


def brief_from_command(coordinator, double) -> str:
    """The brief `/peer summit` posts, and the detail its *Full brief* button opens."""
    double.clear()
    assert coordinator.peer("summit", channel="CCOORDS").status == 200
    return brief_text(double, "CCOORDS") + "\n" + full_brief(coordinator, double, "CCOORDS")


def brief_files(cli, tmp_path, name: str) -> tuple[str, str, dict]:
    code, _, err = cli("summit", "SE 2018", "--out", str(tmp_path / name), "--today", "2019-03-01")
    assert code == 0, err
    folder = tmp_path / name
    document = json.loads((folder / "summit.json").read_text())
    return (folder / "brief.md").read_text(), (folder / "brief.html").read_text(), document


def test_a_line_agreed_after_the_share_stays_out_of_the_brief_until_the_host_shares_again(
    coordinator, as_user, double, sessions, cli, tmp_path
):
    channel = triad_1_channel(sessions)
    share(as_user, double, channel, OXF_DCS, {"lines": "region"})
    agree_a_new_line(as_user, channel)

    # The attack: the triad's current agreed lines include words the host never approved.
    text = brief_from_command(coordinator, double)
    markdown, html, document = brief_files(cli, tmp_path, "before")
    for shown in (text, markdown, html, json.dumps(document)):
        assert "publishing the names" not in shown
    # The positive control: the lines the host approved are there, with their themes.
    assert f"Line of enquiry: {LINES[1][0]} (Early help, Front door / MASH)" in text
    assert f"Line of enquiry: {LINES[1][1]}" in text
    focus = next(t for t in document["triads"] if t["number"] == 1)["focus"]
    assert [line["text"] for line in focus] == LINES[1]
    assert LINES[1][1] in markdown

    # The host shares again: the brief takes the new snapshot.
    share(as_user, double, channel, OXF_DCS, {"lines": "region"})
    text = brief_from_command(coordinator, double)
    markdown, _, document = brief_files(cli, tmp_path, "after")
    assert f"Line of enquiry: {LATE_LINE}" in text and LATE_LINE in markdown
    focus = next(t for t in document["triads"] if t["number"] == 1)["focus"]
    assert [line["text"] for line in focus] == [*LINES[1], LATE_LINE]


def test_a_line_withdrawn_after_the_share_is_still_shown_as_approved_and_unsharing_removes_it(
    coordinator, as_user, double, sessions
):
    channel = triad_1_channel(sessions)
    share(as_user, double, channel, OXF_DCS, {"lines": "region"})
    as_user(OXF_DCS).peer("focus withdraw 2", channel=channel)
    text = brief_from_command(coordinator, double)
    assert f"Line of enquiry: {LINES[1][1]}" in text  # what the host approved, as approved
    share(as_user, double, channel, OXF_DCS, {"lines": "nobody"})
    text = brief_from_command(coordinator, double)
    assert LINES[1][0] not in text and "Oxfordshire hosting, Milton Keynes visiting" in text  # named, unshared
