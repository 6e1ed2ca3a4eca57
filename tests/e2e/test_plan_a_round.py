"""Issue 9's journey in one: the region imported from CSV in a DM, SPEC's 2018 round imported as history,
then a 2019 proposal accepted — every triad formed, no earlier host–visitor pair and no 2018 host hosting."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timezone

from sqlalchemy import select

from storage.models import Triad
from tests.e2e.test_imports import AUTHORITIES, ROUND_2018, send
from tests.e2e.test_suggest_triads import answers, click, proposal_message, triads_of


def test_import_the_region_and_2018_then_suggest_and_accept_2019(coordinator, double, sessions, clock):
    clock.set(datetime(2019, 1, 7, 10, 0, tzinfo=timezone.utc))
    assert "9 added" in send(coordinator, double, "se-authorities.csv", AUTHORITIES)
    said = send(coordinator, double, "se-2018.csv", ROUND_2018, text='round "SE 2018"')
    assert "3 triad(s) recorded" in said and "No Slack channels were made" in said, said
    assert coordinator.peer('round new "SE 2019"').text.startswith(":white_check_mark:")

    reply = coordinator.peer('round suggest round:"SE 2019"')
    assert "Working out the triads for SE 2019" in reply.text, reply.text
    message = proposal_message(double)
    assert "proven optimal" in str(message["blocks"])
    accept = click(double, coordinator.user, message, "suggestion_accept")
    coordinator.click(accept)

    history = [(r["Host"], r["Visitor"], r["Observer"]) for r in csv.DictReader(io.StringIO(ROUND_2018.decode()))]
    formed = triads_of(sessions, "SE 2019")
    assert len(formed) == 3
    assert sorted(n for t in formed for n in t[:3]) == sorted(n for t in history for n in t)  # one role each
    assert not {frozenset(t[:2]) for t in formed} & {frozenset(t[:2]) for t in history}  # no host–visitor pair again
    assert not {t[0] for t in formed} & {t[0] for t in history}  # nobody hosts two rounds running
    with sessions() as session:
        channels = session.scalars(select(Triad.channel_id).join(Triad.round).where(Triad.round.has(name="SE 2019")))
        assert all(channels)  # the 2019 triads have their channels; 2018's stay history without
    assert len(double.calls_to("conversations.create")) == 3
    coordinator.click(click(double, coordinator.user, message, "suggestion_accept"))
    assert len(triads_of(sessions, "SE 2019")) == 3 and len(double.calls_to("conversations.create")) == 3
    assert any("Accepted by" in str(a.get("blocks")) for a in answers(double, accept))
