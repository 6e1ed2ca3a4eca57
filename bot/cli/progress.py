"""A progress bar on long work, on a terminal only (a pipe or a log gets the results alone)."""

from __future__ import annotations

import sys

from tqdm import tqdm


def progress_bar(description: str, *, total: int | None = None, unit: str = "it") -> tqdm:
    return tqdm(desc=description, total=total, unit=unit, file=sys.stderr, leave=False, disable=not sys.stderr.isatty())


class CountedDirectory:
    """The import's people directory, ticking the bar at each person looked up in Slack."""

    def __init__(self, directory, bar: tqdm) -> None:
        self.directory, self.bar = directory, bar

    def find(self, ref):
        try:
            return self.directory.find(ref)
        finally:
            self.bar.update(1)
