"""The migrations run in one straight line, numbered in order: 0001, 0002, … each revising the one before,
and each file named after its revision (no database needed: Alembic's script directory is read as it is)."""

from __future__ import annotations

from pathlib import Path

from alembic.script import Script, ScriptDirectory

from storage.db import alembic_config


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config("sqlite://"))


def _chain(directory: ScriptDirectory) -> list[Script]:
    """From the base up, following each revision's down_revision (not the file names)."""
    below: dict[str | None, list[Script]] = {}
    for script in directory.walk_revisions():
        assert not isinstance(script.down_revision, tuple), f"{script.revision} is a merge of {script.down_revision}"
        below.setdefault(script.down_revision, []).append(script)
    chain: list[Script] = []
    current: str | None = None
    while current in below:
        following = below.pop(current)
        assert len(following) == 1, f"{current or 'the base'} has {len(following)} revisions after it: a branch"
        chain.append(following[0])
        current = following[0].revision
    assert below == {}, f"revisions not reached from the base: {below}"
    return chain


def test_one_head_and_one_base():
    directory = _scripts()
    assert len(directory.get_heads()) == 1, directory.get_heads()
    assert len(directory.get_bases()) == 1, directory.get_bases()


def test_the_chain_is_linear_and_numbered_in_order():
    directory = _scripts()
    chain = _chain(directory)
    assert [script.revision for script in chain] == [f"{n:04d}" for n in range(1, len(chain) + 1)]
    assert chain[-1].revision == directory.get_current_head()
    assert len(chain) == len(list(directory.walk_revisions()))


def test_each_file_is_named_after_its_revision():
    misnamed = [
        f"{Path(script.path).name} holds revision {script.revision}"
        for script in _scripts().walk_revisions()
        if not Path(script.path).name.startswith(f"{script.revision}_")
    ]
    assert misnamed == []


def test_no_file_in_versions_is_outside_the_chain():
    directory = _scripts()
    files = {path.name for path in Path(directory.versions).glob("*.py")}
    assert files == {Path(script.path).name for script in directory.walk_revisions()}
