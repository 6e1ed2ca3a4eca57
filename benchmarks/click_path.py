"""Which of the app's files one click on *Agree* passes through.

    python benchmarks/click_path.py [--list]

Replays the demo's round (bot/demo: the app in this process, its Web API calls to the local
Slack double, a SQLite file) and, during each `focus_agree` click only, traces every Python
function call on every thread (the request's and Bolt's listener threads): the files of
`bot/`, `handlers/` and `storage/` whose code ran (bar `bot/demo/`, which sends the clicks) are that click's path.
Prints the number of files per click (min / median / max over the round's Agree clicks), the files of the longest
path (`--list`: with how many calls landed in each), and the calls between the app's own
functions (hops). Nothing is timed: tracing is slow, only what runs is counted.
"""

from __future__ import annotations

import argparse
import collections
import statistics
import sys
import tempfile
import threading
from pathlib import Path
from types import FrameType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
LAYERS = tuple(str(ROOT / name) + "/" for name in ("bot", "handlers", "storage"))
DRIVER = str(ROOT / "bot" / "demo") + "/"  # the demo sends the clicks: not part of the app's path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="print the files of the longest path")
    args = parser.parse_args()

    from bot.demo import run as demo_run
    from bot.demo.slack import DrainingExecutor, SlackSide

    paths: list[collections.Counter[str]] = []
    hops: list[int] = []
    original = SlackSide.click

    def traced_click(self: SlackSide, user: str, message: dict, action_id: str) -> Any:
        if action_id != "focus_agree":
            return original(self, user, message, action_id)
        files: collections.Counter[str] = collections.Counter()
        calls = [0]

        def tracer(frame: FrameType, event: str, arg: object) -> None:
            if event == "call":
                name = frame.f_code.co_filename
                if name.startswith(LAYERS) and not name.startswith(DRIVER):
                    files[name.removeprefix(str(ROOT) + "/")] += 1
                    calls[0] += 1
            return None

        submit = DrainingExecutor.submit

        def traced_submit(executor: DrainingExecutor, fn: Any, /, *a: Any, **kw: Any) -> Any:
            def traced_fn() -> Any:  # the listener, on Bolt's pool thread
                sys.settrace(tracer)  # type: ignore[arg-type]
                try:
                    return fn(*a, **kw)
                finally:
                    sys.settrace(None)

            return submit(executor, traced_fn)

        DrainingExecutor.submit = traced_submit  # type: ignore[method-assign]
        threading.settrace(tracer)  # type: ignore[arg-type]
        sys.settrace(tracer)  # type: ignore[arg-type]
        try:
            return original(self, user, message, action_id)
        finally:
            sys.settrace(None)
            threading.settrace(None)  # type: ignore[arg-type]
            DrainingExecutor.submit = submit  # type: ignore[method-assign]
            paths.append(files)
            hops.append(calls[0])

    SlackSide.click = traced_click  # type: ignore[method-assign]
    with tempfile.TemporaryDirectory() as out:
        demo_run.run_demo(Path(out), say=lambda _line: None)
    counts = [len(p) for p in paths]
    print(f"Agree clicks traced: {len(counts)}")
    print(f"files per click: min {min(counts)} / median {statistics.median(counts):g} / max {max(counts)}")
    print(f"calls into the app's functions per click: median {statistics.median(hops):g}")
    if args.list:
        longest = max(paths, key=len)
        for name, n in sorted(longest.items()):
            print(f"  {n:6d}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
