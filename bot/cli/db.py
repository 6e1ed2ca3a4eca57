"""`peerbot db upgrade [REVISION]`: apply the migrations (Alembic) to DATABASE_URL's database."""

from __future__ import annotations

import argparse

from bot.cli.errors import shown_url
from bot.logs import configure_logging
from bot.settings import database_url_from_env


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    configure_logging()
    from storage.db import upgrade

    url = database_url_from_env()
    upgrade(url, args.revision)
    print(f"peerbot: the database {shown_url(url)} is at {args.revision}")
    return 0
