"""The standalone double, for an app running in another process::

    python -m slack_double --port 0 --rate-limit-per-channel 1.0 --fail-429-ratio 0.33 \
        --delay chat.postMessage=0.2 --channel C0TRIAD1

prints its base URL on the first stdout line and serves until SIGTERM/SIGINT; the errors it saw go
to stderr when it stops. ``RemoteSlackDouble`` reads it (and changes its faults) over ``/_double/``.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from slack_double.double import SlackDouble


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m slack_double",
        description="A local, Slack-compatible Web API server for end-to-end tests and benchmarks.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--rate-limit-per-channel", type=float, default=None, metavar="SECONDS")
    parser.add_argument("--fail-429-ratio", type=float, default=0.0, metavar="RATIO")
    parser.add_argument("--delay", action="append", default=[], metavar="METHOD=SECONDS")
    parser.add_argument("--channel", action="append", default=[], metavar="ID", help="a channel the app is in")
    parser.add_argument("--schemas-dir", default=None)
    options = parser.parse_args(argv)

    double = SlackDouble(
        host=options.host,
        port=options.port,
        rate_limit_per_channel=options.rate_limit_per_channel,
        fail_429_ratio=options.fail_429_ratio,
        delay_seconds={m: float(s) for m, s in (d.split("=", 1) for d in options.delay)},
        channels=options.channel,
        schemas_dir=options.schemas_dir,
    )
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    with double:
        print(double.base_url, flush=True)
        while not stopping.wait(0.5):
            pass
        if double.errors:
            print("\n".join(double.errors), file=sys.stderr)


if __name__ == "__main__":
    main()
