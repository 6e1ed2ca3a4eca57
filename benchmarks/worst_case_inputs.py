"""The parsers and the import on pathological inputs of growing size: linear time, and an answer inside 3 s.

    python benchmarks/worst_case_inputs.py                      # 1k, 10k, 100k characters
    python benchmarks/worst_case_inputs.py --sizes 1000 10000   # fewer sizes
    python benchmarks/worst_case_inputs.py --timeout 20         # give up on one input after 20 s

Each input is built to make a backtracking pattern or a rebuilt string do the most work: long runs of
(non-breaking) spaces, of separators, of dots in an e-mail's domain, of letters a unit could end with.
Two figures per case and size:

- "answered": what a person gets, through the function the app calls (the length check comes first,
  so a value over its limit is refused at once: "That date is 10,012 characters; a date is at most 120.").
- "parser alone": the same input read with the length check left out (the readers behind the checks,
  `bot.rules.dates._read_*`), to show the reading itself is linear however long the text.

The growth factor is the time's ratio to the previous size's (linear: about the sizes' ratio, 10;
quadratic: 100). Each input runs in a child process, so one that never ends is reported as "> timeout".
The script exits 1 if any answer takes 3 s or more, or a parser's growth factor is above 25 at sizes
where the time is large enough to measure (1 ms). Run against older code (PYTHONPATH pointing at
another checkout) it measures that code: the readers without checks are then the public functions.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ANSWER_BUDGET = 3.0  # seconds: Slack's deadline for an acknowledgement
MAX_GROWTH = 25.0  # for a 10x larger input; linear is ~10, quadratic ~100
MEASURABLE = 0.001  # seconds: below this a ratio is noise

NBSP = "\u00a0"


def _date(n: int) -> str:
    return "23" + NBSP * n + "July 2018 x"


def _date_separators(n: int) -> str:
    return "1" + ", " * (n // 2) + "July 2018 x"


def _slot(n: int) -> str:
    return "23 July 2018" + " ," * (n // 2) + "x 09:30-10:15"


def _local(n: int) -> str:
    return "20 July 2018" + ", " * (n // 2) + "x 9am"


def _duration(n: int) -> str:
    return "1 mana" * (n // 6) + "!"


def _command(n: int) -> str:
    return 'focus propose "' + "very " * (n // 5)  # an unclosed quote


def _command_keys(n: int) -> str:
    return "a:" * (n // 2)


def _email(n: int) -> str:
    return "a@" + "b." * (n // 2) + ">x"


def _message(n: int) -> dict:
    return {"text": "<https://a|" * (n // 11)}  # links opened and never closed


def _topic_words(n: int) -> list[str]:
    return [f"w{i}" for i in range(n // 6)]  # distinct words, about n characters with their commas


def _csv_person(n: int) -> bytes:
    return f"name,DCS,team\nOxfordshire,{_email(n)},\n".encode()


def _csv_date(n: int) -> bytes:
    return f"triad,host,visitor,observer,challenge session\n1,A,B,C,{_date(n)}\n".encode()


def _functions() -> dict[str, tuple[Callable[[int], object], Callable[[object], object], Callable[[object], object]]]:
    """case -> (input of size n, the function the app calls, the parser alone)."""
    from bot.rules import dates, imports, themes
    from handlers.commands import parser
    from handlers.views.round_form import material_of

    def uncapped(name: str, public: Callable) -> Callable:
        return getattr(dates, name, public)  # older code has no length checks: the public function is the reader

    def date_reader(text):
        return uncapped("_read_fuzzy_date", dates.parse_fuzzy_date)(text.strip(), 2018)

    def slot_reader(text):
        return uncapped("_read_slot", dates.parse_slot)(text.strip(), 2018)

    def local_reader(text):
        return uncapped("_read_local_datetime", dates.parse_local_datetime)(text.strip(), 2018)

    def duration_reader(text):
        return uncapped("_read_duration", dates.parse_duration)(text.strip())

    return {
        "date: run of non-breaking spaces": (_date, lambda t: dates.parse_fuzzy_date(t, 2018), date_reader),
        "date: run of separators": (_date_separators, lambda t: dates.parse_fuzzy_date(t, 2018), date_reader),
        "slot: run of ' ,' before the times": (_slot, lambda t: dates.parse_slot(t, 2018), slot_reader),
        "date and time: run of ', '": (_local, lambda t: dates.parse_local_datetime(t, 2018), local_reader),
        "duration: '1 mana' repeated": (_duration, dates.parse_duration, duration_reader),
        "command: unclosed quote": (_command, parser.split_command, parser.tokenize),
        "command: 'a:' repeated": (_command_keys, parser.split_command, parser.tokenize),
        "shortcut's message: unclosed links": (_message, material_of, material_of),
        "topic's words: many distinct ones": (_topic_words, lambda w: themes.check_topic("Youth justice", w),
                                              lambda w: themes.check_topic("Youth justice", w)),
        "e-mail check: dots in the domain": (_email, imports.person_ref, imports.person_ref),
        "import authorities: that e-mail in a cell": (_csv_person, imports.read_authorities, imports.read_authorities),
        "import round: that date in a cell": (_csv_date, lambda c: imports.check_round(c, 2018),
                                              lambda c: imports.check_round(c, 2018)),
    }  # fmt: skip


def _run(case: str, which: int, size: int, repeat: int, queue) -> None:
    build, answered, alone = _functions()[case]
    function = answered if which == 0 else alone
    text = build(size)
    best, outcome = float("inf"), ""
    for _ in range(repeat):  # the best of a few: the machine is shared, and the slowest run is its noise
        started = time.perf_counter()
        try:
            function(text)
            outcome = "read"
        except Exception as exc:  # the refusal is the expected answer; its type is reported
            outcome = type(exc).__name__
        best = min(best, time.perf_counter() - started)
        queue.put((best, outcome))  # so far: a child given up on still left its first figure


def measure(case: str, which: int, size: int, timeout: float, repeat: int) -> tuple[float | None, str]:
    queue: multiprocessing.Queue = multiprocessing.Queue()
    child = multiprocessing.Process(target=_run, args=(case, which, size, repeat, queue))
    child.start()
    child.join(timeout)
    if child.is_alive():
        child.terminate()
        child.join()
        return None, "gave up"
    figures = []
    while not queue.empty():
        figures.append(queue.get())
    return figures[-1] if figures else (None, "crashed")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before one input is given up on")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each input; the best is reported")
    args = parser.parse_args(argv)

    failures: list[str] = []
    print(f"{'case':44} {'figure':13} " + " ".join(f"{size:>18,}" for size in args.sizes))
    for case in _functions():
        for which, figure in enumerate(("answered", "parser alone")):
            cells, previous = [], None
            for size in args.sizes:
                seconds, outcome = measure(case, which, size, args.timeout, args.repeat)
                if seconds is None:
                    cells.append(f"> {args.timeout:.0f} s ({outcome})")
                    failures.append(f"{case}, {figure}, {size:,}: {outcome}")
                    previous = None
                    continue
                growth = ""
                if previous is not None and previous >= MEASURABLE:
                    factor = seconds / previous
                    growth = f" x{factor:.0f}"
                    if which == 1 and factor > MAX_GROWTH and seconds >= 0.01:
                        failures.append(f"{case}, {figure}: x{factor:.0f} from the size before {size:,}")
                if which == 0 and seconds >= ANSWER_BUDGET:
                    failures.append(f"{case}, answered, {size:,}: {seconds:.1f} s")
                cells.append(f"{_seconds(seconds)}{growth}")
                previous = seconds
            print(f"{case:44} {figure:13} " + " ".join(f"{cell:>18}" for cell in cells), flush=True)
    print()
    if failures:
        print("MISSED:", *failures, sep="\n  ")
        return 1
    print(f"every answer inside {ANSWER_BUDGET:.0f} s; every parser's growth at most x{MAX_GROWTH:.0f} per 10x input")
    return 0


def _seconds(value: float) -> str:
    return f"{value * 1000:.2f} ms" if value < 1 else f"{value:.2f} s"


if __name__ == "__main__":
    sys.exit(main())
