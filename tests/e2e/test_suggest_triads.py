"""/peer round suggest: a proposal from the rounds formed in the app, then Accept, Reshuffle and Edit."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from storage.models import Triad, TriadSuggestion
from tests.e2e.conftest import STRANGER, mention, seeded, snapshot
from tests.e2e.harness import COORDINATOR
from tests.e2e.test_focus_buttons import click_payload
from tests.e2e.test_forms import opened, select_, submission

SE_2018 = [
    ("Oxfordshire", "Milton Keynes", "Portsmouth"),
    ("Wokingham", "Southampton", "East Sussex"),
    ("Hampshire", "Windsor and Maidenhead", "Brighton and Hove"),
]


def dcs_of(name: str) -> str:
    return "U" + "".join(ch for ch in name.upper() if ch.isalpha())[:10] + "DCS"


@pytest.fixture
def se_2018(coordinator, app, double, sessions, clock):
    """SPEC's 2018 round formed through the app (its history), and a new round SE 2019: seeded as
    `form_se_2018`'s signed commands leave them (`test_suggest_then_accept_forms_every_triad_once` sends them)."""
    seeded("SE 2018", lambda: form_se_2018(coordinator), app, double, sessions, clock)


def form_se_2018(coordinator) -> None:
    coordinator.peer('round new "SE 2018"')
    for triad in SE_2018:
        for name in triad:
            coordinator.peer(f'authority add "{name}" dcs:{mention(dcs_of(name))}')
    for host, visitor, observer in SE_2018:
        reply = coordinator.peer(f'triad new host:"{host}" visitor:"{visitor}" observer:"{observer}" round:"SE 2018"')
        assert "Creating the channel" in reply.text, reply.text
    coordinator.peer('round new "SE 2019"')


def proposal_message(double, trigger_key: str | None = None) -> dict:
    """The last response_url post that carries the proposal's buttons."""
    posts = double.responses if trigger_key is None else double.responses_by_key.get(trigger_key, [])
    found = [p for p in posts if any(b.get("type") == "actions" for b in p.get("blocks") or [])]
    assert found, f"no proposal posted: {posts}"
    return found[-1]


def click(double, user: str, message: dict, action_id: str) -> dict:
    """A block_actions payload for a button of the (ephemeral) proposal: Slack sends no message then."""
    shown = {"ts": "1700000000.000100", "channel": "D0DIRECT", "text": "", "blocks": message["blocks"]}
    payload = click_payload(double, user, shown, action_id)
    payload["container"]["is_ephemeral"] = True
    payload["channel"] = {"id": "D0DIRECT", "name": "directmessage"}
    del payload["message"]
    return payload


def answers(double, payload: dict) -> list[dict]:
    return double.responses_by_key.get(payload["response_url"].rsplit("/", 1)[1], [])


def triads_of(sessions, round_name: str) -> list[tuple[str, str, str, str | None]]:
    with sessions() as session:
        rows = session.scalars(select(Triad).join(Triad.round).where(Triad.round.has(name=round_name))).all()
        return [
            (t.host.name, t.visitor.name, t.observer.name, t.second_observer.name if t.second_observer else None)
            for t in rows
        ]


def test_suggest_then_accept_forms_every_triad_once(coordinator, double, sessions):
    form_se_2018(coordinator)  # through the signed commands, not seeded
    reply = coordinator.peer('round suggest round:"SE 2019"')
    assert "Working out the triads for SE 2019" in reply.text
    message = proposal_message(double)
    shown = "\n".join(b.get("text", {}).get("text", "") for b in message["blocks"] if b["type"] == "section")
    assert shown.count("hosts") == 3 and "proven optimal" in str(message["blocks"])
    channels_before = len(double.calls_to("conversations.create"))

    accept = click(double, COORDINATOR, message, "suggestion_accept")
    coordinator.click(accept)
    formed = triads_of(sessions, "SE 2019")
    assert len(formed) == 3
    assert len(double.calls_to("conversations.create")) == channels_before + 3
    earlier = {frozenset((h, v)) for h, v, _ in SE_2018}
    assert not {frozenset((h, v)) for h, v, _, _ in formed} & earlier
    assert not {h for h, _, _, _ in formed} & {h for h, _, _ in SE_2018}
    assert sorted(n for t in formed for n in t[:3]) == sorted(n for t in SE_2018 for n in t)
    welcomes = [
        c for c in double.calls_to("chat.postMessage") if (c.args.get("text") or "").startswith("Welcome to triad")
    ]
    assert len(welcomes) == 6
    for host, visitor, observer, _ in formed:  # each new channel has its three DCSs
        welcome = next(c for c in welcomes if f"{host}'s peer challenge" in c.args["text"])
        invited = ",".join(
            c.args["users"]
            for c in double.calls_to("conversations.invite")
            if c.args["channel"] == welcome.args["channel"]
        )
        assert all(dcs_of(name) in invited for name in (host, visitor, observer))
    replaced = [a for a in answers(double, accept) if a.get("replace_original")]
    assert "Accepted by" in str(replaced[-1]["blocks"])

    again = click(double, COORDINATOR, message, "suggestion_accept")
    coordinator.click(again)
    assert "accepted already" in answers(double, again)[-1]["text"]
    assert len(triads_of(sessions, "SE 2019")) == 3
    with sessions() as session:
        assert session.scalar(select(TriadSuggestion.status)) == "accepted"


