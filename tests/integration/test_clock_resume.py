"""One SLACK_BOT_TOKEN: a workspace that uninstalled the app (reminders held) is resumed when the clock
starts with a token Slack accepts again for it; a refused token resumes nothing."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.app import reminder_renderer
from bot.clock.config import SendConfig
from bot.clock.process import ClockRuntime, resume_reinstalled
from bot.clock.slack_client import clock_client
from bot.services.workspaces import stopped
from bot.settings import load_settings
from slack_double import SlackDouble
from storage.models import Reminder, Workspace

T0 = datetime(2018, 1, 8, 10, tzinfo=timezone.utc)


@pytest.fixture
def double():
    with SlackDouble() as double:
        yield double
        double.assert_no_errors()


def runtime(sessions, double, token: str) -> ClockRuntime:
    settings = load_settings(slack_bot_token=token, slack_signing_secret="s", slack_api_url=double.base_url)
    return ClockRuntime(sessions, clock_client(settings), reminder_renderer(), SendConfig(), "w", now=lambda: T0)


@pytest.fixture
def held(sessions, double):
    with sessions() as session, session.begin():
        session.add(
            Reminder(team_id=double.team_id, triad_id=None, key="custom:1", kind="custom", recipient="C1", text="x",
                     due_at=T0)
        )  # fmt: skip
        session.flush()
        stopped(session, double.team_id, "uninstalled", T0)
    return sessions


def status(sessions) -> tuple[str, str]:
    with sessions() as session:
        reminder = session.query(Reminder).one()
        return reminder.status, session.get(Workspace, reminder.team_id).status


def test_a_working_token_for_the_uninstalled_workspace_resumes_its_reminders(held, double):
    assert status(held) == ("held", "uninstalled")
    assert resume_reinstalled(runtime(held, double, "xoxb-new")) == 1
    assert status(held) == ("pending", "installed")
    assert resume_reinstalled(runtime(held, double, "xoxb-new")) == 0  # once


def test_a_refused_token_resumes_nothing(held, double):
    double.valid_tokens = {"xoxb-other"}
    assert resume_reinstalled(runtime(held, double, "xoxb-revoked")) == 0
    assert status(held) == ("held", "uninstalled")
