"""Every file the docs and the code's comments name by its path exists: a move or a rename that
leaves a stale name behind fails here (issue 17 found `bot/clock.py` named after it had gone)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("bot", "handlers", "storage", "benchmarks", "tests", "scripts", "slack_double", "docs", "examples")
NAMED_FILE = re.compile(rf"(?<![\w./-])((?:{'|'.join(FOLDERS)})/[\w/.-]*\w\.(?:py|md|json|sh|toml|csv))")


def _texts() -> list[Path]:
    docs = [
        *ROOT.glob("*.md"),
        *ROOT.glob("docs/**/*.md"),
        *ROOT.glob("benchmarks/*.md"),
        *ROOT.glob("examples/**/*.md"),
    ]
    code = [
        path
        for folder in ("bot", "handlers", "storage", "benchmarks", "slack_double", "scripts")
        for path in ROOT.glob(f"{folder}/**/*.py")
        if "migrations/versions" not in path.as_posix()
    ]
    return sorted(docs + code)


def stale_names(path: Path) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{number}: {match.group(1)}"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for match in NAMED_FILE.finditer(line)
        if not (ROOT / match.group(1)).exists()
    ]


def test_the_pattern_finds_a_stale_name(tmp_path: Path) -> None:
    text = tmp_path / "note.md"
    text.write_text("see bot/clock.py and bot/app.py\n", encoding="utf-8")
    found = [m.group(1) for m in NAMED_FILE.finditer(text.read_text(encoding="utf-8"))]
    assert found == ["bot/clock.py", "bot/app.py"]
    assert not (ROOT / "bot/clock.py").exists() and (ROOT / "bot/app.py").exists()


@pytest.mark.parametrize("path", _texts(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_named_file_exists(path: Path) -> None:
    assert stale_names(path) == []
