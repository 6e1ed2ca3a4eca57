"""benchmarks/national_scale.py in its tiny mode: England is built, every surface answers, the bursts lose nothing."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "national_scale.py"


def load_benchmark():
    spec = importlib.util.spec_from_file_location("national_scale", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow  # ~10 s alone, a minute on a busy machine
def test_small_run_builds_england_and_measures_every_surface(capsys):
    benchmark = load_benchmark()
    benchmark.main(["--small"])  # its own fresh SQLite file; the exit code is about latency aims, not checked here
    out = capsys.readouterr().out

    built = re.search(r"built 9 workspaces, 153 authorities, (\d+) triads over 2 years \((\d+) this year\)", out)
    assert built, out
    assert int(built.group(1)) == 2 * int(built.group(2)) == 2 * 49
    for surface in ("/peer status ms", "/peer action list ms", "App Home build ms", "App Home publish ms"):
        assert re.search(rf"^{re.escape(surface)}\s+\d+\.\d", out, re.MULTILINE), out
    bursts = re.findall(r"9:00 burst at [\d,]+ actions: (\d+) reminders due.*lost (\d+), doubled (\d+)", out)
    assert len(bursts) == 2, out
    for due, lost, doubled in bursts:
        assert int(due) >= 49  # one per current-year triad at least
        assert (lost, doubled) == ("0", "0")
    assert "database size:" in out