def test_the_accepted_round_is_history_for_the_next(se_2018, coordinator, double, sessions):
    coordinator.peer('round suggest round:"SE 2019"')
    coordinator.click(click(double, COORDINATOR, proposal_message(double), "suggestion_accept"))
    formed_2019 = triads_of(sessions, "SE 2019")
    coordinator.peer('round new "SE 2020"')
    coordinator.peer('round suggest round:"SE 2020"')
    message = proposal_message(double)
    coordinator.click(click(double, COORDINATOR, message, "suggestion_accept"))
    formed_2020 = triads_of(sessions, "SE 2020")
    hv_before = {frozenset((h, v)) for h, v, _ in SE_2018} | {frozenset((h, v)) for h, v, _, _ in formed_2019}
    assert len(formed_2020) == 3 and not {frozenset((h, v)) for h, v, _, _ in formed_2020} & hv_before
    assert not {h for h, *_ in formed_2020} & {h for h, *_ in formed_2019}


def test_only_a_coordinator_may_suggest_or_accept(se_2018, coordinator, as_user, double, sessions):
    stranger = as_user(STRANGER)
    assert "Only a programme coordinator can suggest" in stranger.peer('round suggest round:"SE 2019"').text
    coordinator.peer('round suggest round:"SE 2019"')
    before = snapshot(sessions)
    payload = click(double, STRANGER, proposal_message(double), "suggestion_accept")
    stranger.click(payload)
    assert "Only a programme coordinator" in answers(double, payload)[-1]["text"]
    assert snapshot(sessions) == before


def test_reshuffle_replaces_the_proposal_and_the_old_one_is_stale(se_2018, coordinator, double, sessions):
    coordinator.peer('round suggest round:"SE 2019"')
    first = proposal_message(double)
    shuffle = click(double, COORDINATOR, first, "suggestion_reshuffle")
    coordinator.click(shuffle)
    second = [a for a in answers(double, shuffle) if a.get("replace_original")][-1]
    assert second["blocks"] != first["blocks"]
    old_accept = click(double, COORDINATOR, first, "suggestion_accept")
    coordinator.click(old_accept)
    assert "replaced by a newer one" in answers(double, old_accept)[-1]["text"]
    assert triads_of(sessions, "SE 2019") == []
    coordinator.click(click(double, COORDINATOR, second, "suggestion_accept"))
    assert len(triads_of(sessions, "SE 2019")) == 3


def test_edit_swaps_two_authorities_and_says_what_that_breaks(se_2018, coordinator, double, sessions):
    coordinator.peer('round suggest round:"SE 2019"')
    message = proposal_message(double)
    edit = click(double, COORDINATOR, message, "suggestion_edit")
    coordinator.click(edit)
    view = opened(double)
    with sessions() as session:
        proposal = session.scalar(select(TriadSuggestion.proposal))
    first_host = proposal["triads"][0]["host"]
    response = coordinator.click(
        submission(COORDINATOR, view, {"first": {"name": select_(first_host)}, "second": {"name": select_(first_host)}})
    )
    assert response.json["errors"]["first"] == f"Give two different authorities to swap, not {first_host} twice."
    assert len(view["blocks"][0]["element"]["options"]) == 9
    # Swap a host with the authority it hosted in 2018's place: Oxfordshire hosting would be a repeat host.
    coordinator.click(
        submission(
            COORDINATOR, view, {"first": {"name": select_("Oxfordshire")}, "second": {"name": select_(first_host)}}
        )
    )
    edited = [a for a in answers(double, edit) if a.get("replace_original")][-1]
    with sessions() as session:
        proposal_after = session.scalar(select(TriadSuggestion.proposal))
    assert first_host != "Oxfordshire"  # it hosted in 2018
    assert proposal_after["triads"][0]["host"] == "Oxfordshire"
    assert "Oxfordshire hosted last round too" in str(edited["blocks"])
    assert "edited by hand" in str(edited["blocks"])


def test_ten_authorities_make_a_group_of_four_with_two_observers(se_2018, coordinator, as_user, double, sessions):
    coordinator.peer(f'authority add "Slough" dcs:{mention("USLOUGHDCS")}')
    coordinator.peer('round suggest round:"SE 2019" remainder:four')
    message = proposal_message(double)
    assert "of four" in str(message["blocks"])
    coordinator.click(click(double, COORDINATOR, message, "suggestion_accept"))
    formed = triads_of(sessions, "SE 2019")
    four = [t for t in formed if t[3] is not None]
    assert len(formed) == 3 and len(four) == 1
    host, _, observer, second = four[0]
    channel = next(
        c.args["channel"] for c in double.calls_to("chat.postMessage")
        if (c.args.get("text") or "").startswith("Welcome to triad") and host in c.args["text"]
    )  # fmt: skip
    invited = ",".join(c.args["users"] for c in double.calls_to("conversations.invite") if c.args["channel"] == channel)
    assert dcs_of(second) in invited and dcs_of(observer) in invited
    welcome = next(m for m in double.messages_in(channel) if (m.get("text") or "").startswith("Welcome"))
    assert f"*Observer:* {observer}" in str(welcome["blocks"]) and f"*Observer:* {second}" in str(welcome["blocks"])
    # The second observer is a member: its DCS can see the triad in its channel, and it is listed.
    status = as_user(dcs_of(second)).peer("status", channel)
    assert f"observers {observer} and {second}" in status.text and "Only triad" not in status.text
    assert f"observer {observer} and {second}" in coordinator.peer("triad list").text


