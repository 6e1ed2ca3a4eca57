"""The repository stands on its own: what its tests, its double and its documents need is inside it,
and its installs are pinned."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

import pytest

from slack_double import SlackDouble
from slack_double.schemas import DEFAULT_SCHEMAS_DIR, METHOD_SCHEMAS, load_schemas

ROOT = Path(__file__).resolve().parents[2]
SURFACES = {"KnownBlock", "ModalView", "HomeView"}  # Block Kit: any block, a modal's view, the Home tab's
OUTSIDE = "../" + "shared"  # spelt in two halves so that this file does not name it


def tracked_files() -> list[Path]:
    """The files a commit would hold: git's list (tracked, and new but not ignored) in a checkout, else every file
    but the virtual environment's."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        )
        return [ROOT / line for line in listed.stdout.splitlines() if (ROOT / line).is_file()]
    except (OSError, subprocess.SubprocessError):
        skip = {".git", ".venv", "node_modules", "__pycache__"}
        return [p for p in ROOT.rglob("*") if p.is_file() and not skip & set(p.relative_to(ROOT).parts)]


def test_nothing_in_the_repository_points_outside_it():
    files = tracked_files()
    assert ROOT / "README.md" in files and Path(__file__) in files  # the positive control: the list is the repository
    pointing_out = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        if OUTSIDE in text:
            pointing_out.append(str(path.relative_to(ROOT)))
    assert pointing_out == []


def markdown_links(path: Path) -> list[str]:
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.S)
    return [target for target in re.findall(r"\]\(([^)\s]+)\)", text) if "://" not in target]


def test_the_readme_and_docs_link_only_files_of_the_repository():
    documents = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    assert {p.name for p in documents} >= {"README.md", "guide.md", "operators.md", "commands.md", "json.md"}
    readme_links = set(markdown_links(ROOT / "README.md"))
    for page in ("docs/guide.md", "docs/operators.md", "docs/commands.md", "docs/json.md"):
        assert page in readme_links, f"the README does not link {page}"
    broken = []
    for document in documents:
        for target in markdown_links(document):
            file_part = target.split("#", 1)[0]
            if not file_part:
                continue
            resolved = (document.parent / file_part).resolve()
            if not resolved.is_relative_to(ROOT) or not resolved.exists():
                broken.append(f"{document.relative_to(ROOT)}: {target}")
    assert broken == []


def test_the_guide_says_what_its_words_mean_before_using_them():
    guide = (ROOT / "docs" / "guide.md").read_text(encoding="utf-8").split("\n", 1)[1]  # after its title
    for word in ("DCS", "triad", "host", "visitor", "observer", "coordinator", "line of enquiry"):
        defined = guide.find(f"**{word}**")
        assert defined != -1, f"{word} is not defined in the guide"
        assert guide.find(word) == guide.find(f"**{word}**") + 2, f"{word} is used before it is defined"


def generated_types() -> set[str]:
    script = (ROOT / "scripts" / "slack_schemas" / "generate.mjs").read_text(encoding="utf-8")
    return set(re.findall(r'"([A-Z][A-Za-z0-9]+)"', script))


def test_the_double_checks_against_the_schemas_committed_in_the_package(monkeypatch):
    monkeypatch.delenv("SLACK_SCHEMAS_DIR", raising=False)
    assert DEFAULT_SCHEMAS_DIR == ROOT / "slack_double" / "json_schemas"
    committed = {p.stem for p in DEFAULT_SCHEMAS_DIR.glob("*.json")}
    needed = set(METHOD_SCHEMAS.values()) | SURFACES
    assert needed <= committed  # every method the double answers has its schema
    assert committed == generated_types()  # and every file is one the script makes: none hand-written, none stale
    assert load_schemas().folder == DEFAULT_SCHEMAS_DIR
    with SlackDouble() as double:
        assert double.validator.schemas_found
        assert double.validator.arguments("chat.postMessage", {"channel": "C1", "text": "hi", "colour": "red"})
        assert not double.validator.arguments("chat.postMessage", {"channel": "C1", "text": "hi"})


def test_slack_schemas_dir_still_names_another_folder(monkeypatch, tmp_path):
    for name in ("ChatPostMessageArguments", "KnownBlock"):
        (tmp_path / f"{name}.json").write_text((DEFAULT_SCHEMAS_DIR / f"{name}.json").read_text())
    monkeypatch.setenv("SLACK_SCHEMAS_DIR", str(tmp_path))
    assert load_schemas().folder == tmp_path.resolve()
    monkeypatch.setenv("SLACK_SCHEMAS_DIR", str(tmp_path / "nothing here"))
    with pytest.raises(FileNotFoundError, match="SLACK_SCHEMAS_DIR"):
        load_schemas()


def test_the_schemas_are_package_data_so_an_installed_demo_has_them():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "json_schemas/*.json" in project["tool"]["setuptools"]["package-data"]["slack_double"]


def test_installs_are_pinned_by_the_constraints_file():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, sep, version = line.partition("==")
            assert sep and version.strip(), f"constraints.txt: {line!r} is not pinned with =="
            pins[re.sub(r"[-_.]+", "-", name.strip().lower())] = version.strip()
    assert "peerbot" not in pins
    wanted = project["dependencies"] + [d for extra in project["optional-dependencies"].values() for d in extra]
    for requirement in wanted:
        name = re.sub(r"[-_.]+", "-", re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower())
        assert name in pins, f"constraints.txt does not pin {name}"
    assert {"pytest-timeout", "hypothesis"} <= set(pins)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert readme.count("-m pip install -q -c constraints.txt -e ") == 2  # the run and the test commands
    assert "pip install --quiet -c constraints.txt -e '.[test,dev]'" in ci
