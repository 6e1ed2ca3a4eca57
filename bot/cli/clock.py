"""`peerbot clock [--once]`: the clock process that sends due reminders."""

from __future__ import annotations

import argparse

from bot.cli.database import require_current_schema
from bot.logs import configure_logging
from bot.settings import load_settings


def cmd_clock(args: argparse.Namespace) -> int:
    configure_logging()
    settings = load_settings(serving=False)  # the clock answers no request: no signing secret
    require_current_schema(settings.database_url)
    from bot.app import living_record_job, reminder_renderer
    from bot.clock.process import run_clock
    from handlers.actions.suggestion import work_resumer  # the handlers word what the resumer says

    run_clock(
        settings,
        reminder_renderer(),
        once=args.once,
        resume=work_resumer(settings),
        living_record=living_record_job(),
    )
    return 0
