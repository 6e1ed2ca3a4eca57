"""Logging for both processes: lines of text, or one JSON object per line when LOG_FORMAT=json
(time, level, logger, message, and the exception's traceback when there is one)."""

from __future__ import annotations

import json
import logging
import os
from datetime import datetime, timezone
from typing import IO, Any

from bot.settings import ConfigError

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
FORMATS = ("text", "json")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def log_format() -> str:
    value = (os.environ.get("LOG_FORMAT") or "text").strip().lower()
    if value not in FORMATS:
        raise ConfigError(f"peerbot: configuration error: LOG_FORMAT must be json or text, not {value!r}")
    return value


def formatter() -> logging.Formatter:
    return JsonFormatter() if log_format() == "json" else logging.Formatter(TEXT_FORMAT)


def configure_logging(level: int = logging.INFO, stream: IO[str] | None = None) -> None:
    """The root logger writes to stderr (or `stream`) in LOG_FORMAT; called once at a process's start."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Alembic's "Context impl SQLiteImpl" and one line per migration are not an operator's news:
    # `peerbot db upgrade` says in one line where the schema is.
    logging.getLogger("alembic").setLevel(logging.WARNING)


def gunicorn_logger_class():
    """gunicorn's logger, its own lines (workers booting, timeouts) as JSON too when LOG_FORMAT=json."""
    from gunicorn.glogging import Logger

    class PeerbotGunicornLogger(Logger):
        def setup(self, cfg) -> None:
            super().setup(cfg)
            if log_format() != "json":
                return  # gunicorn's own text lines, with the process id
            for handler in [*self.error_log.handlers, *self.access_log.handlers]:
                handler.setFormatter(formatter())

    return PeerbotGunicornLogger
