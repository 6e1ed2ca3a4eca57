"""Every refusal a rule or a service can raise has its words, and the words ask only for facts the raise gives.

The raising sites are read from the source (`Refused(SomeRefusal.CODE, fact=...)` in bot/ and handlers/); the
wordings are the tables of `handlers.words`, merged by `handlers.refusals`."""

from __future__ import annotations

import ast
import importlib
import re
import string
from collections import defaultdict
from enum import StrEnum
from pathlib import Path

import pytest

from bot.demo import catalogue
from bot.rules.sharing import SharingRefusal
from bot.services.actions import ActionRefusal
from bot.services.admin import AdminRefusal
from bot.services.errors import Refused
from bot.services.rounds import RoundRefusal
from handlers import refusals, words

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(p for d in ("bot", "handlers") for p in (ROOT / d).rglob("*.py") if "migrations" not in p.parts)


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _raises() -> dict[tuple[str, str], list[set[str] | None]]:
    """(enum class, member) -> the fact names of each `Refused(...)` raising it (None when passed as **facts)."""
    found: dict[tuple[str, str], list[set[str] | None]] = defaultdict(list)
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            callee = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            code = node.args[0]
            if callee != "Refused" or not (
                isinstance(code, ast.Attribute) and isinstance(code.value, ast.Attribute | ast.Name)
            ):
                continue
            enum = code.value.attr if isinstance(code.value, ast.Attribute) else code.value.id
            names = {k.arg for k in node.keywords if k.arg}
            found[(enum, code.attr)].append(None if any(k.arg is None for k in node.keywords) else names)
    return found


RAISES = _raises()


def _refusal_enums() -> dict[str, type[StrEnum]]:
    """Every StrEnum class of bot/ that a `Refused(...)` raises, or whose name says it is a refusal."""
    raised = {enum for enum, _ in RAISES}
    enums: dict[str, type[StrEnum]] = {}
    for path in SOURCES:
        if path.parts[len(ROOT.parts)] != "bot":
            continue
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.ClassDef) and (node.name in raised or node.name.endswith("Refusal")):
                cls = getattr(importlib.import_module(_module(path)), node.name)
                if isinstance(cls, type) and issubclass(cls, StrEnum):
                    enums[node.name] = cls
    return enums


ENUMS = _refusal_enums()


def test_every_raised_code_is_a_member_of_a_refusal_enum():
    assert {enum for enum, _ in RAISES} <= set(ENUMS), "a refusal enum outside bot/?"
    for enum, member in RAISES:
        assert member in ENUMS[enum].__members__, f"{enum}.{member}"


@pytest.mark.parametrize("name", sorted(ENUMS))
def test_every_code_of_every_refusal_enum_has_words(name):
    missing = [code for code in ENUMS[name] if code not in refusals.REFUSALS]
    assert not missing, f"no wording for {missing}"


def test_the_tables_word_only_refusals_and_each_code_once():
    codes = {code for cls in ENUMS.values() for code in cls}
    areas = [importlib.import_module(f"handlers.words.{p.stem}") for p in Path(words.__file__).parent.glob("[!_]*.py")]
    seen: list[StrEnum] = [code for area in areas for code in getattr(area, "REFUSALS", {})]
    assert len(seen) == len(set(seen)), "a code worded in two tables"
    assert set(seen) == set(refusals.REFUSALS), "a table that handlers.refusals does not merge"
    assert set(seen) <= codes


def _asked(wording: words.Wording) -> set[str]:
    """The facts a wording needs: a template's fields, or what a function reads as `facts["name"]`."""
    if isinstance(wording, str):
        return {field.split(".")[0].split("[")[0] for _, field, _, _ in string.Formatter().parse(wording) if field}
    source = Path(wording.__code__.co_filename)
    tree = ast.parse(source.read_text())
    line = wording.__code__.co_firstlineno
    fn = next(
        n for n in ast.walk(tree) if isinstance(n, ast.Lambda | ast.FunctionDef) and n.lineno == line and n.args.args
    )
    param = fn.args.args[0].arg
    return {
        n.slice.value
        for n in ast.walk(fn)
        if isinstance(n, ast.Subscript)
        and isinstance(n.value, ast.Name)
        and n.value.id == param
        and isinstance(n.slice, ast.Constant)
    }


