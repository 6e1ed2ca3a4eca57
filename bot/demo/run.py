"""The year of the demo, day by day: the script's steps at their times, and the clock's real jobs
(`bot.clock.process`: recover stale claims, send due reminders, keep the living record: the triads'
canvases and the documents posted with reminders) at 09:00 in the round's time zone."""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from bot.app import Deps, living_record_job, reminder_renderer
from bot.clock.config import SendConfig
from bot.clock.process import ClockRuntime, recover_stale_claims, send_due_reminders, update_record
from bot.clock.slack_client import clock_client
from bot.demo import people, script
from bot.demo.script import Click, Command, Step
from bot.demo.slack import SlackSide, form_state
from bot.demo.summary import summary_lines
from bot.demo.transcript import Transcript
from bot.settings import load_settings, normalise_database_url
from slack_double import SlackDouble
from storage.db import make_engine, make_sessionmaker, upgrade
from storage.models import Round, Triad

ZONE = ZoneInfo("Europe/London")
CLOCK_HOUR = 9


class DemoClock:
    """The injected clock of the app and the reminder clock: the demo moves it, nothing sleeps."""

    def __init__(self, start: datetime):
        self.current = start

    def __call__(self) -> datetime:
        return self.current


@dataclass
class DemoResult:
    transcript: Transcript
    summary: list[str]
    seconds: float
    schemas_checked: bool
    database: str  # its URL
    page: Path


def run_demo(
    out: Path,
    *,
    say: Callable[[str], None] = print,
    schemas_dir: str | None = None,
    database_url: str | None = None,
    on_day: Callable[[int, int], None] = lambda done, days: None,
) -> DemoResult:
    """Replay the round into `out` (`index.html`, `transcript.json`), in the database at `database_url`
    (which must hold no rounds yet), by default a new SQLite file `out/demo.db`."""
    started = time.monotonic()
    out.mkdir(parents=True, exist_ok=True)
    if database_url is None:
        sqlite_file = out / "demo.db"
        sqlite_file.unlink(missing_ok=True)
        url = f"sqlite:///{sqlite_file}"
    else:
        url = normalise_database_url(database_url)
    quietened = ("alembic", "alembic.runtime.migration", "peerbot", "slack_bolt", "slack_sdk", "peerbot.bolt")
    levels = {name: logging.getLogger(name).level for name in quietened}
    for name in quietened:
        logging.getLogger(name).setLevel(logging.WARNING)
    try:
        with _without_slack_app_credentials():
            return _run(out, url, started, say, schemas_dir, on_day)
    finally:  # the demo may run inside another program (a test): its loggers are left as they were
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


@contextmanager
def _without_slack_app_credentials() -> Iterator[None]:
    """Bolt's App reads SLACK_BOT_TOKEN, SLACK_CLIENT_ID and SLACK_CLIENT_SECRET from the environment itself, and
    looks for installations; the demo's one workspace is its stand-in's, so it hides them while it runs."""
    hidden = {
        name: os.environ.pop(name)
        for name in ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET")
        if name in os.environ
    }
    try:
        yield
    finally:
        os.environ.update(hidden)


def _run(
    out: Path,
    url: str,
    started: float,
    say: Callable[[str], None],
    schemas_dir: str | None,
    on_day: Callable[[int, int], None],
) -> DemoResult:
    upgrade(url)
    require_empty(url)
    steps = script.steps()
    clock = DemoClock(_local(steps[0].day, steps[0].at))
    with SlackDouble(schemas_dir=schemas_dir, require_schemas=False) as double:
        for user, name in people.names().items():
            double.add_user(user, real_name=name, profile={"real_name": name, "display_name": name.split(" (")[0]})
        settings = load_settings(
            slack_bot_token="xoxb-peerbot-demo",
            slack_signing_secret="peerbot-demo-signing-secret",
            # The demo's Slack is its stand-in, whatever Slack settings the environment holds.
            slack_client_id=None,
            slack_client_secret=None,
            slack_app_token=None,
            slack_api_url=double.base_url,
            database_url=url,
            peer_coordinators=people.COORDINATOR,
            peer_timezone="Europe/London",
            _env_file=None,
        )
        engine = make_engine(settings.database_url)
        sessions = make_sessionmaker(engine)
        slack = SlackSide(Deps(settings, sessions, clock), double)
        transcript = Transcript(double, people.names(), lambda: triad_channels(sessions))
        # Pacing (one message a second per channel) is real Slack's limit, not the stand-in's: the
        # demo's clock sends without waiting between two messages to one channel.
        config = replace(SendConfig.from_settings(settings), channel_interval=0.0)
        runtime = ClockRuntime(sessions, clock_client(settings), reminder_renderer(), config, "demo-clock", clock)
        runtime.update_record = living_record_job()
        schemas_checked = double.validator.schemas_found
        try:
            _replay(steps, clock, slack, runtime, transcript, say, on_day)
            double.assert_no_errors()
            transcript.mark_pins()
            summary = summary_lines(transcript, sessions, schemas_checked=schemas_checked)
            # The summit brief's timeline, as the app uploaded it to the coordinator's DM.
            pictures = [f for f in double.uploaded_files if f.filename.endswith(".png") and f.content]
            if pictures:
                (out / "timeline.png").write_bytes(pictures[-1].content or b"")
            record = _living_record(double, sessions, out, triad_channels(sessions), people.names())
        finally:
            slack.close()
            engine.dispose()
    transcript.write_files(out)  # each file the app shared, beside the page where the page links it
    page = out / "index.html"
    page.write_text(
        transcript.html(heading="Peer challenge assistant: the 2018 round, replayed", summary=summary).replace(
            "</body>", record + "</body>", 1
        )
    )
    (out / "transcript.json").write_text(json.dumps(transcript.as_json(), indent=1, ensure_ascii=False) + "\n")
    return DemoResult(transcript, summary, time.monotonic() - started, schemas_checked, url, page)


