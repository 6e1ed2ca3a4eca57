"""How long the app's messages are, as a director reads them: word counts over the demo round's
`transcript.json` (issue 18's figures: median, 90th percentile, over 100 words, echoes, asks to type).

    python benchmarks/message_words.py                 # runs `peerbot demo` into a temporary folder first
    python benchmarks/message_words.py demo/transcript.json [--list]

A message's words are what Slack shows of it (`bot.demo.words`, the measure `peerbot messages` uses
too). An echo is an ephemeral reply to the person who typed that
repeats a message posted in the same conversation at the same moment. An ask to type is a message
that shows a `/peer …` command in code for the reader to type."""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bot.demo.words import WORD, visible_text, words

APP_KINDS = ("message", "reminder", "reply")
ASK_TO_TYPE = re.compile(r"`/peer [^`]+`")


def _shared(a: str, b: str) -> float:
    wa, wb = set(WORD.findall(a.lower())), set(WORD.findall(b.lower()))
    return len(wa & wb) / len(wa) if wa else 0.0


def measure(transcript: dict) -> dict:
    counts: list[tuple[int, str, str]] = []
    echoes = asks = 0
    for conversation in transcript["conversations"]:
        entries = conversation["entries"]
        for entry in entries:
            if entry["kind"] not in APP_KINDS:
                continue
            text = visible_text(entry)
            counts.append((words(text), conversation["title"], text))
            asks += bool(ASK_TO_TYPE.search(text))
            if entry["kind"] == "reply":
                posted = [
                    visible_text(e)
                    for e in entries
                    if e["kind"] == "message" and e["at"] == entry["at"] and e is not entry
                ]
                echoes += any(_shared(text, p) >= 0.8 for p in posted if words(p) >= 5)
    sizes = sorted(n for n, _, _ in counts)
    return {
        "messages": len(sizes),
        "median": statistics.median(sizes),
        "p90": sizes[max(0, round(0.9 * len(sizes)) - 1)],
        "over_100": sum(n > 100 for n in sizes),
        "echoes": echoes,
        "asks_to_type": asks,
        "longest": sorted(counts, reverse=True)[:5],
    }


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
    print(f"app messages: {figures['messages']}")
    print(
        f"words a message: median {figures['median']}, 90th percentile {figures['p90']}, "
        f"over 100: {figures['over_100']}"
    )
    print(f"echoes (a channel post repeated to the person who typed): {figures['echoes']}")
    print(f"asks to type a command: {figures['asks_to_type']}")
    if args.list:
        for n, where, text in figures["longest"]:
            print(f"\n--- {n} words in {where}\n{text}")


if __name__ == "__main__":
    main()