@pytest.mark.parametrize("code", sorted(refusals.REFUSALS, key=lambda c: f"{type(c).__name__}.{c.name}"), ids=str)
def test_every_wording_asks_only_for_facts_its_raises_give(code):
    wording = refusals.REFUSALS[code]
    asked = _asked(wording)
    sites = RAISES.get((type(code).__name__, code.name), [])
    for given in sites:
        if given is not None:
            assert asked <= given, f"{code!r} raised with {sorted(given)}, its words ask for {sorted(asked)}"
    if isinstance(wording, str):
        assert wording.format(**{name: "x" for name in asked})


# ------------------------------------------------------------ no refusal asks anyone to type a command (issue 18)

TYPED_COMMAND = re.compile(r"`/peer\b[^`]*`")  # the demo benchmark's test: a /peer command in backticks

# The only refusals that may still show a typed command: each answers a mistake in a command someone TYPED and
# can come from no form or button, so the example is the fix for what they typed.
MAY_SHOW_TYPED_COMMAND = {
    SharingRefusal.SUMMARY_EMPTY,  # `/peer findings "   "`: the findings form refuses an empty summary itself
    SharingRefusal.SEARCH_EMPTY,  # `/peer archive search the`: the archive is searched only by the command
    SharingRefusal.SEARCH_TOO_LONG,  # the same command, given a page of text
}


def _sample_texts(code: StrEnum) -> list[str]:
    """The code's words with the catalogue's sample facts, and with every list fact empty (a function wording's
    other branch: no lines yet, no close name, no rounds)."""
    special = catalogue._special_facts().get(f"{type(code).__name__}.{code.name}", {})
    facts = catalogue.FACTS | special
    empty = {k: [] for k, v in facts.items() if isinstance(v, list) and k not in special}
    return [refusals.word(Refused(code, **facts)), refusals.word(Refused(code, **(facts | empty)))]


@pytest.mark.parametrize("code", sorted(refusals.REFUSALS, key=lambda c: f"{type(c).__name__}.{c.name}"), ids=str)
def test_no_refusal_asks_to_type_a_command_but_the_typed_usage_examples(code):
    shown = [t for t in _sample_texts(code) if TYPED_COMMAND.search(t)]
    if code in MAY_SHOW_TYPED_COMMAND:
        assert shown, f"{code!r} no longer shows a command: take it off MAY_SHOW_TYPED_COMMAND"
    else:
        assert not shown, f"{code!r} asks to type a command: {shown[0]}"


def test_the_typed_usage_examples_come_from_no_form():
    """A form shows a refusal under its field, where an example of typed syntax is wrong: no form or button
    handler names the codes kept above (the findings form refuses an empty summary before the rule does)."""
    for path in SOURCES:
        if path.parent.name in ("views", "actions"):
            text = path.read_text()
            for code in MAY_SHOW_TYPED_COMMAND:
                assert f".{code.name}" not in text, f"{path.name} handles {code!r}"


def test_a_refusal_points_to_the_facts_it_has():
    """Where the raise knows them, the refusal says the triad's lines, actions, the rounds or a near name."""
    assert refusals.word(Refused(ActionRefusal.NO_SUCH_ACTION, triad=1, number=9, numbers=[1, 2, 3])) == (
        "Triad 1 has no action 9; its actions are 1–3."
    )
    assert refusals.word(Refused(ActionRefusal.NO_SUCH_LINE, triad=2, number=5, lines=[1, 2, 4])) == (
        "Triad 2 has no line of enquiry 5; its lines are 1, 2 and 4."
    )
    assert refusals.word(Refused(ActionRefusal.LINE_WITHDRAWN, number=3, lines=[])) == (
        "Line of enquiry 3 was withdrawn: link the action to none."
    )
    assert refusals.word(Refused(RoundRefusal.NO_SUCH_ROUND, name="SE 2091", rounds=["SE 2018", "SE 2019"])) == (
        'There is no round called "SE 2091"; the rounds are SE 2018 and SE 2019.'
    )
    assert refusals.word(Refused(RoundRefusal.NO_SUCH_ROUND, name="?")) == 'There is no round called "?".'
    assert refusals.word(Refused(AdminRefusal.NO_SUCH_AUTHORITY, name="Knet", near=["Kent"])) == (
        'No authority called "Knet" is registered; did you mean Kent?'
    )
    assert refusals.word(Refused(ActionRefusal.LINE_WITHDRAWN, number=3, lines=[1, 2])) == (
        "Line of enquiry 3 was withdrawn: link the action to line 1 or 2, or to none."
    )
