"""LOG_FORMAT=json: one JSON object per line, with time, level, logger, message (+ exception)."""

from __future__ import annotations

import io
import json
import logging

import pytest

from bot.logs import configure_logging
from bot.settings import ConfigError


@pytest.fixture
def root_restored():
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_each_record_is_one_json_object_on_one_line(monkeypatch, root_restored):
    monkeypatch.setenv("LOG_FORMAT", "json")
    stream = io.StringIO()
    configure_logging(stream=stream)
    log = logging.getLogger("peerbot.test")
    log.info("reminder %s sent to %s", 7, "C1")
    try:
        raise ValueError("bad\nthing")
    except ValueError:
        log.exception("sending failed")
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["message"] == "reminder 7 sent to C1"
    assert (first["level"], first["logger"]) == ("INFO", "peerbot.test")
    assert first["time"].endswith("+00:00") and "T" in first["time"] and "exception" not in first
    assert second["level"] == "ERROR" and second["message"] == "sending failed"
    assert second["exception"].startswith("Traceback") and "ValueError: bad\nthing" in second["exception"]


def test_text_is_the_default(monkeypatch, root_restored):
    monkeypatch.delenv("LOG_FORMAT", raising=False)
    stream = io.StringIO()
    configure_logging(stream=stream)
    logging.getLogger("peerbot.test").warning("plain")
    assert stream.getvalue().rstrip().endswith("WARNING peerbot.test: plain")


def test_an_unknown_format_is_refused_with_the_choices(monkeypatch, root_restored):
    monkeypatch.setenv("LOG_FORMAT", "yaml")
    with pytest.raises(ConfigError, match="LOG_FORMAT must be json or text, not 'yaml'"):
        configure_logging(stream=io.StringIO())