def _replay(
    steps: list[Step], clock: DemoClock, slack: SlackSide, runtime: ClockRuntime, transcript, say, on_day
) -> None:
    by_day: dict[date, list[Step]] = {}
    for step in steps:
        by_day.setdefault(step.day, []).append(step)
    day, last = steps[0].day, script.LAST_DAY
    days = (last - day).days + 1
    while day <= last:
        on_day(days - (last - day).days - 1, days)
        todays = sorted(by_day.get(day, []), key=lambda s: s.at)
        for step in [s for s in todays if s.at < CLOCK_HOUR * 60]:
            _do(step, clock, slack, transcript, say)
        clock.current = _local(day, CLOCK_HOUR * 60)
        recover_stale_claims(runtime)
        send_due_reminders(runtime)
        update_record(runtime)  # the triads' canvases, as the clock keeps them
        transcript.record_new_messages(clock.current)
        for step in [s for s in todays if s.at >= CLOCK_HOUR * 60]:
            _do(step, clock, slack, transcript, say)
        day += timedelta(days=1)


def _do(step: Step, clock: DemoClock, slack: SlackSide, transcript: Transcript, say) -> None:
    clock.current = _local(step.day, step.at)
    if step.narration:
        say(f"{step.day:%a %d %b %Y}  {step.narration}")
    action = step.action
    if isinstance(action, Command):
        channel = transcript.conversation(action.where, action.user)
        answer, key = slack.command(action.user, action.text, channel)
        transcript.typed(channel, action.user, "/peer " + action.text, clock.current)
    elif isinstance(action, Click):
        channel = transcript.conversation(action.where, action.user)
        message = transcript.message_with_button(channel, action.action_id, action.contains)
        transcript.clicked(channel, action.user, message, action.action_id, clock.current)
        forms = slack.views_opened()
        answer, key = slack.click(action.user, message, action.action_id)
        if action.form is not None:  # the button opened a form: it is filled in and submitted, as Slack sends it
            transcript.record_new_messages(clock.current)
            transcript.replies(channel, action.user, answer, key, clock.current)
            view = slack.opened_view(forms)
            state = form_state(view, action.form)
            transcript.submitted(channel, action.user, view, state, clock.current)
            answer, key = slack.submit(action.user, view, state), ""
    else:
        raise TypeError(action)
    transcript.record_new_messages(clock.current)
    transcript.replies(channel, action.user, answer, key, clock.current)


def _living_record(double, sessions, out: Path, channels: dict[int, str], names: dict[str, str]) -> str:
    """The page's section on the canvases as they stood at the end, and triad 1's documents beside it."""
    from bot.demo.record_page import record_section, write_documents
    from slack_double.api.canvases import canvas_in

    canvases = {}
    for number, channel in channels.items():
        canvas = canvas_in(double, channel)
        if canvas is not None:
            canvases[number] = canvas.markdown
            (out / f"canvas-triad-{number}.md").write_text(canvas.markdown, encoding="utf-8")
    return record_section(canvases, names, write_documents(sessions, out))


class DemoDatabaseInUse(Exception):
    """The database given to the demo already holds a round: the demo writes only into an empty one."""


def require_empty(url: str) -> None:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            if connection.execute(select(func.count()).select_from(Round)).scalar_one():
                raise DemoDatabaseInUse(
                    f"peerbot demo: the database {engine.url!r} already holds rounds; give it an empty one"
                )
    finally:
        engine.dispose()


def triad_channels(sessions) -> dict[int, str]:
    with sessions() as session:
        rows = session.execute(select(Triad.number, Triad.channel_id).order_by(Triad.number)).all()
    return {number: channel for number, channel in rows if channel}


def _local(day: date, minutes: int) -> datetime:
    return datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=ZONE).astimezone(timezone.utc)
