"""The layout's directions that a grep can hold (import-linter holds the imports in CI)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SQL_IN_HANDLERS = re.compile(r"\bselect\(|session\.execute\b|session\.scalars?\b")
SLACK_OR_SQL_IMPORT = re.compile(r"^\s*(from|import)\s+(slack_sdk|slack_bolt|sqlalchemy)\b", re.M)


def sources(folder: str) -> list[Path]:
    files = sorted((ROOT / folder).rglob("*.py"))
    assert files, f"no sources under {folder}"
    return files


def test_handlers_run_no_sql():
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sources("handlers")
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if SQL_IN_HANDLERS.search(line)
    ]
    assert offenders == []


def test_rules_import_neither_slack_nor_the_database():
    offenders = [
        str(path.relative_to(ROOT)) for path in sources("bot/rules") if SLACK_OR_SQL_IMPORT.search(path.read_text())
    ]
    assert offenders == []
