"""How long the app's messages are, as a director reads them: word counts over the demo round's
`transcript.json` (issue 18's figures: median, 90th percentile, over 100 words, echoes, asks to type).

    python benchmarks/message_words.py                 # runs `peerbot demo` into a temporary folder first
    python benchmarks/message_words.py demo/transcript.json [--list]

The figures are measured by `bot.demo.figures.measure` (which says what counts as a message, an echo and an
ask to type); tests/e2e/test_demo_words.py holds the demo round to issue 18's budgets with it."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from bot.demo.figures import measure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("transcript", nargs="?", help="a transcript.json (default: run the demo first)")
    parser.add_argument("--list", action="store_true", help="print the five longest messages")
    args = parser.parse_args()
    if args.transcript:
        path = Path(args.transcript)
    else:
        out = Path(tempfile.mkdtemp(prefix="message-words-"))
        subprocess.run(
            [sys.executable, "-m", "bot.cli", "demo", "--out", str(out), "--quiet"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        path = out / "transcript.json"
    figures = measure(json.loads(path.read_text()))
    print(f"app messages: {figures.messages}")
    print(f"words a message: median {figures.median}, 90th percentile {figures.p90}, over 100: {figures.over_100}")
    print(f"echoes (a channel post repeated to the person who typed): {figures.echoes}")
    print(f"asks to type a command: {figures.asks_to_type}")
    if args.list:
        for longest in figures.longest:
            print(f"\n--- {longest.words} words in {longest.where}\n{longest.text}")


if __name__ == "__main__":
    main()