def test_sit_out_and_mistakes_are_told(se_2018, coordinator, double, sessions):
    before = snapshot(sessions)
    for typed, said in (
        ('round suggest keep-apart:"Oxfordshire"/"Narnia"', 'No authority called "Narnia"'),
        ("round suggest remainder:five", "remainder:five isn't a choice"),
        ('round suggest round:"SE 2030"', 'no round called "SE 2030"'),
        ("round suggest colour:blue", "`colour:` isn't an option of round suggest"),
        ('round suggest keep-apart:"Oxfordshire"', "keep-apart: takes two authorities"),
    ):
        assert said in coordinator.peer(typed).text, typed
    assert snapshot(sessions) == before
    coordinator.peer('round suggest round:"SE 2019" sit-out:"Portsmouth" sit-out:"Hampshire" sit-out:"Wokingham"')
    message = proposal_message(double)
    assert "Sitting out:* Hampshire, Portsmouth, Wokingham" in str(message["blocks"])
    coordinator.click(click(double, COORDINATOR, message, "suggestion_accept"))
    assert len(triads_of(sessions, "SE 2019")) == 2


def test_an_impossible_keep_apart_is_explained(coordinator, double, sessions):
    coordinator.peer('round new "SE 2019"')
    for name in ("Alpha", "Beta", "Gamma"):
        coordinator.peer(f'authority add "{name}" dcs:{mention(dcs_of(name))}')
    coordinator.peer('round suggest keep-apart:"Alpha"/"Beta"')
    told = [p["text"] for p in double.responses if p.get("text", "").startswith(":x:")]
    assert "keeping the named pairs apart rules out every grouping" in told[-1]
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(TriadSuggestion)) == 0


def test_peerbot_round_suggest_json_prints_the_same_proposal(se_2018, coordinator, double, sessions, cli):
    import json

    code, out, err = cli("round", "suggest", "SE 2019", "--json", "--keep-apart", "Oxfordshire/Hampshire")
    assert code == 0, err
    printed = json.loads(out)
    assert set(printed) >= {"round", "triads", "sitting_out", "violations", "objective", "optimal"}
    assert printed["round"] == "SE 2019" and printed["optimal"] is True and printed["violations"] == []
    assert all(set(t) >= {"host", "visitor", "observer"} for t in printed["triads"]) and len(printed["triads"]) == 3
    assert not any({"Oxfordshire", "Hampshire"} <= set(t.values()) for t in printed["triads"])
    with sessions() as session:  # the operator's look stores nothing
        assert session.scalar(select(func.count()).select_from(TriadSuggestion)) == 0
    coordinator.peer('round suggest round:"SE 2019" keep-apart:"Oxfordshire"/"Hampshire"')
    with sessions() as session:
        assert session.scalar(select(TriadSuggestion.proposal))["triads"] == printed["triads"]

    code, out, err = cli("round", "suggest", "SE 2030", "--json")
    assert code == 2 and out == "" and err.strip() == 'peerbot: there is no round called "SE 2030"'
    code, _, err = cli("round", "suggest", "SE 2019", "--keep-apart", "Oxfordshire")
    assert code == 2 and "--keep-apart takes two authorities" in err and len(err.strip().splitlines()) == 1
    code, _, err = cli("round", "suggest", "SE 2019", "--sit-out", "Narnia")
    assert code == 2 and err.strip() == 'peerbot: No authority called "Narnia" (sit-out:) is registered.'


def test_a_channel_slack_refuses_leaves_the_other_triads_formed_and_says_so(se_2018, coordinator, double, sessions):
    coordinator.peer('round suggest round:"SE 2019"')
    message = proposal_message(double)
    double.fail_next("conversations.create", "restricted_action")
    accept = click(double, COORDINATOR, message, "suggestion_accept")
    coordinator.click(accept)
    assert len(triads_of(sessions, "SE 2019")) == 2
    said = answers(double, accept)
    assert any("Slack would not create the triad's channel (restricted_action)" in (a.get("text") or "") for a in said)
    assert "2 of 3 triads formed" in str([a for a in said if a.get("replace_original")][-1]["blocks"])
    coordinator.peer('round suggest round:"SE 2019"')  # the three left without a triad get one
    coordinator.click(click(double, COORDINATOR, proposal_message(double), "suggestion_accept"))
    assert len(triads_of(sessions, "SE 2019")) == 3
